// The `ecsim run --json` document: one JSON object per run, the whole-run figures at the top level
// (what a script reads first), then per cluster, per workload and the scenario events. It holds
// only simulated figures, so the same scenario and seed give the same bytes; wall-clock timing is
// added under `timing` only when asked for.
import type { ClusterSummary } from '../metrics/summary.js';
import type { EventOutcome, RunResult } from '../scenario/run-result.js';
import { formatDuration } from '../scenario/duration.js';
import type { FleetResult } from '../scenario/autoscaling/fleet-result.js';
import { reservationPct } from './fleet-csv.js';

/** Wall-clock figures of a run; they differ from run to run. */
export interface Timing {
  wallMs: number;
  eventsPerSecond: number;
}

/** The whole-run figures (the total's ClusterSummary) at the top level, then the rest of the run. */
/** The fleet part of the report: the run's, with each autoscaled cluster's reservation beside its groups' sizes. */
export interface FleetReport extends Omit<FleetResult, 'timeseries'> {
  timeseries: FleetResult['timeseries'] & {
    /** Per cluster with an autoscaled group: CPUReservation and MemoryReservation (percent, null with nothing registered), aligned with `times`. */
    clusters: { cluster: string; CPUReservation: (number | null)[]; MemoryReservation: (number | null)[] }[];
  };
}

export interface RunReport extends ClusterSummary, Pick<RunResult, 'scenario' | 'seed' | 'durationMs' | 'sampleEveryMs' | 'clusters' | 'workloads' | 'services' | 'traces'> {
  fleet?: FleetReport;
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
    ...(result.fleet ? { fleet: fleetReport(result, result.fleet) } : {}),
    events: { processed: result.eventsProcessed, scenario: result.events },
  };
  // only for scenarios that replay traces, likewise (after events: a trace report reads on from them)
  if (result.traces) report.traces = result.traces;
  if (timing) report.timing = timing;
  return report;
}

/** The run's fleet, its time series joined by the reservation the autoscaled groups' clusters showed at each sample. */
function fleetReport(result: RunResult, fleet: FleetResult): FleetReport {
  const ts = result.timeseries;
  const names: string[] = [];
  for (const g of fleet.timeseries.groups) {
    const c = fleet.groups[g.group]?.cluster;
    if (c !== undefined && !names.includes(c)) names.push(c);
  }
  const clusters = names.map((cluster) => {
    const rows = ts.clusters.find((c) => c.name === cluster)?.rows ?? [];
    const pct = (dim: string) => ts.times.map((_, i) => {
      const v = reservationPct(rows[i], ts.dims, dim);
      return v === '' ? null : v;
    });
    return { cluster, CPUReservation: pct('CPU'), MemoryReservation: pct('MEMORY') };
  });
  return { ...fleet, timeseries: { ...fleet.timeseries, clusters } };
}

/** The report as JSON text: two-space indentation, a final newline. */
export function toJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
