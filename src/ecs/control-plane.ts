// The control plane's state and the transitions every action shares: resolving references,
// placing a task, moving a task through its lifecycle and releasing what it holds exactly once.
// Actions (one file per family) validate everything first and only then change state, so a
// rejected call changes nothing and draws nothing.
import type { EventHandle } from '../engine/event-queue.js';
import { RandomStreams, type RandomStream } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { arnPrefix, idFromRef, scopedArn, scopedIdFromRef, uuidFrom, type ArnContext } from '../model/arn.js';
import { DIM_CPU, DIM_MEMORY, InstanceTable } from '../model/instance-table.js';
import { UuidMap } from '../model/uuid-map.js';
import { FeasibilityIndex } from '../placement/feasibility-index.js';
import { RandomPlacer } from '../placement/random-placement.js';
import type { NetworkBinding, TaskOverride } from './api-types.js';
import { clusterNotFound, invalidParameter, InvariantError } from './errors.js';
import {
  PENDING,
  RUNNING,
  STOPPED,
  type ClusterRecord,
  type ContainerRecord,
  type InstanceRecord,
  type StatusCode,
  type TaskDefinitionRecord,
  type TaskRecord,
} from './state.js';

export interface AgentOptions {
  /** 'auto' (default): a simulated agent reports state changes; 'manual': the caller does. */
  mode?: 'auto' | 'manual';
  /** Time from placement to RUNNING in auto mode. Default 1000 ms. */
  startDelayMs?: number;
  /** Time from a stop request to STOPPED in auto mode. Default 1000 ms. */
  stopDelayMs?: number;
}

export interface ControlPlaneOptions {
  seed: string;
  region: string;
  accountId: string;
  agent: Required<AgentOptions>;
  /**
   * How RunTask reports tasks it could not place: 'instances' (default, as ECS does) lists every
   * ruled-out instance with its first reason; 'summary' gives one entry naming the cluster and
   * the binding reason, without visiting every instance (for large simulated fleets).
   */
  failureDetail: 'instances' | 'summary';
  /**
   * Task, container instance and container ARNs in the long form (`task/CLUSTER/ID`); default
   * false, the 2015 form (`task/ID`).
   */
  longArns?: boolean;
}

/** Lifecycle notifications, for metrics collectors. All optional; called synchronously. */
export interface LifecycleListener {
  taskPlaced?(task: TaskRecord): void;
  taskRunning?(task: TaskRecord): void;
  taskStopped?(task: TaskRecord, previous: StatusCode): void;
  instanceRegistered?(instance: InstanceRecord): void;
  instanceDeregistered?(instance: InstanceRecord): void;
  agentConnectionChanged?(instance: InstanceRecord): void;
}

export const REASON_USER = 'Task stopped by user';
export const REASON_ESSENTIAL = 'Essential container in task exited';
export const REASON_FORCED = 'Container instance deregistration forced by user';

export class ControlPlane {
  readonly ctx: ArnContext;
  readonly streams: RandomStreams;
  readonly ids: RandomStream;
  readonly placementRng: RandomStream;
  readonly table = new InstanceTable();
  readonly placer = new RandomPlacer(this.table);
  readonly clusters = new Map<string, ClusterRecord>();
  readonly instancesByUuid = new Map<string, InstanceRecord>();
  readonly instancesBySlot: InstanceRecord[] = [];
  readonly families = new Map<string, TaskDefinitionRecord[]>();
  readonly taskDefinitions: TaskDefinitionRecord[] = [];
  /** Every task ever placed, by UUID (a Map<string, TaskRecord> for get/set/has). */
  readonly tasksByUuid = new UuidMap<TaskRecord>();
  readonly listeners: LifecycleListener[] = [];
  private seq = 0;
  readonly prefixes: Record<'cluster' | 'instance' | 'task' | 'taskDefinition' | 'container', string>;

  constructor(
    readonly sim: Simulator,
    readonly options: ControlPlaneOptions,
  ) {
    this.ctx = { region: options.region, accountId: options.accountId };
    this.streams = new RandomStreams(options.seed);
    this.ids = this.streams.stream('ids');
    this.placementRng = this.streams.stream('placement');
    this.prefixes = {
      cluster: arnPrefix(this.ctx, 'cluster'),
      instance: arnPrefix(this.ctx, 'container-instance'),
      task: arnPrefix(this.ctx, 'task'),
      taskDefinition: arnPrefix(this.ctx, 'task-definition'),
      container: arnPrefix(this.ctx, 'container'),
    };
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** The ARN of a task, container instance or container (`kind`'s prefix) with id `id` in `cluster`. */
  scopedArn(prefix: string, cluster: ClusterRecord, id: string): string {
    return scopedArn(prefix, cluster.name, id, this.options.longArns === true);
  }

  /** The prefix of the ARNs of a task's containers (the long form names the cluster and the task). */
  containerPrefix(task: TaskRecord): string {
    return this.options.longArns === true ? `${this.prefixes.container}${task.cluster.name}/${task.uuid}/` : this.prefixes.container;
  }

  // ---- references ----

  /** The cluster named by `ref` (name or ARN; omitted means `default`), ACTIVE or INACTIVE. */
  findCluster(ref: string | undefined): ClusterRecord | undefined {
    const name = ref === undefined ? 'default' : idFromRef(this.ctx, 'cluster', ref);
    return name === undefined ? undefined : this.clusters.get(name);
  }

  /** @throws ClusterNotFoundException when unknown or INACTIVE. */
  activeCluster(ref: string | undefined): ClusterRecord {
    const c = this.findCluster(ref);
    if (!c || c.status !== 'ACTIVE') throw clusterNotFound();
    return c;
  }

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
      activeInstances: 0,
      runningTasks: 0,
      pendingTasks: 0,
    };
    this.clusters.set(name, c);
    return c;
  }

