// Schedulers for `launch: startTask` workloads: in the 2015 API, StartTask is how a custom
// scheduler places tasks, naming the instances itself. A scheduler gets one launch (count tasks of
// one task definition) and carries it out with StartTask calls; the built-in one is first-fit over
// the runner's FleetView (instance resources as the lifecycle notifications left them), so it
// never has to describe instances through the API. A strategy from the placement layer can be
// adapted to this interface to act as the scheduler.
import type { PlacementConstraintRequest, StartTaskRequest, StartTaskResponse } from '../ecs/api-types.js';
import type { Simulation } from '../ecs/simulation.js';
import type { DemandVector, FleetView } from '../metrics/fleet-view.js';

/** One launch a StartTask workload asks its scheduler for. */
export interface StartTaskLaunch {
  cluster: string;
  /** `family:revision`. */
  taskDefinition: string;
  /** Tasks to start, 1..10. */
  count: number;
  /** The workload's name (the runner matches tasks to workloads by it). */
  startedBy: string;
  group?: string;
  /**
   * Constraints every task must satisfy (the task definition's and the workload's, as the ECS API
   * spells them); a scheduler that cannot evaluate them must not be given any.
   */
  placementConstraints?: PlacementConstraintRequest[];
  /** What one task holds, per the view's dimensions, with its fixed host ports. */
  demand: DemandVector;
}

export interface SchedulerContext {
  readonly sim: Simulation;
  readonly view: FleetView;
}

/**
 * A StartTask scheduler: starts up to `launch.count` tasks by naming instances in StartTask calls
 * and returns what StartTask answered (tasks started, and failures; when it finds no instance at
 * all it returns one failure whose reason says why, e.g. RESOURCE:MEMORY).
 */
export interface StartTaskScheduler {
  readonly name: string;
  start(launch: StartTaskLaunch, ctx: SchedulerContext): StartTaskResponse;
}

/**
 * Why no ACTIVE instance of the cluster can take the task: the most common first reason over the
 * cluster's ACTIVE instances (the earliest such reason in registration order on a tie), or
 * MISSING when the cluster has no ACTIVE instance.
 */
export function bindingReason(view: FleetView, cluster: string, demand: DemandVector): string {
  const counts = new Map<string, number>();
  let top = 'MISSING';
  let topCount = 0;
  for (const inst of view.instances(cluster)) {
    if (view.active[inst.slot] === 0) continue;
    const reason = view.fitReason(inst.slot, demand);
    if (reason === null) continue;
    const n = (counts.get(reason) ?? 0) + 1;
    counts.set(reason, n);
    if (n > topCount) {
      top = reason;
      topCount = n;
    }
  }
  return top;
}

/**
 * First-fit: walks the cluster's instances in registration order and names the first ones with
 * room, several tasks on one instance when it has room for several. Cost: one pass over the
 * cluster's instances per launch. It does not evaluate placement constraints (the runner refuses
 * to give it a launch that has any).
 */
export const firstFitScheduler: StartTaskScheduler = {
  name: 'first-fit',
  start(launch, { sim, view }) {
    const chosen: string[] = [];
    for (const inst of view.instances(launch.cluster)) {
      let onThis = 0;
      while (chosen.length < launch.count && view.fitReason(inst.slot, launch.demand, onThis) === null) {
        chosen.push(inst.arn);
        onThis++;
      }
      if (chosen.length >= launch.count) break;
    }
    if (chosen.length === 0) {
      return { tasks: [], failures: [{ arn: launch.cluster, reason: bindingReason(view, launch.cluster, launch.demand) }] };
    }
    const req: StartTaskRequest = { cluster: launch.cluster, taskDefinition: launch.taskDefinition, containerInstances: chosen, startedBy: launch.startedBy };
    if (launch.group !== undefined) req.group = launch.group;
    const res = sim.ecs.startTask(req);
    if (chosen.length < launch.count && res.failures.length === 0) {
      res.failures.push({ arn: launch.cluster, reason: bindingReason(view, launch.cluster, launch.demand) });
    }
    return res;
  },
};
