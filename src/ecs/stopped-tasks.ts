// STOPPED tasks in flat storage. A stopped task changes no more (its status is final, its
// resources are released), yet ECS keeps it describable for an hour, and a simulation of a busy
// fleet stops hundreds of thousands of tasks in that hour. As a record each costs about a kilobyte
// of objects, strings and arrays; here it costs 56 bytes of typed arrays, plus 20 per container and
// 4 per host port: its UUIDs as 32-bit words, its instance as a slot (the instance names the
// cluster), what it shares with other tasks (definition, overrides, startedBy, group, stop reason)
// as one interned kind, its times and exit codes as numbers. What a stopped task holds that these
// columns cannot say (a container's reason, bindings an agent reported) keeps the task a record
// instead: the archive takes only what it can give back exactly.
//
// The columns are pages of a fixed number of tasks, allocated as the tail reaches them and released
// as retention forgets the head: memory follows the retained window, and growing never copies what
// is stored (a doubling column copied all of it at each growth, and freed buffers of hundreds of
// megabytes make V8 start major GCs).
//
// A task comes back as a TaskRecord when asked for: `record(id)` builds a fresh one to read (ListTasks,
// snapshots), `find(uuid)` builds one and keeps it (pinned), because whoever found a task by
// reference may change it (SubmitContainerStateChange may still set a stopped container's exit
// code), and the next lookup must see that change. Entries are kept in stop order, which is also
// the order retention forgets them in, so forgetting is moving a head forward.
import { uuidOfWords, uuidWords } from '../model/arn.js';
import type { NetworkBinding, TaskOverride } from './api-types.js';
import type { ClusterRecord, ContainerRecord, ControlPlaneState, StoppedTasks, TaskDefinitionRecord, TaskRecord } from './state.js';
import { STOPPED } from './task-status.js';

/** Overrides of a task placed without any: shared by every such task (records never change them; responses copy them). */
export const NO_OVERRIDES: TaskOverride = Object.freeze({ containerOverrides: Object.freeze([]) as unknown as NonNullable<TaskOverride['containerOverrides']> });

/**
 * Page sizes. A task page holds 2^14 tasks (56 bytes each: ~0.9 MB, one buffer); a page of the
 * container column holds 2^16 numbers (256 KB) and every task's containers and ports lie within
 * one of them. Small enough that the page being filled and the one being emptied are little
 * next to an hour of stops, large enough that pages are few (a JS array of them) and allocated
 * seldom. Tests pass smaller ones to cross page boundaries with a few tasks.
 */
export interface ArchivePages {
  /** Tasks per task page, as a power of two. */
  readonly taskShift: number;
  /** Numbers per page of the container column; at least the numbers of one task. */
  readonly containerPage: number;
}

const DEFAULT_PAGES: ArchivePages = { taskShift: 14, containerPage: 1 << 16 };

/** Bytes per task of a task page: three times as Float64, then 4 UUID words, seq, slot, kind and container offset as Uint32. */
const TASK_BYTES = 3 * 8 + 8 * 4;

/** Numbers per container in the container column: its UUID's 4 words and its exit code. */
const PER_CONTAINER = 5;

/** A container's exit code of none, as the column's Uint32 (the bits of -2^31: that exit code itself keeps a task a record). */
const NO_EXIT = 0x80000000;

/** The largest id: the UUID index keeps id + 1 in an Int32Array, and ids map to pages by `>>>`. */
const MAX_ID = 0x7ffffffe;

/** The per-task columns of consecutive ids, as views of one buffer (one allocation, one release). */
class TaskPage {
  readonly createdAt: Float64Array;
  /** NaN: never started. */
  readonly startedAt: Float64Array;
  readonly stoppedAt: Float64Array;
  /** The task UUID's words, 4 per task. */
  readonly words: Uint32Array;
  /** The task's sequence number (its place in creation order); a task whose seq needs more than 32 bits stays a record. */
  readonly seq: Uint32Array;
  /** The instance's slot (ControlPlaneState.instancesBySlot); the instance names the cluster. */
  readonly slot: Uint32Array;
  /** Index of the task's Kind. */
  readonly kind: Uint32Array;
  /** Where the task's containers start in the container column, less `containerBase`. */
  readonly containerAt: Uint32Array;
  /**
   * Container-column position (absolute, see StoppedTaskArchive.containerTail) at or before the
   * page's first task's: a page of tasks spans less than 2^32 numbers of it, so each task's offset
   * from here fits a Uint32 where its absolute position, growing for the whole run, would not.
   */
  containerBase = 0;

