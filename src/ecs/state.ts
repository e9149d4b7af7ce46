// The control plane's records. Hot resource state lives in the flat InstanceTable; these
// objects hold identity, status and what the API reports.
import type { EventHandle } from '../engine/event-queue.js';
import type { Demand } from '../model/demand.js';
import type { FeasibilityIndex } from '../placement/feasibility-index.js';
import type { Attribute, ContainerDefinition, NetworkBinding, Resource, TaskOverride, VersionInfo } from './api-types.js';

export interface ClusterRecord {
  readonly name: string;
  readonly arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Creation order, for listing. */
  seq: number;
  /** Every instance ever registered here, by position; positions never move. */
  readonly index: FeasibilityIndex;
  readonly instances: InstanceRecord[];
  /** Every task ever placed here, in creation order. */
  readonly tasks: TaskRecord[];
  activeInstances: number;
  runningTasks: number;
  pendingTasks: number;
}

export interface InstanceRecord {
  readonly slot: number;
  readonly uuid: string;
  readonly arn: string;
  readonly cluster: ClusterRecord;
  /** Position in the cluster's feasibility index. */
  readonly pos: number;
  readonly seq: number;
  readonly ec2InstanceId: string;
  readonly instanceType: string | undefined;
  /** Registered resources as given (types and order kept for reporting). */
  readonly registeredResources: readonly Resource[];
  readonly reservedTcp: readonly number[];
  readonly reservedUdp: readonly number[];
  attributes: Attribute[];
  versionInfo: VersionInfo | undefined;
  status: 'ACTIVE' | 'INACTIVE';
  agentConnected: boolean;
  runningTasks: number;
  pendingTasks: number;
  /** Live (not STOPPED) tasks on this instance, in placement order. */
  readonly liveTasks: Set<TaskRecord>;
  readonly registeredAt: number;
}

export interface TaskDefinitionRecord {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  readonly seq: number;
  /** The definition as the API reports it (defaults filled in). */
  readonly containerDefinitions: readonly ContainerDefinition[];
  readonly demand: Demand;
  status: 'ACTIVE' | 'INACTIVE';
}

export const PENDING = 0;
export const RUNNING = 1;
export const STOPPED = 2;
export type StatusCode = typeof PENDING | typeof RUNNING | typeof STOPPED;
export const STATUS_NAMES = ['PENDING', 'RUNNING', 'STOPPED'] as const;

export interface ContainerRecord {
  readonly uuid: string;
  readonly name: string;
  readonly essential: boolean;
  status: StatusCode;
  exitCode: number | undefined;
  reason: string | undefined;
  networkBindings: NetworkBinding[] | undefined;
}

export interface TaskRecord {
  readonly seq: number;
  readonly uuid: string;
  readonly arn: string;
  readonly cluster: ClusterRecord;
  readonly instance: InstanceRecord;
  readonly taskDefinition: TaskDefinitionRecord;
  readonly overrides: TaskOverride;
  readonly startedBy: string | undefined;
  readonly group: string | undefined;
  readonly containers: ContainerRecord[];
  /** Dynamic host ports taken at placement, released with the task. */
  readonly dynamicPorts: readonly number[];
  lastStatus: StatusCode;
  desiredStatus: typeof RUNNING | typeof STOPPED;
  stoppedReason: string | undefined;
  readonly createdAt: number;
  startedAt: number | undefined;
  stoppedAt: number | undefined;
  /** The simulated agent's next move for this task, if one is scheduled. */
  agentEvent: EventHandle;
}
