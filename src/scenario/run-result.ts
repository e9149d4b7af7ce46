// The shape of a scenario run's result: summaries per cluster, per workload and in total, what
// each scenario event did, the sampled time series, and optionally one row per task. Reports and
// experiments read these types; nothing here knows how a run produces them.
import type { ServiceSampleRow, ServiceSummary } from '../metrics/service-metrics.js';
import type { ClusterSummary, WorkloadSummary } from '../metrics/summary.js';
import type { FleetResult } from './autoscaling/fleet-result.js';
import type { AppliedEvent } from './events.js';
import type { MachineTraceSummary } from './traces/trace-machines.js';
import type { TraceWorkloadSummary } from './traces/trace-workload.js';

/** One row of the per-task report: a placed task, or a requested task that was never placed. */
export interface TaskRow {
  taskArn: string;
  workload: string;
  cluster: string;
  /** `family:revision`, for placed and never-placed tasks alike. */
  taskDefinition: string;
  requestedAt: number;
  placedAt: number | undefined;
  runningAt: number | undefined;
  stoppedAt: number | undefined;
  containerInstanceArn: string;
  stoppedReason: string;
  failureReason: string;
}

/** The time series: one row per sample per cluster (and for the total, named `*`). */
export interface TimeSeries {
  /** Resource dimensions, in column order. */
  dims: readonly string[];
  /** Sample times, ms. */
  times: readonly number[];
  /** Per cluster (then `*`): rows aligned with `times`. */
  clusters: { name: string; rows: readonly TimeSeriesRow[] }[];
  /** Per service (scenarios with services only): desired / running / pending, rows aligned with `times`. */
  services?: { name: string; cluster: string; rows: readonly ServiceSampleRow[] }[];
}

export interface TimeSeriesRow {
  reserved: number[];
  registered: number[];
  stranded: number[];
  runningTasks: number;
  pendingTasks: number;
  activeInstances: number;
  instancesInUse: number;
  agentsDisconnected: number;
  /** Tasks that failed to place and wait for a retry (requested, neither placed nor given up on). */
  awaitingRetry: number;
}

/** A scenario event and what it did (`reached` false: it lay beyond the horizon). */
export interface EventOutcome extends AppliedEvent {
  reached: boolean;
}

export interface RunResult {
  scenario: string;
  seed: number;
  /** Simulated horizon, ms. */
  durationMs: number;
  sampleEveryMs: number;
  /** All clusters together. */
  total: ClusterSummary;
  clusters: Record<string, ClusterSummary>;
  workloads: Record<string, WorkloadSummary>;
  /** Scenario events in file order. */
  events: EventOutcome[];
  /** Simulation events processed (arrivals, agent moves, lifetimes, scenario events…). */
  eventsProcessed: number;
  timeseries: TimeSeries;
  /** Per service, in file order (scenarios with services only). */
  services?: Record<string, ServiceSummary>;
  /** Cost, autoscaling and waits (scenarios that price or autoscale a group only). */
  fleet?: FleetResult;
  /** Per-task rows, when `recordTasks` was set. */
  tasks?: TaskRow[];
  /** What trace workloads and machine traces read, dropped and did, by family; only in scenarios that replay traces. */
  traces?: TraceResults;
}

export interface TraceResults {
  /** By workload name, in file order. */
  workloads: Record<string, TraceWorkloadSummary>;
  /** By instance group, `cluster/index`. */
  machines: Record<string, MachineTraceSummary>;
}