  constructor(n: number) {
    const buf = new ArrayBuffer(n * TASK_BYTES);
    this.createdAt = new Float64Array(buf, 0, n);
    this.startedAt = new Float64Array(buf, 8 * n, n);
    this.stoppedAt = new Float64Array(buf, 16 * n, n);
    this.words = new Uint32Array(buf, 24 * n, 4 * n);
    this.seq = new Uint32Array(buf, 40 * n, n);
    this.slot = new Uint32Array(buf, 44 * n, n);
    this.kind = new Uint32Array(buf, 48 * n, n);
    this.containerAt = new Uint32Array(buf, 52 * n, n);
  }
}

/**
 * What a task shares with others: its definition, overrides, startedBy, group and stop reason.
 * A scenario's tasks have a handful of kinds (a workload's definition, name and group times a few
 * stop reasons); one id per task stands for all five. Kinds are kept for the life of the archive,
 * as the strings they hold always were.
 */
interface Kind {
  readonly id: number;
  readonly taskDefinition: TaskDefinitionRecord;
  readonly overrides: TaskOverride;
  readonly startedBy: string | undefined;
  readonly group: string | undefined;
  readonly stoppedReason: string | undefined;
}

export class StoppedTaskArchive implements StoppedTasks {
  private readonly shift: number;
  private readonly mask: number;
  private readonly containerPage: number;

  /** Task pages, the first holding ids from `firstPage << shift`; pages wholly below `head` are released. */
  private readonly pages: TaskPage[] = [];
  private firstPage = 0;
  /** Pages of the container column, the first holding positions from `firstContainerPage * containerPage`. */
  private readonly containerPages: Uint32Array[] = [];
  private firstContainerPage = 0;
  /** One released page of each kind, reused for the next: forgetting as fast as archiving then allocates nothing. */
  private spareTaskPage: TaskPage | undefined = undefined;
  private spareContainerPage: Uint32Array | undefined = undefined;

  /** First id not forgotten, and the id the next archived task gets. */
  private head = 0;
  private tail = 0;
  /**
   * The container-column position the next task's numbers start from or after (a task's
   * containers, then its ports: dynamic ones, then host ports by binding). Positions only grow;
   * a task whose numbers would cross a page's end starts at the next page.
   */
  private containerTail = 0;

  /**
   * UUID index: cells of id + 1 (0 empty), keyed by the UUID's first word; forgotten ids are
   * skipped and dropped at rebuild. Built lazily, up to `indexed`, by the first lookup after tasks
   * were archived: a scenario run never looks a stopped task up, and a hash insert per stop into a
   * table of a million cells is a cache miss per stop.
   */
  private table = new Int32Array(2048);
  private used = 0;
  private indexed = 0;

  private readonly pinned = new Map<number, TaskRecord>();
  private readonly kinds: Kind[] = [];
  private readonly kindIds = new Map<string, Kind>();
  /** The kinds used most recently, newest first: stops come in runs of a few kinds. */
  private readonly recentKinds: (Kind | undefined)[] = new Array(8).fill(undefined);
  private readonly defIds = new Map<TaskDefinitionRecord, number>();
  private readonly overrideIds = new Map<TaskOverride, number>([[NO_OVERRIDES, 0]]);
  /** The words of a UUID being looked up. */
  private readonly scratch = new Uint32Array(4);

  constructor(
    private readonly state: ControlPlaneState,
    pages: ArchivePages = DEFAULT_PAGES,
  ) {
    if (!(Number.isInteger(pages.taskShift) && pages.taskShift >= 0 && pages.taskShift <= 20)) throw new RangeError(`taskShift must be an integer in 0..20, not ${pages.taskShift}`);
    if (!(Number.isInteger(pages.containerPage) && pages.containerPage >= PER_CONTAINER)) throw new RangeError(`containerPage must be an integer >= ${PER_CONTAINER}, not ${pages.containerPage}`);
    this.shift = pages.taskShift;
    this.mask = (1 << pages.taskShift) - 1;
    this.containerPage = pages.containerPage;
  }

