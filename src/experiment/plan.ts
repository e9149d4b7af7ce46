// `ecsim plan`: the smallest instance count of one group that meets targets on run metrics
// (placement rate, request→RUNNING percentiles, …), found by bisection. Each probe runs the
// scenario with that count over the same replication seeds (common random numbers across
// probes), and a count meets the targets when every target holds for the chosen criterion.
//
// Search: probe the scenario's own count; if it meets, bisect below it, else double until a
// count meets (or the maximum misses), then bisect. Bisection ends with two neighbouring counts,
// the lower one probed and missing (unless it is below the minimum), so the answer is backed by a
// run at count − 1 that misses. Bisection assumes more instances never hurt; probes that say
// otherwise are reported.
//
// An autoscaled group is searched by its `autoscaling.max` instead of its count (group-size.ts).
import type { Scenario } from '../scenario/types.js';
import { tryParseDuration } from '../scenario/duration.js';
import { groupAt, groupSize, sizedGroup, withGroup, type SearchedSize } from './group-size.js';
import type { Job, JobResult, JobSeries } from './job.js';
import { metricByKey, type MetricDef, type MetricFormat } from './metrics.js';
import { SERVICE_METRIC_FIELDS } from './service-metrics.js';
import type { ReplicationPool } from './pool.js';
import { estimate, possibleRange, roundEstimate, sig, type Estimate } from './statistics.js';
import type { StrategyRef } from './strategies.js';

export type TargetOp = '>=' | '<=' | '>' | '<';

export interface Target {
  /** As written, e.g. `placementRate>=0.999`. */
  text: string;
  metric: MetricDef;
  op: TargetOp;
  threshold: number;
}

/**
 * How replications decide a probe: `mean` (default) compares the mean; `ci` the pessimistic end of
 * the 95% interval (the lower end for >=); `all` requires every replication to meet the target.
 */
export type Criterion = 'mean' | 'ci' | 'all';

/**
 * Parses targets such as `placementRate>=0.999`, `placementRate>=99.9%`, `p99<=30s` (durations for
 * millisecond metrics), `service:web.availability>=0.999`, `service:web.deploymentMinutes<=20`, several
 * joined by `,` or ` and `. `services`, when given, are the names a `service:` target may use.
 * @throws RangeError naming the target at fault and the metrics it may use.
 */
