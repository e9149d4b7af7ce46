// The control plane's state: its records (clusters, instances, task definitions, tasks) and the
// stores that hold them. Hot resource state lives in the flat InstanceTable; the records hold
// identity, status and what the API reports. Nothing here moves a task through its lifecycle
// (lifecycle.ts) or resolves a reference (references.ts): this file is what there is, not what
// happens to it.
import { RandomStreams, type RandomStream } from '../engine/rng.js';
import { arnPrefix, scopedArn, type ArnContext } from '../model/arn.js';
import type { Demand } from '../model/demand.js';
import { InstanceTable } from '../model/instance-table.js';
import { SlotUuidMap, UuidMap } from '../model/uuid-map.js';
import { withLength } from '../engine/typed-arrays.js';
import { FeasibilityIndex } from '../placement/feasibility-index.js';
import { InvariantError } from './errors.js';
import { LiveTaskIds } from './live-task-ids.js';
import type { Attribute, ContainerDefinition, NetworkBinding, Resource, TaskOverride, VersionInfo } from './api-types.js';
import type { RUNNING, STOPPED, StatusCode } from './task-status.js';

/** Who the control plane is: the seed of its random streams, its region and account. */
export interface ControlPlaneIdentity {
  seed: string;
  region: string;
  accountId: string;
  /**
   * Task, container instance and container ARNs in the long form (`task/CLUSTER/ID`); default
   * false, the 2015 form (`task/ID`).
   */
  longArns?: boolean;
}

/**
 * How long a STOPPED task stays describable: ECS forgets a stopped task about an hour after it
 * stops. Forgetting is lazy (see ControlPlaneState.forgetExpired) so that it never puts an event on
 * the queue: a run that has no work left still ends when its work does.
 */
export interface TaskRetention {
  /** Simulated ms a STOPPED task is kept after stoppedAt; Infinity keeps every task. */
  readonly stoppedTaskRetentionMs: number;
  /** The simulated clock (retention is measured against it). */
  readonly now: () => number;
}

/** TaskRecord.clusterPos of a record the archive took as id 0; id n is ARCHIVED - n. */
const ARCHIVED = -2;

/** ECS's retention of stopped tasks, about an hour: createSimulation's default. */
export const DEFAULT_STOPPED_TASK_RETENTION_MS = 3_600_000;

/**
 * Every record of one control plane and the random streams that name and place them. Clusters,
 * instances and task definitions live as long as the control plane; a task lives until
 * `stoppedTaskRetentionMs` after it stopped. The ARN prefixes are built once because every
 * reference lookup and every new record needs one.
 */
export class ControlPlaneState {
  readonly ctx: ArnContext;
  readonly streams: RandomStreams;
  /** UUIDs and EC2 ids: the `ids` stream. */
  readonly ids: RandomStream;
  /** What placement strategies draw from: the `placement` stream. */
  readonly placementRng: RandomStream;
  readonly table = new InstanceTable();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly instancesByUuid = new Map<string, InstanceRecord>();
  readonly instancesBySlot: InstanceRecord[] = [];
  readonly families = new Map<string, TaskDefinitionRecord[]>();
  readonly taskDefinitions: TaskDefinitionRecord[] = [];
  /** The links of every instance's list of live tasks. */
  readonly liveLinks = new LiveTaskLinks();
  /** The UUIDs of live tasks and their containers as words, by live index. */
  readonly liveIds = new LiveTaskIds();
  /** STOPPED tasks in flat storage (stopped-tasks.ts), until retention forgets them. */
  readonly archive: StoppedTasks;
  /** Every task still retained, by UUID: the live ones and the stopped ones, records or archived. */
  readonly tasksByUuid: TaskIndex;
  /** STOPPED tasks awaiting their forgetting, in stop order (so in stoppedAt order); from `stoppedHead` on. */
  private stoppedQueue: TaskRecord[] = [];
  private stoppedHead = 0;
  readonly prefixes: Readonly<Record<'cluster' | 'instance' | 'task' | 'taskDefinition' | 'container', string>>;
  private seq = 0;
  private readonly longArns: boolean;
  /** Live indices given back by stopped tasks, reused last-in first-out. */
  private readonly freeLive: number[] = [];
  private liveHigh = 0;

