// What a service is, once a scenario has validated: the fixed `services:` keys of a scenario file
// in normal form (durations in ms, task definitions resolved to `family:revision`, ECS's defaults
// filled in). The scheduler (service-scheduler.ts) reads nothing else.
// The schema's own parts, not ../types.js: the scenario's types are inferred from a schema that
// builds ServiceSpecs, so reading them from there would be circular.
import type { z } from 'zod';
import type { placementConstraint } from '../format/task-definitions.js';
import type { lifetime, placementStrategy } from '../format/workloads.js';

type Lifetime = z.output<typeof lifetime>;
type PlacementStrategy = z.output<typeof placementStrategy>;
type PlacementConstraint = z.output<typeof placementConstraint>;

/** ECS's default deployment bounds for a REPLICA service: 100% healthy, 200% at most. */
export const DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;
export const DEFAULT_MAXIMUM_PERCENT = 200;

/** ECS's default placement for a service that names none: spread across availability zones. */
export const DEFAULT_SERVICE_PLACEMENT: readonly PlacementStrategy[] = [{ type: 'spread', field: 'attribute:ecs.availability-zone' }];

export interface ServiceSpec {
  /** Unique within the scenario; tasks carry the ECS group `service:<name>`. */
  name: string;
  cluster: string;
  /** `family:revision` of the first deployment. */
  taskDefinition: string;
  desiredCount: number;
  /** Empty means ECS's default, DEFAULT_SERVICE_PLACEMENT. */
  placementStrategy: PlacementStrategy[];
  /** The service's own constraints, applied to every revision it launches. */
  placementConstraints: PlacementConstraint[];
  /**
   * The task definitions' own constraints by `family:revision`, for the revisions the service
   * launches (ECS applies the launched revision's beside the service's); absent or missing a
   * revision: none.
   */
  definitionConstraints?: Readonly<Record<string, readonly PlacementConstraint[]>>;
  /** How long a task runs once RUNNING before it dies on its own; absent: until stopped. */
  taskLifetime?: Lifetime;
  /** Changes of desiredCount, by time (ms). */
  scale: ScaleChange[];
  /** Rolling deployments of another revision, by time (ms). */
  deployments: DeploymentSpec[];
  /** Bounds of the first deployment and of every steady-state replacement. Defaults 100 / 200. */
  minimumHealthyPercent?: number;
  maximumPercent?: number;
}

export interface ScaleChange {
  at: number;
  desiredCount: number;
}

export interface DeploymentSpec {
  at: number;
  /** `family:revision`. */
  taskDefinition: string;
  /** 0..100; default 100. */
  minimumHealthyPercent: number;
  /** At least 100 (a whole number); default 200. */
  maximumPercent: number;
}
