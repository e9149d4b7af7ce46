// The metrics collector: a LifecycleListener that turns the control plane's notifications (task
// placed, RUNNING, STOPPED; instance registered, deregistered, agent connection) into counters,
// time-weighted gauges and latency samples. Nothing here scans the world: each notification
// updates what it changes, writing each change once into the scopes it belongs to (a task's
// cluster and the total for gauges; its workload too for counters; see counters.ts). Resource
// amounts are read from the control plane's own instance table, never copied (tracked-amounts.ts);
// stranded capacity is stranding.ts. What the control plane cannot know (a request that placed nothing, a retry,
// when a retried task was first requested) the caller reports through the record* methods.
import { REASON_ESSENTIAL, type LifecycleListener } from '../ecs/control-plane.js';
import type { Simulation } from '../ecs/simulation.js';
import { PENDING, type InstanceRecord, type StatusCode, type TaskRecord } from '../ecs/state.js';
import { bump, ClusterMetrics, Layout, WorkloadMetrics, type Counters } from './counters.js';
import { grown, StrandedCapacity } from './stranding.js';
import { SampleBuffer } from './samples.js';
import { TrackedAmounts } from './tracked-amounts.js';

export { ClusterMetrics, Counters, Layout, WorkloadMetrics } from './counters.js';

export interface CollectorOptions {
  /** Resource dimensions to account for; CPU and MEMORY are always tracked, first. */
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

/**
 * The scopes a task counts in, fixed by its cluster and its `startedBy`: found once when it is
 * placed and kept by its live index, so that its RUNNING and STOPPED notifications look nothing up.
 */
interface TaskScopes {
  /** The cluster and the total. */
  readonly gauges: readonly ClusterMetrics[];
  /** The cluster, the total, and the workload named by `startedBy` if any. */
  readonly counters: readonly Counters[];
  /** Request → RUNNING of these tasks, once each: a part of every counter scope's pendingToRunning. */
  readonly latencies: SampleBuffer;
}

/** The task scopes of one cluster record, by `startedBy`. */
interface ClusterScopes {
  readonly gauges: readonly ClusterMetrics[];
  readonly byStartedBy: Map<string | undefined, number>;
}

const ACTIVE = 1;
const CONNECTED = 2;

export class MetricsCollector implements LifecycleListener {
  /** Resource dimensions tracked: CPU, MEMORY, then the option's names, in column order. */
  readonly dims: readonly string[];
  readonly layout: Layout;
  readonly total: ClusterMetrics;
  readonly clusters = new Map<string, ClusterMetrics>();
  readonly workloads: WorkloadMetrics[] = [];
  /** Placed tasks in placement order, when recording. */
  readonly placedTasks: TaskRecord[] = [];
  /** Requests that placed nothing, in the order they were given up, when recording. */
  readonly unplaced: UnplacedRecord[] = [];

  private readonly clock: () => number;
  private readonly recordTasks: boolean;
  private readonly start: number;
  private readonly workloadByName = new Map<string, WorkloadMetrics>();
  private readonly workloadScopes = new Map<WorkloadMetrics, readonly Counters[]>();
  private readonly byRecord = new Map<object, ClusterScopes>();
  /** Every set of task scopes met, by id. */
  private readonly taskScopes: TaskScopes[] = [];
  /**
   * By live index (TaskRecord.liveIndex): the id of the live task's scopes, plus one (0: look them
   * up). Two bytes a task, so that the table of some 100k live tasks stays in cache.
   */
  private scopesByLive = new Uint16Array(1024);
  /** By live index: the request time the caller reported for the live task, NaN if none. */
  private requestedByLive = new Float64Array(1024).fill(NaN);
  /** Live tasks with a request time reported: while there is none, RUNNING reads nothing more. */
  private reported = 0;
  /** By live index: the task's position in `placedTasks`, when recording. */
  private placedByLive = new Int32Array(0);
  /** By position in `placedTasks`: the request time reported, NaN if none (when recording). */
  private placedRequestedAt = new Float64Array(0);
  private readonly tasksByUuid: Simulation['controlPlane']['tasksByUuid'];
  /** Spells task ARNs (recordTasks' rows, and ARNs callers pass to check them). */
  private readonly controlPlane: Simulation['controlPlane'];
  /**
   * ACTIVE and CONNECTED bits of each instance as last notified, by slot. The control plane marks
   * a deregistered instance INACTIVE before it stops the instance's tasks; the metrics count it
   * ACTIVE until they hear of the deregistration, so those stops read as they happen.
   */
  private notified = new Uint8Array(64);
  private readonly stranding: StrandedCapacity;
  private readonly amounts: TrackedAmounts;