  /** @param archiveFor makes the flat store of stopped tasks (a StoppedTaskArchive) over this state */
  constructor(
    identity: ControlPlaneIdentity,
    private readonly retention: TaskRetention,
    archiveFor: (state: ControlPlaneState) => StoppedTasks,
  ) {
    this.longArns = identity.longArns === true;
    this.ctx = { region: identity.region, accountId: identity.accountId };
    this.streams = new RandomStreams(identity.seed);
    this.ids = this.streams.stream('ids');
    this.placementRng = this.streams.stream('placement');
    this.prefixes = {
      cluster: arnPrefix(this.ctx, 'cluster'),
      instance: arnPrefix(this.ctx, 'container-instance'),
      task: arnPrefix(this.ctx, 'task'),
      taskDefinition: arnPrefix(this.ctx, 'task-definition'),
      container: arnPrefix(this.ctx, 'container'),
    };
    this.archive = archiveFor(this);
    this.tasksByUuid = new TaskIndex(this.liveIds, this.archive, (task) => this.taskUuid(task));
  }

  /** Task definitions by a `family:revision` or ARN reference that named them (see findTaskDefinition). */
  readonly definitionsByRef = new Map<string, TaskDefinitionRecord>();

  /** Remembers that `ref` (a revision or an ARN) names `td`; a bounded few thousand references. */
  rememberDefinitionRef(ref: string, td: TaskDefinitionRecord): void {
    if (this.definitionsByRef.size >= 4096) this.definitionsByRef.clear();
    this.definitionsByRef.set(ref, td);
  }

  /** The next creation sequence number (listing order, pagination tokens). */
  nextSeq(): number {
    return this.seq++;
  }

  /** The ARN of a task, container instance or container (`kind`'s prefix) with id `id` in `cluster`. */
  scopedArn(prefix: string, cluster: ClusterRecord, id: string): string {
    return scopedArn(prefix, cluster.name, id, this.longArns);
  }

  /** The prefix of the ARNs of a task's containers (the long form names the cluster and the task). */
  containerPrefix(task: TaskRecord): string {
    return this.longArns ? `${this.prefixes.container}${task.cluster.name}/${this.spelledUuid(task)}/` : this.prefixes.container;
  }

  // A task's UUID and ARN strings, and its containers' UUIDs, are spelled from the words kept by
  // live index the first time something reads them, then kept on the record (see TaskRecord.uuidText).
  // Read them through these accessors, never the fields. Responses read them through spelledUuid,
  // spelledArn and spelledContainerUuid, which keep nothing: a RunTask or DescribeTasks response
  // has its own strings, and a task described once need not carry them for the rest of its life.

  /**
   * The UUID of `task` (spelled on first read, then kept on the record).
   * @throws InvariantError for a record of a task forgotten by retention whose UUID was never read (see TaskRecord.uuidText).
   */
  taskUuid(task: TaskRecord): string {
    const s = task.uuidText;
    return s !== undefined ? s : (task.uuidText = this.unkeptUuid(task));
  }

  /** The ARN of `task` (built on first read, then kept on the record). @throws InvariantError as taskUuid. */
  taskArn(task: TaskRecord): string {
    const s = task.arnText;
    return s !== undefined ? s : (task.arnText = this.scopedArn(this.prefixes.task, task.cluster, this.taskUuid(task)));
  }

  /** The UUID of container k of `task` (spelled on first read, then kept on its record). @throws InvariantError as taskUuid. */
  containerUuid(task: TaskRecord, k: number): string {
    const c = task.containers[k]!;
    const s = c.uuidText;
    return s !== undefined ? s : (c.uuidText = this.unkeptContainerUuid(task, k));
  }

  /** As taskUuid, without keeping the string on the record. */
  spelledUuid(task: TaskRecord): string {
    const s = task.uuidText;
    return s !== undefined ? s : this.unkeptUuid(task);
  }

  /** As taskArn, without keeping the string on the record (responses). */
  spelledArn(task: TaskRecord): string {
    const s = task.arnText;
    return s !== undefined ? s : this.scopedArn(this.prefixes.task, task.cluster, this.spelledUuid(task));
  }

  /** As containerUuid, without keeping the string on the record (responses). */
  spelledContainerUuid(task: TaskRecord, k: number): string {
    const s = task.containers[k]!.uuidText;
    return s !== undefined ? s : this.unkeptContainerUuid(task, k);
  }

  /** Spells every string of `task` now (it is about to give its live index back and stay a record). */
  private spellIds(task: TaskRecord): void {
    this.taskArn(task);
    for (let k = 0; k < task.containers.length; k++) this.containerUuid(task, k);
  }

