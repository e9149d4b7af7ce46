// The metrics collector: a LifecycleListener that turns the control plane's notifications (task
// placed, RUNNING, STOPPED; instance registered, deregistered, agent connection) into counters,
// time-weighted gauges and latency samples, per cluster, per workload and in total. Nothing here
// scans the world: each notification updates what it changes. What the control plane cannot know
// (a request that placed nothing, a retry) the caller reports through the record* methods.
import { REASON_ESSENTIAL, type LifecycleListener } from '../ecs/control-plane.js';
import { PENDING, type InstanceRecord, type StatusCode, type TaskRecord } from '../ecs/state.js';
import { FleetView, type DemandVector } from './fleet-view.js';
import { Gauges } from './gauges.js';
import { SampleBuffer } from './samples.js';

export interface CollectorOptions {
  /** The simulated clock (ms): notifications carry no time of their own. */
  clock: () => number;
  /** Resource dimensions to account for; CPU and MEMORY are always tracked. */
  dims?: readonly string[];
  /** Clusters to report, in this order (others are added as they appear). */
  clusters?: readonly string[];
  /** Workloads, matched to tasks by the tasks' `startedBy`. */
  workloads?: readonly { name: string; cluster: string }[];
  /**
   * The smallest tasks that matter, as amounts per resource name: free capacity on an ACTIVE,
   * connected instance that fits none of them is stranded. Empty: nothing is ever stranded.
   */
  strandingDemands?: readonly Readonly<Record<string, number>>[];
  /** Keep every placed task and every unplaced request for a per-task report. Default false. */
  recordTasks?: boolean;
  /** Time the gauges start integrating from. Default 0. */
  start?: number;
}

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
  }
}

/** A request that placed nothing, kept for the per-task report. */
export interface UnplacedRecord {
  readonly workload: string;
  readonly cluster: string;
  /** `family:revision`, as placed tasks name theirs. */
  readonly taskDefinition: string;
  readonly requestedAt: number;
  readonly failedAt: number;
  readonly reason: string;
  readonly count: number;
}

export class MetricsCollector implements LifecycleListener {
  readonly view: FleetView;
  readonly layout: Layout;
  readonly total: ClusterMetrics;
  readonly clusters = new Map<string, ClusterMetrics>();
  readonly workloads: WorkloadMetrics[] = [];
  /**
   * The time the next placements were requested (ms), set by the caller around a RunTask or
   * StartTask call so request → RUNNING includes time spent waiting for a retry; undefined
   * means "requested when placed".
   */
  requestTime: number | undefined = undefined;
  /** Placed tasks in placement order, when recording. */
  readonly placedTasks: TaskRecord[] = [];
  /** Requests that placed nothing, in the order they were given up, when recording. */
  readonly unplaced: UnplacedRecord[] = [];

  private readonly clock: () => number;
  private readonly recordTasks: boolean;
  private readonly workloadByName = new Map<string, WorkloadMetrics>();
  private readonly byRecord = new Map<object, ClusterMetrics>();
  private readonly start: number;
  /** Request time by task seq, for request → RUNNING. */
  private requestedAt = new Float64Array(1024);
  /** Stranded amount per dimension, by instance slot. */
  private stranded: Float64Array[];
  /** Demands for the stranding rule, as amounts per dimension. */
  private readonly strandingDemands: Float64Array[];

  constructor(options: CollectorOptions) {
    this.clock = options.clock;
    this.start = options.start ?? 0;
    this.recordTasks = options.recordTasks ?? false;
    this.view = new FleetView(options.dims ?? []);
    const d = this.view.dims.length;
    this.layout = new Layout(d);
    this.total = new ClusterMetrics('*', this.layout, this.start);
    for (const c of options.clusters ?? []) this.cluster(c);
    for (const w of options.workloads ?? []) {
      const m = new WorkloadMetrics(w.name, w.cluster);
      this.workloads.push(m);
      this.workloadByName.set(w.name, m);
    }
    this.stranded = this.view.dims.map(() => new Float64Array(64));
    this.strandingDemands = (options.strandingDemands ?? []).map((amounts) => {
      const v = new Float64Array(d);
      for (const [name, amount] of Object.entries(amounts)) {
        const i = this.view.dim(name);
        if (i !== undefined) v[i] = amount;
      }
      return v;
    });
  }

