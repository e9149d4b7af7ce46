// `ecsim compare`: the same scenario under several placement strategies, or several variants of a
// scenario (its fleet and scaling policy, in separate files) under one strategy, with common random
// numbers — replication r uses seed base + r for every column, and the runner draws arrivals and
// lifetimes from streams named by workload that neither placement nor the fleet touches, so within
// a replication only the strategy (or the variant's fleet) differs. Each metric gets a mean and a
// 95% t interval per column, and the best column per metric is marked.
import { isModuleSpec } from '../placement/builtin.js';
import { loadStrategy } from '../placement/load-strategy.js';
import { resourceDimensions } from '../scenario/fleet.js';
import type { Scenario } from '../scenario/types.js';
import type { Job, JobResult, JobSeries } from './job.js';
import { fleetMetricDefs } from './fleet-metrics.js';
import { metricByKey, metricDefs, type MetricDef, type MetricFormat } from './metrics.js';
import { serviceMetricDefs } from './service-metrics.js';
import { workloadMetricDefs } from './workload-metrics.js';
import type { Variant } from './variants.js';
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

/** A variant of a comparison of variants: its column label, file and scenario name, and what sets it apart from the first. */
export interface VariantColumn {
  label: string;
  file: string;
  scenario: string;
  /** Top-level keys of the scenario that differ from the first variant's (empty for the first). */
  differs: string[];
}

export interface ComparisonResult {
  scenario: string;
  /** Seeds of the replications, in order. */
  seeds: number[];
  replications: number;
  /** Column labels: the strategies as given, a module by its strategy's name; or the variants' labels. */
  strategies: string[];
  metrics: MetricComparison[];
  /** Set when the columns are variants (scenario files) under one strategy rather than strategies. */
  variants?: { columns: VariantColumn[]; /** The strategy every variant ran under; undefined: each its own. */ strategy?: string };
  /** Per workload (`workload:NAME.FIELD` rows), when the jobs measured them: for the report. */
  workloads?: MetricComparison[];
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
  /** Set for a comparison of variants. */
  variants?: ComparisonResult['variants'];
}

/** Metric keys every job of a comparison of `scenarios` reads: the general rows, services, fleet, per workload. */
function metricKeys(dims: readonly string[], scenarios: readonly Scenario[]): string[] {
  const first = scenarios[0]!;
  return [
    ...metricDefs(dims),
    ...serviceMetricDefs((first.services ?? []).map((s) => s.name)),
    ...fleetMetricDefs(scenarios),
    ...workloadMetricDefs(first.workloads.map((w) => w.name)),
  ].map((d) => d.key);
}

function replicationsOf(options: Pick<CompareOptions, 'replications'>): number {
  const replications = options.replications ?? 1;
  if (!Number.isSafeInteger(replications) || replications < 1) throw new RangeError(`replications must be a positive integer, got ${replications}`);
  return replications;
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
  const replications = replicationsOf(options);
  const base = options.seed ?? scenario.seed;
  const seeds = Array.from({ length: replications }, (_, r) => base + r);
  const names: string[] = [];
  for (const s of specs) names.push((await loadStrategy(s, { baseDir: options.baseDir })).name);
  // a module is labelled by its strategy's name (least-loaded), unless two would share one
  const labels = specs.map((s, i) => (isModuleSpec(s) && names.filter((n) => n === names[i]).length === 1 && !specs.includes(names[i]!) ? names[i]! : s));

  const dims = resourceDimensions(scenario);
  const metrics = metricKeys(dims, [scenario]);
  const jobs = specs.flatMap((spec) => replicationJobs(scenario, options.scenarioDir, spec, seeds, metrics, options));
  return { scenario: scenario.name, dims, specs, labels, seeds, jobs };
}

/**
 * One job per seed of `scenario` under strategy `spec` (undefined: the scenario's own), the first
 * replication keeping its time series when the options ask for them (the report draws one run).
 */
function replicationJobs(
  scenario: Scenario,
  scenarioDir: string,
  spec: string | undefined,
  seeds: readonly number[],
  metrics: ComparisonSetup['jobs'][number]['metrics'],
  options: Omit<CompareOptions, 'strategies' | 'scenarioDir'>,
): ComparisonSetup['jobs'] {
  return seeds.map((seed, r) => ({
    scenario,
    scenarioDir,
    ...(spec === undefined ? {} : { strategy: { spec, baseDir: options.baseDir } }),
    seed,
    ...(options.duration === undefined ? {} : { duration: options.duration }),
    ...(options.sampleEvery === undefined ? {} : { sampleEvery: options.sampleEvery }),
    ...(options.groupCounts === undefined ? {} : { groupCounts: options.groupCounts }),
    metrics,
    withSeries: (options.withSeries ?? false) && r === 0,
  }));
}

