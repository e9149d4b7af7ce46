// STOPPED tasks in flat storage. A stopped task changes no more (its status is final, its
// resources are released), yet ECS keeps it describable for an hour, and a simulation of a busy
// fleet stops hundreds of thousands of tasks in that hour. As a record each costs about a kilobyte
// of objects, strings and arrays; here it costs about a hundred bytes of typed arrays: its UUIDs
// as 32-bit words, its cluster, instance and task definition as indices, its strings interned,
// its times and exit codes as numbers. What a stopped task holds that these columns cannot say (a
// container's reason, bindings an agent reported) keeps the task a record instead: the archive
// takes only what it can give back exactly.
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

/** A growable column of numbers indexed by `id - base`. */
function grown<T extends Float64Array | Int32Array | Uint32Array>(a: T, n: number): T {
  let size = a.length;
  while (size < n) size *= 2;
  if (size === a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}

const NO_STRING = -1;

export class StoppedTaskArchive implements StoppedTasks {
  // ---- per task, at index id - base ----
  private seq = new Float64Array(1024);
  private words = new Uint32Array(4 * 1024);
  private cluster = new Int32Array(1024);
  private slot = new Int32Array(1024);
  private def = new Int32Array(1024);
  private overrides = new Int32Array(1024);
  private startedBy = new Int32Array(1024);
  private group = new Int32Array(1024);
  private reason = new Int32Array(1024);
  private createdAt = new Float64Array(1024);
  private startedAt = new Float64Array(1024);
  private stoppedAt = new Float64Array(1024);
  /** Absolute offset of the task's first container in the container columns. */
  private firstContainer = new Float64Array(1024);
  /** Absolute offset of the task's first number in the port column (dynamic ports, then host ports by binding). */
  private firstPort = new Float64Array(1024);
  // ---- per container, at index offset - containerBase ----
  private containerWords = new Uint32Array(4 * 1024);
  /** NaN: no exit code. */
  private exitCode = new Float64Array(1024);
  // ---- ports, at index offset - portBase ----
  private ports = new Int32Array(1024);

  /** First id not forgotten, and the id the next archived task gets. */
  private head = 0;
  private tail = 0;
  private base = 0;
  private containerBase = 0;
  private containerTail = 0;
  private portBase = 0;
  private portTail = 0;

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
  private readonly clusters: ClusterRecord[] = [];
  private readonly clusterIds = new Map<ClusterRecord, number>();
  private readonly defIds = new Map<TaskDefinitionRecord, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly overrideList: TaskOverride[] = [NO_OVERRIDES];
  private readonly overrideIds = new Map<TaskOverride, number>([[NO_OVERRIDES, 0]]);
  private lastCluster: ClusterRecord | undefined = undefined;
  private lastClusterId = -1;
  private lastDef: TaskDefinitionRecord | undefined = undefined;
  private lastDefId = -1;
  /** (string, id) pairs of the strings interned most recently, newest first. */
  private readonly recentStrings: (string | number | undefined)[] = new Array(16).fill(undefined);
  /** The words of a UUID being looked up. */
  private readonly scratch = new Uint32Array(4);

  constructor(private readonly state: ControlPlaneState) {}

  /** Tasks archived and not yet forgotten. */
  get size(): number {
    return this.tail - this.head;
  }

  /**
   * Takes `task`, which has just reached STOPPED, into the archive and returns its id; -1 when the
   * task holds something the archive cannot give back exactly (it then stays a record).
   */
  archive(task: TaskRecord): number {
    if (task.lastStatus !== STOPPED || task.desiredStatus !== STOPPED || task.stoppedAt === undefined) return -1;
    const defs = task.taskDefinition.containerDefinitions;
    const containers = task.containers;
    if (containers.length !== defs.length) return -1;
    let hostPorts = 0;
    for (let k = 0; k < containers.length; k++) {
      const c = containers[k]!;
      const n = bindingsOf(c, defs[k]!.portMappings);
      if (n < 0 || c.reason !== undefined || c.status !== STOPPED || c.name !== defs[k]!.name || c.essential !== (defs[k]!.essential !== false)) return -1;
      if (c.exitCode !== undefined && !Number.isFinite(c.exitCode)) return -1;
      hostPorts += n;
    }
    // the UUIDs go straight into their columns, past the ends until the task is taken, so that a
    // UUID not spelled as uuidOfWords spells it leaves nothing behind
    const id = this.tail;
    const i = id - this.base;
    this.reserve(i + 1);
    // a live task's words were kept when they were drawn; a record's are read from its strings
    const live = task.liveIndex;
    const ids = this.state.liveIds;
    if (live >= 0) ids.copyTask(live, this.words, 4 * i);
    else if (!uuidWords(this.state.taskUuid(task), this.words, 4 * i)) return -1;
    const c0 = this.containerTail - this.containerBase;
    if (4 * (c0 + containers.length) > this.containerWords.length) {
      this.containerWords = grown(this.containerWords, 4 * (c0 + containers.length));
      this.exitCode = grown(this.exitCode, c0 + containers.length);
    }
    for (let k = 0; k < containers.length; k++) {
      if (live >= 0 && ids.copyContainer(live, k, this.containerWords, 4 * (c0 + k))) continue;
      if (!uuidWords(this.state.containerUuid(task, k), this.containerWords, 4 * (c0 + k))) return -1;
    }
    this.tail++;
    this.seq[i] = task.seq;
    this.cluster[i] = this.clusterId(task.cluster);
    this.slot[i] = task.instance.slot;
    this.def[i] = this.defId(task.taskDefinition);
    this.overrides[i] = this.overrideId(task.overrides);
    this.startedBy[i] = this.stringId(task.startedBy);
    this.group[i] = this.stringId(task.group);
    this.reason[i] = this.stringId(task.stoppedReason);
    this.createdAt[i] = task.createdAt;
    this.startedAt[i] = task.startedAt ?? NaN;
    this.stoppedAt[i] = task.stoppedAt;
    this.firstContainer[i] = this.containerTail;
    this.firstPort[i] = this.portTail;

    for (let k = 0; k < containers.length; k++) this.exitCode[c0 + k] = containers[k]!.exitCode ?? NaN;
    this.containerTail += containers.length;

    const dyn = task.dynamicPorts;
    let p = this.portTail - this.portBase;
    if (p + dyn.length + hostPorts > this.ports.length) this.ports = grown(this.ports, p + dyn.length + hostPorts);
    for (let k = 0; k < dyn.length; k++) this.ports[p++] = dyn[k]!;
    for (const c of containers) {
      const b = c.networkBindings;
      if (b) for (let m = 0; m < b.length; m++) this.ports[p++] = b[m]!.hostPort!;
    }
    this.portTail = this.portBase + p;

    return id;
  }

  /** The sequence number of task `id` (its place in creation order). */
  seqOf(id: number): number {
    return this.seq[id - this.base]!;
  }

  /** Whether task `id` has been forgotten (retention passed). */
  isForgotten(id: number): boolean {
    return id < this.head;
  }

  /** The oldest task not forgotten, or -1. */
  oldest(): number {
    return this.head < this.tail ? this.head : -1;
  }

  /** When task `id` reached STOPPED. */
  stoppedAtOf(id: number): number {
    return this.stoppedAt[id - this.base]!;
  }

  /** The cluster of task `id`. */
  clusterOf(id: number): ClusterRecord {
    return this.clusters[this.cluster[id - this.base]!]!;
  }

  /**
   * Forgets the oldest task (the caller has checked its retention has passed): a pinned record of it
   * is marked forgotten, and neither `find` nor `record` answers for it again.
   */
  forgetOldest(): void {
    const id = this.head++;
    const t = this.pinned.get(id);
    if (t !== undefined) {
      t.forgotten = true;
      this.pinned.delete(id);
    }
    if (this.head === this.tail) {
      // nothing retained: start the columns afresh at the next id
      this.base = this.tail;
      this.containerBase = this.containerTail;
      this.portBase = this.portTail;
    } else if (this.head - this.base >= 1024 && 2 * (this.head - this.base) > this.tail - this.base) {
      this.compact();
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
    const i = id - this.base;
    const state = this.state;
    const w = this.words;
    const uuid = uuidOfWords(w[4 * i]!, w[4 * i + 1]!, w[4 * i + 2]!, w[4 * i + 3]!);
    const cluster = this.clusters[this.cluster[i]!]!;
    const td = state.taskDefinitions[this.def[i]!]!;
    const defs = td.containerDefinitions;
    let p = this.firstPort[i]! - this.portBase;
    const nDyn = td.demand.dynamicTcp + td.demand.dynamicUdp;
    const dynamicPorts = new Array<number>(nDyn);
    for (let k = 0; k < nDyn; k++) dynamicPorts[k] = this.ports[p++]!;
    const c0 = this.firstContainer[i]! - this.containerBase;
    const cw = this.containerWords;
    const containers = new Array<ContainerRecord>(defs.length);
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k]!;
      let bindings: NetworkBinding[] | undefined;
      const mappings = def.portMappings;
      if (mappings && mappings.length > 0) {
        bindings = new Array<NetworkBinding>(mappings.length);
        for (let m = 0; m < mappings.length; m++) {
          const pm = mappings[m]!;
          bindings[m] = { bindIP: '0.0.0.0', containerPort: pm.containerPort!, hostPort: this.ports[p++]!, protocol: pm.protocol ?? 'tcp' };
        }
      }
      const j = c0 + k;
      const exit = this.exitCode[j]!;
      containers[k] = {
        uuidText: uuidOfWords(cw[4 * j]!, cw[4 * j + 1]!, cw[4 * j + 2]!, cw[4 * j + 3]!),
        name: def.name!,
        essential: def.essential !== false,
        status: STOPPED,
        exitCode: Number.isNaN(exit) ? undefined : exit,
        reason: undefined,
        networkBindings: bindings,
      };
    }
    const startedAt = this.startedAt[i]!;
    // the field order of lifecycle.placeTask's literal, so both share one shape
    return {
      seq: this.seq[i]!,
      uuidText: uuid,
      arnText: state.scopedArn(state.prefixes.task, cluster, uuid),
      cluster,
      instance: state.instancesBySlot[this.slot[i]!]!,
      taskDefinition: td,
      overrides: this.overrideList[this.overrides[i]!]!,
      startedBy: this.stringOf(this.startedBy[i]!),
      group: this.stringOf(this.group[i]!),
      containers,
      dynamicPorts,
      lastStatus: STOPPED,
      desiredStatus: STOPPED,
      stoppedReason: this.stringOf(this.reason[i]!),
      createdAt: this.createdAt[i]!,
      startedAt: Number.isNaN(startedAt) ? undefined : startedAt,
      stoppedAt: this.stoppedAt[i]!,
      forgotten: false,
      liveIndex: -1,
      clusterPos: -1,
      agentEvent: -1,
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
    const words = this.words;
    for (let c = hashWord(w[0]!) & mask; ; c = (c + 1) & mask) {
      const v = t[c]!;
      if (v === 0) return -1;
      const id = v - 1;
      if (id < this.head) continue;
      const i = 4 * (id - this.base);
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
    let c = hashWord(this.words[4 * (id - this.base)]!) & mask;
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

  // ---- storage ----

  private reserve(n: number): void {
    if (n <= this.seq.length) return;
    this.seq = grown(this.seq, n);
    this.words = grown(this.words, 4 * n);
    this.cluster = grown(this.cluster, n);
    this.slot = grown(this.slot, n);
    this.def = grown(this.def, n);
    this.overrides = grown(this.overrides, n);
    this.startedBy = grown(this.startedBy, n);
    this.group = grown(this.group, n);
    this.reason = grown(this.reason, n);
    this.createdAt = grown(this.createdAt, n);
    this.startedAt = grown(this.startedAt, n);
    this.stoppedAt = grown(this.stoppedAt, n);
    this.firstContainer = grown(this.firstContainer, n);
    this.firstPort = grown(this.firstPort, n);
  }

  /** Moves what is retained to the front of every column (ids keep their meaning: base moves). */
  private compact(): void {
    const drop = this.head - this.base;
    const n = this.tail - this.head;
    for (const a of [this.seq, this.cluster, this.slot, this.def, this.overrides, this.startedBy, this.group, this.reason, this.createdAt, this.startedAt, this.stoppedAt, this.firstContainer, this.firstPort]) {
      a.copyWithin(0, drop, drop + n);
    }
    this.words.copyWithin(0, 4 * drop, 4 * (drop + n));
    this.base = this.head;
    const cFirst = this.firstContainer[0]!;
    const cDrop = cFirst - this.containerBase;
    this.containerWords.copyWithin(0, 4 * cDrop, 4 * (this.containerTail - this.containerBase));
    this.exitCode.copyWithin(0, cDrop, this.containerTail - this.containerBase);
    this.containerBase = cFirst;
    const pFirst = this.firstPort[0]!;
    this.ports.copyWithin(0, pFirst - this.portBase, this.portTail - this.portBase);
    this.portBase = pFirst;
    // the index is rebuilt by the next lookup
    this.table = new Int32Array(2048);
    this.used = 0;
    this.indexed = this.head;
  }

  // ---- interned values ----

  private clusterId(c: ClusterRecord): number {
    // the last one asked for first: stops come in runs of one cluster, definition, group
    if (c === this.lastCluster) return this.lastClusterId;
    let id = this.clusterIds.get(c);
    if (id === undefined) {
      id = this.clusters.length;
      this.clusters.push(c);
      this.clusterIds.set(c, id);
    }
    this.lastCluster = c;
    this.lastClusterId = id;
    return id;
  }

  private defId(td: TaskDefinitionRecord): number {
    if (td === this.lastDef) return this.lastDefId;
    let id = this.defIds.get(td);
    if (id === undefined) {
      id = this.state.taskDefinitions.indexOf(td);
      if (id < 0) throw new RangeError(`task definition ${td.arn} is not the control plane's`);
      this.defIds.set(td, id);
    }
    this.lastDef = td;
    this.lastDefId = id;
    return id;
  }

  private overrideId(o: TaskOverride): number {
    if (o === NO_OVERRIDES) return 0;
    let id = this.overrideIds.get(o);
    if (id === undefined) {
      id = this.overrideList.length;
      this.overrideList.push(o);
      this.overrideIds.set(o, id);
    }
    return id;
  }

  /** Interned strings are kept for the life of the control plane: few in a scenario (workload names, reasons, groups). */
  private stringId(s: string | undefined): number {
    if (s === undefined) return NO_STRING;
    // a small cache by identity: most stops repeat a few strings (startedBy, group, reason), the same objects
    const cache = this.recentStrings;
    for (let k = 0; k < cache.length; k += 2) if (cache[k] === s) return cache[k + 1] as number;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    cache.copyWithin(2, 0, cache.length - 2);
    cache[0] = s;
    cache[1] = id;
    return id;
  }

  private stringOf(id: number): string | undefined {
    return id === NO_STRING ? undefined : this.strings[id];
  }
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