  /** The metrics of a cluster by name, created on first use. */
  cluster(name: string): ClusterMetrics {
    let c = this.clusters.get(name);
    if (!c) {
      c = new ClusterMetrics(name, this.layout, this.start);
      this.clusters.set(name, c);
    }
    return c;
  }

  workload(name: string): WorkloadMetrics | undefined {
    return this.workloadByName.get(name);
  }

  // ---- what the caller reports ----

  /** `count` tasks were asked for by a workload (retries are not new requests). */
  recordRequested(workload: WorkloadMetrics, count: number): void {
    workload.requested += count;
    this.cluster(workload.cluster).requested += count;
    this.total.requested += count;
  }

  /** A placement attempt left `count` tasks unplaced, for `reason`. */
  recordAttemptFailed(workload: WorkloadMetrics, reason: string, count: number): void {
    for (const c of [workload, this.cluster(workload.cluster), this.total]) bump(c.attemptFailuresByReason, reason, count);
  }

  /** `count` unplaced tasks will be submitted again. */
  recordRetry(workload: WorkloadMetrics, count: number): void {
    workload.retried += count;
    this.cluster(workload.cluster).retried += count;
    this.total.retried += count;
  }

  /** `count` tasks are given up on: their last attempt failed for `reason`. */
  recordFailed(workload: WorkloadMetrics, reason: string, count: number, requestedAt: number, taskDefinition: string): void {
    for (const c of [workload, this.cluster(workload.cluster), this.total]) {
      c.failed += count;
      bump(c.failuresByReason, reason, count);
    }
    if (this.recordTasks) {
      this.unplaced.push({ workload: workload.name, cluster: workload.cluster, taskDefinition, requestedAt, failedAt: this.clock(), reason, count });
    }
  }

  /** Request time of a placed task (its placement time when the caller set no requestTime). */
  requestedAtOf(task: TaskRecord): number {
    return task.seq < this.requestedAt.length ? this.requestedAt[task.seq]! : task.createdAt;
  }

  // ---- lifecycle notifications ----

  taskPlaced(task: TaskRecord): void {
    const now = this.clock();
    const c = this.clusterOf(task.cluster);
    const t = this.total;
    const L = this.layout;
    c.gauges.advance(now);
    t.gauges.advance(now);
    const v = this.view.demandOf(task.taskDefinition);
    const slot = task.instance.slot;
    this.addReserved(c, t, v, 1);
    const live = this.view.take(slot, v);
    if (live === 1) {
      c.gauges.cur[L.inUse]!++;
      t.gauges.cur[L.inUse]!++;
    }
    c.gauges.cur[L.pending]!++;
    t.gauges.cur[L.pending]!++;
    this.restrand(slot, c, t);
    this.settle(c, t);
    c.placed++;
    t.placed++;
    const w = task.startedBy === undefined ? undefined : this.workloadByName.get(task.startedBy);
    if (w) w.placed++;
    const seq = task.seq;
    while (seq >= this.requestedAt.length) {
      const bigger = new Float64Array(this.requestedAt.length * 2);
      bigger.set(this.requestedAt);
      this.requestedAt = bigger;
    }
    this.requestedAt[seq] = this.requestTime ?? now;
    if (this.recordTasks) this.placedTasks.push(task);
  }