  /**
   * Reads the simulation's clock and instance table; subscribe it with `sim.observe(collector)`
   * before the first instance registers.
   */
  constructor(sim: Pick<Simulation, 'now' | 'controlPlane'>, options: CollectorOptions = {}) {
    this.clock = () => sim.now();
    this.tasksByUuid = sim.controlPlane.tasksByUuid;
    this.controlPlane = sim.controlPlane;
    this.start = options.start ?? 0;
    this.recordTasks = options.recordTasks ?? false;
    if (this.recordTasks) {
      this.placedByLive = new Int32Array(1024);
      this.placedRequestedAt = new Float64Array(1024);
    }
    this.amounts = new TrackedAmounts(options.dims ?? [], sim.controlPlane.table);
    this.dims = this.amounts.dims;
    const d = this.dims.length;
    this.layout = new Layout(d);
    this.total = new ClusterMetrics('*', this.layout, this.start);
    for (const c of options.clusters ?? []) this.cluster(c);
    for (const w of options.workloads ?? []) {
      const m = new WorkloadMetrics(w.name, w.cluster);
      this.workloads.push(m);
      this.workloadByName.set(w.name, m);
    }
    this.stranding = new StrandedCapacity(d, (options.strandingDemands ?? []).map((a) => this.amounts.vector(a)));
  }

  /** The metrics of a cluster by name, created on first use. */
  cluster(name: string): ClusterMetrics {
    let c = this.clusters.get(name);
    if (!c) {
      c = new ClusterMetrics(name, this.layout, this.start);
      this.clusters.set(name, c);
      this.total.pendingToRunning.include(c.pendingToRunning);
    }
    return c;
  }

  workload(name: string): WorkloadMetrics | undefined {
    return this.workloadByName.get(name);
  }

  // ---- what the caller reports ----

  /** `count` tasks were asked for by a workload (retries are not new requests). */
  recordRequested(workload: WorkloadMetrics, count: number): void {
    for (const m of this.scopesOfWorkload(workload)) m.requested += count;
  }

  /** A placement attempt left `count` tasks unplaced, for `reason`. */
  recordAttemptFailed(workload: WorkloadMetrics, reason: string, count: number): void {
    for (const m of this.scopesOfWorkload(workload)) bump(m.attemptFailuresByReason, reason, count);
  }

  /** `count` unplaced tasks will be submitted again. */
  recordRetry(workload: WorkloadMetrics, count: number): void {
    for (const m of this.scopesOfWorkload(workload)) m.retried += count;
  }

  /** `count` tasks are given up on: their last attempt failed for `reason`. */
  recordFailed(workload: WorkloadMetrics, reason: string, count: number, requestedAt: number, taskDefinition: string): void {
    for (const m of this.scopesOfWorkload(workload)) {
      m.failed += count;
      bump(m.failuresByReason, reason, count);
    }
    if (this.recordTasks) {
      this.unplaced.push({ workload: workload.name, cluster: workload.cluster, taskDefinition, requestedAt, failedAt: this.clock(), reason, count });
    }
  }

  /**
   * The task `taskArn`, just placed and not yet RUNNING, was requested at `at` (before its
   * placement: it waited for a retry), so request → RUNNING counts the wait. As `recordRequestTimeOf`,
   * for a caller that has the task's ARN from a response; an ARN that names no live task is ignored.
   */
  recordRequestTime(taskArn: string, at: number): void {
    const task = this.tasksByUuid.live(taskArn.slice(taskArn.lastIndexOf('/') + 1));
    if (task !== undefined && this.controlPlane.taskArn(task) === taskArn) this.recordRequestTimeOf(task, at);
  }

