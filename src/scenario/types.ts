// The normalized scenario: what loadScenario hands the runner once a YAML file has validated.
// Defaults are filled in, durations are whole milliseconds, instance resources are resolved from the
// EC2 type table, and task definition references carry the revision they resolved to. Field names
// follow the YAML file (and the ECS API where the file borrows its spelling), so an error path like
// `workloads[2].arrival` names the same field here.

import type { InstanceResources } from '../model/instance-types.js';
import type { ServiceSpec } from './services/spec.js';

export type { InstanceResources } from '../model/instance-types.js';

/** A validated scenario, version 1. Every duration is in milliseconds. */
export interface Scenario {
  version: 1;
  /** From the file's `name`, else the file name without its extension. */
  name: string;
  /** From the file's `seed`; default 0. The CLI's `--seed` overrides it. */
  seed: number;
  /** Simulated horizon, ms (> 0). */
  duration: number;
  /** Timings of the simulated container agent; absent fields mean the control plane's defaults. */
  agent: AgentSettings;
  /** Placement strategy for every workload that names none: a built-in name or a module path. */
  strategy?: string;
  clusters: Cluster[];
  /** In file order; each family's definitions get revisions 1, 2, … in that order. */
  taskDefinitions: TaskDefinition[];
  workloads: Workload[];
  /** In file order; events at the same instant happen in file order. */
  events: ScenarioEvent[];
  /** ECS services kept running by the service scheduler (src/scenario/services), in file order; absent: none. */
  services?: ServiceSpec[];
}

export interface AgentSettings {
  /** From a task's placement to the agent reporting it RUNNING, ms (createSimulation's agent.startDelayMs). */
  startDelay?: number;
  /** From a stop request to the task reaching STOPPED, ms. */
  stopDelay?: number;
}

export interface Cluster {
  /** Unique within the scenario. */
  name: string;
  /** Groups of identical container instances registered at time 0. */
  instances: InstanceGroup[];
}

/** `count` identical container instances. */
export interface InstanceGroup {
  count: number;
  /** The EC2 type as written; absent when the group gave its resources outright. */
  type?: string;
  /** The EC2 type table's figures overlaid with the group's `resources` (CPU and MEMORY always present). */
  resources: InstanceResources;
  /** TCP host ports the instance registers as taken (PORTS). */
  reservedPorts: number[];
  /** UDP host ports the instance registers as taken (PORTS_UDP). */
  reservedUdpPorts: number[];
  /** Custom attributes, for placement constraints. */
  attributes: Record<string, string>;
  /** The instances' availability zone: ECS's built-in `ecs.availability-zone` attribute. Absent: none. */
  zone?: string;
}

export interface TaskDefinition {
  family: string;
  /** 1 for a family's first definition in the file, 2 for its second, … */
  revision: number;
  containerDefinitions: ContainerDefinition[];
  /** Constraints every task of this definition carries (memberOf only, as in ECS). */
  placementConstraints: PlacementConstraint[];
}

export interface ContainerDefinition {
  name: string;
  image: string;
  /** CPU units reserved; default 0. */
  cpu: number;
  /** Hard memory limit, MiB. At least one of memory and memoryReservation is present. */
  memory?: number;
  /** Soft memory limit, MiB: what placement reserves when present. */
  memoryReservation?: number;
  /** Default true. */
  essential: boolean;
  portMappings: PortMapping[];
  /** User-defined INTEGER demands (e.g. GPU), from `resources` and `resourceRequirements` together. */
  resources: Record<string, number>;
}

export interface PortMapping {
  containerPort: number;
  /** 0 when absent: a dynamic host port. */
  hostPort: number;
  protocol: 'tcp' | 'udp';
}

/** A task definition a workload launches, resolved to the revision the file registers. */
export interface TaskDefinitionRef {
  family: string;
  revision: number;
}

export interface Workload {
  name: string;
  cluster: string;
  /** `family` resolves to the family's latest revision in the file, `family:revision` to that one. */
  taskDefinition: TaskDefinitionRef;
  arrival: Arrival;
  lifetime: Lifetime;
  /** Tasks per RunTask/StartTask call, 1..10; default 1. */
  count: number;
  retry: RetryPolicy;
  /** Default runTask. */
  launch: 'runTask' | 'startTask';
  /** Arrivals begin at this time, ms (poisson and every only); default 0. */
  start?: number;
  /** No arrivals at or after this time, ms (poisson and every only); default the scenario's end. */
  stop?: number;
  placementStrategy: PlacementStrategy[];
  placementConstraints: PlacementConstraint[];
  /** The task group (ECS `group`); absent means ECS's default, `family:<family>`. */
  group?: string;
  /** A custom placement strategy module for this workload (overrides the top-level `strategy`). */
  strategy?: string;
}

/** When launch requests arrive; each arrival is one call for `count` tasks. */
export type Arrival =
  | { kind: 'poisson'; ratePerMinute: number }
  | { kind: 'every'; interval: number }
  | { kind: 'at'; times: number[] }
  | { kind: 'burst'; at: number; count: number };

/** How long a task runs once RUNNING before it stops by itself. */
export type Lifetime =
  | { kind: 'lognormal'; median: number; sigma: number }
  | { kind: 'fixed'; duration: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'forever' };

export interface RetryPolicy {
  /** Further submissions of what failed to place; 0 (the default) means no retry. */
  attempts: number;
  /** Wait before each retry, ms; default 0. */
  backoff: number;
}

/** As the ECS API spells placement strategies (RunTask `placementStrategy`). */
export type PlacementStrategy =
  | { type: 'random' }
  | { type: 'spread'; field: string }
  | { type: 'binpack'; field: 'cpu' | 'memory' };

/** As the ECS API spells placement constraints; `expression` is kept as written (shape-checked only). */
export type PlacementConstraint = { type: 'distinctInstance' } | { type: 'memberOf'; expression: string };

/** Something that happens to the fleet at a point in simulated time. */
export type ScenarioEvent =
  | { at: number; kind: 'disconnectAgents'; cluster: string; count: number }
  /** Without `count`, every disconnected agent of the cluster reconnects. */
  | { at: number; kind: 'reconnectAgents'; cluster: string; count?: number }
  | { at: number; kind: 'deregisterInstances'; cluster: string; count: number; force: boolean }
  | ({ at: number; kind: 'addInstances'; cluster: string } & InstanceGroup)
  /** Without `workload`, any running task of the cluster may be chosen. */
  | { at: number; kind: 'stopTasks'; cluster: string; count: number; workload?: string };

export type ScenarioEventKind = ScenarioEvent['kind'];
