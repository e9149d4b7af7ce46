// The simulated ECS agent (agent mode 'auto'): it starts each placed task after startDelayMs and
// stops each task asked to stop after stopDelayMs, as a real agent would report through
// SubmitTaskStateChange. A disconnected agent does nothing; when it reconnects it catches up. In
// 'manual' mode this agent stays silent and the caller reports state changes itself.
import type { EventHandle } from '../engine/event-queue.js';
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

/** No move scheduled. */
const NONE = -1;

export class SimulatedAgent implements TaskAgent {
  private readonly auto: boolean;
  /**
   * By live index: the handle of the task's next scheduled move (start or stop), or NONE. Handles
   * are integers beyond the small-integer range, so a field on each record would hold a boxed
   * number; here they are one column.
   */
  private moves = new Float64Array(1024).fill(NONE);

  constructor(
    private readonly sim: Simulator,
    private readonly lifecycle: TaskLifecycle,
    private readonly options: Required<AgentOptions>,
  ) {
    this.auto = options.mode === 'auto';
  }

  taskPlaced(task: TaskRecord): void {
    if (this.auto) this.setMove(task, this.sim.schedule(this.options.startDelayMs, this.start, task));
  }

  /** The task has stopped (whoever stopped it): a move still scheduled for it is void. */
  taskStopped(task: TaskRecord): void {
    const i = task.liveIndex;
    if (i >= this.moves.length) return;
    const h = this.moves[i]!;
    if (h !== NONE) {
      this.sim.cancel(h);
      this.moves[i] = NONE;
    }
  }

  stopRequested(task: TaskRecord): void {
    if (this.auto && task.instance.agentConnected) {
      this.sim.cancel(this.moveOf(task));
      this.setMove(task, this.sim.schedule(this.options.stopDelayMs, this.stop, task));
    }
  }

  /** An agent that reconnects catches up: it starts what is pending and stops what should stop. */
  resume(inst: InstanceRecord): void {
    if (!this.auto) return;
    for (const task of inst.liveTasks) {
      if (this.moveOf(task) !== NONE) continue;
      if (task.desiredStatus === STOPPED) {
        this.setMove(task, this.sim.schedule(this.options.stopDelayMs, this.stop, task));
      } else if (task.lastStatus === PENDING) {
        this.setMove(task, this.sim.schedule(this.options.startDelayMs, this.start, task));
      }
    }
  }

  /** Cancels pending agent moves when the agent goes away; they resume on reconnect. */
  suspend(inst: InstanceRecord): void {
    for (const task of inst.liveTasks) {
      const h = this.moveOf(task);
      if (h !== NONE) {
        this.sim.cancel(h);
        this.setMove(task, NONE);
      }
    }
  }

  // arrow functions bound once: the engine calls them with the task as the event's argument,
  // sparing a closure per scheduled move
  private readonly start = (arg: unknown): void => {
    const task = arg as TaskRecord;
    this.setMove(task, NONE);
    if (task.lastStatus === PENDING && task.desiredStatus === RUNNING && task.instance.agentConnected) {
      this.lifecycle.markRunning(task);
    }
  };

  private readonly stop = (arg: unknown): void => {
    const task = arg as TaskRecord;
    this.setMove(task, NONE);
    if (task.lastStatus !== STOPPED && task.instance.agentConnected) this.lifecycle.markStopped(task, undefined, 0);
  };

  /** The task's scheduled move, or NONE (a live task: its live index names it). */
  private moveOf(task: TaskRecord): EventHandle {
    const i = task.liveIndex;
    return i >= 0 && i < this.moves.length ? this.moves[i]! : NONE;
  }

  private setMove(task: TaskRecord, h: EventHandle): void {
    const i = task.liveIndex;
    if (i >= this.moves.length) {
      let n = this.moves.length;
      while (n <= i) n *= 2;
      const grown = new Float64Array(n).fill(NONE);
      grown.set(this.moves);
      this.moves = grown;
    }
    this.moves[i] = h;
  }
}
