// Schedulers for `launch: startTask` workloads: in the 2015 API, StartTask is how a custom
// scheduler places tasks, naming the instances itself. A scheduler gets one launch (count tasks of
// one task definition) and carries it out with StartTask calls; the built-in one is first-fit over
// the cluster's placement InstanceView (the control plane's instance state, read live), so it
// never has to describe instances through the API. A strategy from the placement layer can be
// adapted to this interface to act as the scheduler.
import type { PlacementConstraintRequest, StartTaskRequest, StartTaskResponse } from '../ecs/api-types.js';
import type { Simulation } from '../ecs/simulation.js';
import { addDecimal, FIT_OK, type Demand } from '../model/demand.js';
import { explain, makeRequest } from '../placement/pipeline.js';
import type { InstanceView } from '../placement/types.js';

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
  /** What one task holds: CPU, MEMORY, fixed host ports and user-defined resources. */
  demand: Demand;
}

export interface SchedulerContext {
  readonly sim: Simulation;
  /** The launch cluster's instances, as placement strategies see them. */
  readonly view: InstanceView;
}

/**
 * A StartTask scheduler: starts up to `launch.count` tasks by naming instances in StartTask calls
 * and returns what StartTask answered (tasks started, and failures; when it finds no instance at
 * all it returns one failure whose reason says why, e.g. RESOURCE:MEMORY). The runner takes the
 * tasks of the response as the ones placed (the rest are retried or given up on) and gives them
 * their lifetimes in the order listed.
 */
export interface StartTaskScheduler {
  readonly name: string;
  start(launch: StartTaskLaunch, ctx: SchedulerContext): StartTaskResponse;
}

/**
 * Why no ACTIVE instance of the cluster can take the task: the most common first reason over the
 * cluster's ACTIVE instances, as placement explains them (the first reason to reach the top count
 * wins a tie), or MISSING when no ACTIVE instance rules it out.
 */
export function bindingReason(view: InstanceView, launch: StartTaskLaunch): string {
  const family = launch.taskDefinition.slice(0, Math.max(0, launch.taskDefinition.lastIndexOf(':')));
  const counts = new Map<string, number>();
  let top = 'MISSING';
  let topCount = 0;
  for (const { reason } of explain(makeRequest({ demand: launch.demand, family }), view)) {
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
 * `demand` × `k`: what k tasks of it hold together, for the resources that add up. User-defined
 * amounts are added in billionths (addDecimal), as the instance table takes them, so three tasks
 * of 0.1 fit in 0.3.
 */
function times(demand: Demand, k: number): Demand {
  if (k === 1) return demand;
  const extraAmounts = demand.extraAmounts.map((a) => {
    let sum = a;
    for (let i = 1; i < k; i++) sum = addDecimal(sum, a);
    return sum;
  });
  return { ...demand, cpu: demand.cpu * k, memory: demand.memory * k, extraAmounts };
}

/**
 * First-fit: walks the cluster's instances in registration order and names the first ones with
 * room, several tasks on one instance when it has room for several (never two tasks holding the
 * same fixed host port). Cost: one pass over the cluster's instances per launch. It does not
 * evaluate placement constraints (the runner refuses to give it a launch that has any).
 */
export const firstFitScheduler: StartTaskScheduler = {
  name: 'first-fit',
  start(launch, { sim, view }) {
    const chosen: string[] = [];
    const fixedPorts = launch.demand.tcpPorts.length + launch.demand.udpPorts.length > 0;
    const together: Demand[] = [];
    for (let pos = 0; pos < view.size && chosen.length < launch.count; pos++) {
      if (!view.isActive(pos)) continue;
      let onThis = 0;
      while (chosen.length < launch.count && (onThis === 0 || !fixedPorts)) {
        const d = (together[onThis] ??= times(launch.demand, onThis + 1));
        if (view.fit(pos, d) !== FIT_OK) break;
        chosen.push(view.arn(pos));
        onThis++;
      }
    }
    if (chosen.length === 0) {
      return { tasks: [], failures: [{ arn: launch.cluster, reason: bindingReason(view, launch) }] };
    }
    const req: StartTaskRequest = { cluster: launch.cluster, taskDefinition: launch.taskDefinition, containerInstances: chosen, startedBy: launch.startedBy };
    if (launch.group !== undefined) req.group = launch.group;
    const res = sim.ecs.startTask(req);
    if (chosen.length < launch.count && res.failures.length === 0) {
      res.failures.push({ arn: launch.cluster, reason: bindingReason(view, launch) });
    }
    return res;
  },
};
