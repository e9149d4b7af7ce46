// The placement layer's vocabulary. Placement sees a task's demand and a view of one cluster's
// instances as flat positions; it never sees the control plane. A strategy — built in or loaded
// from a user's module — is one object with a `place(request, view, rng)` method, so a custom
// scheduler is written against exactly the same types the built-in ones use.
import type { Demand } from '../model/demand.js';

export type { Demand } from '../model/demand.js';

/** The seeded random numbers a strategy may draw: the control plane's `placement` stream. */
export interface PlacementRng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** A placement strategy as the later ECS API spells it (`placementStrategy[]` entries). */
export interface PlacementStrategySpec {
  /**
   * `random`, `binpack` (field `cpu` | `memory`), `spread` (field `instanceId` | `host` |
   * `attribute:NAME`) as in ECS, and ecsim's `first-fit` (registration order), which only the
   * strategy option and `--strategy` accept: a RunTask request is held to ECS's three types.
   */
  readonly type: 'random' | 'binpack' | 'spread' | 'first-fit';
  readonly field?: string;
}

/** A placement constraint as the later ECS API spells it (`placementConstraints[]` entries). */
export interface PlacementConstraintSpec {
  readonly type: 'distinctInstance' | 'memberOf';
  /** The cluster query language expression of a `memberOf` constraint. */
  readonly expression?: string;
}

/**
 * A filter: why the instance at `pos` cannot take the request's task, or null when it can.
 * Reasons are the `failures[].reason` texts (constants, see filters.ts), never formatted per call.
 */
export type Filter = (request: PlacementRequest, view: InstanceView, pos: number) => string | null;

/**
 * A scorer ranks feasible instances; lower is better. `prepare` runs once per decision (it may
 * aggregate over the cluster, e.g. task counts per zone) and returns the per-position score.
 */
export interface Scorer {
  readonly name: string;
  prepare(request: PlacementRequest, view: InstanceView): (pos: number) => number;
}

/** What one task asks for: computed once per RunTask call and read per candidate. */
export interface PlacementRequest {
  /** Resources, host ports and user-defined resources of one task. */
  readonly demand: Demand;
  /** The task definition's family. */
  readonly family: string;
  /** The task group (RunTask `group`; default `family:<family>`): spread and distinctInstance count within it. */
  readonly group: string;
  /** The request's constraints, as given. */
  readonly constraints: readonly PlacementConstraintSpec[];
  /** Every filter an instance must pass, in order: resource fit first, then each constraint. */
  readonly filters: readonly Filter[];
}

/** The identity and status of one instance that the view reads (the control plane's records fit it). */
export interface InstanceMeta {
  readonly arn: string;
  readonly ec2InstanceId: string;
  readonly attributes: readonly { readonly name: string; readonly value?: string | undefined }[];
  readonly runningTasks: number;
  readonly pendingTasks: number;
}

/**
 * One cluster's container instances, as positions 0..size-1 in registration order (positions
 * never move; a deregistered instance keeps its position and is INACTIVE). Reads are live: after
 * a task is placed, the view shows its resources taken and its group counted.
 */
export interface InstanceView {
  /** Number of positions: every instance ever registered in the cluster. */
  readonly size: number;
  /** ACTIVE (not deregistered). Only ACTIVE instances are candidates or appear in failures. */
  isActive(pos: number): boolean;
  /** Its agent is connected. */
  isConnected(pos: number): boolean;
  /**
   * First reason the instance cannot take `demand`, as a fit code of src/model/demand.ts
   * (FIT_OK = 0 when it can): agent, CPU, MEMORY, ports, then user-defined resources.
   */
  fit(pos: number, demand: Demand): number;
  /** Remaining amount of a resource (`CPU`, `MEMORY` or a user-defined name); 0 when unknown. */
  remaining(pos: number, resource: string): number;
  /** Registered amount of a resource; 0 when unknown. */
  registered(pos: number, resource: string): number;
  /** An attribute's value (custom, or built-in such as `ecs.instance-type`, `ecs.availability-zone`). */
  attribute(pos: number, name: string): string | undefined;
  /** The container instance ARN. */
  arn(pos: number): string;
  /** The EC2 instance id. */
  ec2InstanceId(pos: number): string;
  /** Live (PENDING or RUNNING) tasks of `group` on the instance. */
  groupCount(pos: number, group: string): number;
  /** Live (PENDING or RUNNING) tasks on the instance, of any group. */
  taskCount(pos: number): number;
  /** Calls `visit` for every position that passes all of the request's filters, in position order. */
  forEachCandidate(request: PlacementRequest, visit: (pos: number) => void): void;
  /** The positions that pass all of the request's filters, in position order. */
  candidates(request: PlacementRequest): number[];
  /**
   * A position drawn uniformly among the candidates, or -1 when there is none: what a strategy
   * that samples uniformly (RANDOM, or a custom strategy once its scores tie) can ask for instead
   * of listing them. The control plane's view offers it with the 2015 RunTask fast path (a few
   * rejection draws before listing; see src/placement/random-placement.ts); whatever the path,
   * the choice is uniform and draws only from `rng`. Optional: a view may not offer it.
   */
  sampleUniform?(request: PlacementRequest, rng: PlacementRng): number;
}

/**
 * A placement strategy: picks the instance for one task. Built-in strategies and user modules
 * (`export default { name, place(request, view, rng) { … } }`) have this shape.
 *
 * `place` is called once per task of a RunTask call, and the view already shows the tasks placed
 * before. It returns a position listed by `view.candidates(request)` (constraints are binding),
 * or -1 when no instance can take the task; a position that cannot take the task is a bug in the
 * strategy and stops the call with an error naming the strategy. Draw randomness only from
 * `rng`: that keeps runs reproducible under a seed.
 */
export interface PlacementStrategy {
  /** Shown in reports, comparisons and errors. */
  readonly name: string;
  place(request: PlacementRequest, view: InstanceView, rng: PlacementRng): number;
}
