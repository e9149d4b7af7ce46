// The `ecsim run --json` document: one JSON object per run, the whole-run figures at the top level
// (what a script reads first), then per cluster, per workload and the scenario events. It holds
// only simulated figures, so the same scenario and seed give the same bytes; wall-clock timing is
// added under `timing` only when asked for.
import type { ClusterSummary } from '../metrics/summary.js';
import type { EventOutcome, RunResult } from '../scenario/run-result.js';
import { formatDuration } from '../scenario/duration.js';

/** Wall-clock figures of a run; they differ from run to run. */
export interface Timing {
  wallMs: number;
  eventsPerSecond: number;
}

/** The whole-run figures (the total's ClusterSummary) at the top level, then the rest of the run. */
export interface RunReport extends ClusterSummary, Pick<RunResult, 'scenario' | 'seed' | 'durationMs' | 'sampleEveryMs' | 'clusters' | 'workloads' | 'services' | 'fleet' | 'traces'> {
  /** The simulated horizon as a duration (`6h`); `durationMs` in ms. */
  duration: string;
  /** Simulation events processed, and the scenario's events with what each did. */
  events: { processed: number; scenario: EventOutcome[] };
  timing?: Timing;
}

/** The report of a run; `timing` is included only when given. */
export function runReport(result: RunResult, timing?: Timing): RunReport {
  const t = result.total;
  const report: RunReport = {
    scenario: result.scenario,
    seed: result.seed,
    duration: formatDuration(result.durationMs),
    durationMs: result.durationMs,
    sampleEveryMs: result.sampleEveryMs,
    tasks: t.tasks,
    failuresByReason: t.failuresByReason,
    attemptFailuresByReason: t.attemptFailuresByReason,
    stoppedByReason: t.stoppedByReason,
    placementRate: t.placementRate,
    pendingToRunningMs: t.pendingToRunningMs,
    utilization: t.utilization,
    reserved: t.reserved,
    registered: t.registered,
    stranded: t.stranded,
    instances: t.instances,
    clusters: result.clusters,
    workloads: result.workloads,
    // only for scenarios with services: the JSON of one without them is unchanged
    ...(result.services ? { services: result.services } : {}),
    // only for scenarios that price or autoscale a group, likewise
    ...(result.fleet ? { fleet: result.fleet } : {}),
    events: { processed: result.eventsProcessed, scenario: result.events },
  };
  // only for scenarios that replay traces, likewise (after events: a trace report reads on from them)
  if (result.traces) report.traces = result.traces;
  if (timing) report.timing = timing;
  return report;
}

/** The report as JSON text: two-space indentation, a final newline. */
export function toJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