  /** The instance named by `ref` (UUID or ARN) in `cluster`, or undefined. */
  findInstance(cluster: ClusterRecord, ref: string): InstanceRecord | undefined {
    // the prefix is built once (StartTask names ten)
    const id = scopedIdFromRef(this.prefixes.instance, cluster.name, ref);
    if (id === undefined) return undefined;
    const inst = this.instancesByUuid.get(id);
    return inst && inst.cluster === cluster ? inst : undefined;
  }

  findTask(cluster: ClusterRecord, ref: string): TaskRecord | undefined {
    // the prefix is built once (this runs for every stop)
    const id = scopedIdFromRef(this.prefixes.task, cluster.name, ref);
    if (id === undefined) return undefined;
    const t = this.tasksByUuid.get(id);
    return t && t.cluster === cluster ? t : undefined;
  }

  /**
   * Resolves `family`, `family:revision` or a task definition ARN.
   * @throws ClientException when it names nothing (ECS: "Unable to describe task definition.").
   */
  findTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    if (typeof ref !== 'string' || ref.length === 0) return undefined;
    let spec = ref;
    if (ref.startsWith('arn:')) {
      const id = idFromRef(this.ctx, 'task-definition', ref);
      if (id === undefined || !id.includes(':')) return undefined;
      spec = id;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) {
      const revs = this.families.get(spec);
      if (!revs) return undefined;
      for (let i = revs.length - 1; i >= 0; i--) if (revs[i]!.status === 'ACTIVE') return revs[i];
      return undefined;
    }
    const family = spec.slice(0, colon);
    const revText = spec.slice(colon + 1);
    if (!/^[1-9][0-9]{0,9}$/.test(revText)) return undefined;
    return this.families.get(family)?.[Number(revText) - 1];
  }

  // ---- accounting ----

  /** Re-reads an instance's CPU/MEMORY into its cluster's feasibility index. */
  refreshIndex(inst: InstanceRecord): void {
    const slot = inst.slot;
    const eligible = inst.status === 'ACTIVE' && inst.agentConnected;
    inst.cluster.index.update(
      inst.pos,
      eligible ? this.table.remaining[DIM_CPU]![slot]! : -1,
      eligible ? this.table.remaining[DIM_MEMORY]![slot]! : -1,
    );
  }

  /**
   * Creates a PENDING task on `inst` and takes its resources. The caller has checked the fit.
   */
  placeTask(
    cluster: ClusterRecord,
    inst: InstanceRecord,
    td: TaskDefinitionRecord,
    overrides: TaskOverride,
    startedBy: string | undefined,
    group: string | undefined,
  ): TaskRecord {
    const dyn = this.table.allocate(inst.slot, td.demand);
    this.refreshIndex(inst);
    const uuid = uuidFrom(this.ids);
    const defs = td.containerDefinitions;
    // exactly sized: a pushed-to [] reserves room for 17 elements, and a million records keep it
    const containers = new Array<ContainerRecord>(defs.length);
    let d = 0;
    for (let k = 0; k < defs.length; k++) {
      const def = defs[k]!;
      let bindings: NetworkBinding[] | undefined;
      const mappings = def.portMappings;
      if (mappings && mappings.length > 0) {
        bindings = new Array<NetworkBinding>(mappings.length);
        for (let m = 0; m < mappings.length; m++) {
          const pm = mappings[m]!;
          const protocol = pm.protocol ?? 'tcp';
          const hostPort = pm.hostPort ? pm.hostPort : dyn[d++]!;
          bindings[m] = { bindIP: '0.0.0.0', containerPort: pm.containerPort!, hostPort, protocol };
        }
      }
      containers[k] = {
        uuid: uuidFrom(this.ids),
        name: def.name!,
        essential: def.essential !== false,
        status: PENDING,
        exitCode: undefined,
        reason: undefined,
        networkBindings: bindings,
      };
    }
    // an object literal, not a class instance: V8 allocates literals that tend to survive (a
    // simulation keeps every task) directly in the old generation, sparing each scavenge a copy
    const task: TaskRecord = {
      seq: this.nextSeq(),
      uuid,
      arn: this.scopedArn(this.prefixes.task, cluster, uuid),
      cluster,
      instance: inst,
      taskDefinition: td,
      overrides,
      startedBy,
      group,
      containers,
      dynamicPorts: dyn,
      lastStatus: PENDING,
      desiredStatus: RUNNING,
      stoppedReason: undefined,
      createdAt: this.sim.now(),
      startedAt: undefined,
      stoppedAt: undefined,
      agentEvent: -1,
      prevLive: undefined,
      nextLive: undefined,
    };
    this.tasksByUuid.set(uuid, task);
    cluster.tasks.push(task);
    inst.liveTasks.add(task);
    inst.pendingTasks++;
    cluster.pendingTasks++;
    for (const l of this.listeners) l.taskPlaced?.(task);
    if (this.options.agent.mode === 'auto') {
      task.agentEvent = this.sim.schedule(this.options.agent.startDelayMs, this.agentStart, task);
    }
    return task;
  }

  /** Moves a live task to RUNNING (containers that are still PENDING with it). */
  markRunning(task: TaskRecord): void {
    if (task.lastStatus !== PENDING) return;
    task.lastStatus = RUNNING;
    task.startedAt = this.sim.now();
    for (const c of task.containers) if (c.status === PENDING) c.status = RUNNING;
    task.instance.pendingTasks--;
    task.instance.runningTasks++;
    task.cluster.pendingTasks--;
    task.cluster.runningTasks++;
    for (const l of this.listeners) l.taskRunning?.(task);
  }

  /** Asks a task to stop: desired STOPPED, and in auto mode the agent stops it after stopDelayMs. */
  requestStop(task: TaskRecord, reason: string): void {
    if (task.lastStatus === STOPPED || task.desiredStatus === STOPPED) return;
    task.desiredStatus = STOPPED;
    task.stoppedReason = reason;
    if (this.options.agent.mode === 'auto' && task.instance.agentConnected) {
      this.sim.cancel(task.agentEvent);
      task.agentEvent = this.sim.schedule(this.options.agent.stopDelayMs, this.agentStop, task);
    }
  }

  /**
   * Moves a task to STOPPED and releases what it holds. Releasing happens here and only here,
   * guarded by the status check, so a task releases exactly once.
   */
  markStopped(task: TaskRecord, reason: string | undefined, exitCode: number | undefined): void {
    if (task.lastStatus === STOPPED) return;
    const previous = task.lastStatus;
    task.lastStatus = STOPPED;
    task.desiredStatus = STOPPED;
    if (task.stoppedReason === undefined && reason !== undefined) task.stoppedReason = reason;
    task.stoppedAt = this.sim.now();
    this.sim.cancel(task.agentEvent);
    task.agentEvent = -1;
    for (const c of task.containers) {
      if (c.status !== STOPPED) {
        c.status = STOPPED;
        if (c.exitCode === undefined && exitCode !== undefined) c.exitCode = exitCode;
      }
    }
    const inst = task.instance;
    if (!inst.liveTasks.delete(task)) throw new InvariantError(`task ${task.arn} released twice`);
    this.table.release(inst.slot, task.taskDefinition.demand, task.dynamicPorts);
    this.refreshIndex(inst);
    if (previous === PENDING) {
      inst.pendingTasks--;
      task.cluster.pendingTasks--;
    } else {
      inst.runningTasks--;
      task.cluster.runningTasks--;
    }
    for (const l of this.listeners) l.taskStopped?.(task, previous);
  }

  // ---- the simulated agent (auto mode) ----

  private readonly agentStart = (arg: unknown): void => {
    const task = arg as TaskRecord;
    task.agentEvent = -1;
    if (task.lastStatus === PENDING && task.desiredStatus === RUNNING && task.instance.agentConnected) {
      this.markRunning(task);
    }
  };

  private readonly agentStop = (arg: unknown): void => {
    const task = arg as TaskRecord;
    task.agentEvent = -1;
    if (task.lastStatus !== STOPPED && task.instance.agentConnected) this.markStopped(task, undefined, 0);
  };

  /** An agent that reconnects catches up: it starts what is pending and stops what should stop. */
  resumeAgent(inst: InstanceRecord): void {
    if (this.options.agent.mode !== 'auto') return;
    for (const task of inst.liveTasks) {
      if (task.agentEvent !== -1) continue;
      if (task.desiredStatus === STOPPED) {
        task.agentEvent = this.sim.schedule(this.options.agent.stopDelayMs, this.agentStop, task);
      } else if (task.lastStatus === PENDING) {
        task.agentEvent = this.sim.schedule(this.options.agent.startDelayMs, this.agentStart, task);
      }
    }
  }

  /** Cancels pending agent moves when the agent goes away; they resume on reconnect. */
  suspendAgent(inst: InstanceRecord): void {
    for (const task of inst.liveTasks) {
      if (task.agentEvent !== -1) {
        this.sim.cancel(task.agentEvent);
        task.agentEvent = -1;
      }
    }
  }

  /** Validates `maxResults` (1..100, default 100). */
  static maxResults(value: unknown): number {
    if (value === undefined || value === null) return 100;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
      throw invalidParameter('maxResults must be an integer between 1 and 100.');
    }
    return value;
  }
}

export type { EventHandle };
