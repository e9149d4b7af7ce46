// The bridge between the control plane and the placement pipeline: implements RunTask's
// PlacementHook from the control plane's state (the InstanceTable, the cluster's feasibility
// index and instance records, live tasks per group), and runs a strategy as a StartTask scheduler.
// A plain RunTask — no strategy, no constraints, no default strategy — is left to the 2015 path
// untouched, so its random draws are exactly those of a simulation without this adapter.
import { PlacementParameterError } from '../placement/errors.js';
import { builtinStrategy, RANDOM, strategyFromSpecs } from '../placement/builtin.js';
import { GroupCounts } from '../placement/group-counts.js';
import { TableInstanceView } from '../placement/instance-view.js';
import { parsePlacementConstraints, parsePlacementStrategies } from '../placement/parse.js';
import { explain, makeRequest } from '../placement/pipeline.js';
import type { PlacementConstraintSpec, PlacementRequest, PlacementStrategy } from '../placement/types.js';
import type { EcsApi, Failure, PlacementConstraintRequest, StartTaskResponse, TaskOverride } from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { EcsError, invalidParameter } from './errors.js';
import { activeCluster } from './references.js';
import type { ClusterRecord } from './state.js';
import { resolveTaskDefinition } from './task-definitions.js';
import type { PlacementHook, PreparedPlacement } from './tasks.js';

export interface PlacementAdapterOptions {
  /**
   * The strategy for RunTask requests that name no `placementStrategy`: a PlacementStrategy
   * object (built in or loaded with loadStrategy) or a built-in's text form (`binpack:memory`).
   * Default: random, the 2015 behaviour.
   */
  strategy?: PlacementStrategy | string | undefined;
}

const trackers = new WeakMap<ControlPlane, GroupCounts>();

/**
 * Live tasks per group per instance slot for a control plane: seeded from the tasks alive now,
 * then kept current by a lifecycle listener (placement and STOPPED are the only transitions that
 * change it).
 */
export function groupCountsOf(cp: ControlPlane): GroupCounts {
  let counts = trackers.get(cp);
  if (counts) return counts;
  const c = new GroupCounts();
  for (const inst of cp.instancesBySlot) {
    if (!inst) continue;
    for (const t of inst.liveTasks) c.add(groupOf(t), inst.slot, 1);
  }
  cp.listeners.push({
    taskPlaced: (t) => c.add(groupOf(t), t.instance.slot, 1),
    taskStopped: (t) => c.add(groupOf(t), t.instance.slot, -1),
  });
  trackers.set(cp, (counts = c));
  return counts;
}

function groupOf(t: { group: string | undefined; taskDefinition: { family: string } }): string {
  return t.group ?? `family:${t.taskDefinition.family}`;
}

/** The placement view of one cluster: live reads of the control plane's flat state. */
export function clusterView(cp: ControlPlane, cluster: ClusterRecord): TableInstanceView {
  return new TableInstanceView(cp.table, cluster.index, cluster.instances, groupCountsOf(cp), (slot) => cp.instancesBySlot[slot]!.pos);
}

function asInvalidParameter<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PlacementParameterError) throw invalidParameter(e.message);
    throw e;
  }
}

/** The strategy option's value as a strategy. @throws RangeError for an unknown text form. */
export function resolveStrategyOption(strategy: PlacementStrategy | string | undefined): PlacementStrategy {
  if (strategy === undefined) return RANDOM;
  if (typeof strategy !== 'string') return strategy;
  try {
    return builtinStrategy(strategy);
  } catch (e) {
    if (e instanceof PlacementParameterError) throw new RangeError(e.message);
    throw e;
  }
}

/**
 * Picks with `strategy` and checks the answer: a position the request's filters reject is a bug
 * in the strategy, reported with its name rather than placed.
 */
