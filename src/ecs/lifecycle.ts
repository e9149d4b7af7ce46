// A task's lifecycle — placed (PENDING), RUNNING, STOPPED — and the accounting that goes with it:
// placing takes the task's resources, stopping gives them back. Releasing happens in markStopped
// and only there, guarded by the status check, so a task releases exactly once whoever stops it
// (StopTask through the agent, a state change the agent submits, a forced deregistration).
// Listeners hear every transition synchronously, after the state has changed.
import type { Simulator } from '../engine/simulator.js';
import { DIM_CPU, DIM_MEMORY, type InstanceTable } from '../model/instance-table.js';
import type { NetworkBinding, TaskOverride } from './api-types.js';
import { InvariantError } from './errors.js';
import {
  PENDING,
  RUNNING,
  STOPPED,
  type ClusterRecord,
  type ContainerRecord,
  type ControlPlaneState,
  type InstanceRecord,
  type StatusCode,
  type TaskDefinitionRecord,
  type TaskRecord,
} from './state.js';

/**
 * Lifecycle notifications, for metrics collectors. All optional; called synchronously. A task's
 * UUID and ARN are not fields of its record: read them with ControlPlaneState.taskUuid / taskArn
 * (`sim.controlPlane.taskArn(task)`), while the task is live or retained (see TaskRecord.uuidText).
 */
export interface LifecycleListener {
  taskPlaced?(task: TaskRecord): void;
  taskRunning?(task: TaskRecord): void;
  taskStopped?(task: TaskRecord, previous: StatusCode): void;
  instanceRegistered?(instance: InstanceRecord): void;
  instanceDeregistered?(instance: InstanceRecord): void;
  agentConnectionChanged?(instance: InstanceRecord): void;
}

/** What the lifecycle tells the agent that runs tasks (simulated-agent.ts in auto mode). */
export interface TaskAgent {
  /** A task was placed: the agent may start it. */
  taskPlaced(task: TaskRecord): void;
  /** A live task was asked to stop: the agent may stop it. */
  stopRequested(task: TaskRecord): void;
  /** A task reached STOPPED (its live index still names it): a move the agent scheduled for it is void. */
  taskStopped(task: TaskRecord): void;
}

export const REASON_USER = 'Task stopped by user';
export const REASON_ESSENTIAL = 'Essential container in task exited';
export const REASON_FORCED = 'Container instance deregistration forced by user';

export class TaskLifecycle {
  readonly table: InstanceTable;
  /** Told of placements and stop requests; set once by the control plane (the agent needs the lifecycle too). */
  private agent: TaskAgent | undefined = undefined;

  constructor(
    private readonly state: ControlPlaneState,
    private readonly sim: Simulator,
    readonly listeners: LifecycleListener[],
  ) {
    this.table = state.table;
  }

  attachAgent(agent: TaskAgent): void {
    this.agent = agent;
  }

  /** Re-reads an instance's CPU/MEMORY into its cluster's feasibility index (-1: not a candidate). */
  refreshIndex(inst: InstanceRecord): void {
    const slot = inst.slot;
    const eligible = inst.status === 'ACTIVE' && inst.agentConnected;
    inst.cluster.index.update(
      inst.pos,
      eligible ? this.table.remaining[DIM_CPU]![slot]! : -1,
      eligible ? this.table.remaining[DIM_MEMORY]![slot]! : -1,
    );
  }

  /** Creates a PENDING task on `inst` and takes its resources. The caller has checked the fit. */
  placeTask(
    cluster: ClusterRecord,
    inst: InstanceRecord,
    td: TaskDefinitionRecord,
    overrides: TaskOverride,
    startedBy: string | undefined,
    group: string | undefined,
  ): TaskRecord {
    const state = this.state;
    const dyn = this.table.allocate(inst.slot, td.demand);
    this.refreshIndex(inst);
    const liveIndex = state.allocLiveIndex();
    const ids = state.liveIds;
    // drawn now, in the order they always were; spelled only when read (ControlPlaneState.taskUuid)
    ids.drawTask(state.ids, liveIndex);
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
        uuidText: ids.drawContainer(state.ids, liveIndex, k),
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
      seq: state.nextSeq(),
      uuidText: undefined,
      arnText: undefined,
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
      forgotten: false,
      liveIndex,
      clusterPos: -1,
    };
    state.tasksByUuid.add(task);
    state.addToCluster(task);
    inst.liveTasks.add(task);
    inst.pendingTasks++;
    cluster.pendingTasks++;
    for (const l of this.listeners) l.taskPlaced?.(task);
    this.agent?.taskPlaced(task);
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

  /** Asks a task to stop: desired STOPPED; the agent stops it (in auto mode, after stopDelayMs). */
  requestStop(task: TaskRecord, reason: string): void {
    if (task.lastStatus === STOPPED || task.desiredStatus === STOPPED) return;
    task.desiredStatus = STOPPED;
    task.stoppedReason = reason;
    this.agent?.stopRequested(task);
  }

  /**
   * Moves a task to STOPPED and releases what it holds. Releasing happens here and only here,
   * guarded by the status check, so a task releases exactly once.
   * @throws InvariantError when the task was already released (a broken invariant, not a caller mistake).
   */
  markStopped(task: TaskRecord, reason: string | undefined, exitCode: number | undefined): void {
    if (task.lastStatus === STOPPED) return;
    const previous = task.lastStatus;
    task.lastStatus = STOPPED;
    task.desiredStatus = STOPPED;
    if (task.stoppedReason === undefined && reason !== undefined) task.stoppedReason = reason;
    task.stoppedAt = this.sim.now();
    this.agent?.taskStopped(task);
    for (const c of task.containers) {
      if (c.status !== STOPPED) {
        c.status = STOPPED;
        if (c.exitCode === undefined && exitCode !== undefined) c.exitCode = exitCode;
      }
    }
    const inst = task.instance;
    if (!inst.liveTasks.delete(task)) throw new InvariantError(`task #${task.seq} released twice`);
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
    this.state.taskStopped(task);
  }
}
