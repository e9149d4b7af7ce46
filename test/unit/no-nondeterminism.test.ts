// The engine's promise (same seed, same output) depends on no wall clock or ambient randomness
// reaching src/ outside the CLI's wall-clock reporting. ESLint enforces it too; this test makes
// `npm test` enforce it on every clone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', 'src');
const banned = [/Math\.random\s*\(/, /Date\.now\s*\(/, /performance\.now\s*\(/, /crypto\.(randomUUID|getRandomValues|randomBytes|randomInt)\b/, /from ['"](node:)?crypto['"]/, /new Date\(\s*\)/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('determinism guard', () => {
  const sources = files(root).filter((f) => !relative(root, f).startsWith('cli'));

  it('scans the engine, model, placement, control plane and scenario code', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(sources.map((f) => [relative(root, f), f]))('%s uses no wall clock or ambient randomness', (_name, file) => {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('//') && !line.trim().startsWith('*'))
      .join('\n');
    for (const pattern of banned) expect(text).not.toMatch(pattern);
  });
});