export function parseTargets(text: string, dims?: readonly string[], services?: readonly string[]): Target[] {
  const parts = text
    .split(/\s*,\s*|\s+and\s+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new RangeError('--target needs at least one target, e.g. placementRate>=0.999');
  return parts.map((part) => {
    const m = /^([A-Za-z0-9_.:-]+)\s*(>=|<=|>|<)\s*(.+)$/.exec(part);
    if (!m) throw new RangeError(`target "${part}" is not METRIC OP VALUE, e.g. placementRate>=0.999 or p99<=30s`);
    const metric = metricByKey(m[1]!, dims);
    const service = /^service:(.+)\.[A-Za-z]+$/.exec(m[1]!)?.[1];
    if (metric && service !== undefined && services !== undefined && !services.includes(service)) {
      throw new RangeError(`target "${part}": the scenario has no service ${service} (services: ${services.join(', ') || 'none'})`);
    }
    if (!metric && m[1]!.startsWith('service:')) {
      throw new RangeError(`target "${part}": expected service:NAME.FIELD with FIELD one of ${SERVICE_METRIC_FIELDS.join(', ')}`);
    }
    if (!metric) {
      throw new RangeError(
        `target "${part}": unknown metric ${m[1]} (use placementRate, p50, p95, p99, failed, inUse, a key of ecsim compare --json such as instances.inUse.peak, or service:NAME.availability)`,
      );
    }
    const raw = m[3]!.trim();
    let threshold: number;
    // 99.9 / 100 is 0.9990000000000001 in binary: round so that a rate of exactly 0.999 meets >= 99.9%
    if (raw.endsWith('%')) threshold = Number((Number(raw.slice(0, -1)) / 100).toPrecision(12));
    else if (metric.format === 'ms' && !/^[0-9.]+$/.test(raw)) {
      const d = tryParseDuration(raw);
      if (!d.ok) throw new RangeError(`target "${part}": ${d.message}`);
      threshold = d.ms;
    } else threshold = Number(raw);
    if (!Number.isFinite(threshold) || raw === '') throw new RangeError(`target "${part}": ${raw} is not a number`);
    const op = m[2] as TargetOp;
    const why = impossible(op, threshold, possibleRange(metric.format));
    if (why !== undefined) throw new RangeError(`target "${part}": no run can meet it: ${m[1]} ${why}`);
    return { text: part, metric, op, threshold };
  });
}

/** Each target's metric format, for showing its values. */
export function targetFormats(targets: readonly Target[]): MetricFormat[] {
  return targets.map((t) => t.metric.format);
}

/** Why no value in `range` can satisfy `op threshold`, or undefined when one can. */
function impossible(op: TargetOp, threshold: number, [lo, hi]: readonly [number, number]): string | undefined {
  const bound = (x: number) => (hi === 1 && x === hi ? '1 (100%)' : String(x));
  if ((op === '>=' && threshold > hi) || (op === '>' && threshold >= hi)) return `is at most ${bound(hi)}`;
  if ((op === '<=' && threshold < lo) || (op === '<' && threshold <= lo)) return `is never below ${bound(lo)}`;
  return undefined;
}

function holds(op: TargetOp, value: number, threshold: number): boolean {
  return op === '>=' ? value >= threshold : op === '<=' ? value <= threshold : op === '>' ? value > threshold : value < threshold;
}

/** The value a criterion compares: the mean, or the pessimistic end of the interval. */
function decidingValue(t: Target, e: Estimate, criterion: Criterion, values: readonly number[]): number {
  const high = t.op === '>=' || t.op === '>';
  if (criterion === 'mean') return e.mean;
  if (criterion === 'ci') return high ? e.low : e.high;
  return high ? Math.min(...values) : Math.max(...values);
}

export interface TargetOutcome {
  target: string;
  /** What the criterion compared. */
  value: number;
  estimate: Estimate;
  meets: boolean;
  /** value − threshold, signed so that positive means room to spare. */
  margin: number;
}

export interface Probe {
  count: number;
  meets: boolean;
  targets: TargetOutcome[];
  /** Time-weighted mean of ACTIVE instances in the whole scenario (mean over replications). */
  activeInstances: number;
  instanceHours: number;
  /** The group's own bill (mean over replications), when the plan asked for it (`bill`). */
  billed?: { instanceHours: number; cost: number | null; peakInstances?: number };
}

export interface PlanOptions {
  /** The instance group to size, `cluster/index`. */
  group: string;
  targets: readonly Target[];
  scenarioDir: string;
  strategy?: StrategyRef;
  replications?: number;
  seed?: number;
  duration?: number;
  sampleEvery?: number;
  criterion?: Criterion;
  /** Smallest count (or max, for an autoscaled group) considered; default 1, never below the group's autoscaling min. */
  min?: number;
  /** Largest considered; default max(4 × the group's count (or max), that + 16). */
  max?: number;
  /** Read the group's billed instance-hours and cost from every run (the group must carry a price). */
  bill?: boolean;
  /** Hourly price of one instance of the group, for the cost of the answer. */
  pricePerHour?: number;
  /** Called with each probe as it finishes. */
  onProbe?: (probe: Probe) => void;
  /** Called after every finished replication. */
  onProgress?: (done: number) => void;
}

export interface PlanResult {
  scenario: string;
  group: string;
  /** What was searched: the group's count, or its autoscaling max. */
  searched: SearchedSize;
  /** The group's count (or autoscaling max) in the scenario file. */
  scenarioCount: number;
  targets: string[];
  /** Each target's threshold (fractions for percentages, ms for durations). */
  thresholds: number[];
  criterion: Criterion;
  seeds: number[];
  min: number;
  max: number;
  /** In the order tried. */
  probes: Probe[];
  /** Smallest count meeting every target, undefined when none in [min, max] does. */
  answer: number | undefined;
  /** The probe at the answer and the probe just below it (undefined when the answer is the minimum). */
  atAnswer: Probe | undefined;
  below: Probe | undefined;
  /** Counts that met the targets while a larger count missed them (bisection's assumption broken). */
  nonMonotone: number[];
  cost?: { pricePerHour: number; perHour: number; overHorizon: number; horizonHours: number };
  /** Set when the counts were a grid (min, min + step, … <= max) rather than a bisection. */
  step?: number;
  /** Replication 0 at reportCounts() over time, when a grid kept its series (for the report). */
  runs?: { count: number; seed: number; failuresByReason: Record<string, number>; series: JobSeries }[];
}

/** What every probe of a plan shares: checked options, seeds and the metric keys to read. */
export interface PlanBasis {
  searched: SearchedSize;
  scenarioCount: number;
  min: number;
  max: number;
  criterion: Criterion;
  seeds: number[];
  keys: string[];
}

/**
 * Checks the options shared by bisection and grid.
 * @throws RangeError for bad options.
 */
export function planBasis(scenario: Scenario, options: PlanOptions): PlanBasis {
  const size = groupSize(groupAt(scenario, options.group).group);
  const scenarioCount = size.value;
  const replications = options.replications ?? 1;
  if (!Number.isSafeInteger(replications) || replications < 1) throw new RangeError(`replications must be a positive integer, got ${replications}`);
  const asked = options.min ?? 1;
  if (!Number.isSafeInteger(asked) || asked < 0) throw new RangeError(`--min must be a non-negative integer, got ${asked}`);
  // an autoscaled group's max cannot go below its min
  const min = Math.max(asked, size.floor);
  const max = options.max ?? Math.max(4 * scenarioCount, scenarioCount + 16, min);
  if (!Number.isSafeInteger(max) || max < min) throw new RangeError(`--max must be an integer >= --min (${min}), got ${max}`);
  if (options.targets.length === 0) throw new RangeError('plan needs at least one target');
  const base = options.seed ?? scenario.seed;
  return {
    searched: size.searched,
    scenarioCount,
    min,
    max,
    criterion: options.criterion ?? 'mean',
    seeds: Array.from({ length: replications }, (_, r) => base + r),
    keys: [...new Set(options.targets.map((t) => t.metric.key))],
  };
}

/** The job of one replication at `count` instances in the group (its autoscaling max, when it autoscales). */
export function probeJob(scenario: Scenario, options: PlanOptions, basis: PlanBasis, count: number, seed: number, withSeries: boolean): Job {
  const { group } = groupAt(scenario, options.group);
  // a count override suffices for a fixed group; an autoscaled one changes its policy's bounds
  const sized = group.autoscaling ? { scenario: withGroup(scenario, options.group, sizedGroup(group, count)) } : { scenario, groupCounts: { [options.group]: count } };
  return {
    scenario: sized.scenario,
    scenarioDir: options.scenarioDir,
    ...(options.strategy ? { strategy: options.strategy } : {}),
    seed,
    ...(options.duration === undefined ? {} : { duration: options.duration }),
    ...(options.sampleEvery === undefined ? {} : { sampleEvery: options.sampleEvery }),
    ...(sized.groupCounts ? { groupCounts: sized.groupCounts } : {}),
    metrics: basis.keys,
    withSeries,
    ...(options.bill ? { bill: options.group } : {}),
  };
}

/** The probe at `count` from its replications' results, in seed order. */
export function probeOf(count: number, results: readonly JobResult[], targets: readonly Target[], criterion: Criterion): Probe {
  const outcomes = targets.map((t): TargetOutcome => {
    const values = results.map((r) => r.metrics[t.metric.key]!);
    const e = estimate(values, 0.95, possibleRange(t.metric.format));
    const value = decidingValue(t, e, criterion, values);
    const up = t.op === '>=' || t.op === '>';
    return {
      target: t.text,
      value: sig(value),
      estimate: roundEstimate(e),
      meets: holds(t.op, value, t.threshold),
      margin: sig(up ? value - t.threshold : t.threshold - value),
    };
  });
  const probe: Probe = {
    count,
    meets: outcomes.every((t) => t.meets),
    targets: outcomes,
    activeInstances: sig(estimate(results.map((r) => r.activeInstances)).mean),
    instanceHours: sig(estimate(results.map((r) => r.instanceHours)).mean),
  };
  const bills = results.map((r) => r.bill);
  if (bills.length > 0 && bills.every((b) => b !== undefined)) {
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const costs = bills.map((b) => b.cost);
    probe.billed = {
      instanceHours: mean(bills.map((b) => b.instanceHours)),
      cost: costs.every((c) => c !== null) ? mean(costs as number[]) : null,
    };
    const peaks = bills.map((b) => b.peakInstances);
    if (peaks.every((p) => p !== undefined)) probe.billed.peakInstances = Math.max(...peaks);
  }
  return probe;
}

/** The PlanResult of finished probes: the answer, its neighbour below, broken monotonicity, cost. */
export function planResult(
  scenario: Scenario,
  options: PlanOptions,
  basis: PlanBasis,
  probes: Probe[],
  answer: number | undefined,
  below: Probe | undefined,
): PlanResult {
  const nonMonotone = probes.filter((p) => p.meets && probes.some((q) => !q.meets && q.count > p.count)).map((p) => p.count).sort((a, b) => a - b);
  const result: PlanResult = {
    scenario: scenario.name,
    group: options.group,
    searched: basis.searched,
    scenarioCount: basis.scenarioCount,
    targets: options.targets.map((t) => t.text),
    thresholds: options.targets.map((t) => t.threshold),
    criterion: basis.criterion,
    seeds: basis.seeds,
    min: basis.min,
    max: basis.max,
    probes,
    answer,
    atAnswer: answer === undefined ? undefined : probes.find((p) => p.count === answer),
    below: answer === undefined ? undefined : below,
    nonMonotone,
  };
  // an autoscaled group's cost is what it launched, which count × price is not (cost-plan.ts bills it)
  if (answer !== undefined && options.pricePerHour !== undefined && basis.searched === 'count') {
    const horizonHours = (options.duration ?? scenario.duration) / 3_600_000;
    const perHour = sig(answer * options.pricePerHour);
    result.cost = { pricePerHour: options.pricePerHour, perHour, overHorizon: sig(perHour * horizonHours), horizonHours: sig(horizonHours) };
  }
  return result;
}

/** The counts a report shows over time: the answer and the probe below it, or the largest probed when none meets. */
export function reportCounts(r: PlanResult): number[] {
  if (r.answer === undefined) return [Math.max(...r.probes.map((p) => p.count))];
  return [r.answer, ...(r.below ? [r.below.count] : [])];
}

/**
 * Searches the group's count by bisection.
 * @throws RangeError for bad options; StrategyLoadError / JobFailedError from the runs.
 */
export async function planCapacity(scenario: Scenario, pool: ReplicationPool, options: PlanOptions): Promise<PlanResult> {
  const basis = planBasis(scenario, options);
  const { min, max } = basis;
  const probes: Probe[] = [];
  const byCount = new Map<number, Probe>();
  let done = 0;

  const probe = async (count: number): Promise<Probe> => {
    const known = byCount.get(count);
    if (known) return known;
    const jobs = basis.seeds.map((seed) => probeJob(scenario, options, basis, count, seed, false));
    const results = await pool.run(jobs, () => options.onProgress?.(++done));
    const p = probeOf(count, results, options.targets, basis.criterion);
    byCount.set(count, p);
    probes.push(p);
    options.onProbe?.(p);
    return p;
  };

  // bracket: lo misses (or is min − 1, never probed), hi meets
  let lo: number;
  let hi: number | undefined;
  const start = Math.min(max, Math.max(min, basis.scenarioCount));
  if ((await probe(start)).meets) {
    lo = min - 1;
    hi = start;
  } else {
    lo = start;
    let next = start;
    while (hi === undefined && next < max) {
      next = Math.min(max, Math.max(next * 2, next + 1));
      if ((await probe(next)).meets) hi = next;
      else lo = next;
    }
  }
  if (hi !== undefined) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await probe(mid)).meets) hi = mid;
      else lo = mid;
    }
  }
  return planResult(scenario, options, basis, probes, hi, hi === undefined ? undefined : byCount.get(hi - 1));
}
