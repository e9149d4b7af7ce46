// Turns a collector's counters and gauges into plain, JSON-ready summaries: what `ecsim run`
// prints and what comparisons and capacity searches read. Figures are rounded (fractions to 6
// decimals, amounts and milliseconds to 3) so that the JSON carries no floating-point noise, and
// reason maps are sorted by name so no insertion order leaks into the output.
import type { ClusterMetrics, Counters, MetricsCollector, WorkloadMetrics } from './collector.js';
import type { SampleSummary } from './samples.js';

/** Time-weighted mean and peak of a quantity over the run. */
export interface MeanPeak {
  mean: number;
  peak: number;
}

export interface TaskCounts {
  /** Tasks the workloads asked for (a retry is not a new request). */
  requested: number;
  /** Tasks placed on an instance, at the first attempt or a retry. */
  placed: number;
  /** Tasks given up on: every attempt failed. */
  failed: number;
  /** Tasks still waiting for a retry when the run ended. */
  awaitingRetry: number;
  /** Re-submissions of tasks that failed to place. */
  retried: number;
  /** Tasks whose lifetime ended (essential container exited). */
  completed: number;
  /** Tasks that reached STOPPED for any reason (completed ones included). */
  stopped: number;
}

export interface InstanceSummary {
  /** Instances registered during the run (at the start and by events). */
  registered: number;
  deregistered: number;
  /** ACTIVE instances: time-weighted mean, peak, and the count at the end. */
  active: MeanPeak & { end: number };
  /** Instances hosting at least one live (PENDING or RUNNING) task. */
  inUse: MeanPeak;
  /** ACTIVE instances whose agent is disconnected. */
  agentsDisconnected: MeanPeak;
  /** Integral of ACTIVE instances over simulated time, in hours. */
  instanceHours: number;
}

/** Summary of one cluster, or of all of them together. */
export interface ClusterSummary {
  tasks: TaskCounts & { runningAtEnd: number; pendingAtEnd: number };
  /** Final failures (tasks never placed) by the reason of their last attempt; sums to tasks.failed. */
  failuresByReason: Record<string, number>;
  /** Every failed placement attempt, retried or not, by reason. */
  attemptFailuresByReason: Record<string, number>;
  /** STOPPED tasks by stoppedReason. */
  stoppedByReason: Record<string, number>;
  /** placed / (placed + failed); 1 when nothing was decided. */
  placementRate: number;
  /** From the request (the workload's arrival, retries included) to RUNNING. */
  pendingToRunningMs: SampleSummary;
  /** Reserved / registered per resource (fractions): time-weighted mean of the ratio, and its peak. */
  utilization: Record<string, MeanPeak>;
  /** Reserved amounts per resource (CPU units, MiB, …). */
  reserved: Record<string, MeanPeak>;
  /** Registered amounts per resource on ACTIVE instances. */
  registered: Record<string, MeanPeak>;
  /**
   * Free capacity on ACTIVE, connected instances that cannot fit any task definition the workloads
   * launch: mean and peak amounts, and `share` = its time integral over registered capacity's.
   */
  stranded: Record<string, MeanPeak & { share: number }>;
  instances: InstanceSummary;
}

export interface WorkloadSummary {
  cluster: string;
  tasks: TaskCounts;
  failuresByReason: Record<string, number>;
  placementRate: number;
  pendingToRunningMs: SampleSummary;
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function sortedRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...map.keys()].sort()) out[key] = map.get(key)!;
  return out;
}

function taskCounts(c: Counters): TaskCounts {
  return {
    requested: c.requested,
    placed: c.placed,
    failed: c.failed,
    awaitingRetry: Math.max(0, c.requested - c.placed - c.failed),
    retried: c.retried,
    completed: c.completed,
    stopped: c.stopped,
  };
}

function placementRate(c: Counters): number {
  const decided = c.placed + c.failed;
  return decided === 0 ? 1 : round(c.placed / decided, 6);
}

function latency(c: Counters): SampleSummary {
  const s = c.pendingToRunning.summary();
  return { count: s.count, mean: round(s.mean, 3), p50: round(s.p50, 3), p95: round(s.p95, 3), p99: round(s.p99, 3), max: round(s.max, 3) };
}

/** Summarises one cluster (or the total) over [start, end]; call collector.finish(end) first. */
export function summarizeCluster(collector: MetricsCollector, c: ClusterMetrics, end: number): ClusterSummary {
  const L = collector.layout;
  const g = c.gauges;
  const dims = collector.dims;
  const utilization: Record<string, MeanPeak> = {};
  const reserved: Record<string, MeanPeak> = {};
  const registered: Record<string, MeanPeak> = {};
  const stranded: Record<string, MeanPeak & { share: number }> = {};
  dims.forEach((name, i) => {
    utilization[name] = { mean: round(g.mean(L.utilization + i, end), 6), peak: round(g.peak[L.utilization + i]!, 6) };
    reserved[name] = { mean: round(g.mean(L.reserved + i, end), 3), peak: round(g.peak[L.reserved + i]!, 3) };
    registered[name] = { mean: round(g.mean(L.registered + i, end), 3), peak: round(g.peak[L.registered + i]!, 3) };
    const regArea = g.area[L.registered + i]!;
    stranded[name] = {
      mean: round(g.mean(L.stranded + i, end), 3),
      peak: round(g.peak[L.stranded + i]!, 3),
      share: regArea > 0 ? round(g.area[L.stranded + i]! / regArea, 6) : 0,
    };
  });
  return {
    tasks: { ...taskCounts(c), runningAtEnd: g.cur[L.running]!, pendingAtEnd: g.cur[L.pending]! },
    failuresByReason: sortedRecord(c.failuresByReason),
    attemptFailuresByReason: sortedRecord(c.attemptFailuresByReason),
    stoppedByReason: sortedRecord(c.stoppedByReason),
    placementRate: placementRate(c),
    pendingToRunningMs: latency(c),
    utilization,
    reserved,
    registered,
    stranded,
    instances: {
      registered: c.registeredInstances,
      deregistered: c.deregisteredInstances,
      active: { mean: round(g.mean(L.active, end), 3), peak: g.peak[L.active]!, end: g.cur[L.active]! },
      inUse: { mean: round(g.mean(L.inUse, end), 3), peak: g.peak[L.inUse]! },
      agentsDisconnected: { mean: round(g.mean(L.disconnected, end), 3), peak: g.peak[L.disconnected]! },
      instanceHours: round(g.area[L.active]! / 3_600_000, 3),
    },
  };
}

export function summarizeWorkload(w: WorkloadMetrics): WorkloadSummary {
  return {
    cluster: w.cluster,
    tasks: taskCounts(w),
    failuresByReason: sortedRecord(w.failuresByReason),
    placementRate: placementRate(w),
    pendingToRunningMs: latency(w),
  };
}
