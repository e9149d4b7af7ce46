// The control plane: its state (state.ts) and the parts that act on it, wired once — the task
// lifecycle (lifecycle.ts), the simulated agent (simulated-agent.ts) and placement
// (placement-context.ts). The actions
// (one file per action family) take a ControlPlane, validate everything first and only then change
// state, so a rejected call changes nothing and draws nothing. Resolving references is in
// references.ts: plain functions of the state.
import type { Simulator } from '../engine/simulator.js';
import type { PlacementStrategy } from '../placement/types.js';
import { TaskLifecycle, type LifecycleListener } from './lifecycle.js';
import { PlacementContext, type FailureDetail } from './placement-context.js';
import { SimulatedAgent, type AgentOptions } from './simulated-agent.js';
import { ControlPlaneState, type ControlPlaneIdentity } from './state.js';
import { StoppedTaskArchive } from './stopped-tasks.js';

export type { LifecycleListener } from './lifecycle.js';
export type { AgentOptions } from './simulated-agent.js';
export { REASON_ESSENTIAL, REASON_FORCED, REASON_USER } from './lifecycle.js';

export interface ControlPlaneOptions extends ControlPlaneIdentity {
  agent: Required<AgentOptions>;
  /**
   * How RunTask reports tasks it could not place: 'instances' (default, as ECS does) lists every
   * ruled-out instance with its first reason; 'summary' gives one entry naming the cluster and
   * the binding reason, without visiting every instance (for large simulated fleets).
   */
  failureDetail: FailureDetail;
  /** For RunTask requests that name no `placementStrategy`. Default RANDOM (the 2015 behaviour). */
  strategy: PlacementStrategy;
  /** See SimulationOptions.stoppedTaskRetentionMs. */
  stoppedTaskRetentionMs: number;
}

export class ControlPlane extends ControlPlaneState {
  /** Lifecycle notifications (metrics collectors subscribe through Simulation.observe). */
  readonly listeners: LifecycleListener[] = [];
  readonly lifecycle: TaskLifecycle;
  readonly agent: SimulatedAgent;
  readonly placement: PlacementContext;

  constructor(
    readonly sim: Simulator,
    readonly options: ControlPlaneOptions,
  ) {
    super(options, { stoppedTaskRetentionMs: options.stoppedTaskRetentionMs, now: () => sim.now() }, (state) => new StoppedTaskArchive(state));
    this.placement = new PlacementContext(this, options.strategy, options.failureDetail);
    this.listeners.push(this.placement.listener);
    this.lifecycle = new TaskLifecycle(this, sim, this.listeners);
    this.agent = new SimulatedAgent(sim, this.lifecycle, options.agent);
    this.lifecycle.attachAgent(this.agent);
  }
}
