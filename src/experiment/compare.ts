// `ecsim compare`: the same scenario under several placement strategies, with common random
// numbers — replication r uses seed base + r for every strategy, and the runner draws arrivals,
// lifetimes and event choices from streams that placement never touches, so within a replication
// only placement differs. Each metric gets a mean and a 95% t interval per strategy, and the best
// strategy per metric is marked.
import { isModuleSpec } from '../placement/builtin.js';
import { loadStrategy } from '../placement/load-strategy.js';
import { resourceDimensions } from '../scenario/fleet.js';
import type { Scenario } from '../scenario/types.js';
import type { Job, JobResult, JobSeries } from './job.js';
import { metricByKey, metricDefs, type MetricFormat } from './metrics.js';
import { serviceMetricDefs } from './service-metrics.js';
import type { ReplicationPool } from './pool.js';
import { estimate, possibleRange, roundEstimate, type Estimate } from './statistics.js';

export interface CompareOptions {
  /** Strategy names as typed (built-in text forms or module paths), at least one. */
  strategies: readonly string[];
  /** Directory relative module paths on the command line start from. */
  baseDir: string;
  /** Directory of the scenario file (for module paths it names). */
  scenarioDir: string;
  /** Replications per strategy, >= 1. Default 1. */
  replications?: number;
  /** Seed of replication 0; replication r uses seed + r. Default: the scenario's seed. */
  seed?: number;
  duration?: number;
  sampleEvery?: number;
  groupCounts?: Record<string, number>;
  /** Keep replication 0's time series of each strategy (for the HTML report). */
  withSeries?: boolean;
  /** Called after every finished replication. */
  onProgress?: (done: number, total: number) => void;
}

/** One metric across strategies. */
export interface MetricComparison {
  key: string;
  label: string;
  better: 'higher' | 'lower' | 'none';
  format: MetricFormat;
  /** Strategies with the best mean (several on a tie); empty when no direction is better or all are equal. */
  best: string[];
  /** By strategy: the estimate and every replication's value, in seed order. */
  byStrategy: Record<string, Estimate & { values: number[] }>;
}

export interface ComparisonResult {
  scenario: string;
  /** Seeds of the replications, in order. */
  seeds: number[];
  replications: number;
  /** Column labels: the strategies as given, a module by its strategy's name. */
  strategies: string[];
  metrics: MetricComparison[];
  /** Replication 0 of each strategy, when asked for: for the report. */
  runs?: { strategy: string; seed: number; failuresByReason: Record<string, number>; series: JobSeries }[];
}

/** Strategies with the best mean; none when no direction is better or every mean is equal. */
export function bestOf(better: MetricComparison['better'], labels: readonly string[], means: readonly number[]): string[] {
  if (better === 'none' || labels.length < 2) return [];
  const target = better === 'higher' ? Math.max(...means) : Math.min(...means);
  if (means.every((m) => m === target)) return [];
  return labels.filter((_, i) => means[i] === target);
}

/** What a comparison runs: its column labels, seeds and jobs (strategy-major: job s × R + r). */
export interface ComparisonSetup {
  scenario: string;
  /** Resource dimensions of the scenario (which metric rows there are). */
  dims: string[];
  /** Strategies as typed, trimmed. */
  specs: string[];
  /** Column labels: the strategies as given, a module by its strategy's name. */
  labels: string[];
  seeds: number[];
  jobs: Job[];
}

/**
 * Checks the options, loads every strategy (so a bad module is reported before any work starts)
 * and lists the jobs. With `withSeries`, replication 0 of each strategy keeps its time series.
 * @throws RangeError for bad options (no strategy, a duplicate, replications < 1);
 *   StrategyLoadError for a strategy that does not load.
 */
