// A StartTask launch whose instances a strategy chooses: how a custom scheduler of the 2015 API
// (which placed with StartTask on instances it picked itself) is written against ecsim's
// placement. Each choice goes through the control plane's one placement path (placement-context.ts)
// and each task is then started with the public StartTask action.
import type { PlacementStrategy } from '../placement/types.js';
import type { EcsApi, PlacementConstraintRequest, StartTaskResponse, TaskOverride } from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { EcsError, invalidParameter } from './errors.js';
import { activeCluster } from './references.js';
import { resolveTaskDefinition } from './task-definitions.js';

/** A StartTask call whose instances a strategy chooses: a custom scheduler. */
export interface ScheduledStartTaskRequest {
  cluster?: string;
  taskDefinition: string;
  /** Tasks to start, 1..10; default 1. */
  count?: number;
  group?: string;
  startedBy?: string;
  overrides?: TaskOverride;
  /** Binding, as in RunTask. */
  placementConstraints?: PlacementConstraintRequest[];
}

/**
 * Runs `strategy` as the scheduler of a StartTask launch: for each task it chooses an instance
 * from the control plane's state (drawing from the `placement` stream), then starts the task
 * there with the public StartTask action, so the view sees each task before the next choice.
 * When the strategy finds no instance, `failures` explains it as RunTask would (failureDetail).
 * @throws EcsError as StartTask and RunTask would (unknown cluster or task definition, bad count,
 *   bad constraints).
 */
export function startTaskWithStrategy(
  sim: { readonly ecs: EcsApi; readonly controlPlane: ControlPlane },
  strategy: PlacementStrategy,
  req: ScheduledStartTaskRequest,
): StartTaskResponse {
  try {
    return scheduledStart(sim, strategy, req);
  } catch (e) {
    if (e instanceof EcsError && e.action === '') (e as { action: string }).action = 'StartTask';
    throw e;
  }
}

function scheduledStart(sim: { readonly ecs: EcsApi; readonly controlPlane: ControlPlane }, strategy: PlacementStrategy, req: ScheduledStartTaskRequest): StartTaskResponse {
  const cp = sim.controlPlane;
  const cluster = activeCluster(cp, req.cluster);
  const td = resolveTaskDefinition(cp, req.taskDefinition);
  const count = req.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
  const placement = cp.placement;
  const request = placement.request(td, req.group, req.placementConstraints);
  const view = placement.view(cluster);
  const out: StartTaskResponse = { tasks: [], failures: [] };
  for (let i = 0; i < count; i++) {
    const slot = placement.pick(strategy, request, view);
    if (slot < 0) {
      out.failures.push(...placement.failures(cluster, request, view));
      break;
    }
    const start: Parameters<EcsApi['startTask']>[0] = {
      cluster: cluster.name,
      taskDefinition: td.arn,
      containerInstances: [cp.instancesBySlot[slot]!.arn],
    };
    if (req.group !== undefined) start.group = req.group;
    if (req.startedBy !== undefined) start.startedBy = req.startedBy;
    if (req.overrides !== undefined) start.overrides = req.overrides;
    const res = sim.ecs.startTask(start);
    out.tasks.push(...res.tasks);
    out.failures.push(...res.failures);
  }
  return out;
}