  taskRunning(task: TaskRecord): void {
    const now = this.clock();
    const c = this.clusterOf(task.cluster);
    const t = this.total;
    const L = this.layout;
    c.gauges.advance(now);
    t.gauges.advance(now);
    c.gauges.cur[L.pending]!--;
    t.gauges.cur[L.pending]!--;
    c.gauges.cur[L.running]!++;
    t.gauges.cur[L.running]!++;
    this.settle(c, t);
    const latency = now - this.requestedAtOf(task);
    c.pendingToRunning.push(latency);
    t.pendingToRunning.push(latency);
    const w = task.startedBy === undefined ? undefined : this.workloadByName.get(task.startedBy);
    if (w) w.pendingToRunning.push(latency);
  }

  taskStopped(task: TaskRecord, previous: StatusCode): void {
    const now = this.clock();
    const c = this.clusterOf(task.cluster);
    const t = this.total;
    const L = this.layout;
    c.gauges.advance(now);
    t.gauges.advance(now);
    const v = this.view.demandOf(task.taskDefinition);
    const slot = task.instance.slot;
    this.addReserved(c, t, v, -1);
    if (this.view.give(slot, v) === 0) {
      c.gauges.cur[L.inUse]!--;
      t.gauges.cur[L.inUse]!--;
    }
    const g = previous === PENDING ? L.pending : L.running;
    c.gauges.cur[g]!--;
    t.gauges.cur[g]!--;
    this.restrand(slot, c, t);
    this.settle(c, t);
    const reason = task.stoppedReason ?? 'Task stopped';
    const completed = reason === REASON_ESSENTIAL;
    const w = task.startedBy === undefined ? undefined : this.workloadByName.get(task.startedBy);
    countStop(c, reason, completed);
    countStop(t, reason, completed);
    if (w) countStop(w, reason, completed);
  }

  instanceRegistered(inst: InstanceRecord): void {
    const now = this.clock();
    const c = this.clusterOf(inst.cluster);
    const t = this.total;
    const L = this.layout;
    c.gauges.advance(now);
    t.gauges.advance(now);
    const view = this.view;
    view.register(inst);
    const slot = inst.slot;
    while (this.stranded[0]!.length <= slot) this.stranded = this.stranded.map((a) => grow(a));
    for (let i = 0; i < view.dims.length; i++) {
      const amount = view.registered[i]![slot]!;
      c.gauges.cur[L.registered + i]! += amount;
      t.gauges.cur[L.registered + i]! += amount;
    }
    if (inst.status === 'ACTIVE') {
      c.gauges.cur[L.active]!++;
      t.gauges.cur[L.active]!++;
      if (!inst.agentConnected) {
        c.gauges.cur[L.disconnected]!++;
        t.gauges.cur[L.disconnected]!++;
      }
    }
    c.registeredInstances++;
    t.registeredInstances++;
    this.restrand(slot, c, t);
    this.settle(c, t);
  }

  instanceDeregistered(inst: InstanceRecord): void {
    const now = this.clock();
    const c = this.clusterOf(inst.cluster);
    const t = this.total;
    const L = this.layout;
    const view = this.view;
    const slot = inst.slot;
    if (view.active[slot] === 0) return;
    c.gauges.advance(now);
    t.gauges.advance(now);
    view.setActive(slot, false);
    for (let i = 0; i < view.dims.length; i++) {
      const amount = view.registered[i]![slot]!;
      c.gauges.cur[L.registered + i]! -= amount;
      t.gauges.cur[L.registered + i]! -= amount;
    }
    c.gauges.cur[L.active]!--;
    t.gauges.cur[L.active]!--;
    if (view.connected[slot] === 0) {
      c.gauges.cur[L.disconnected]!--;
      t.gauges.cur[L.disconnected]!--;
    }
    c.deregisteredInstances++;
    t.deregisteredInstances++;
    this.restrand(slot, c, t);
    this.settle(c, t);
  }

