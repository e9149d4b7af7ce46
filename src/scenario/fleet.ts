// Builds a scenario's world through the public API: clusters (CreateCluster), task definitions
// (RegisterTaskDefinition, in file order so revisions match the file's), and container instances
// (RegisterContainerInstance, one call per instance, with the group's resources, reserved ports
// and attributes). Also the per-resource facts the runner needs: which resource dimensions the
// scenario uses and what one task of each definition demands.
import type { ContainerDefinition as ApiContainerDefinition, RegisterContainerInstanceRequest, Resource } from '../ecs/api-types.js';
import type { Simulation } from '../ecs/simulation.js';
import type { InstanceGroup, Scenario, TaskDefinition } from './types.js';

/** `family:revision`, the way the runner names a task definition to RunTask and StartTask. */
export function taskDefinitionKey(ref: { family: string; revision: number }): string {
  return `${ref.family}:${ref.revision}`;
}

/**
 * The RegisterTaskDefinition form of a scenario task definition. Placement reserves a container's
 * `memoryReservation` when it has one (the soft limit is what ECS places by), else its `memory`,
 * so that amount is what gets registered as `memory`. User-defined resources become
 * `resourceRequirements`.
 */
export function containerDefinitionsOf(td: TaskDefinition): ApiContainerDefinition[] {
  return td.containerDefinitions.map((c) => {
    const out: ApiContainerDefinition = {
      name: c.name,
      image: c.image,
      cpu: c.cpu,
      memory: c.memoryReservation ?? c.memory ?? 0,
      essential: c.essential,
    };
    if (c.portMappings.length > 0) {
      out.portMappings = c.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
    }
    const extra = Object.entries(c.resources).filter(([, v]) => v > 0);
    if (extra.length > 0) out.resourceRequirements = extra.map(([type, v]) => ({ type, value: String(v) }));
    return out;
  });
}

/** What one task of `td` holds: amounts per resource name, and its fixed host ports. */
export function demandOf(td: TaskDefinition): { amounts: Record<string, number>; tcpPorts: number[]; udpPorts: number[] } {
  const amounts: Record<string, number> = { CPU: 0, MEMORY: 0 };
  const tcpPorts: number[] = [];
  const udpPorts: number[] = [];
  for (const c of td.containerDefinitions) {
    amounts.CPU! += c.cpu;
    amounts.MEMORY! += c.memoryReservation ?? c.memory ?? 0;
    for (const [name, v] of Object.entries(c.resources)) amounts[name] = (amounts[name] ?? 0) + v;
    for (const p of c.portMappings) if (p.hostPort > 0) (p.protocol === 'udp' ? udpPorts : tcpPorts).push(p.hostPort);
  }
  return { amounts, tcpPorts, udpPorts };
}

/** Resource names the scenario uses, CPU and MEMORY first, then others in order of first appearance. */
export function resourceDimensions(scenario: Scenario): string[] {
  const seen = new Set<string>(['CPU', 'MEMORY']);
  const add = (names: Iterable<string>): void => {
    for (const n of names) seen.add(n);
  };
  for (const c of scenario.clusters) for (const g of c.instances) add(Object.keys(g.resources));
  for (const td of scenario.taskDefinitions) for (const c of td.containerDefinitions) add(Object.keys(c.resources));
  for (const e of scenario.events) if (e.kind === 'addInstances') add(Object.keys(e.resources));
  return [...seen];
}

/** The RegisterContainerInstance request for one instance of `group` (reusable: the API copies it). */
export function instanceRequest(cluster: string, group: InstanceGroup): RegisterContainerInstanceRequest {
  const totalResources: Resource[] = [];
  for (const [name, value] of Object.entries(group.resources)) totalResources.push({ name, type: 'INTEGER', integerValue: value });
  totalResources.push({ name: 'PORTS', type: 'STRINGSET', stringSetValue: group.reservedPorts.map(String) });
  totalResources.push({ name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: group.reservedUdpPorts.map(String) });
  const req: RegisterContainerInstanceRequest = { cluster, totalResources };
  const attributes = Object.entries(group.attributes).map(([name, value]) => ({ name, value }));
  if (attributes.length > 0) req.attributes = attributes;
  // the identity document carries the type and zone, so the instance gets ECS's built-in
  // ecs.instance-type and ecs.availability-zone attributes
  const identity: { instanceType?: string; availabilityZone?: string } = {};
  if (group.type !== undefined) identity.instanceType = group.type;
  if (group.zone !== undefined) identity.availabilityZone = group.zone;
  if (group.type !== undefined || group.zone !== undefined) req.instanceIdentityDocument = JSON.stringify(identity);
  return req;
}

/** Registers `count` instances of `group` in `cluster`; returns their ARNs in registration order. */
export function registerInstances(sim: Simulation, cluster: string, group: InstanceGroup, count: number): string[] {
  const req = instanceRequest(cluster, group);
  const arns: string[] = [];
  for (let i = 0; i < count; i++) arns.push(sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn!);
  return arns;
}

/**
 * Creates the scenario's clusters, registers its task definitions in file order and its instance
 * groups (group `cluster/i` gets `groupCounts['cluster/i']` instances when given, else its count).
 * Returns the ARNs registered per group, by `cluster/i`, in file order.
 */
export function buildFleet(sim: Simulation, scenario: Scenario, groupCounts: Readonly<Record<string, number>> = {}): Map<string, string[]> {
  for (const c of scenario.clusters) sim.ecs.createCluster({ clusterName: c.name });
  for (const td of scenario.taskDefinitions) {
    sim.ecs.registerTaskDefinition({ family: td.family, containerDefinitions: containerDefinitionsOf(td) });
  }
  const arns = new Map<string, string[]>();
  for (const c of scenario.clusters) {
    c.instances.forEach((g, i) => arns.set(`${c.name}/${i}`, registerInstances(sim, c.name, g, groupCounts[`${c.name}/${i}`] ?? g.count)));
  }
  return arns;
}

/**
 * Checks instance group count overrides against the scenario: keys `cluster/index` naming a group,
 * values non-negative integers.
 * @throws RangeError naming the first bad key or value.
 */
export function checkGroupCounts(scenario: Scenario, groupCounts: Readonly<Record<string, number>>): void {
  const known = new Set<string>();
  for (const c of scenario.clusters) c.instances.forEach((_, i) => known.add(`${c.name}/${i}`));
  for (const [key, value] of Object.entries(groupCounts)) {
    if (!known.has(key)) {
      throw new RangeError(`instance group ${JSON.stringify(key)} is not in the scenario (groups: ${[...known].join(', ') || 'none'})`);
    }
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`instance group ${key}: count must be a non-negative integer, got ${value}`);
  }
}