  /**
   * A UUID not kept on its record, spelled from the words: by live index while the task is live,
   * from the archive while it retains the task (a listener may keep a record past taskStopped and
   * read it later, as it could read a field).
   */
  private unkeptUuid(task: TaskRecord): string {
    if (task.liveIndex >= 0) return this.liveIds.taskUuid(task.liveIndex);
    return this.archive.taskUuidOf(this.archivedIdOf(task));
  }

  private unkeptContainerUuid(task: TaskRecord, k: number): string {
    if (task.liveIndex >= 0) return this.liveIds.containerUuid(task.liveIndex, k);
    return this.archive.containerUuidOf(this.archivedIdOf(task), k);
  }

  /** The archive id of a stopped record the archive took (see TaskRecord.clusterPos). */
  private archivedIdOf(task: TaskRecord): number {
    const id = ARCHIVED - task.clusterPos;
    if (task.clusterPos > ARCHIVED || this.archive.isForgotten(id)) {
      throw new InvariantError(`task #${task.seq} has no UUID any more: it stopped and was forgotten (stoppedTaskRetentionMs) before anything read its UUID or ARN; read them while it is live or retained`);
    }
    return id;
  }

  /**
   * A live index for a task being placed: the smallest set of integers that names every live task
   * at once, so that whoever keeps something per live task (the scenario runner's lifetimes) can
   * keep it in typed arrays rather than maps. Indices are reused after a task stops; which index a
   * task gets never shows in any output.
   */
  allocLiveIndex(): number {
    return this.freeLive.length > 0 ? this.freeLive.pop()! : this.liveHigh++;
  }

  /** One more than the largest live index ever given out (for sizing arrays indexed by it). */
  get liveIndexBound(): number {
    return this.liveHigh;
  }

  /**
   * Notes that `task` has just reached STOPPED (every listener has heard it): its live index is
   * free, it moves to the flat archive when it can (its record is then no longer the control
   * plane's: lookups build one from the archive), and it is forgotten once retention has passed.
   */
  taskStopped(task: TaskRecord): void {
    this.tasksByUuid.stopped(task);
    // archived while it holds its live index: the archive copies its UUIDs' words from liveIds
    const id = this.archive.archive(task);
    // a task that stays a record spells its strings before its words are given to another task
    if (id < 0) this.spellIds(task);
    this.freeLive.push(task.liveIndex);
    task.liveIndex = -1;
    if (id >= 0) {
      task.cluster.tasks[task.clusterPos] = id;
      // the record may outlive this (a listener kept it): it can still spell its UUIDs from the archive
      task.clusterPos = ARCHIVED - id;
    } else {
      this.tasksByUuid.stoppedRecords.set(this.taskUuid(task), task);
      if (this.retention.stoppedTaskRetentionMs !== Infinity) this.stoppedQueue.push(task);
    }
    this.forgetExpired();
  }

  /**
   * Forgets every task that stopped more than `stoppedTaskRetentionMs` ago: DescribeTasks then
   * reports it MISSING and ListTasks no longer lists it. Called before every read of the tasks and
   * whenever a task stops, so what a caller sees depends only on the clock, never on when the
   * forgetting happened — and memory follows the live tasks plus an hour of stopped ones.
   */
  forgetExpired(): void {
    const retention = this.retention.stoppedTaskRetentionMs;
    if (retention === Infinity) return;
    const queue = this.stoppedQueue;
    const archive = this.archive;
    const oldest = archive.oldest();
    if (this.stoppedHead === queue.length && oldest < 0) return;
    const cutoff = this.retention.now() - retention;
    if (!(oldest >= 0 && archive.stoppedAtOf(oldest) < cutoff) && !(this.stoppedHead < queue.length && queue[this.stoppedHead]!.stoppedAt! < cutoff)) return;
    let head = this.stoppedHead;
    while (head < queue.length && queue[head]!.stoppedAt! < cutoff) {
      const task = queue[head++]!;
      this.tasksByUuid.stoppedRecords.delete(this.taskUuid(task));
      task.forgotten = true;
      this.forgotOne(task.cluster);
    }
    if (head === queue.length) {
      this.stoppedQueue = [];
      head = 0;
    } else if (head >= 1024 && 2 * head > queue.length) {
      this.stoppedQueue = queue.slice(head);
      head = 0;
    }
    this.stoppedHead = head;
    for (let id = archive.oldest(); id >= 0 && archive.stoppedAtOf(id) < cutoff; id = archive.oldest()) {
      const cluster = archive.clusterOf(id);
      archive.forgetOldest();
      this.forgotOne(cluster);
    }
  }