  agentConnectionChanged(inst: InstanceRecord): void {
    const now = this.clock();
    const c = this.clusterOf(inst.cluster);
    const t = this.total;
    const L = this.layout;
    const view = this.view;
    const slot = inst.slot;
    const was = view.connected[slot] === 1;
    if (was === inst.agentConnected) return;
    c.gauges.advance(now);
    t.gauges.advance(now);
    view.setConnected(slot, inst.agentConnected);
    if (view.active[slot] === 1) {
      const delta = inst.agentConnected ? -1 : 1;
      c.gauges.cur[L.disconnected]! += delta;
      t.gauges.cur[L.disconnected]! += delta;
    }
    this.restrand(slot, c, t);
    this.settle(c, t);
  }

  // ---- sampling and the end of a run ----

  /**
   * Appends one row per cluster (and one for the total) to the time series at `now`: see
   * {@link ClusterMetrics.series}; the row is [time, gauge values...].
   */
  sample(now: number): void {
    for (const c of this.clusters.values()) this.sampleInto(c, now);
    this.sampleInto(this.total, now);
  }

  /** Integrates every gauge up to `end`: call once when the run ends, before reading means. */
  finish(end: number): void {
    for (const c of this.clusters.values()) c.gauges.advance(end);
    this.total.gauges.advance(end);
  }

  // ---- internals ----

  private sampleInto(c: ClusterMetrics, now: number): void {
    const cur = c.gauges.cur;
    const row = new Float64Array(cur.length + 1);
    row[0] = now;
    row.set(cur, 1);
    c.series.push(row);
  }

  private clusterOf(record: { name: string }): ClusterMetrics {
    let c = this.byRecord.get(record);
    if (!c) {
      c = this.cluster(record.name);
      this.byRecord.set(record, c);
    }
    return c;
  }

  private addReserved(c: ClusterMetrics, t: ClusterMetrics, v: DemandVector, sign: 1 | -1): void {
    const a = v.amounts;
    const cc = c.gauges.cur;
    const tc = t.gauges.cur;
    const base = this.layout.reserved;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]! * sign;
      cc[base + i]! += x;
      tc[base + i]! += x;
    }
  }

  /** Recomputes the stranded capacity of one instance and applies the difference. */
  private restrand(slot: number, c: ClusterMetrics, t: ClusterMetrics): void {
    const view = this.view;
    const n = view.dims.length;
    let strandedNow = false;
    if (view.active[slot] === 1 && view.connected[slot] === 1 && this.strandingDemands.length > 0) {
      strandedNow = true;
      for (const d of this.strandingDemands) {
        let fits = true;
        for (let i = 0; i < n; i++) {
          if (view.remaining[i]![slot]! < d[i]!) {
            fits = false;
            break;
          }
        }
        if (fits) {
          strandedNow = false;
          break;
        }
      }
    }
    const base = this.layout.stranded;
    for (let i = 0; i < n; i++) {
      const before = this.stranded[i]![slot]!;
      const after = strandedNow ? Math.max(0, view.remaining[i]![slot]!) : 0;
      if (after !== before) {
        this.stranded[i]![slot] = after;
        c.gauges.cur[base + i]! += after - before;
        t.gauges.cur[base + i]! += after - before;
      }
    }
  }

  /** Recomputes utilization from reserved and registered, then records peaks. */
  private settle(c: ClusterMetrics, t: ClusterMetrics): void {
    this.settleOne(c.gauges);
    this.settleOne(t.gauges);
  }

  private settleOne(g: Gauges): void {
    const L = this.layout;
    const cur = g.cur;
    for (let i = 0; i < L.dims; i++) {
      const reg = cur[L.registered + i]!;
      cur[L.utilization + i] = reg > 0 ? cur[L.reserved + i]! / reg : 0;
    }
    g.settle();
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function countStop(m: Counters, reason: string, completed: boolean): void {
  m.stopped++;
  if (completed) m.completed++;
  bump(m.stoppedByReason, reason, 1);
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