  /** Tasks archived and not yet forgotten. */
  get size(): number {
    return this.tail - this.head;
  }

  /** Pages held, task pages and container-column pages (not the spares): what memory follows. */
  get pagesHeld(): number {
    return this.pages.length + this.containerPages.length;
  }

  /**
   * Takes `task`, which has just reached STOPPED, into the archive and returns its id; -1 when the
   * task holds something the archive cannot give back exactly (it then stays a record).
   */
  archive(task: TaskRecord): number {
    if (task.lastStatus !== STOPPED || task.desiredStatus !== STOPPED || task.stoppedAt === undefined) return -1;
    const id = this.tail;
    if (id > MAX_ID || task.seq >>> 0 !== task.seq || task.cluster !== task.instance.cluster) return -1;
    const td = task.taskDefinition;
    const defs = td.containerDefinitions;
    const containers = task.containers;
    const dyn = task.dynamicPorts;
    if (containers.length !== defs.length || dyn.length !== td.demand.dynamicTcp + td.demand.dynamicUdp) return -1;
    let hostPorts = 0;
    for (let k = 0; k < containers.length; k++) {
      const c = containers[k]!;
      const n = bindingsOf(c, defs[k]!.portMappings);
      if (n < 0 || c.reason !== undefined || c.status !== STOPPED || c.name !== defs[k]!.name || c.essential !== (defs[k]!.essential !== false)) return -1;
      if (c.exitCode !== undefined && !exitCodeFits(c.exitCode)) return -1;
      hostPorts += n;
    }
    const span = PER_CONTAINER * containers.length + dyn.length + hostPorts;
    if (span > this.containerPage) return -1;
    // the UUIDs go straight into their columns, past the ends until the task is taken, so that a
    // UUID not spelled as uuidOfWords spells it leaves nothing behind
    const page = this.pageFor(id);
    const o = id & this.mask;
    // a live task's words were kept when they were drawn; a record's are read from its strings
    const live = task.liveIndex;
    const ids = this.state.liveIds;
    if (live >= 0) ids.copyTask(live, page.words, 4 * o);
    else if (!uuidWords(this.state.taskUuid(task), page.words, 4 * o)) return -1;
    const start = this.roomFor(span);
    const cp = Math.floor(start / this.containerPage);
    const col = this.containerPages[cp - this.firstContainerPage]!;
    let p = start - cp * this.containerPage;
    for (let k = 0; k < containers.length; k++) {
      if (live >= 0 && ids.copyContainer(live, k, col, p + PER_CONTAINER * k)) continue;
      if (!uuidWords(this.state.containerUuid(task, k), col, p + PER_CONTAINER * k)) return -1;
    }
    this.tail++;
    this.containerTail = start + span;
    page.seq[o] = task.seq;
    page.slot[o] = task.instance.slot;
    page.kind[o] = this.kindOf(task);
    page.createdAt[o] = task.createdAt;
    page.startedAt[o] = task.startedAt ?? NaN;
    page.stoppedAt[o] = task.stoppedAt;
    page.containerAt[o] = start - page.containerBase;

    for (let k = 0; k < containers.length; k++) {
      const exit = containers[k]!.exitCode;
      col[p + PER_CONTAINER * k + 4] = exit === undefined ? NO_EXIT : exit >>> 0;
    }
    p += PER_CONTAINER * containers.length;
    for (let k = 0; k < dyn.length; k++) col[p++] = dyn[k]!;
    for (const c of containers) {
      const b = c.networkBindings;
      if (b) for (let m = 0; m < b.length; m++) col[p++] = b[m]!.hostPort!;
    }
    return id;
  }

  /** The sequence number of task `id` (its place in creation order). */
  seqOf(id: number): number {
    return this.pageOf(id).seq[id & this.mask]!;
  }

