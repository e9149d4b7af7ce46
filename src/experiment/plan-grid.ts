// `ecsim plan --grid LO..HI [--step K]`: every candidate count of the group is probed, instead of
// the bisection choosing the next count from the last answer, so the probes are independent jobs
// that can be dealt to shards (see shard.ts) and merged. The answer is the smallest count from
// which every larger count of the grid meets the targets, so, as with bisection, it comes with the
// grid point below it missing (unless it is the grid's first count).
import type { Scenario } from '../scenario/types.js';
import type { Job, JobResult } from './job.js';
import { planBasis, planResult, probeJob, probeOf, reportCounts, type PlanBasis, type PlanOptions, type PlanResult, type Probe } from './plan.js';
import type { ReplicationPool } from './pool.js';

export interface Grid {
  lo: number;
  hi: number;
  step: number;
}

/**
 * Parses `LO..HI` (inclusive, LO <= HI) with a step (default 1).
 * @throws RangeError saying what is wrong.
 */
export function parseGrid(text: string, step = 1): Grid {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RangeError(`--grid ${text}: expected LO..HI, e.g. 4..40`);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (!Number.isSafeInteger(hi) || hi < lo) throw new RangeError(`--grid ${text}: HI must be at least LO`);
  if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`--step must be a positive integer, got ${step}`);
  return { lo, hi, step };
}

/** LO, LO + K, … up to HI. */
export function gridCounts(g: Grid): number[] {
  const out: number[] = [];
  for (let c = g.lo; c <= g.hi; c += g.step) out.push(c);
  return out;
}

export interface GridOptions extends Omit<PlanOptions, 'min' | 'max' | 'onProbe' | 'onProgress'> {
  grid: Grid;
  /** Keep replication 0's series at every count (what a report draws from). */
  withSeries?: boolean;
}

/** A grid's counts and jobs, count-major: job k × R + r is replication r at counts[k]. */
export interface GridSetup {
  basis: PlanBasis;
  counts: number[];
  jobs: Job[];
}

const asPlanOptions = (o: GridOptions): PlanOptions => ({ ...o, min: o.grid.lo, max: o.grid.hi });

/** @throws RangeError for bad options. */
export function prepareGrid(scenario: Scenario, options: GridOptions): GridSetup {
  const plan = asPlanOptions(options);
  const basis = planBasis(scenario, plan);
  const counts = gridCounts(options.grid);
  const jobs = counts.flatMap((count) => basis.seeds.map((seed, r) => probeJob(scenario, plan, basis, count, seed, (options.withSeries ?? false) && r === 0)));
  return { basis, counts, jobs };
}

/**
 * The plan of a grid's `results` (one per job, in job order). With `withSeries`, replication 0 of
 * every count must carry its series. Pure: unsharded and merged runs give the same result.
 */
export function planFromGrid(scenario: Scenario, options: GridOptions, setup: GridSetup, results: readonly JobResult[], withSeries: boolean): PlanResult {
  const n = setup.basis.seeds.length;
  const probes: Probe[] = setup.counts.map((count, k) => probeOf(count, results.slice(k * n, (k + 1) * n), options.targets, setup.basis.criterion));
  // the first count from which every count meets
  let first = probes.length;
  while (first > 0 && probes[first - 1]!.meets) first--;
  const answer = probes[first]?.count;
  const result = planResult(scenario, asPlanOptions(options), setup.basis, probes, answer, first > 0 ? probes[first - 1] : undefined);
  result.step = options.grid.step;
  if (withSeries) {
    result.runs = reportCounts(result).map((count) => {
      const r = results[setup.counts.indexOf(count) * n]!;
      return { count, seed: r.seed, failuresByReason: r.failuresByReason, series: r.series! };
    });
  }
  return result;
}

/** Probes every count of the grid on `pool`. @throws RangeError for bad options; JobFailedError from the runs. */
export async function planGrid(scenario: Scenario, pool: ReplicationPool, options: GridOptions, onProgress?: (done: number, total: number) => void): Promise<PlanResult> {
  const setup = prepareGrid(scenario, options);
  let done = 0;
  const results = await pool.run(setup.jobs, () => onProgress?.(++done, setup.jobs.length));
  return planFromGrid(scenario, options, setup, results, options.withSeries ?? false);
}