  /** `task`, just placed and not yet RUNNING, was requested at `at`: see recordRequestTime. */
  recordRequestTimeOf(task: TaskRecord, at: number): void {
    const i = task.liveIndex;
    if (i < 0) return;
    if (i >= this.requestedByLive.length) this.growLive(i);
    if (Number.isNaN(this.requestedByLive[i]!)) this.reported++;
    this.requestedByLive[i] = at;
    if (this.recordTasks) this.placedRequestedAt[this.placedByLive[i]!] = at;
  }

  /** Request time of the live task: the one reported, else its placement time. */
  requestedAtOf(task: TaskRecord): number {
    // most runs retry nothing: then the task itself, being notified about, is all there is to read
    if (this.reported === 0) return task.createdAt;
    const i = task.liveIndex;
    const at = i >= 0 && i < this.requestedByLive.length ? this.requestedByLive[i]! : NaN;
    return Number.isNaN(at) ? task.createdAt : at;
  }

  /** Forgets the request time reported for a live task that is RUNNING or STOPPED now. */
  private forgetRequestTime(task: TaskRecord): void {
    if (this.reported === 0) return;
    const i = task.liveIndex;
    if (i < 0 || i >= this.requestedByLive.length || Number.isNaN(this.requestedByLive[i]!)) return;
    this.requestedByLive[i] = NaN;
    this.reported--;
  }

  /** The ARN of the `i`-th of `placedTasks` (when recording). */
  taskArnOfPlaced(i: number): string {
    return this.controlPlane.taskArn(this.placedTasks[i]!);
  }

  /** Request time of the `i`-th of `placedTasks` (when recording): the one reported, else its placement time. */
  requestedAtOfPlaced(i: number): number {
    const at = this.placedRequestedAt[i]!;
    return Number.isNaN(at) ? this.placedTasks[i]!.createdAt : at;
  }

  // ---- lifecycle notifications ----

  taskPlaced(task: TaskRecord): void {
    const id = this.scopesIdOf(task);
    const scopes = this.taskScopes[id]!;
    const gauges = scopes.gauges;
    const L = this.layout;
    const inst = task.instance;
    const demand = this.amounts.demandOf(task.taskDefinition);
    const i = task.liveIndex;
    if (i >= 0) {
      if (i >= this.scopesByLive.length) this.growLive(i);
      this.scopesByLive[i] = id < 0xffff ? id + 1 : 0;
    }
    this.open(gauges);
    this.addVector(gauges, L.reserved, demand, 1);
    if (inst.liveTasks.size === 1) this.add(gauges, L.inUse, 1);
    this.add(gauges, L.pending, 1);
    this.restrand(inst, gauges);
    this.close(gauges);
    for (const m of scopes.counters) m.placed++;
    if (this.recordTasks) {
      const n = this.placedTasks.length;
      if (n >= this.placedRequestedAt.length) this.placedRequestedAt = grown(this.placedRequestedAt, n + 1);
      this.placedRequestedAt[n] = NaN;
      if (i >= 0) this.placedByLive[i] = n;
      this.placedTasks.push(task);
    }
  }

  taskRunning(task: TaskRecord): void {
    const now = this.clock();
    const scopes = this.scopesOfLive(task);
    const gauges = scopes.gauges;
    const L = this.layout;
    this.open(gauges);
    this.add(gauges, L.pending, -1);
    this.add(gauges, L.running, 1);
    // reserved and registered did not change: only the running count can reach a new peak
    for (const c of gauges) c.gauges.settle();
    scopes.latencies.push(now - this.requestedAtOf(task));
    this.forgetRequestTime(task);
  }