  /** Whether task `id` has been forgotten (retention passed). */
  isForgotten(id: number): boolean {
    return id < this.head;
  }

  /** The UUID of retained task `id`, spelled (a new string each call). */
  taskUuidOf(id: number): string {
    const w = this.pageOf(id).words;
    const o = 4 * (id & this.mask);
    return uuidOfWords(w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!);
  }

  /** The UUID of container k of retained task `id`, spelled. */
  containerUuidOf(id: number, k: number): string {
    const page = this.pageOf(id);
    const start = page.containerBase + page.containerAt[id & this.mask]!;
    const cp = Math.floor(start / this.containerPage);
    const col = this.containerPages[cp - this.firstContainerPage]!;
    const j = start - cp * this.containerPage + PER_CONTAINER * k;
    return uuidOfWords(col[j]!, col[j + 1]!, col[j + 2]!, col[j + 3]!);
  }

  /** The oldest task not forgotten, or -1. */
  oldest(): number {
    return this.head < this.tail ? this.head : -1;
  }

  /** When task `id` reached STOPPED. */
  stoppedAtOf(id: number): number {
    return this.pageOf(id).stoppedAt[id & this.mask]!;
  }

  /** The cluster of task `id`. */
  clusterOf(id: number): ClusterRecord {
    return this.state.instancesBySlot[this.pageOf(id).slot[id & this.mask]!]!.cluster;
  }

  /**
   * Forgets the oldest task (the caller has checked its retention has passed): a pinned record of it
   * is marked forgotten, and neither `find` nor `record` answers for it again. Pages wholly below
   * the new head are released.
   */
  forgetOldest(): void {
    const id = this.head++;
    const t = this.pinned.get(id);
    if (t !== undefined) {
      t.forgotten = true;
      this.pinned.delete(id);
    }
    const head = this.head;
    for (const first = head >>> this.shift; this.firstPage < first; this.firstPage++) {
      const page = this.pages.shift();
      if (page !== undefined && this.spareTaskPage === undefined) this.spareTaskPage = page;
    }
    // the container column is needed from the head task's first number on (from the tail's when none is left)
    const from = head < this.tail ? this.containerStart(head) : this.containerTail;
    for (const first = Math.floor(from / this.containerPage); this.firstContainerPage < first; this.firstContainerPage++) {
      const col = this.containerPages.shift();
      if (col !== undefined && this.spareContainerPage === undefined) this.spareContainerPage = col;
    }
  }

  /** The task archived under `uuid`, kept as a record from now on (see the module comment); undefined when none. */
  find(uuid: string): TaskRecord | undefined {
    const id = this.lookup(uuid);
    if (id < 0) return undefined;
    let t = this.pinned.get(id);
    if (t === undefined) {
      t = this.build(id);
      this.pinned.set(id, t);
    }
    return t;
  }

  /** Task `id` as a record to read: its pinned record, else a fresh one. */
  record(id: number): TaskRecord {
    return this.pinned.get(id) ?? this.build(id);
  }

