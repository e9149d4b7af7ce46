// The scopes metrics are kept in: a workload, a cluster, and the total of every cluster. Each
// holds counters; a cluster (and the total) also holds time-weighted gauges and the sampled time
// series, laid out by Layout. A change is written once into every scope it belongs to (see
// collector.ts): a task's placement counts in its workload, its cluster and the total.
import { Gauges } from './gauges.js';
import { SampleBuffer } from './samples.js';

/** Counters shared by clusters, workloads and the total. */
export class Counters {
  requested = 0;
  placed = 0;
  /** Tasks given up on: every attempt failed to place them. */
  failed = 0;
  /** Re-submissions of tasks that failed to place. */
  retried = 0;
  /** Tasks whose essential container exited (their lifetime ended). */
  completed = 0;
  /** Tasks that reached STOPPED, for any reason. */
  stopped = 0;
  /** Final failures (tasks never placed), by the reason of their last attempt. */
  readonly failuresByReason = new Map<string, number>();
  /** Every failed placement attempt, retried or not, by reason. */
  readonly attemptFailuresByReason = new Map<string, number>();
  /** STOPPED tasks by stoppedReason. */
  readonly stoppedByReason = new Map<string, number>();
  /** Request → RUNNING, ms. */
  readonly pendingToRunning = new SampleBuffer();
}

/** One cluster's (or the total's) gauges, counters and sampled time series. */
export class ClusterMetrics extends Counters {
  readonly gauges: Gauges;
  /** Instances ever registered, and deregistered. */
  registeredInstances = 0;
  deregisteredInstances = 0;
  /** Sampled rows: see Layout for the column order. */
  readonly series: Float64Array[] = [];

  constructor(
    readonly name: string,
    readonly layout: Layout,
    start: number,
  ) {
    super();
    this.gauges = new Gauges(layout.size, start);
  }
}

export class WorkloadMetrics extends Counters {
  constructor(
    readonly name: string,
    readonly cluster: string,
  ) {
    super();
  }
}

/** Gauge indices for D resource dimensions. */
export class Layout {
  readonly reserved: number;
  readonly registered: number;
  readonly utilization: number;
  readonly stranded: number;
  readonly active: number;
  readonly inUse: number;
  readonly running: number;
  readonly pending: number;
  readonly disconnected: number;
  readonly size: number;
  /** Column of a sampled row (after the time and the gauges): tasks awaiting a retry at that time. */
  readonly awaitingRetryColumn: number;

  constructor(readonly dims: number) {
    this.reserved = 0;
    this.registered = dims;
    this.utilization = 2 * dims;
    this.stranded = 3 * dims;
    this.active = 4 * dims;
    this.inUse = this.active + 1;
    this.running = this.active + 2;
    this.pending = this.active + 3;
    this.disconnected = this.active + 4;
    this.size = this.active + 5;
    this.awaitingRetryColumn = this.size + 1;
  }
}

/** Adds `by` to `key`'s count. */
export function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