function pickChecked(strategy: PlacementStrategy, request: PlacementRequest, view: TableInstanceView, cp: ControlPlane): number {
  const pos = strategy.place(request, view, cp.placementRng);
  if (typeof pos !== 'number' || !Number.isInteger(pos) || pos >= view.size) {
    throw new Error(`placement strategy "${strategy.name}" returned ${String(pos)}: expected a position 0..${view.size - 1} or -1`);
  }
  if (pos < 0) return -1;
  if (!view.isActive(pos)) throw new Error(`placement strategy "${strategy.name}" chose ${view.arn(pos)}, which is INACTIVE`);
  for (const f of request.filters) {
    const reason = f(request, view, pos);
    if (reason !== null) throw new Error(`placement strategy "${strategy.name}" chose ${view.arn(pos)}, which cannot take the task (${reason})`);
  }
  return view.slot(pos);
}

/** RunTask failures from the pipeline's reasons; 'summary' detail gives the most common one. */
function failuresOf(cp: ControlPlane, cluster: ClusterRecord, request: PlacementRequest, view: TableInstanceView): Failure[] {
  const ruled = explain(request, view);
  if (cp.options.failureDetail === 'instances') return ruled.map((r) => ({ arn: view.arn(r.pos), reason: r.reason }));
  const counts = new Map<string, number>();
  let top = '';
  let topCount = 0;
  for (const r of ruled) {
    const n = (counts.get(r.reason) ?? 0) + 1;
    counts.set(r.reason, n);
    // strictly more: the earliest reason wins a tie, whatever the map's order
    if (n > topCount) {
      top = r.reason;
      topCount = n;
    }
  }
  return topCount === 0 ? [] : [{ arn: cluster.arn, reason: top }];
}

/**
 * The PlacementHook that createSimulation installs: RunTask's `placementStrategy`,
 * `placementConstraints` and `group` through the placement pipeline.
 */
export function createPlacementAdapter(options: PlacementAdapterOptions = {}): PlacementHook {
  const fallback = resolveStrategyOption(options.strategy);
  return {
    prepare(cp, cluster, td, req): PreparedPlacement | undefined {
      const specs = asInvalidParameter(() => parsePlacementStrategies(req.placementStrategy));
      const constraints = asInvalidParameter(() => parsePlacementConstraints(req.placementConstraints));
      const strategy = specs.length > 0 ? strategyFromSpecs(specs) : fallback;
      // the 2015 path: identical draws, identical failures
      if (strategy === RANDOM && constraints.length === 0 && specs.every((s) => s.type === 'random')) return undefined;
      const request = makeRequest({ demand: td.demand, family: td.family, group: req.group, constraints });
      const view = clusterView(cp, cluster);
      const pick: PreparedPlacement = () => pickChecked(strategy, request, view, cp);
      pick.failures = () => failuresOf(cp, cluster, request, view);
      return pick;
    },
  };
}

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
 * When the strategy finds no instance, `failures` lists every ruled-out instance with its reason.
 * @throws EcsError as StartTask and RunTask would (unknown cluster or task definition, bad count,
 *   bad constraints).
 */
export function startTaskWithStrategy(
  sim: { readonly ecs: EcsApi; readonly controlPlane: ControlPlane },
  strategy: PlacementStrategy,
  req: ScheduledStartTaskRequest,
): StartTaskResponse {
  const cp = sim.controlPlane;
  const wrapped = (fn: () => StartTaskResponse): StartTaskResponse => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof EcsError && e.action === '') (e as { action: string }).action = 'StartTask';
      throw e;
    }
  };
  return wrapped(() => {
    const cluster = activeCluster(cp, req.cluster);
    const td = resolveTaskDefinition(cp, req.taskDefinition);
    const count = req.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
    const constraints: PlacementConstraintSpec[] = asInvalidParameter(() => parsePlacementConstraints(req.placementConstraints));
    const request = makeRequest({ demand: td.demand, family: td.family, group: req.group, constraints });
    const view = clusterView(cp, cluster);
    const out: StartTaskResponse = { tasks: [], failures: [] };
    for (let i = 0; i < count; i++) {
      const slot = pickChecked(strategy, request, view, cp);
      if (slot < 0) {
        out.failures.push(...failuresOf(cp, cluster, request, view));
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
  });
}
