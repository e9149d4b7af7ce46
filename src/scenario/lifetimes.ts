// The owner of placed tasks' lifetimes. The workload driver hands it each placed task's lifetime
// (drawn when the task was requested) from the response of the call that placed it; when the task
// reaches RUNNING its lifetime starts, and when it ends the task's essential container exits
// (SubmitContainerStateChange STOPPED, exit code 0 unless told otherwise: a service task's end is a
// crash), as a finished job's would, so the task stops
// with "Essential container in task exited". If the instance's agent is disconnected then, the
// exit is reported when it reconnects. A lifetime is held from placement to RUNNING (or to an
// earlier stop) only. A trace replay may place a task before its lifetime is known (NaN): the task
// is then held until `settle` gives it, and its lifetime counts from when it reached RUNNING.
import type { LifecycleListener } from '../ecs/control-plane.js';
import type { Simulation } from '../ecs/simulation.js';
import { STOPPED, type InstanceRecord, type TaskDefinitionRecord, type TaskRecord } from '../ecs/state.js';

const NONE = 0;
/** Placed, not yet RUNNING, with a lifetime (NaN: not known yet). */
const WAITING = 1;
/** RUNNING, its lifetime not known yet (a trace's). */
const UNSETTLED = 2;

/**
 * Lifetimes as typed records indexed by the task's live index (TaskRecord.liveIndex), which the
 * control plane reuses once a task stops: a few numbers per live task and nothing allocated per
 * task, where maps keyed by ARN cost an entry, a flattened key string and a rehash now and then.
 */
export class TaskLifetimes implements LifecycleListener {
  /** NONE, WAITING or UNSETTLED, per live index. */
  private state = new Uint8Array(1024);
  /** The lifetime (ms) of a WAITING task. */
  private ms = new Float64Array(1024);
  /**
   * The exit code of the task's essential container when its lifetime ends, by live index, for the
   * tasks given one other than 0 (a service's): a workload task's completion then reads no table.
   */
  private readonly exitCodes = new Map<number, number>();
  private readonly deferredExits = new Map<InstanceRecord, TaskRecord[]>();
  /** Indices in containerDefinitions of the containers that exit when a task of the definition ends. */
  private readonly exitIndices = new Map<TaskDefinitionRecord, number[]>();

  /** @param end the horizon, ms: a lifetime ending at or after it is not scheduled. */
  constructor(
    private readonly sim: Simulation,
    private readonly end: number,
  ) {}

  /**
   * The task `taskArn`, just placed and not yet RUNNING, lives `ms` once RUNNING: as `assignTask`,
   * for a caller that has the task's ARN from a response. An ARN that names no live task (not placed, or STOPPED) is ignored.
   */
  assign(taskArn: string, ms: number, exitCode = 0): void {
    const task = this.sim.controlPlane.tasksByUuid.live(taskArn.slice(taskArn.lastIndexOf('/') + 1));
    if (task !== undefined && this.sim.controlPlane.taskArn(task) === taskArn) this.assignTask(task, ms, exitCode);
  }

  /**
   * `task`, just placed and not yet RUNNING, lives `ms` once RUNNING (Infinity: until the run
   * ends; NaN: not known yet, see `settle`). A task given no lifetime runs until something else
   * stops it. Its essential container exits with `exitCode` (default 0). A STOPPED task is ignored.
   */
  assignTask(task: TaskRecord, ms: number, exitCode = 0): void {
    const i = task.liveIndex;
    if (i < 0) return;
    if (i >= this.state.length) this.grow(i);
    this.state[i] = WAITING;
    this.ms[i] = ms;
    if (exitCode !== 0) this.exitCodes.set(i, exitCode);
    else if (this.exitCodes.size > 0) this.exitCodes.delete(i);
  }