  taskStopped(task: TaskRecord, previous: StatusCode): void {
    const scopes = this.scopesOfLive(task);
    const gauges = scopes.gauges;
    const L = this.layout;
    const i = task.liveIndex;
    this.open(gauges);
    const inst = task.instance;
    this.addVector(gauges, L.reserved, this.amounts.demandOf(task.taskDefinition), -1);
    if (inst.liveTasks.size === 0) this.add(gauges, L.inUse, -1);
    this.add(gauges, previous === PENDING ? L.pending : L.running, -1);
    this.restrand(inst, gauges);
    this.close(gauges);
    if (i >= 0 && i < this.scopesByLive.length) this.scopesByLive[i] = 0;
    this.forgetRequestTime(task);
    // its row needs its ARN, spelled while the task still holds the words (the record is kept, the words are not)
    if (this.recordTasks) this.controlPlane.taskArn(task);
    const reason = task.stoppedReason ?? 'Task stopped';
    const completed = reason === REASON_ESSENTIAL;
    for (const m of scopes.counters) {
      m.stopped++;
      if (completed) m.completed++;
      bump(m.stoppedByReason, reason, 1);
    }
  }

  instanceRegistered(inst: InstanceRecord): void {
    const slot = inst.slot;
    if (this.notified.length <= slot) this.notified = grown(this.notified, slot + 1);
    const L = this.layout;
    const active = inst.status === 'ACTIVE';
    const gauges = this.opened(inst.cluster);
    this.addVector(gauges, L.registered, this.amounts.registered(slot), 1);
    if (active) {
      this.add(gauges, L.active, 1);
      if (!inst.agentConnected) this.add(gauges, L.disconnected, 1);
    }
    for (const c of gauges) c.registeredInstances++;
    this.closeInstance(inst, gauges, (active ? ACTIVE : 0) | (inst.agentConnected ? CONNECTED : 0));
  }

  instanceDeregistered(inst: InstanceRecord): void {
    const was = this.notified[inst.slot]!;
    if ((was & ACTIVE) === 0) return;
    const L = this.layout;
    const gauges = this.opened(inst.cluster);
    this.addVector(gauges, L.registered, this.amounts.registered(inst.slot), -1);
    this.add(gauges, L.active, -1);
    if ((was & CONNECTED) === 0) this.add(gauges, L.disconnected, -1);
    for (const c of gauges) c.deregisteredInstances++;
    this.closeInstance(inst, gauges, was & ~ACTIVE);
  }

  agentConnectionChanged(inst: InstanceRecord): void {
    const was = this.notified[inst.slot]!;
    const connected = inst.agentConnected;
    if (((was & CONNECTED) !== 0) === connected) return;
    const gauges = this.opened(inst.cluster);
    if ((was & ACTIVE) !== 0) this.add(gauges, this.layout.disconnected, connected ? -1 : 1);
    this.closeInstance(inst, gauges, connected ? was | CONNECTED : was & ~CONNECTED);
  }

  // ---- sampling and the end of a run ----

  /**
   * Appends one row per cluster (and one for the total) to the time series at `now`: see
   * {@link ClusterMetrics.series}; the row is [time, gauge values...].
   */
  sample(now: number): void {
    for (const c of this.clusters.values()) sampleInto(c, now);
    sampleInto(this.total, now);
  }

  /** Integrates every gauge up to `end`: call once when the run ends, before reading means. */
  finish(end: number): void {
    for (const c of this.clusters.values()) c.gauges.advance(end);
    this.total.gauges.advance(end);
  }

  // ---- scopes ----

  private scopesOf(record: { name: string }): ClusterScopes {
    let s = this.byRecord.get(record);
    if (!s) {
      s = { gauges: [this.cluster(record.name), this.total], byStartedBy: new Map() };
      this.byRecord.set(record, s);
    }
    return s;
  }

  /** The id of the scopes of a task by its cluster and `startedBy`, made on first use. */
  private scopesIdOf(task: TaskRecord): number {
    const cluster = this.scopesOf(task.cluster);
    let id = cluster.byStartedBy.get(task.startedBy);
    if (id === undefined) {
      const w = task.startedBy === undefined ? undefined : this.workloadByName.get(task.startedBy);
      const counters = w ? [...cluster.gauges, w] : cluster.gauges;
      const latencies = new SampleBuffer();
      // the total holds its clusters' samples as parts (see cluster())
      cluster.gauges[0]!.pendingToRunning.include(latencies);
      if (w) w.pendingToRunning.include(latencies);
      id = this.taskScopes.length;
      this.taskScopes.push({ gauges: cluster.gauges, counters, latencies });
      cluster.byStartedBy.set(task.startedBy, id);
    }
    return id;
  }