  private build(id: number): TaskRecord {
    const page = this.pageOf(id);
    const o = id & this.mask;
    const state = this.state;
    const w = page.words;
    const uuid = uuidOfWords(w[4 * o]!, w[4 * o + 1]!, w[4 * o + 2]!, w[4 * o + 3]!);
    const kind = this.kinds[page.kind[o]!]!;
    const instance = state.instancesBySlot[page.slot[o]!]!;
    const cluster = instance.cluster;
    const td = kind.taskDefinition;
    const defs = td.containerDefinitions;
    const start = page.containerBase + page.containerAt[o]!;
    const cp = Math.floor(start / this.containerPage);
    const col = this.containerPages[cp - this.firstContainerPage]!;
    const c0 = start - cp * this.containerPage;
    let p = c0 + PER_CONTAINER * defs.length;
    const nDyn = td.demand.dynamicTcp + td.demand.dynamicUdp;
    const dynamicPorts = new Array<number>(nDyn);
    for (let k = 0; k < nDyn; k++) dynamicPorts[k] = col[p++]!;
    const containers = new Array<ContainerRecord>(defs.length);
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k]!;
      let bindings: NetworkBinding[] | undefined;
      const mappings = def.portMappings;
      if (mappings && mappings.length > 0) {
        bindings = new Array<NetworkBinding>(mappings.length);
        for (let m = 0; m < mappings.length; m++) {
          const pm = mappings[m]!;
          bindings[m] = { bindIP: '0.0.0.0', containerPort: pm.containerPort!, hostPort: col[p++]!, protocol: pm.protocol ?? 'tcp' };
        }
      }
      const j = c0 + PER_CONTAINER * k;
      const exit = col[j + 4]!;
      containers[k] = {
        uuidText: uuidOfWords(col[j]!, col[j + 1]!, col[j + 2]!, col[j + 3]!),
        name: def.name!,
        essential: def.essential !== false,
        status: STOPPED,
        exitCode: exit === NO_EXIT ? undefined : exit | 0,
        reason: undefined,
        networkBindings: bindings,
      };
    }
    const startedAt = page.startedAt[o]!;
    // the field order of lifecycle.placeTask's literal, so both share one shape
    return {
      seq: page.seq[o]!,
      uuidText: uuid,
      arnText: state.scopedArn(state.prefixes.task, cluster, uuid),
      cluster,
      instance,
      taskDefinition: td,
      overrides: kind.overrides,
      startedBy: kind.startedBy,
      group: kind.group,
      containers,
      dynamicPorts,
      lastStatus: STOPPED,
      desiredStatus: STOPPED,
      stoppedReason: kind.stoppedReason,
      createdAt: page.createdAt[o]!,
      startedAt: Number.isNaN(startedAt) ? undefined : startedAt,
      stoppedAt: page.stoppedAt[o]!,
      forgotten: false,
      liveIndex: -1,
      clusterPos: -1,
    };
  }

  // ---- the UUID index ----

  /** The id of the retained task whose UUID is exactly `uuid`, or -1. */
  private lookup(uuid: string): number {
    const w = this.scratch;
    if (!uuidWords(uuid, w, 0)) return -1;
    if (this.indexed < this.head) this.indexed = this.head;
    for (; this.indexed < this.tail; this.indexed++) this.index(this.indexed);
    const t = this.table;
    const mask = t.length - 1;
    for (let c = hashWord(w[0]!) & mask; ; c = (c + 1) & mask) {
      const v = t[c]!;
      if (v === 0) return -1;
      const id = v - 1;
      if (id < this.head) continue;
      const words = this.pageOf(id).words;
      const i = 4 * (id & this.mask);
      if (words[i] === w[0] && words[i + 1] === w[1] && words[i + 2] === w[2] && words[i + 3] === w[3]) return id;
    }
  }

  /** Adds `id`, the next id not indexed, to the index. */
  private index(id: number): void {
    if (2 * (this.used + 1) > this.table.length) this.rebuild(id);
    this.insert(this.table, id);
    this.used++;
  }

  private insert(t: Int32Array, id: number): void {
    const mask = t.length - 1;
    let c = hashWord(this.pageOf(id).words[4 * (id & this.mask)]!) & mask;
    while (t[c] !== 0) c = (c + 1) & mask;
    t[c] = id + 1;
  }

  /** A table of the retained tasks indexed so far (those before `upTo`; forgotten ones dropped), sized for every retained one. */
  private rebuild(upTo: number): void {
    let cells = 2048;
    while (cells < 4 * (this.tail - this.head + 1)) cells *= 2;
    const t = new Int32Array(cells);
    for (let id = this.head; id < upTo; id++) this.insert(t, id);
    this.table = t;
    this.used = upTo - this.head;
  }

  // ---- pages ----

  /** The page of a retained id. */
  private pageOf(id: number): TaskPage {
    return this.pages[(id >>> this.shift) - this.firstPage]!;
  }

  /** The page of `id`, the tail, allocated (or the spare reused) when the tail reaches it. */
  private pageFor(id: number): TaskPage {
    const at = (id >>> this.shift) - this.firstPage;
    if (at < this.pages.length) return this.pages[at]!;
    const page = this.spareTaskPage ?? new TaskPage(this.mask + 1);
    this.spareTaskPage = undefined;
    // every task's offset is taken from here: no task of this page starts before it
    page.containerBase = this.containerTail;
    this.pages.push(page);
    return page;
  }

  /** Where the container column's first number of a task is. */
  private containerStart(id: number): number {
    const page = this.pageOf(id);
    return page.containerBase + page.containerAt[id & this.mask]!;
  }

  /** Where the next task's `span` numbers go in the container column (all in one page, allocated if new); the tail is not moved. */
  private roomFor(span: number): number {
    const size = this.containerPage;
    let start = this.containerTail;
    let cp = Math.floor(start / size);
    if (start - cp * size + span > size) start = ++cp * size;
    if (cp - this.firstContainerPage >= this.containerPages.length) {
      // a page is allocated once the tail reaches it, so it is the next one after those held
      this.containerPages.push(this.spareContainerPage ?? new Uint32Array(size));
      this.spareContainerPage = undefined;
    }
    return start;
  }

  // ---- interned values ----

  /** The id of the task's Kind, interned. */
  private kindOf(task: TaskRecord): number {
    const td = task.taskDefinition;
    const overrides = task.overrides;
    const startedBy = task.startedBy;
    const group = task.group;
    const reason = task.stoppedReason;
    const recent = this.recentKinds;
    for (let k = 0; k < recent.length; k++) {
      const x = recent[k];
      if (x === undefined) break;
      if (x.taskDefinition === td && x.overrides === overrides && x.startedBy === startedBy && x.group === group && x.stoppedReason === reason) {
        if (k > 0) {
          recent.copyWithin(1, 0, k);
          recent[0] = x;
        }
        return x.id;
      }
    }
    // JSON keeps undefined (null) apart from every string
    const key = JSON.stringify([this.defId(td), this.overrideId(overrides), startedBy, group, reason]);
    let kind = this.kindIds.get(key);
    if (kind === undefined) {
      kind = { id: this.kinds.length, taskDefinition: td, overrides, startedBy, group, stoppedReason: reason };
      this.kinds.push(kind);
      this.kindIds.set(key, kind);
    }
    recent.copyWithin(1, 0, recent.length - 1);
    recent[0] = kind;
    return kind.id;
  }

  private defId(td: TaskDefinitionRecord): number {
    let id = this.defIds.get(td);
    if (id === undefined) {
      id = this.defIds.size;
      this.defIds.set(td, id);
    }
    return id;
  }

  private overrideId(o: TaskOverride): number {
    let id = this.overrideIds.get(o);
    if (id === undefined) {
      id = this.overrideIds.size;
      this.overrideIds.set(o, id);
    }
    return id;
  }
}