  taskRunning(task: TaskRecord): void {
    const i = task.liveIndex;
    if (i >= this.state.length || this.state[i] !== WAITING) return;
    const lifetime = this.ms[i]!;
    if (Number.isNaN(lifetime)) {
      this.state[i] = UNSETTLED;
      return;
    }
    this.state[i] = NONE;
    if (lifetime === Infinity) return;
    if (this.sim.now() + lifetime >= this.end) return;
    this.sim.schedule(lifetime, this.completeEvent, task);
  }

  taskStopped(task: TaskRecord): void {
    // stopped before RUNNING: its lifetime never starts
    const i = task.liveIndex;
    if (i >= this.state.length) return;
    this.state[i] = NONE;
    if (this.exitCodes.size > 0) this.exitCodes.delete(i);
  }

  /**
   * The lifetime of `taskArn`, assigned NaN, is now known: `ms` from RUNNING. A task not yet RUNNING
   * takes it as if assigned; a RUNNING one ends at RUNNING + ms, or at once when that has passed.
   * @returns true when the task's end was already past (it ran longer than its lifetime).
   */
  settle(taskArn: string, ms: number): boolean {
    const task = this.sim.controlPlane.tasksByUuid.live(taskArn.slice(taskArn.lastIndexOf('/') + 1));
    if (task === undefined || this.sim.controlPlane.taskArn(task) !== taskArn) return false;
    const i = task.liveIndex;
    if (i < 0 || i >= this.state.length) return false;
    if (this.state[i] === WAITING) {
      this.ms[i] = ms;
      return false;
    }
    if (this.state[i] !== UNSETTLED) return false;
    this.state[i] = NONE;
    if (ms === Infinity) return false;
    const due = (task.startedAt ?? this.sim.now()) + ms;
    if (due >= this.end) return false;
    const wait = due - this.sim.now();
    this.sim.schedule(Math.max(0, wait), this.completeEvent, task);
    return wait < 0;
  }

  agentConnectionChanged(inst: InstanceRecord): void {
    if (!inst.agentConnected) return;
    const waiting = this.deferredExits.get(inst);
    if (!waiting) return;
    this.deferredExits.delete(inst);
    // report after the reconnection has been fully handled, at the same instant
    this.sim.schedule(0, () => {
      for (const t of waiting) this.complete(t);
    });
  }

  // bound once: the engine passes the task as the event's argument, sparing a closure per lifetime
  private readonly completeEvent = (task: TaskRecord): void => this.complete(task);

  /** The task's lifetime is over: its essential container exits. */
  private complete(task: TaskRecord): void {
    if (task.lastStatus === STOPPED || task.desiredStatus === STOPPED) return;
    if (!task.instance.agentConnected) {
      let list = this.deferredExits.get(task.instance);
      if (!list) this.deferredExits.set(task.instance, (list = []));
      list.push(task);
      return;
    }
    const exitCode = this.exitCodes.size > 0 ? (this.exitCodes.get(task.liveIndex) ?? 0) : 0;
    const containers = task.containers;
    for (const k of this.exitingContainers(task.taskDefinition)) {
      this.sim.runner.containerExited(task, containers[k]!, exitCode);
      // the call changed the task behind TypeScript's narrowing: read the status afresh
      if ((task as { lastStatus: number }).lastStatus === STOPPED) break;
    }
  }

  /** The first essential container; every container when none is essential (indices in the definition). */
  private exitingContainers(td: TaskDefinitionRecord): number[] {
    let list = this.exitIndices.get(td);
    if (!list) {
      const defs = td.containerDefinitions;
      const essential = defs.findIndex((c) => c.essential !== false);
      list = essential >= 0 ? [essential] : defs.map((_, k) => k);
      this.exitIndices.set(td, list);
    }
    return list;
  }

  private grow(i: number): void {
    let n = this.state.length;
    while (n <= i) n *= 2;
    const state = new Uint8Array(n);
    state.set(this.state);
    const ms = new Float64Array(n);
    ms.set(this.ms);
    this.state = state;
    this.ms = ms;
  }
}
