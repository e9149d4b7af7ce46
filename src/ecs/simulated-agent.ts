// The simulated ECS agent (agent mode 'auto'): it starts each placed task after startDelayMs and
// stops each task asked to stop after stopDelayMs, as a real agent would report through
// SubmitTaskStateChange. A disconnected agent does nothing; when it reconnects it catches up. In
// 'manual' mode this agent stays silent and the caller reports state changes itself.
import type { Simulator } from '../engine/simulator.js';
import type { TaskAgent, TaskLifecycle } from './lifecycle.js';
import { PENDING, RUNNING, STOPPED, type InstanceRecord, type TaskRecord } from './state.js';

export interface AgentOptions {
  /** 'auto' (default): a simulated agent reports state changes; 'manual': the caller does. */
  mode?: 'auto' | 'manual';
  /** Time from placement to RUNNING in auto mode. Default 1000 ms. */
  startDelayMs?: number;
  /** Time from a stop request to STOPPED in auto mode. Default 1000 ms. */
  stopDelayMs?: number;
}

export class SimulatedAgent implements TaskAgent {
  private readonly auto: boolean;

  constructor(
    private readonly sim: Simulator,
    private readonly lifecycle: TaskLifecycle,
    private readonly options: Required<AgentOptions>,
  ) {
    this.auto = options.mode === 'auto';
  }

  taskPlaced(task: TaskRecord): void {
    if (this.auto) task.agentEvent = this.sim.schedule(this.options.startDelayMs, this.start, task);
  }

  stopRequested(task: TaskRecord): void {
    if (this.auto && task.instance.agentConnected) {
      this.sim.cancel(task.agentEvent);
      task.agentEvent = this.sim.schedule(this.options.stopDelayMs, this.stop, task);
    }
  }

  /** An agent that reconnects catches up: it starts what is pending and stops what should stop. */
  resume(inst: InstanceRecord): void {
    if (!this.auto) return;
    for (const task of inst.liveTasks) {
      if (task.agentEvent !== -1) continue;
      if (task.desiredStatus === STOPPED) {
        task.agentEvent = this.sim.schedule(this.options.stopDelayMs, this.stop, task);
      } else if (task.lastStatus === PENDING) {
        task.agentEvent = this.sim.schedule(this.options.startDelayMs, this.start, task);
      }
    }
  }

  /** Cancels pending agent moves when the agent goes away; they resume on reconnect. */
  suspend(inst: InstanceRecord): void {
    for (const task of inst.liveTasks) {
      if (task.agentEvent !== -1) {
        this.sim.cancel(task.agentEvent);
        task.agentEvent = -1;
      }
    }
  }

  // arrow functions bound once: the engine calls them with the task as the event's argument,
  // sparing a closure per scheduled move
  private readonly start = (arg: unknown): void => {
    const task = arg as TaskRecord;
    task.agentEvent = -1;
    if (task.lastStatus === PENDING && task.desiredStatus === RUNNING && task.instance.agentConnected) {
      this.lifecycle.markRunning(task);
    }
  };

  private readonly stop = (arg: unknown): void => {
    const task = arg as TaskRecord;
    task.agentEvent = -1;
    if (task.lastStatus !== STOPPED && task.instance.agentConnected) this.lifecycle.markStopped(task, undefined, 0);
  };
}