/** Whether an exit code goes into the Uint32 column and comes back as itself: an int32 other than -2^31 (none) and -0. */
function exitCodeFits(x: number): boolean {
  return (x | 0) === x && x !== -0x80000000 && !Object.is(x, -0);
}

/**
 * How many host ports the container's bindings hold when they are exactly what placement made of
 * its port mappings (bindIP 0.0.0.0, the mapping's container port and protocol, an integer host
 * port), or -1 when they are anything else (an agent reported its own).
 */
function bindingsOf(c: ContainerRecord, mappings: readonly { containerPort?: number; hostPort?: number; protocol?: string }[] | undefined): number {
  const b = c.networkBindings;
  const want = mappings ? mappings.length : 0;
  if (b === undefined) return want === 0 ? 0 : -1;
  if (want === 0 || b.length !== want) return -1;
  for (let m = 0; m < want; m++) {
    const x = b[m]!;
    const pm = mappings![m]!;
    if (x.bindIP !== '0.0.0.0' || x.containerPort !== pm.containerPort || x.protocol !== (pm.protocol ?? 'tcp')) return -1;
    if (!Number.isInteger(x.hostPort) || x.hostPort! < 0 || x.hostPort! > 0x7fffffff) return -1;
  }
  return want;
}

/** Spreads a UUID's first word (already random) over the table's low bits. */
function hashWord(w: number): number {
  return Math.imul(w ^ (w >>> 16), 0x45d9f3b) >>> 0;
}
