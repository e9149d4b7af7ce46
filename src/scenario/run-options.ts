// What a caller may change about a scenario run (seed, horizon, sampling, placement, schedulers,
// instance group counts, per-task records, progress) and the checks those options get before
// anything is built, so a bad option fails before the run starts.
import type { SimulationOptions } from '../ecs/simulation.js';
import { formatDuration, tryParseDuration } from './duration.js';
import { checkGroupCounts } from './fleet.js';
import type { StartTaskScheduler } from './start-task-scheduler.js';
import { DEFAULT_SAMPLE_EVERY, MAX_SAMPLES } from './sampling.js';
import type { Scenario, Workload } from './types.js';

export { DEFAULT_SAMPLE_EVERY, MAX_SAMPLES } from './sampling.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's duration (> 0): a duration as scenario files write one (`'6h'`) or ms. */
  duration?: number | string;
  /** Time-series sampling interval (> 0), `'30s'` or ms. Default 1m. */
  sampleEvery?: number | string;
  /** Default strategy for RunTask requests without a placementStrategy (createSimulation's `strategy`). Default: the scenario's `strategy`, else random. */
  strategy?: SimulationOptions['strategy'];
  /**
   * The scheduler of `launch: startTask` workloads, or a function choosing one per workload
   * (returning undefined means the default). Default: first-fit.
   */
  scheduler?: StartTaskScheduler | ((workload: Workload) => StartTaskScheduler | undefined);
  /** Instance counts by group, keyed `cluster/index` (index in the cluster's `instances` list). */
  groupCounts?: Readonly<Record<string, number>>;
  /** Keep one record per task for a per-task report (memory grows with the number of tasks). Default false. */
  recordTasks?: boolean;
  /** Called as simulated time advances (about 100 times per run, and at every sample). */
  onProgress?: (now: number, end: number, eventsProcessed: number) => void;
}

/** The numbers a run uses once options and the scenario are combined. */
export interface RunSettings {
  readonly seed: number;
  /** The horizon, ms. */
  readonly end: number;
  readonly sampleEvery: number;
  readonly groupCounts: Readonly<Record<string, number>>;
}

/** A duration option as scenario files write one (`'1h'`, or a number of ms), above zero. @throws RangeError naming the option. */
function positiveDurationOption(name: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const r = tryParseDuration(value);
  if (!r.ok) throw new RangeError(`${name}: ${r.message}`);
  if (r.ms <= 0) throw new RangeError(`${name}: expected a duration above zero, got ${JSON.stringify(value)}`);
  return r.ms;
}

/**
 * Combines the options with the scenario's own seed and duration and checks them.
 * @throws RangeError naming the first bad option (seed, duration, sampleEvery, too many samples,
 *   an instance group count).
 */
export function resolveRunOptions(scenario: Scenario, options: RunOptions): RunSettings {
  const seed = options.seed ?? scenario.seed;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const end = positiveDurationOption('duration', options.duration) ?? scenario.duration;
  const sampleEvery = positiveDurationOption('sampleEvery', options.sampleEvery) ?? DEFAULT_SAMPLE_EVERY;
  if (end / sampleEvery > MAX_SAMPLES) {
    throw new RangeError(`sampling every ${formatDuration(sampleEvery)} over ${formatDuration(end)} gives more than ${MAX_SAMPLES.toLocaleString('en-US')} samples; sample less often`);
  }
  const groupCounts = options.groupCounts ?? {};
  checkGroupCounts(scenario, groupCounts);
  return { seed, end, sampleEvery, groupCounts };
}

/** The StartTask scheduler the options give `workload`, or undefined for the default. */
export function schedulerOption(options: RunOptions, workload: Workload): StartTaskScheduler | undefined {
  const s = options.scheduler;
  return typeof s === 'function' ? s(workload) : s;
}
