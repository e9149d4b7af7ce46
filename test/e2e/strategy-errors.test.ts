// End to end: a strategy module that throws is reported as the user's code: the strategy, the
// module file and line, and what it threw, in run and in compare (from a worker thread); --debug
// adds the stack of what was thrown. Budget: about 3 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-strategy-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const module = join(tmp, 'broken.mjs');
writeFileSync(
  module,
  `export default {
  name: 'broken',
  place(request, view) {
    const best = undefined;
    return best.slot;
  },
};
`,
);
const where = new RegExp(`strategy "broken" threw at ${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5:17: TypeError: Cannot read properties of undefined`);

describe('a strategy module that throws', () => {
  it('run: names the module file and line, no stack', () => {
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--strategy', module]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).toMatch(/^ecsim run: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('compare: the same from a worker thread', () => {
    const r = ecsim(['compare', 'scenarios/quickstart.yaml', '--strategies', `random,${module}`, '-q', '-w', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--debug adds the stack of what the module threw', () => {
    for (const args of [
      ['run', 'scenarios/quickstart.yaml', '--strategy', module, '--debug'],
      ['compare', 'scenarios/quickstart.yaml', '--strategies', module, '-q', '-w', '1', '--debug'],
    ]) {
      const r = ecsim(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(where);
      expect(r.stderr).toMatch(/\nTypeError: Cannot read properties of undefined \(reading 'slot'\)\n\s+at Object\.place \(file:\/\/.*broken\.mjs:5:17\)/);
    }
  });
});
