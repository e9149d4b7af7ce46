// The control plane's placement: one per control plane, owning what every placement reads — a
// view of each cluster's instances, the live task counts per group, the random placer behind the
// view's uniform sample — and the one path every placement takes: a strategy picks (RunTask asks
// the request's strategy or the simulation's default; a StartTask scheduler its own), the pick is
// checked against the request's filters, and a failure is explained by one explainer whatever the
// strategy, so `failureDetail: 'summary'` means the same on every path.
import { builtinStrategy, RANDOM, strategyFromSpecs } from '../placement/builtin.js';
import { PlacementParameterError } from '../placement/errors.js';
import { GroupCounts } from '../placement/group-counts.js';
import { TableInstanceView } from '../placement/instance-view.js';
import { parsePlacementConstraints, parsePlacementStrategies } from '../placement/parse.js';
import { bindingReason, explain, makeRequest } from '../placement/pipeline.js';
import { RandomPlacer } from '../placement/random-placement.js';
import type { PlacementRequest, PlacementStrategy, PlacementStrategySpec } from '../placement/types.js';
import type { Failure } from './api-types.js';
import { invalidParameter } from './errors.js';
import type { LifecycleListener } from './lifecycle.js';
import type { ClusterRecord, ControlPlaneState, TaskDefinitionRecord, TaskRecord } from './state.js';

/** A request with no placementStrategy. */
const NO_SPECS: readonly PlacementStrategySpec[] = Object.freeze([]);
/** Constraint-free requests kept per task definition (see PlacementContext.plainRequest). */
const MAX_CACHED_GROUPS = 64;

/** How a failed placement is reported; see ControlPlaneOptions.failureDetail. */
export type FailureDetail = 'instances' | 'summary';

/** A task's group as placement counts it: RunTask's `group`, else `family:<family>`. */
function groupOf(t: TaskRecord): string {
  return t.group ?? t.taskDefinition.familyGroup;
}

/**
 * The strategy option's value as a strategy: undefined is RANDOM, a text form a built-in.
 * @throws RangeError for an unknown text form.
 */
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

/** Runs `fn`, answering a malformed placement key as ECS does. */
export function asInvalidParameter<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PlacementParameterError) throw invalidParameter(e.message);
    throw e;
  }
}

export class PlacementContext {
  /** Live tasks per group per instance slot, kept by `listener` (placement and STOPPED change it). */
  readonly groups = new GroupCounts();
  /** Subscribed by the control plane before any other listener, so counts are current for all. */
  readonly listener: LifecycleListener = {
    taskPlaced: (t) => this.groups.add(groupOf(t), t.instance.slot, 1),
    taskStopped: (t) => this.groups.add(groupOf(t), t.instance.slot, -1),
  };
  private readonly placer: RandomPlacer;
  private readonly plainRequests = new Map<TaskDefinitionRecord, Map<string, PlacementRequest>>();
  private readonly views = new Map<ClusterRecord, TableInstanceView>();
  private readonly posOfSlot: (slot: number) => number;

  /**
   * @param strategy for RunTask requests that name no `placementStrategy`
   * @param detail how failed placements are reported
   */
  constructor(
    private readonly state: ControlPlaneState,
    readonly strategy: PlacementStrategy,
    private readonly detail: FailureDetail,
  ) {
    this.placer = new RandomPlacer(state.table);
    this.posOfSlot = (slot) => state.instancesBySlot[slot]!.pos;
  }

  /** The placement view of `cluster`: live reads of the control plane's flat state, made once. */
  view(cluster: ClusterRecord): TableInstanceView {
    let v = this.views.get(cluster);
    if (!v) {
      v = new TableInstanceView(this.state.table, cluster.index, cluster.instances, this.groups, this.posOfSlot, this.placer);
      this.views.set(cluster, v);
    }
    return v;
  }

  /**
   * The strategy and request of a RunTask: its `placementStrategy` (else the default) and its
   * `placementConstraints`, binding for whatever strategy picks.
   * @throws InvalidParameterException for a malformed strategy or constraint.
   */
  prepareRunTask(td: TaskDefinitionRecord, group: string, strategies: unknown, constraints: unknown): { strategy: PlacementStrategy; request: PlacementRequest } {
    // no strategy given (every call of a plain workload): nothing to parse
    const specs = strategies === undefined || strategies === null ? NO_SPECS : asInvalidParameter(() => parsePlacementStrategies(strategies));
    const request = this.request(td, group, constraints);
    return { strategy: specs.length > 0 ? strategyFromSpecs(specs) : this.strategy, request };
  }

  /**
   * What one task of `td` in `group` asks, with `constraints` (RunTask's spelling).
   * @throws InvalidParameterException for a malformed constraint.
   */
  request(td: TaskDefinitionRecord, group: string | undefined, constraints: unknown): PlacementRequest {
    if (constraints === undefined || constraints === null) return this.plainRequest(td, group ?? td.familyGroup);
    const parsed = asInvalidParameter(() => parsePlacementConstraints(constraints));
    return makeRequest({ demand: td.demand, family: td.family, group, constraints: parsed });
  }

  /**
   * The request of a task of `td` in `group` with no constraints, made once per definition and
   * group: requests never change, and making one per RunTask call was a good part of what a
   * scenario run allocated per task.
   */
  private plainRequest(td: TaskDefinitionRecord, group: string): PlacementRequest {
    let byGroup = this.plainRequests.get(td);
    if (!byGroup) this.plainRequests.set(td, (byGroup = new Map()));
    let request = byGroup.get(group);
    if (!request) {
      // a trace replay may name thousands of groups: keep a bounded few per definition
      if (byGroup.size >= MAX_CACHED_GROUPS) byGroup.clear();
      request = makeRequest({ demand: td.demand, family: td.family, group });
      byGroup.set(group, request);
    }
    return request;
  }

  /**
   * The instance slot `strategy` picks for one task, or -1. A position the request's filters
   * reject is a bug in the strategy, reported with its name rather than placed.
   * @throws Error naming the strategy when its answer is not a candidate.
   */
  pick(strategy: PlacementStrategy, request: PlacementRequest, view: TableInstanceView): number {
    const pos = strategy.place(request, view, this.state.placementRng);
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

  /**
   * Why the request's task found no instance in `cluster`: 'instances' lists every ACTIVE instance
   * ruled out with its first reason (ECS's shape); 'summary' one entry naming the cluster with the
   * binding reason (see bindingReason), or none when no instance was ruled out.
   */
  failures(cluster: ClusterRecord, request: PlacementRequest, view: TableInstanceView): Failure[] {
    if (this.detail === 'instances') return explain(request, view).map((r) => ({ arn: view.arn(r.pos), reason: r.reason }));
    const reason = bindingReason(request, view);
    return reason === null ? [] : [{ arn: cluster.arn, reason }];
  }
}