  /** One more forgotten task in `cluster.tasks`: closes them up once they are half of it. */
  private forgotOne(cluster: ClusterRecord): void {
    cluster.forgottenTasks++;
    if (cluster.forgottenTasks >= 1024 && 2 * cluster.forgottenTasks > cluster.tasks.length) dropForgotten(cluster, this.archive);
  }

  /** The tasks of `cluster` still retained, in creation order (ListTasks, snapshots); archived ones as fresh records to read. */
  retainedTasks(cluster: ClusterRecord): readonly TaskRecord[] {
    this.forgetExpired();
    if (cluster.forgottenTasks > 0) dropForgotten(cluster, this.archive);
    const archive = this.archive;
    const entries = cluster.tasks;
    const out = new Array<TaskRecord>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      out[i] = typeof e === 'number' ? archive.record(e) : e;
    }
    return out;
  }

  /** Places `task` at the end of its cluster's tasks (creation order). */
  addToCluster(task: TaskRecord): void {
    task.clusterPos = task.cluster.tasks.length;
    task.cluster.tasks.push(task);
  }

  /** The cluster `name`, created, or reactivated when it exists (CreateCluster is idempotent). */
  newCluster(name: string): ClusterRecord {
    const existing = this.clusters.get(name);
    if (existing) {
      existing.status = 'ACTIVE';
      return existing;
    }
    const c: ClusterRecord = {
      name,
      arn: this.prefixes.cluster + name,
      status: 'ACTIVE',
      seq: this.nextSeq(),
      index: new FeasibilityIndex(),
      instances: [],
      tasks: [],
      forgottenTasks: 0,
      activeInstances: 0,
      runningTasks: 0,
      pendingTasks: 0,
    };
    this.clusters.set(name, c);
    return c;
  }
}

export interface ClusterRecord {
  readonly name: string;
  readonly arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Creation order, for listing. */
  seq: number;
  /** Every instance ever registered here, by position; positions never move. */
  readonly index: FeasibilityIndex;
  readonly instances: InstanceRecord[];
  /**
   * Tasks placed here, in creation order: every retained one, and forgotten ones not yet dropped;
   * a record, or the id of an archived task (StoppedTaskArchive). Read it through
   * ControlPlaneState.retainedTasks.
   */
  readonly tasks: (TaskRecord | number)[];
  /** Forgotten tasks still in `tasks`. */
  forgottenTasks: number;
  activeInstances: number;
  runningTasks: number;
  pendingTasks: number;
}

export interface InstanceRecord {
  readonly slot: number;
  readonly uuid: string;
  readonly arn: string;
  readonly cluster: ClusterRecord;
  /** Position in the cluster's feasibility index. */
  readonly pos: number;
  readonly seq: number;
  readonly ec2InstanceId: string;
  readonly instanceType: string | undefined;
  /** Registered resources as given (types and order kept for reporting). */
  readonly registeredResources: readonly Resource[];
  readonly reservedTcp: readonly number[];
  readonly reservedUdp: readonly number[];
  attributes: Attribute[];
  versionInfo: VersionInfo | undefined;
  status: 'ACTIVE' | 'INACTIVE';
  agentConnected: boolean;
  runningTasks: number;
  pendingTasks: number;
  /** Live (not STOPPED) tasks on this instance, in placement order. */
  readonly liveTasks: LiveTaskList;
  readonly registeredAt: number;
}

export interface TaskDefinitionRecord {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  readonly seq: number;
  /** The definition as the API reports it (defaults filled in). */
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly demand: Demand;
  /** `family:<family>`, the group of its tasks placed without one (made once: placement counts by it on every placement and stop). */
  readonly familyGroup: string;
  status: 'ACTIVE' | 'INACTIVE';
}

export { PENDING, RUNNING, STOPPED, STATUS_NAMES, type StatusCode } from './task-status.js';

export interface ContainerRecord {
  /** Its UUID once something has read it; read it through ControlPlaneState.containerUuid (see TaskRecord.uuidText). */
  uuidText: string | undefined;
  readonly name: string;
  readonly essential: boolean;
  status: StatusCode;
  exitCode: number | undefined;
  reason: string | undefined;
  networkBindings: NetworkBinding[] | undefined;
}

