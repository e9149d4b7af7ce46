// The vocabulary of the fuzzer's reference model (model.ts): statuses, the specs commands are
// generated from, the model's records and its demand arithmetic. Shares no code with src/ecs or
// src/model on purpose: an oracle built from the code it checks would agree with its bugs.

/** Task and container status, as ECS spells it. */
export type Status = 'PENDING' | 'RUNNING' | 'STOPPED';

/** Rank of a status: status only moves to a higher rank. */
export const STATUS_RANK: Readonly<Record<Status, number>> = { PENDING: 0, RUNNING: 1, STOPPED: 2 };

/** The first and last dynamic host port (Docker's ephemeral range, as ecsim assigns them). */
export const DYNAMIC_PORT_MIN = 49153;
export const DYNAMIC_PORT_MAX = 65535;

export const REASON_USER = 'Task stopped by user';
/** The failure reason of a `distinctInstance` constraint (ECS's text). */
export const REASON_DISTINCT = 'DistinctInstance placement constraint unsatisfied.';

/** What an instance registered without `totalResources` gets (no instance type): as documented. */
export const DEFAULT_REGISTRATION = { cpu: 1024, memory: 2048, reservedTcp: [22, 2375, 2376, 51678] } as const;
export const REASON_ESSENTIAL = 'Essential container in task exited';
export const REASON_FORCED = 'Container instance deregistration forced by user';

/** One port mapping of a container definition; `hostPort` 0 asks for a dynamic port. */
export interface PortMappingSpec {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp';
}

/** One container definition, as the fuzzer registers it. */
export interface ContainerSpec {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
  readonly essential: boolean;
  readonly portMappings: readonly PortMappingSpec[];
  /** User-defined resources (`resourceRequirements`), in the order written. */
  readonly resources: readonly (readonly [string, number])[];
}

export interface ModelCluster {
  readonly name: string;
  readonly arn: string;
  status: 'ACTIVE' | 'INACTIVE';
}

export interface ModelInstance {
  readonly uuid: string;
  readonly arn: string;
  readonly cluster: string;
  status: 'ACTIVE' | 'INACTIVE';
  connected: boolean;
  /** Registered amounts: CPU, MEMORY and every user-defined (non-STRINGSET) resource. */
  readonly registered: ReadonlyMap<string, number>;
  readonly reservedTcp: readonly number[];
  readonly reservedUdp: readonly number[];
}

export interface ModelTaskDefinition {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  readonly containers: readonly ContainerSpec[];
}

/** A host port a container holds: fixed (from the definition) or dynamic (assigned at placement). */
export interface ModelBinding {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp';
  readonly dynamic: boolean;
}

export interface ModelContainer {
  readonly name: string;
  readonly essential: boolean;
  status: Status;
  readonly bindings: readonly ModelBinding[];
}

/** The simulated agent's next move for a task (auto mode), as the model schedules it. */
export interface AgentMove {
  readonly action: 'start' | 'stop';
  readonly due: number;
}

export interface ModelTask {
  readonly uuid: string;
  readonly arn: string;
  readonly cluster: string;
  /** UUID of the instance it was placed on. */
  readonly instance: string;
  readonly taskDefinition: ModelTaskDefinition;
  lastStatus: Status;
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppedReason: string | undefined;
  readonly containers: ModelContainer[];
  agent: AgentMove | undefined;
  readonly createdAt: number;
  startedAt: number | undefined;
  stoppedAt: number | undefined;
}

/** What one task of a definition asks for. */
export interface ModelDemand {
  readonly cpu: number;
  readonly memory: number;
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
  readonly dynamicTcp: number;
  readonly dynamicUdp: number;
  /** User-defined resources summed over the containers, in order of first appearance. */
  readonly extras: readonly (readonly [string, number])[];
}

/** What the live tasks of one instance hold, recounted from scratch. */
export interface Held {
  readonly amounts: Map<string, number>;
  /** Every host port held, with the task that holds it. */
  readonly ports: { readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly dynamic: boolean; readonly task: string }[];
}

export interface ModelOptions {
  mode: 'auto' | 'manual';
  startDelayMs: number;
  stopDelayMs: number;
  region?: string;
  accountId?: string;
}

/** The demand of one task of `td`. */
export function demandOf(td: { readonly containers: readonly ContainerSpec[] }): ModelDemand {
  let cpu = 0;
  let memory = 0;
  const tcp: number[] = [];
  const udp: number[] = [];
  let dynamicTcp = 0;
  let dynamicUdp = 0;
  const extras: [string, number][] = [];
  for (const c of td.containers) {
    cpu += c.cpu;
    memory += c.memory;
    for (const pm of c.portMappings) {
      if (pm.hostPort !== 0) (pm.protocol === 'tcp' ? tcp : udp).push(pm.hostPort);
      else if (pm.protocol === 'tcp') dynamicTcp++;
      else dynamicUdp++;
    }
    for (const [name, amount] of c.resources) {
      const e = extras.find((x) => x[0] === name);
      if (e) e[1] = addAmounts(e[1], amount);
      else extras.push([name, amount]);
    }
  }
  return { cpu, memory, tcp, udp, dynamicTcp, dynamicUdp, extras };
}

/**
 * Amounts are decimals (`resourceRequirements` values are decimal strings, DOUBLE resources
 * decimal numbers), so the model adds and subtracts them exactly, in whole billionths, and gives
 * back the double nearest the exact result.
 */
const NANO = 1e9;
export function addAmounts(a: number, b: number): number {
  return (Math.round(a * NANO) + Math.round(b * NANO)) / NANO;
}
export function subtractAmounts(a: number, b: number): number {
  return (Math.round(a * NANO) - Math.round(b * NANO)) / NANO;
}

/** True while a task holds resources: from placement until it is STOPPED. */
export function isLive(t: ModelTask): boolean {
  return t.lastStatus !== 'STOPPED';
}
