// plan --minimize cost against small scenarios whose answers are worked out by hand: a constant load
// of 12 tasks of 1 vCPU (1024 CPU units, 512 MiB) that never end, placed at 0; a task that finds no
// room is never placed (no retry), so placementRate >= 1 means every task fits at once.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateScenario, fileCandidates, planCost, typeCandidates } from '../../../src/experiment/cost-plan.js';
import { parseTargets, planBasis, planCapacity, probeJob } from '../../../src/experiment/plan.js';
import { ReplicationPool } from '../../../src/experiment/pool.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { scenarioOf } from '../scenario/runner-helpers.js';

const constantLoad = (group: string) =>
  scenarioOf(`
version: 1
name: constant
duration: 1h
clusters:
  - name: c
    instances:
      - ${group}
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 1024, memory: 512 }
workloads:
  - name: load
    cluster: c
    taskDefinition: job
    arrival: { burst: { at: 0s, count: 12 } }
    lifetime: forever
    retry: { attempts: 0 }
`);

const pool = new ReplicationPool(1);
afterAll(() => pool.close());
const targets = parseTargets('placementRate>=1');

describe('plan --minimize cost', () => {
  it('sizes each type and picks the cheapest by the price table', async () => {
    // 12 vCPU of load. m5.large (2 vCPU, $0.096/h) needs 6 = $0.576/h; m5.xlarge (4 vCPU,
    // $0.192/h) needs 3 = $0.576/h; c5.xlarge (4 vCPU, $0.17/h) needs 3 = $0.51/h: the cheapest.
    // Over the 1 h horizon those are the costs; a month of 730 h at $0.51/h is $372.30.
    const scenario = constantLoad('{ count: 4, type: m4.large }');
    const candidates = typeCandidates(scenario.clusters[0]!.instances[0]!, ['m5.large', 'm5.xlarge', 'c5.xlarge']);
    const r = await planCost(scenario, pool, { group: 'c/0', targets, scenarioDir: '.', candidates });
    expect(r.candidates.map((c) => [c.label, c.plan.answer, c.cost?.overHorizon])).toEqual([
      ['m5.large', 6, 0.58],
      ['m5.xlarge', 3, 0.58],
      ['c5.xlarge', 3, 0.51],
    ]);
    expect(r.cheapest).toBe(2);
    const c5 = r.candidates[2]!;
    expect(c5.cost).toEqual({ instanceHours: 3, overHorizon: 0.51, perHour: 0.51, perMonth: 372.3 });
    // one fewer misses: 2 × 4 = 8 of 12 placed
    expect(c5.plan.below).toMatchObject({ count: 2, meets: false });
    expect(c5.plan.below!.targets[0]!.value).toBeCloseTo(8 / 12, 5);
    expect(c5.plan.atAnswer!.targets[0]).toMatchObject({ value: 1, margin: 0, meets: true });
    // the ties between m5.large × 6 and m5.xlarge × 3 are exact: $0.576 each
    expect(r.candidates[0]!.exactCost).toBeCloseTo(0.576, 9);
    expect(r.candidates[1]!.exactCost).toBeCloseTo(0.576, 9);
  });

  it('lets a price override change the answer: c5.xlarge at $0.20 loses to m5.large', async () => {
    // c5.xlarge × 3 at $0.20 = $0.60/h > m5.large × 6 at $0.576/h
    const scenario = constantLoad('{ count: 4, type: m4.large }');
    const candidates = typeCandidates(scenario.clusters[0]!.instances[0]!, ['c5.xlarge', 'm5.large'], { 'c5.xlarge': 0.2 });
    const r = await planCost(scenario, pool, { group: 'c/0', targets, scenarioDir: '.', candidates });
    expect(r.candidates.map((c) => c.cost?.overHorizon)).toEqual([0.6, 0.58]);
    expect(r.candidates[r.cheapest!]!.label).toBe('m5.large');
  });

  it('says so for a candidate that meets nothing in the range, and still ranks the rest', async () => {
    // with --max 5, m5.large (6 needed) has no answer; c5.xlarge's 3 is inside the range
    const scenario = constantLoad('{ count: 4, type: m4.large }');
    const candidates = typeCandidates(scenario.clusters[0]!.instances[0]!, ['m5.large', 'c5.xlarge']);
    const r = await planCost(scenario, pool, { group: 'c/0', targets, scenarioDir: '.', candidates, max: 5 });
    expect(r.candidates[0]!.plan.answer).toBeUndefined();
    expect(r.candidates[0]!.cost).toBeUndefined();
    expect(r.candidates[r.cheapest!]!.label).toBe('c5.xlarge');
  });

  it('sizes an autoscaled candidate by its autoscaling max, and bills what it launched', async () => {
    // test/e2e/fixtures/autoscaled-capacity.yaml: the smallest autoscaling max placing every task is 6.
    // Bill: 1 instance × 1 h + 5 launched at 1m × 59/60 h = 5.916667 h × $0.096 = $0.568.
    const scenario = scenarioOf(readFileSync(new URL('../../e2e/fixtures/autoscaled-capacity.yaml', import.meta.url), 'utf8'));
    const candidates = fileCandidates(scenario.clusters[0]!.instances, scenario.clusters[0]!.instances[0]!);
    const r = await planCost(scenario, pool, { group: 'c/0', targets, scenarioDir: '.', candidates });
    const c = r.candidates[0]!;
    expect(c.plan.searched).toBe('max');
    expect(c.plan.answer).toBe(6);
    expect(c.plan.below).toMatchObject({ count: 5, meets: false });
    expect(c.plan.atAnswer!.billed!.peakInstances).toBe(6);
    expect(c.cost!.instanceHours).toBeCloseTo(1 + (5 * 59) / 60, 5);
    expect(c.cost!.overHorizon).toBe(0.57);

    // plain plan on the autoscaled group searches the same max (before, it overrode the starting
    // count while the scaler kept the file's: every count "met", answer 1)
    const plain = await planCapacity(scenario, pool, { group: 'c/0', targets, scenarioDir: '.' });
    expect(plain.searched).toBe('max');
    expect([plain.min, plain.answer, plain.below?.count]).toEqual([1, 6, 5]);
  });
});