export interface TaskRecord {
  readonly seq: number;
  /**
   * Its UUID once something has read it, else undefined: read it through ControlPlaneState.taskUuid
   * (`sim.controlPlane.taskUuid(task)`), which spells it from the words kept by live index and
   * keeps it here (responses spell their own copies and keep none here). A live task's strings can
   * be read at any time; a task the archive takes at its stop leaves its words there, and a record
   * of it kept past its taskStopped spells them from the archive for as long as the task is
   * retained (stoppedTaskRetentionMs); once it is forgotten, only what was read before is left.
   */
  uuidText: string | undefined;
  /** Its ARN once something has read it: read it through ControlPlaneState.taskArn (as uuidText). */
  arnText: string | undefined;
  readonly cluster: ClusterRecord;
  readonly instance: InstanceRecord;
  readonly taskDefinition: TaskDefinitionRecord;
  readonly overrides: TaskOverride;
  readonly startedBy: string | undefined;
  readonly group: string | undefined;
  readonly containers: ContainerRecord[];
  /** Dynamic host ports taken at placement, released with the task. */
  readonly dynamicPorts: readonly number[];
  lastStatus: StatusCode;
  desiredStatus: typeof RUNNING | typeof STOPPED;
  stoppedReason: string | undefined;
  readonly createdAt: number;
  startedAt: number | undefined;
  stoppedAt: number | undefined;
  /** Past its retention: no longer found by reference or listed. */
  forgotten: boolean;
  /** While the task is live (not STOPPED), its live index (ControlPlaneState.allocLiveIndex); -1 once STOPPED. */
  liveIndex: number;
  /**
   * Its position in `cluster.tasks` while that holds the record; once the archive has taken the
   * task, ARCHIVED - its archive id (<= -2), by which the record still spells its UUIDs.
   */
  clusterPos: number;
}

/**
 * What the state asks of its flat store of STOPPED tasks (StoppedTaskArchive, in stopped-tasks.ts,
 * which builds records and so depends on this file, not the other way round). Ids grow in stop order.
 */
export interface StoppedTasks {
  /** Tasks archived and not forgotten. */
  readonly size: number;
  /** Takes a task that has just reached STOPPED; its id, or -1 when it must stay a record. */
  archive(task: TaskRecord): number;
  /** The oldest task not forgotten, or -1. */
  oldest(): number;
  stoppedAtOf(id: number): number;
  clusterOf(id: number): ClusterRecord;
  /** Forgets the oldest task. */
  forgetOldest(): void;
  isForgotten(id: number): boolean;
  /** The UUID of retained task `id`, and of its container k, spelled from the words kept. */
  taskUuidOf(id: number): string;
  containerUuidOf(id: number, k: number): string;
  /** Task `id` as a record to read. */
  record(id: number): TaskRecord;
  /** The retained task `uuid` as a record kept from now on, or undefined. */
  find(uuid: string): TaskRecord | undefined;
}

/** Closes up `cluster.tasks` over its forgotten tasks (order kept). */
function dropForgotten(cluster: ClusterRecord, archive: StoppedTasks): void {
  const tasks = cluster.tasks;
  let n = 0;
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    if (typeof t === 'number') {
      if (!archive.isForgotten(t)) tasks[n++] = t;
    } else if (!t.forgotten) {
      t.clusterPos = n;
      tasks[n++] = t;
    }
  }
  tasks.length = n;
  cluster.forgottenTasks = 0;
}

/**
 * Every retained task by UUID: the live ones by live index (a SlotUuidMap, which a task leaves
 * without a tombstone), the stopped ones the archive could not take in a UuidMap, and the archived
 * ones, which `get` hands out as records (pinned: see StoppedTaskArchive.find). Behaves as a
 * Map<string, TaskRecord> for get, has and size.
 */
export class TaskIndex {
  /** Live tasks, by live index, found by the UUID words kept at it. */
  private readonly liveTasks: SlotUuidMap<TaskRecord>;
  /** STOPPED tasks the archive could not take, kept as records until forgotten. */
  readonly stoppedRecords: UuidMap<TaskRecord>;

  /**
   * @param ids the UUID words of live tasks, by live index
   * @param uuidOf a stopped record's UUID (spelled before it stopped)
   */
  constructor(
    ids: LiveTaskIds,
    private readonly archive: StoppedTasks,
    uuidOf: (task: TaskRecord) => string,
  ) {
    this.liveTasks = new SlotUuidMap<TaskRecord>(ids);
    this.stoppedRecords = new UuidMap<TaskRecord>(uuidOf);
  }

  get size(): number {
    return this.liveTasks.size + this.stoppedRecords.size + this.archive.size;
  }