/** Options of a comparison of variants: those of a comparison of strategies, with at most one strategy. */
export interface VariantCompareOptions extends Omit<CompareOptions, 'strategies' | 'scenarioDir'> {
  /** The strategy for every variant (as typed); undefined: each variant's own (its `strategy` key, else ecsim's default). */
  strategy?: string;
}

/**
 * Lists the jobs of a comparison of variants (variant-major: job v × R + r), every variant on the
 * same seeds. The variants must already have passed checkVariants (common random numbers hold).
 * @throws RangeError for bad options; StrategyLoadError for a strategy that does not load.
 */
export async function prepareVariantComparison(variants: readonly (Variant & { label: string; differs: string[] })[], options: VariantCompareOptions): Promise<ComparisonSetup> {
  if (variants.length < 2) throw new RangeError('a comparison of variants needs at least two scenario files');
  const replications = replicationsOf(options);
  const first = variants[0]!.scenario;
  const base = options.seed ?? first.seed;
  const seeds = Array.from({ length: replications }, (_, r) => base + r);
  const spec = options.strategy?.trim();
  if (spec !== undefined) await loadStrategy(spec, { baseDir: options.baseDir });
  // every variant's own rows (resources, services) must be the same for the rows to line up: the union of dimensions
  const dims: string[] = [];
  for (const v of variants) for (const d of resourceDimensions(v.scenario)) if (!dims.includes(d)) dims.push(d);
  const metrics = metricKeys(dims, variants.map((v) => v.scenario));
  const jobs = variants.flatMap((v) => replicationJobs(v.scenario, v.scenarioDir, spec, seeds, metrics, options));
  const labels = variants.map((v) => v.label);
  return {
    scenario: first.name,
    dims,
    specs: spec === undefined ? [] : [spec],
    labels,
    seeds,
    jobs,
    variants: { columns: variants.map((v) => ({ label: v.label, file: v.file, scenario: v.scenario.name, differs: v.differs })), ...(spec === undefined ? {} : { strategy: spec }) },
  };
}

/**
 * The comparison of `results`, one per job of the setup in job order (strategy-major). With
 * `withSeries`, replication 0 of each strategy must carry its series. Pure: an unsharded run and a
 * merge of shards give the same result from the same results.
 */
export function summariseComparison(
  setup: Pick<ComparisonSetup, 'scenario' | 'dims' | 'labels' | 'seeds' | 'variants'>,
  results: readonly JobResult[],
  withSeries: boolean,
): ComparisonResult {
  const { labels, seeds } = setup;
  const replications = seeds.length;
  const of = (s: number): readonly JobResult[] => results.slice(s * replications, (s + 1) * replications);
  // the service, fleet and workload rows the jobs measured (their keys name them, so a merge of shards sees them too)
  const measured = Object.keys(results[0]?.metrics ?? {});
  const extra = (prefix: string) => measured.flatMap((k) => (k.startsWith(prefix) ? [metricByKey(k)!] : []));
  const compareDef = (d: MetricDef): MetricComparison => {
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
  };
  const metrics = [...metricDefs(setup.dims), ...extra('service:'), ...extra('fleet.')].map(compareDef);
  const workloads = extra('workload:').map(compareDef);
  const out: ComparisonResult = { scenario: setup.scenario, seeds: [...seeds], replications, strategies: [...labels], metrics };
  if (setup.variants) out.variants = setup.variants;
  if (workloads.length > 0) out.workloads = workloads;
  if (withSeries) {
    out.runs = labels.map((strategy, s) => {
      const r = of(s)[0]!;
      return { strategy, seed: r.seed, failuresByReason: r.failuresByReason, series: r.series! };
    });
  }
  return out;
}

/**
 * Runs every variant × replication on `pool` and summarises.
 * @throws what prepareVariantComparison throws; JobFailedError when a replication fails.
 */
export async function compareVariants(variants: Parameters<typeof prepareVariantComparison>[0], pool: ReplicationPool, options: VariantCompareOptions): Promise<ComparisonResult> {
  const setup = await prepareVariantComparison(variants, options);
  let done = 0;
  const results = await pool.run(setup.jobs, () => options.onProgress?.(++done, setup.jobs.length));
  return summariseComparison(setup, results, options.withSeries ?? false);
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
