// loadStrategy: built-in text forms, the bundled example module, and clear errors for modules
// that are missing, broken or export something that is not a strategy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { loadStrategy, StrategyLoadError } from '../../../src/placement/load-strategy.js';
import { makeRequest } from '../../../src/placement/pipeline.js';
import { demand, mockCluster } from './mock-view.js';

const dir = mkdtempSync(join(tmpdir(), 'ecsim-strategy-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadStrategy', () => {
  it('returns a built-in for its text form', async () => {
    expect((await loadStrategy('binpack:memory')).name).toBe('binpack:memory');
  });

  it('loads scenarios/strategies/least-loaded.mjs, which picks the instance with the fewest tasks', async () => {
    const s = await loadStrategy('scenarios/strategies/least-loaded.mjs');
    expect(s.name).toBe('least-loaded');
    const { view } = mockCluster([{ groups: { a: 2 } }, { groups: { a: 1 } }, { groups: { a: 3 } }]);
    expect(s.place(makeRequest({ demand: demand(1, 1), family: 'web' }), view, new RandomStreams('1').stream('placement'))).toBe(1);
  });

  it('resolves a relative path against baseDir and accepts an export named strategy', async () => {
    write('named.mjs', "export const strategy = { name: 'named', place: () => -1 };\n");
    expect((await loadStrategy('./named.mjs', { baseDir: dir })).name).toBe('named');
  });

  it.each([
    ['missing.mjs', null, /no such strategy module/],
    ['no-default.mjs', 'export const x = 1;\n', /no default export/],
    ['not-object.mjs', 'export default 42;\n', /must be a strategy object/],
    ['no-name.mjs', 'export default { place() { return -1; } };\n', /non-empty string "name"/],
    ['no-place.mjs', "export default { name: 'x' };\n", /function "place/],
    ['syntax.mjs', 'export default {\n', /failed to load/],
    ['throws.mjs', "throw new Error('boom');\n", /failed to load: boom/],
  ])('%s: a StrategyLoadError that says why', async (file, text, message) => {
    const p = text === null ? join(dir, file) : write(file, text);
    const err = await loadStrategy(p).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StrategyLoadError);
    expect((err as Error).message).toMatch(message);
  });

  it('an unknown built-in name is a StrategyLoadError too', async () => {
    await expect(loadStrategy('tetris')).rejects.toThrow(StrategyLoadError);
  });
});