  get(uuid: string): TaskRecord | undefined {
    return this.liveTasks.get(uuid) ?? this.stoppedRecords.get(uuid) ?? this.archive.find(uuid);
  }

  has(uuid: string): boolean {
    return this.get(uuid) !== undefined;
  }

  /** The task `uuid` if it is live (not STOPPED) — without building an archived one. */
  live(uuid: string): TaskRecord | undefined {
    return this.liveTasks.get(uuid);
  }

  /** Adds a task just placed: it has its live index, where its UUID's words are. */
  add(task: TaskRecord): void {
    this.liveTasks.set(task.liveIndex, task);
  }

  /** `task` has reached STOPPED and still holds its live index: it is no longer live (the caller keeps or archives it). */
  stopped(task: TaskRecord): void {
    this.liveTasks.delete(task.liveIndex);
  }
}

/**
 * The links of every instance's LiveTaskList, by live index: typed arrays shared by all the lists
 * of one control plane. Performance trick: linking through the task records themselves made
 * every placement and stop touch the neighbouring tasks' records too (the list's tail, the
 * stopped task's neighbours), scattered over the heap, a cache miss each; here a placement or a
 * stop writes a few entries of arrays a few bytes per live task wide.
 */
export class LiveTaskLinks {
  prev = new Int32Array(1024);
  next = new Int32Array(1024);
  /** The id of the list holding the live index, or 0 (none). */
  list = new Int32Array(1024);
  /** The task at each live index. */
  readonly records: (TaskRecord | undefined)[] = [];
  private lists = 0;

  /** A new list's id (never 0). */
  newList(): number {
    return ++this.lists;
  }

  /** Room for live index `i`. */
  reserve(i: number): void {
    if (i < this.prev.length) return;
    let n = this.prev.length;
    while (n <= i) n *= 2;
    this.prev = withLength(this.prev, n);
    this.next = withLength(this.next, n);
    this.list = withLength(this.list, n);
  }
}

/**
 * The live tasks of one instance, in placement order: the subset of Set<TaskRecord> that the
 * control plane needs (`size`, `add`, `delete`, `has`, iteration), as a doubly linked list over the
 * tasks' live indices (LiveTaskLinks). A task belongs to at most one list (its instance's), ever,
 * and only while it holds its live index.
 */
export class LiveTaskList implements Iterable<TaskRecord> {
  private head = -1;
  private tail = -1;
  private readonly id: number;
  size = 0;

  constructor(private readonly links: LiveTaskLinks) {
    this.id = links.newList();
  }

  has(task: TaskRecord): boolean {
    const i = task.liveIndex;
    return i >= 0 && i < this.links.list.length && this.links.list[i] === this.id && this.links.records[i] === task;
  }

  /** Appends `task` (which holds its live index) unless it is already here. */
  add(task: TaskRecord): this {
    if (this.has(task)) return this;
    const i = task.liveIndex;
    if (i < 0) throw new RangeError(`LiveTaskList.add: task #${task.seq} holds no live index`);
    const links = this.links;
    links.reserve(i);
    links.records[i] = task;
    links.list[i] = this.id;
    links.prev[i] = this.tail;
    links.next[i] = -1;
    if (this.tail >= 0) links.next[this.tail] = i;
    else this.head = i;
    this.tail = i;
    this.size++;
    return this;
  }

  /** Removes `task`; false when it was not here (the double-release guard relies on this). */
  delete(task: TaskRecord): boolean {
    if (!this.has(task)) return false;
    const links = this.links;
    const i = task.liveIndex;
    const prev = links.prev[i]!;
    const next = links.next[i]!;
    if (prev >= 0) links.next[prev] = next;
    else this.head = next;
    if (next >= 0) links.prev[next] = prev;
    else this.tail = prev;
    links.list[i] = 0;
    links.records[i] = undefined;
    this.size--;
    return true;
  }

  /**
   * Tasks in placement order. Deleting the task just yielded is safe (as with a Set); to change
   * the list more than that while iterating, iterate over a copy (`[...list]`).
   */
  *[Symbol.iterator](): IterableIterator<TaskRecord> {
    const links = this.links;
    let i = this.head;
    while (i >= 0) {
      const task = links.records[i]!;
      const next = links.next[i]!;
      const nextTask = next >= 0 ? links.records[next] : undefined;
      yield task;
      if (this.has(task)) i = links.next[task.liveIndex]!;
      else i = nextTask !== undefined && this.has(nextTask) ? nextTask.liveIndex : -1;
    }
  }
}
