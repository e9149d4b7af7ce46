// Turns what the metrics collector saw over a run into the RunResult: summaries per cluster, per
// workload and in total, the time series by cluster, and (when recorded) the per-task rows.
import { STOPPED, type TaskRecord } from '../ecs/state.js';
import type { MetricsCollector, UnplacedRecord } from '../metrics/collector.js';
import { summarizeCluster, summarizeWorkload, type ClusterSummary, type WorkloadSummary } from '../metrics/summary.js';
import type { EventOutcome, RunResult, TaskRow, TimeSeries, TraceResults } from './run-result.js';

export interface RunFacts {
  scenario: string;
  seed: number;
  end: number;
  sampleEvery: number;
  events: EventOutcome[];
  eventsProcessed: number;
  recordTasks: boolean;
  /** Scenarios that replay traces: what the traces did. */
  traces?: TraceResults;
}

/** The result of a finished run (the collector's gauges integrated up to `facts.end`). */
export function buildRunResult(collector: MetricsCollector, facts: RunFacts): RunResult {
  const { end } = facts;
  const clusters: Record<string, ClusterSummary> = {};
  for (const [name, c] of collector.clusters) clusters[name] = summarizeCluster(collector, c, end);
  const workloads: Record<string, WorkloadSummary> = {};
  for (const w of collector.workloads) workloads[w.name] = summarizeWorkload(w);
  const out: RunResult = {
    scenario: facts.scenario,
    seed: facts.seed,
    durationMs: end,
    sampleEveryMs: facts.sampleEvery,
    total: summarizeCluster(collector, collector.total, end),
    clusters,
    workloads,
    events: facts.events,
    eventsProcessed: facts.eventsProcessed,
    timeseries: timeSeries(collector),
  };
  if (facts.recordTasks) out.tasks = taskRows(collector);
  if (facts.traces) out.traces = facts.traces;
  return out;
}

function timeSeries(collector: MetricsCollector): TimeSeries {
  const L = collector.layout;
  const dims = collector.dims;
  const all = [...collector.clusters.values(), collector.total];
  const first = all[0]!;
  const times = first.series.map((r) => r[0]!);
  const slice = (r: Float64Array, base: number): number[] => Array.from(r.subarray(base + 1, base + 1 + dims.length));
  return {
    dims,
    times,
    clusters: all.map((c) => ({
      name: c.name,
      rows: c.series.map((r) => ({
        reserved: slice(r, L.reserved),
        registered: slice(r, L.registered),
        stranded: slice(r, L.stranded),
        runningTasks: r[L.running + 1]!,
        pendingTasks: r[L.pending + 1]!,
        activeInstances: r[L.active + 1]!,
        instancesInUse: r[L.inUse + 1]!,
        agentsDisconnected: r[L.disconnected + 1]!,
        awaitingRetry: r[L.awaitingRetryColumn]!,
      })),
    })),
  };
}

/** Placed tasks and never-placed requests, merged in the order their fate was decided. */
function taskRows(collector: MetricsCollector): TaskRow[] {
  const placed = collector.placedTasks;
  const unplaced = collector.unplaced;
  const rows: TaskRow[] = [];
  let i = 0;
  let j = 0;
  while (i < placed.length || j < unplaced.length) {
    const p = placed[i];
    const u = unplaced[j];
    if (p && (!u || p.createdAt <= u.failedAt)) {
      rows.push(placedRow(p, collector.taskArnOfPlaced(i), collector.requestedAtOfPlaced(i)));
      i++;
    } else if (u) {
      for (let k = 0; k < u.count; k++) rows.push(unplacedRow(u));
      j++;
    }
  }
  return rows;
}

function placedRow(t: TaskRecord, taskArn: string, requestedAt: number): TaskRow {
  return {
    taskArn,
    workload: t.startedBy ?? '',
    cluster: t.cluster.name,
    taskDefinition: `${t.taskDefinition.family}:${t.taskDefinition.revision}`,
    requestedAt,
    placedAt: t.createdAt,
    runningAt: t.startedAt,
    stoppedAt: t.stoppedAt,
    containerInstanceArn: t.instance.arn,
    stoppedReason: t.stoppedReason !== undefined && t.lastStatus === STOPPED ? t.stoppedReason : '',
    failureReason: '',
  };
}

function unplacedRow(u: UnplacedRecord): TaskRow {
  return {
    taskArn: '',
    workload: u.workload,
    cluster: u.cluster,
    taskDefinition: u.taskDefinition,
    requestedAt: u.requestedAt,
    placedAt: undefined,
    runningAt: undefined,
    stoppedAt: undefined,
    containerInstanceArn: '',
    stoppedReason: '',
    failureReason: u.reason,
  };
}
