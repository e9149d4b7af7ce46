// End to end: `ecsim compare` on the bundled three-zones scenario — binpack keeps fewer instances
// in use than spread, every strategy sees the same requests (common random numbers), the figures
// do not depend on the worker count, and bad strategies are usage errors. Budget: about 10 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const SCENARIO = 'scenarios/strategies/three-zones.yaml';
const STRATEGIES = 'random,binpack:memory,spread:zone,first-fit,scenarios/strategies/least-loaded.mjs';
const tmp = mkdtempSync(join(tmpdir(), 'ecsim-compare-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Doc {
  scenario: string;
  seeds: number[];
  replications: number;
  strategies: string[];
  metrics: { key: string; best: string[]; byStrategy: Record<string, { mean: number; ci95: [number, number]; n: number; values: number[] }> }[];
}

const metric = (doc: Doc, key: string) => doc.metrics.find((m) => m.key === key)!;

describe('ecsim compare', () => {
  let json2: string;

  it('--json: binpack uses fewer instances than spread, on the same requests, with intervals', () => {
    const r = ecsim(['compare', SCENARIO, '--strategies', STRATEGIES, '-n', '3', '-w', '2', '--duration', '2h', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    json2 = r.stdout;
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.strategies).toEqual(['random', 'binpack:memory', 'spread:zone', 'first-fit', 'least-loaded']);
    expect(doc.seeds).toEqual([7, 8, 9]);
    const inUse = metric(doc, 'instances.inUse.mean').byStrategy;
    expect(inUse['binpack:memory']!.mean).toBeLessThan(inUse['spread:zone']!.mean);
    expect(inUse['binpack:memory']!.ci95[1]).toBeLessThan(inUse['spread:zone']!.ci95[0]);
    expect(metric(doc, 'instances.inUse.mean').best).toContain('binpack:memory');
    // common random numbers: replication r requests the same tasks under every strategy
    const requested = metric(doc, 'tasks.requested').byStrategy;
    for (const s of doc.strategies) expect(requested[s]!.values).toEqual(requested.random!.values);
    for (const m of doc.metrics) for (const s of doc.strategies) expect(m.byStrategy[s]!.n).toBe(3);
  });

  it('gives the same bytes with one worker as with two', () => {
    const r = ecsim(['compare', SCENARIO, '--strategies', STRATEGIES, '-n', '3', '-w', '1', '--duration', '2h', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(json2);
  });

  it('prints a side-by-side table with the best per row marked, and CSV', () => {
    const table = ecsim(['compare', SCENARIO, '--strategies', 'binpack:memory,spread:zone', '--duration', '1h', '-q', '-w', '1']);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^three-zones: 2 strategies, seed 7/);
    expect(lines.find((l) => l.includes('metric'))).toMatch(/binpack:memory.*spread:zone/);
    expect(lines.find((l) => l.includes('instances in use (mean)'))).toMatch(/★/);
    const csv = ecsim(['compare', SCENARIO, '--strategies', 'binpack:memory,spread:zone', '--duration', '1h', '--csv', '-w', '1']);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('metric,strategy,n,mean,ci95_low,ci95_high,sd,best');
    const body = rows.slice(1).map((r) => r.split(','));
    expect(body.every((f) => f.length === 8)).toBe(true);
    expect(body.filter((f) => f[1] === 'binpack:memory')).toHaveLength(body.length / 2);
    expect(rows.filter((r) => r.startsWith('instances.inUse.mean,binpack:memory,1,'))).toHaveLength(1);
  });

  it('a different seed changes the outcome', () => {
    const a = JSON.parse(ecsim(['compare', SCENARIO, '--strategies', 'random', '--duration', '1h', '--json', '-w', '1']).stdout) as Doc;
    const b = JSON.parse(ecsim(['compare', SCENARIO, '--strategies', 'random', '--duration', '1h', '--json', '-w', '1', '--seed', '99']).stdout) as Doc;
    expect(b.seeds).toEqual([99]);
    expect(metric(b, 'tasks.requested').byStrategy.random!.mean).not.toBe(metric(a, 'tasks.requested').byStrategy.random!.mean);
  });

  describe('bad input exits 2 with one clear line', () => {
    const bad = join(tmp, 'bad.mjs');
    writeFileSync(bad, 'export default { name: "x" };\n');
    it.each([
      [['--strategies', 'random,tetris'], /strategy "tetris" is not one of/],
      [['--strategies', 'random,random'], /random is listed twice/],
      [['--strategies', bad], /needs a function "place/],
      [['--strategies', 'random', '--json', '--csv'], /choose one of --json and --csv/],
      [['--strategies', 'random', '--workers', 'many'], /positive integer/],
    ])('%j', (args, message) => {
      const r = ecsim(['compare', SCENARIO, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  });
});
