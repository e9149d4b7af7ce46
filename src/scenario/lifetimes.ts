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

export class TaskLifetimes implements LifecycleListener {
  /** Lifetime (ms) of each placed task not yet RUNNING, by task ARN. */
  private readonly waiting = new Map<string, number>();
  /** Exit codes other than 0, by task ARN, until the exit is reported. */
  private readonly exitCodes = new Map<string, number>();
  /** RUNNING tasks whose lifetime is not known yet, by task ARN. */
  private readonly unsettled = new Map<string, TaskRecord>();
  private readonly deferredExits = new Map<InstanceRecord, TaskRecord[]>();
  private readonly exitNames = new Map<TaskDefinitionRecord, string[]>();

  /** @param end the horizon, ms: a lifetime ending at or after it is not scheduled. */
  constructor(
    private readonly sim: Simulation,
    private readonly end: number,
  ) {}

  /**
   * The task `taskArn`, just placed and not yet RUNNING, lives `ms` once RUNNING (Infinity: until
   * the run ends; NaN: not known yet, see `settle`). A task given no lifetime runs until something else stops it. Its essential
   * container exits with `exitCode` (default 0).
   */
  assign(taskArn: string, ms: number, exitCode = 0): void {
    this.waiting.set(taskArn, ms);
    if (exitCode !== 0) this.exitCodes.set(taskArn, exitCode);
  }

  taskRunning(task: TaskRecord): void {
    const lifetime = this.waiting.get(task.arn);
    if (lifetime === undefined) return;
    this.waiting.delete(task.arn);
    if (Number.isNaN(lifetime)) {
      this.unsettled.set(task.arn, task);
      return;
    }
    if (lifetime === Infinity) return;
    if (this.sim.now() + lifetime >= this.end) return;
    this.sim.schedule(lifetime, () => this.complete(task));
  }

  taskStopped(task: TaskRecord): void {
    // stopped before RUNNING: its lifetime never starts
    this.waiting.delete(task.arn);
    this.exitCodes.delete(task.arn);
    this.unsettled.delete(task.arn);
  }

  /**
   * The lifetime of `taskArn`, assigned NaN, is now known: `ms` from RUNNING. A task not yet RUNNING
   * takes it as if assigned; a RUNNING one ends at RUNNING + ms, or at once when that has passed.
   * @returns true when the task's end was already past (it ran longer than its lifetime).
   */
  settle(taskArn: string, ms: number): boolean {
    if (this.waiting.has(taskArn)) {
      this.waiting.set(taskArn, ms);
      return false;
    }
    const task = this.unsettled.get(taskArn);
    if (task === undefined) return false;
    this.unsettled.delete(taskArn);
    if (ms === Infinity) return false;
    const due = (task.startedAt ?? this.sim.now()) + ms;
    if (due >= this.end) return false;
    const wait = due - this.sim.now();
    this.sim.schedule(Math.max(0, wait), () => this.complete(task));
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

  /** The task's lifetime is over: its essential container exits. */
  private complete(task: TaskRecord): void {
    if (task.lastStatus === STOPPED || task.desiredStatus === STOPPED) return;
    if (!task.instance.agentConnected) {
      let list = this.deferredExits.get(task.instance);
      if (!list) this.deferredExits.set(task.instance, (list = []));
      list.push(task);
      return;
    }
    const cluster = task.cluster.name;
    const exitCode = this.exitCodes.get(task.arn) ?? 0;
    for (const containerName of this.exitingContainers(task.taskDefinition)) {
      // the task's id rather than its ARN: the API takes either, and the id needs no parsing
      this.sim.ecs.submitContainerStateChange({ cluster, task: task.uuid, containerName, status: 'STOPPED', exitCode });
      // the call changed the task behind TypeScript's narrowing: read the status afresh
      if ((task as { lastStatus: number }).lastStatus === STOPPED) break;
    }
  }

  /** The first essential container; every container when none is essential. */
  private exitingContainers(td: TaskDefinitionRecord): string[] {
    let names = this.exitNames.get(td);
    if (!names) {
      const essential = td.containerDefinitions.find((c) => c.essential !== false);
      names = essential ? [essential.name!] : td.containerDefinitions.map((c) => c.name!);
      this.exitNames.set(td, names);
    }
    return names;
  }
}