export async function prepareComparison(scenario: Scenario, options: CompareOptions): Promise<ComparisonSetup> {
  const specs = options.strategies.map((s) => s.trim());
  if (specs.length === 0 || specs.some((s) => s === '')) throw new RangeError('--strategies needs at least one strategy name');
  const dup = specs.find((s, i) => specs.indexOf(s) !== i);
  if (dup !== undefined) throw new RangeError(`strategy ${dup} is listed twice`);
  const replications = options.replications ?? 1;
  if (!Number.isSafeInteger(replications) || replications < 1) throw new RangeError(`replications must be a positive integer, got ${replications}`);
  const base = options.seed ?? scenario.seed;
  const seeds = Array.from({ length: replications }, (_, r) => base + r);
  const names: string[] = [];
  for (const s of specs) names.push((await loadStrategy(s, { baseDir: options.baseDir })).name);
  // a module is labelled by its strategy's name (least-loaded), unless two would share one
  const labels = specs.map((s, i) => (isModuleSpec(s) && names.filter((n) => n === names[i]).length === 1 && !specs.includes(names[i]!) ? names[i]! : s));

  const dims = resourceDimensions(scenario);
  const metrics = [...metricDefs(dims), ...serviceMetricDefs((scenario.services ?? []).map((s) => s.name))].map((d) => d.key);
  const jobs = specs.flatMap((spec) =>
    seeds.map((seed, r) => ({
      scenario,
      scenarioDir: options.scenarioDir,
      strategy: { spec, baseDir: options.baseDir },
      seed,
      ...(options.duration === undefined ? {} : { duration: options.duration }),
      ...(options.sampleEvery === undefined ? {} : { sampleEvery: options.sampleEvery }),
      ...(options.groupCounts === undefined ? {} : { groupCounts: options.groupCounts }),
      metrics,
      withSeries: (options.withSeries ?? false) && r === 0,
    })),
  );
  return { scenario: scenario.name, dims, specs, labels, seeds, jobs };
}

/**
 * The comparison of `results`, one per job of the setup in job order (strategy-major). With
 * `withSeries`, replication 0 of each strategy must carry its series. Pure: an unsharded run and a
 * merge of shards give the same result from the same results.
 */
export function summariseComparison(
  setup: Pick<ComparisonSetup, 'scenario' | 'dims' | 'labels' | 'seeds'>,
  results: readonly JobResult[],
  withSeries: boolean,
): ComparisonResult {
  const { labels, seeds } = setup;
  const replications = seeds.length;
  const of = (s: number): readonly JobResult[] => results.slice(s * replications, (s + 1) * replications);
  // the service rows the jobs measured (their keys name the services, so a merge of shards sees them too)
  const serviceDefs = Object.keys(results[0]?.metrics ?? {}).flatMap((k) => (k.startsWith('service:') ? [metricByKey(k)!] : []));
  const metrics: MetricComparison[] = [...metricDefs(setup.dims), ...serviceDefs].map((d) => {
    const byStrategy: MetricComparison['byStrategy'] = {};
    labels.forEach((label, s) => {
      const values = of(s).map((r) => r.metrics[d.key]!);
      byStrategy[label] = { ...roundEstimate(estimate(values, 0.95, possibleRange(d.format))), values };
    });
    return {
      key: d.key,
      label: d.label,
      better: d.better,
      format: d.format,
      best: bestOf(d.better, labels, labels.map((l) => byStrategy[l]!.mean)),
      byStrategy,
    };
  });
  const out: ComparisonResult = { scenario: setup.scenario, seeds: [...seeds], replications, strategies: [...labels], metrics };
  if (withSeries) {
    out.runs = labels.map((strategy, s) => {
      const r = of(s)[0]!;
      return { strategy, seed: r.seed, failuresByReason: r.failuresByReason, series: r.series! };
    });
  }
  return out;
}

/**
 * Runs every strategy × replication on `pool` and summarises.
 * @throws what prepareComparison throws; JobFailedError when a replication fails.
 */
export async function compareStrategies(scenario: Scenario, pool: ReplicationPool, options: CompareOptions): Promise<ComparisonResult> {
  const setup = await prepareComparison(scenario, options);
  let done = 0;
  const results = await pool.run(setup.jobs, () => options.onProgress?.(++done, setup.jobs.length));
  return summariseComparison(setup, results, options.withSeries ?? false);
}