  /** The scopes of a live task, as found when it was placed. */
  private scopesOfLive(task: TaskRecord): TaskScopes {
    const i = task.liveIndex;
    const id = i >= 0 && i < this.scopesByLive.length ? this.scopesByLive[i]! : 0;
    // a task placed before the collector listened is counted as if placed now
    return this.taskScopes[id > 0 ? id - 1 : this.scopesIdOf(task)]!;
  }

  private growLive(i: number): void {
    let n = this.scopesByLive.length;
    while (n <= i) n *= 2;
    this.scopesByLive = grown(this.scopesByLive, n);
    const old = this.requestedByLive.length;
    if (old < n) {
      this.requestedByLive = grown(this.requestedByLive, n);
      this.requestedByLive.fill(NaN, old);
    }
    if (this.recordTasks) this.placedByLive = grown(this.placedByLive, n);
  }

  private scopesOfWorkload(w: WorkloadMetrics): readonly Counters[] {
    let list = this.workloadScopes.get(w);
    if (!list) {
      list = [w, this.cluster(w.cluster), this.total];
      this.workloadScopes.set(w, list);
    }
    return list;
  }

  // ---- gauge changes: open, add (once per change, into every scope), close ----

  /** The gauges of a cluster's scopes, integrated up to now and ready to change. */
  private opened(cluster: { name: string }): readonly ClusterMetrics[] {
    const gauges = this.scopesOf(cluster).gauges;
    this.open(gauges);
    return gauges;
  }

  /** Ends a change to an instance: records what was notified of it, restrands it, closes. */
  private closeInstance(inst: InstanceRecord, gauges: readonly ClusterMetrics[], notified: number): void {
    this.notified[inst.slot] = notified;
    this.restrand(inst, gauges);
    this.close(gauges);
  }

  /** Integrates the scopes' gauges up to now: call before changing them. */
  private open(scopes: readonly ClusterMetrics[]): void {
    const now = this.clock();
    for (const c of scopes) c.gauges.advance(now);
  }

  private add(scopes: readonly ClusterMetrics[], gauge: number, delta: number): void {
    for (const c of scopes) c.gauges.cur[gauge]! += delta;
  }

  /** Adds `sign` × `v` (per dimension) to the gauges from `base`. */
  private addVector(scopes: readonly ClusterMetrics[], base: number, v: Float64Array, sign: 1 | -1): void {
    for (const c of scopes) {
      const cur = c.gauges.cur;
      for (let i = 0; i < v.length; i++) cur[base + i]! += v[i]! * sign;
    }
  }

  /** Recomputes utilization from reserved and registered, then records peaks. */
  private close(scopes: readonly ClusterMetrics[]): void {
    const L = this.layout;
    for (const c of scopes) {
      const cur = c.gauges.cur;
      for (let i = 0; i < L.dims; i++) {
        const reg = cur[L.registered + i]!;
        cur[L.utilization + i] = reg > 0 ? cur[L.reserved + i]! / reg : 0;
      }
      c.gauges.settle();
    }
  }

  /** Recomputes the stranded capacity of the instance and adds the change. */
  private restrand(inst: InstanceRecord, scopes: readonly ClusterMetrics[]): void {
    const slot = inst.slot;
    const delta = this.stranding.update(slot, this.notified[slot] === (ACTIVE | CONNECTED), this.amounts.remaining(slot));
    if (!delta) return;
    const base = this.layout.stranded;
    for (let i = 0; i < delta.length; i++) if (delta[i] !== 0) this.add(scopes, base + i, delta[i]!);
  }
}

function sampleInto(c: ClusterMetrics, now: number): void {
  const cur = c.gauges.cur;
  const row = new Float64Array(cur.length + 2);
  row[0] = now;
  row.set(cur, 1);
  // not a gauge but a difference of counters: requested, neither placed nor given up on
  row[cur.length + 1] = c.requested - c.placed - c.failed;
  c.series.push(row);
}
