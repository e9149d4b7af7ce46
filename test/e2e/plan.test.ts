// End to end: `ecsim plan` on the bundled steady-web-fleet scenario finds a count that meets the
// target while one instance fewer misses it — checked again with independent runs of the scenario
// at both counts — and reports probes, margin and cost; bad input exits 2. Budget: about 8 s.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const FILE = 'scenarios/steady-web-fleet.yaml';
beforeAll(() => ensureBuilt(), 180_000);

interface PlanDoc {
  answer: number | null;
  targets: string[];
  probes: { count: number; meets: boolean; targets: { value: number; margin: number }[] }[];
  atAnswer: { count: number; meets: boolean } | null;
  below: { count: number; meets: boolean } | null;
  cost?: { pricePerHour: number; perHour: number; overHorizon: number; horizonHours: number };
}

describe('ecsim plan', () => {
  it('finds the smallest count meeting placementRate>=0.999; a run at count − 1 misses it', () => {
    const r = ecsim(['plan', FILE, '--group', 'storefront/0', '--target', 'placementRate>=0.999', '--duration', '3h', '--price', 'm4.large=0.10', '--json', '-q', '-w', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    const answer = doc.answer!;
    expect(answer).toBeGreaterThan(1);
    expect(answer).toBeLessThanOrEqual(48);
    expect(doc.atAnswer).toMatchObject({ count: answer, meets: true });
    expect(doc.below).toMatchObject({ count: answer - 1, meets: false });
    // the probes bracket the answer: every count below it that was tried misses
    for (const p of doc.probes) expect(p.meets).toBe(p.count >= answer);
    expect(doc.cost).toEqual({ pricePerHour: 0.1, perHour: answer * 0.1, overHorizon: Number((answer * 0.1 * 3).toPrecision(6)), horizonHours: 3 });

    // independent runs of the scenario at both counts agree
    const loaded = loadScenario(readFileSync(FILE, 'utf8'), FILE);
    if (!loaded.ok) throw new Error('scenario does not load');
    const rate = (count: number) => runScenario(loaded.scenario, { duration: 3 * 3_600_000, groupCounts: { 'storefront/0': count } }).total.placementRate;
    expect(rate(answer)).toBeGreaterThanOrEqual(0.999);
    expect(rate(answer - 1)).toBeLessThan(0.999);
  });

  it('prints each probe on stderr and the answer with its margin on stdout', () => {
    const r = ecsim(['plan', FILE, '--group', 'storefront/0', '--target', 'placementRate>=99.9%', '--target', 'p99<=5s', '--duration', '2h', '-w', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^probe 48: placementRate=100\.00%, p99=1\.0 s → meets$/m);
    expect(r.stdout).toMatch(/^answer: \d+ instances in storefront\/0$/m);
    expect(r.stdout).toMatch(/placementRate>=99\.9%: .* \(margin \+[0-9.]+ points\)/);
    // here the p99 is what one instance fewer misses
    expect(r.stdout).toMatch(/^ {2}\d+ instances miss it: p99 = [0-9.]+ s \(short by [0-9.]+ s\)$/m);
  });

  it('names what it searched for an autoscaled group: its autoscaling max, in the text and --json', () => {
    // the smallest autoscaling max that places every task is 6 (worked in the fixture's comment)
    const file = 'test/e2e/fixtures/autoscaled-capacity.yaml';
    const text = ecsim(['plan', file, '--group', 'c/0', '--target', 'placementRate>=1', '-q', '-w', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^scaled: sizing c\/0's autoscaling max \(20 in the scenario\) for placementRate>=1/m);
    expect(text.stdout).toMatch(/│ # │ c\/0 max │/);
    expect(text.stdout).toMatch(/^answer: autoscaling max 6 for c\/0$/m);
    expect(text.stdout).toMatch(/^ {2}max 5 misses it: placementRate = /m);
    expect(text.stdout).not.toMatch(/instances in c\/0/);
    const doc = JSON.parse(ecsim(['plan', file, '--group', 'c/0', '--target', 'placementRate>=1', '--json', '-q', '-w', '1']).stdout) as { searched: string; answer: number };
    expect([doc.searched, doc.answer]).toEqual(['max', 6]);
    expect((JSON.parse(ecsim(['plan', FILE, '--group', 'storefront/0', '--target', 'placementRate>=0.5', '--duration', '1h', '--json', '-q', '-w', '1']).stdout) as { searched: string }).searched).toBe('count');
  });

  it('exits 1 when no count in the range meets the target', () => {
    const r = ecsim(['plan', FILE, '--group', 'storefront/0', '--target', 'placementRate>=0.999', '--duration', '1h', '--max', '3', '-q', '-w', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no count of storefront\/0 in 1–3 meets placementRate>=0\.999; widen the search with --max \(e\.g\. --max 19\)/);
  });

  it.each([
    [['--group', 'storefront/7', '--target', 'placementRate>=0.9'], /--group storefront\/7 is not an instance group of the scenario \(groups: storefront\/0\)/],
    [['--group', 'storefront/0', '--target', 'speed>=3'], /unknown metric speed/],
    [['--group', 'storefront/0', '--target', 'p99<=soon'], /target "p99<=soon"/],
    [['--group', 'storefront/0', '--target', 'placementRate>=0.9', '--criterion', 'median'], /--criterion must be mean, ci or all/],
    [['--group', 'storefront/0', '--target', 'placementRate>=0.9', '--price', 'c4.large=0.1'], /no --price for storefront\/0's instance type \(m4\.large\)/],
    [['--target', 'placementRate>=0.9'], /required option '-g, --group/],
    [['--group', 'storefront/0', '--target', 'placementRate>=1.5'], /^ecsim plan: target "placementRate>=1\.5": no run can meet it: placementRate is at most 1 \(100%\)\n$/],
  ])('bad input %j exits 2', (args, message) => {
    const r = ecsim(['plan', FILE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
