// One replication of one configuration: a pure function of its inputs (scenario, strategy, seed,
// instance counts), so it can run in any worker, in any order, and give the same figures. The
// result carries only what comparisons, capacity searches and reports read.
import type { RunResult } from '../scenario/run-result.js';
import { runScenario } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { metricByKey } from './metrics.js';
import { strategyOptions, type StrategyRef } from './strategies.js';

export interface Job {
  scenario: Scenario;
  /** Where the scenario's own relative module paths start (its file's directory). */
  scenarioDir: string;
  /** The RunTask strategy; absent: the scenario's. */
  strategy?: StrategyRef;
  seed: number;
  duration?: number;
  sampleEvery?: number;
  /** Instance counts by group `cluster/index`. */
  groupCounts?: Record<string, number>;
  /** Metric keys to read (see metrics.ts). */
  metrics: string[];
  /** Also return the time series and failures, for a report. */
  withSeries: boolean;
  /** Also return this group's (`cluster/index`) bill, when the run has a fleet part. */
  bill?: string;
}

/** Time series of all clusters together, for the report. */
export interface JobSeries {
  t: number[];
  utilization: Record<string, number[]>;
  pending: number[];
  running: number[];
  inUse: number[];
  /** Tasks awaiting a retry at each sample (absent in shard files of older versions). */
  awaitingRetry?: number[];
  /** Stranded / registered per resource. */
  stranded?: Record<string, number[]>;
  /** The autoscaled groups' instances, summed over the groups (runs with autoscaling only). */
  fleet?: { desired: number[]; booting: number[]; registered: number[] };
}

export interface JobResult {
  seed: number;
  /** By metric key. */
  metrics: Record<string, number>;
  failuresByReason: Record<string, number>;
  /** ACTIVE instances, time-weighted mean (for cost). */
  activeInstances: number;
  instanceHours: number;
  /** The `bill` group's instance-hours (launch to deregistration) and cost in USD (null: unpriced). */
  bill?: { instanceHours: number; cost: number | null; peakInstances?: number };
  series?: JobSeries;
}

/** A job's failure, as data that crosses a worker boundary intact. */
export interface JobError {
  /** `stack`: of the innermost cause, for `--debug`. */
  error: { name: string; message: string; stack?: string };
}

/** The whole-fleet time series of a run, as the report draws it (fractions of registered, counts). */
export function seriesOf(r: RunResult): JobSeries {
  const total = r.timeseries.clusters.find((c) => c.name === '*') ?? r.timeseries.clusters[r.timeseries.clusters.length - 1]!;
  const utilization: Record<string, number[]> = {};
  const stranded: Record<string, number[]> = {};
  const share = (of: 'reserved' | 'stranded', i: number) =>
    total.rows.map((row) => {
      const reg = row.registered[i] ?? 0;
      return reg > 0 ? (row[of][i] ?? 0) / reg : 0;
    });
  r.timeseries.dims.forEach((d, i) => {
    utilization[d] = share('reserved', i);
    stranded[d] = share('stranded', i);
  });
  const out: JobSeries = {
    t: [...r.timeseries.times],
    utilization,
    pending: total.rows.map((row) => row.pendingTasks),
    running: total.rows.map((row) => row.runningTasks),
    inUse: total.rows.map((row) => row.instancesInUse),
    awaitingRetry: total.rows.map((row) => row.awaitingRetry),
    stranded,
  };
  const groups = r.fleet?.timeseries.groups ?? [];
  if (groups.length > 0) {
    const sum = (f: 'desired' | 'booting' | 'registered') => r.timeseries.times.map((_, i) => groups.reduce((a, g) => a + (g.rows[i]?.[f] ?? 0), 0));
    out.fleet = { desired: sum('desired'), booting: sum('booting'), registered: sum('registered') };
  }
  return out;
}

/** Runs one job. @throws what the runner and loadStrategy throw. */
export async function runJob(job: Job): Promise<JobResult> {
  const opts = await strategyOptions(job.scenario, job.scenarioDir, job.strategy);
  const r = runScenario(job.scenario, {
    ...opts,
    seed: job.seed,
    ...(job.duration === undefined ? {} : { duration: job.duration }),
    ...(job.sampleEvery === undefined ? {} : { sampleEvery: job.sampleEvery }),
    ...(job.groupCounts === undefined ? {} : { groupCounts: job.groupCounts }),
  });
  const metrics: Record<string, number> = {};
  for (const key of job.metrics) {
    const def = metricByKey(key, r.timeseries.dims);
    if (!def) throw new RangeError(`unknown metric ${key}`);
    metrics[key] = def.get(r);
  }
  const out: JobResult = {
    seed: job.seed,
    metrics,
    failuresByReason: r.total.failuresByReason,
    activeInstances: r.total.instances.active.mean,
    instanceHours: r.total.instances.instanceHours,
  };
  if (job.bill !== undefined) {
    const g = r.fleet?.groups[job.bill];
    if (g) {
      out.bill = { instanceHours: g.instanceHours, cost: g.pricePerHour === null ? null : g.instanceHours * g.pricePerHour };
      if (g.autoscaling) out.bill.peakInstances = g.autoscaling.peakInstances;
    }
  }
  if (job.withSeries) out.series = seriesOf(r);
  return out;
}

/** runJob for a worker: failures come back as values, so their name survives the thread boundary. */
export async function runJobSafely(job: Job): Promise<JobResult | JobError> {
  try {
    return await runJob(job);
  } catch (e) {
    let root = e;
    while (root instanceof Error && root.cause instanceof Error) root = root.cause;
    const stack = root instanceof Error ? root.stack : undefined;
    return { error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e), ...(stack === undefined ? {} : { stack }) } };
  }
}
