// The normalized scenario: what loadScenario hands the runner once a YAML file has validated, as the
// zod schema (format/) infers it. Defaults are filled in, durations are whole milliseconds, instance
// resources are resolved from the EC2 type table, and task definition references carry the revision
// they resolved to. Field names follow the YAML file, so an error path like `workloads[2].arrival`
// names the same field here. Nothing here is written by hand: change the schema to change a type.

import type { z } from 'zod';

import type { scenarioSchema } from './format/scenario.js';

export type { InstanceResources } from '../model/instance-types.js';

type Parsed = z.output<typeof scenarioSchema>;

/**
 * A validated scenario, version 1. Every duration is in milliseconds; `name` defaults to the file's.
 * `services` are ServiceSpecs (src/scenario/services/spec.ts), in file order.
 */
export type Scenario = Omit<Parsed, 'name'> & { name: string };
export type AgentSettings = Scenario['agent'];
export type Cluster = Scenario['clusters'][number];
export type InstanceGroup = Cluster['instances'][number];
export type TaskDefinition = Scenario['taskDefinitions'][number];
export type ContainerDefinition = TaskDefinition['containerDefinitions'][number];
export type PortMapping = ContainerDefinition['portMappings'][number];
export type Workload = Scenario['workloads'][number];
export type TaskDefinitionRef = Workload['taskDefinition'];
export type Arrival = Workload['arrival'];
export type Lifetime = Workload['lifetime'];
export type RetryPolicy = Workload['retry'];
export type PlacementStrategy = Workload['placementStrategy'][number];
export type PlacementConstraint = Workload['placementConstraints'][number];
export type ScenarioEvent = Scenario['events'][number];
export type ScenarioEventKind = ScenarioEvent['kind'];