describe('common random numbers', () => {
  const poisson = (group: string) =>
    scenarioOf(`
version: 1
name: crn
seed: 7
duration: 2h
clusters:
  - name: c
    instances:
      - ${group}
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 1024, memory: 512 }
workloads:
  - name: web
    cluster: c
    taskDefinition: job
    arrival: { poisson: { ratePerMinute: 3 } }
    lifetime: { lognormal: { median: 10m, sigma: 0.5 } }
  - name: batch
    cluster: c
    taskDefinition: job
    arrival: { every: 7m }
    lifetime: { exponential: { mean: 20m } }
`);

  /** Every task requested in the run of `job`: workload and time, in request order. */
  const arrivals = (job: ReturnType<typeof probeJob>) =>
    runScenario(job.scenario, { seed: job.seed, ...(job.groupCounts ? { groupCounts: job.groupCounts } : {}), recordTasks: true })
      .tasks!.map((t) => `${t.workload}@${t.requestedAt}`)
      .sort();

  it('gives two candidates, at different counts, the same arrivals', () => {
    const scenario = poisson('{ count: 10, type: m5.large }');
    const [small, big] = typeCandidates(scenario.clusters[0]!.instances[0]!, ['m5.large', 'c5.2xlarge']);
    const options = { group: 'c/0', targets, scenarioDir: '.' };
    const jobOf = (c: typeof small, count: number) => {
      const s = candidateScenario(scenario, 'c/0', c!);
      return probeJob(s, options, planBasis(s, options), count, 7, false);
    };
    // m5.large × 2 turns most tasks away; c5.2xlarge × 12 places them all: the placements differ, the arrivals do not
    const a = arrivals(jobOf(small, 2));
    const b = arrivals(jobOf(big, 12));
    expect(a.length).toBeGreaterThan(300);
    expect(b).toEqual(a);
    // and the check can fail: another seed draws other arrivals
    const other = jobOf(small, 2);
    expect(arrivals({ ...other, seed: 8 })).not.toEqual(a);
  });
});
