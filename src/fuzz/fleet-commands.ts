// Fuzz commands for the fleet: clusters, container instances (and their agents) and task
// definitions. Each asks the model what the call must answer, makes it through the harness, checks
// the response and updates the model.
import type { Resource } from '../ecs/api-types.js';
import { call, OK, reject } from './harness.js';
import { clusterRefusal, expectFirst, FuzzCommand, pickFrom, uuidOf, violation } from './command.js';
import type { FuzzReal } from './invariants.js';
import {
  DEFAULT_REGISTRATION,
  REASON_FORCED,
  type ContainerSpec,
  type FuzzModel,
  type ModelInstance,
  type ModelTaskDefinition,
  type PortMappingSpec,
} from './model.js';
import type { RegisterInstanceArgs, TdRef } from './command-args.js';

// ---------- clusters ----------

export class CreateCluster extends FuzzCommand<{ cluster: string }> {
  readonly name = 'createCluster';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const name = this.args.cluster;
    const res = call(r, 'CreateCluster', { clusterName: name }, OK, () => r.sim.ecs.createCluster({ clusterName: name }));
    const c = m.clusters.get(name);
    if (c) c.status = 'ACTIVE';
    else m.clusters.set(name, { name, arn: m.prefix.cluster + name, status: 'ACTIVE' });
    if (res && (res.cluster.clusterArn !== m.prefix.cluster + name || res.cluster.status !== 'ACTIVE')) {
      violation('response', `CreateCluster answered ${JSON.stringify(res.cluster)}`);
    }
  }
}

export class DeleteCluster extends FuzzCommand<{ cluster: string }> {
  readonly name = 'deleteCluster';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const name = this.args.cluster;
    const c = m.cluster(name);
    const active = m.instancesOf(name).filter((i) => i.status === 'ACTIVE').length;
    const expect = expectFirst([
      [() => !c, 'ClusterNotFoundException', 'no such cluster'],
      [() => active > 0, 'ClusterContainsContainerInstancesException', `${active} ACTIVE instances`],
    ]);
    const res = call(r, 'DeleteCluster', { cluster: name }, expect, () => r.sim.ecs.deleteCluster({ cluster: name }));
    if (res && c) {
      c.status = 'INACTIVE';
      if (res.cluster.status !== 'INACTIVE') violation('response', `DeleteCluster answered status ${res.cluster.status}`);
    }
  }
}

// ---------- container instances ----------

export class RegisterInstance extends FuzzCommand<RegisterInstanceArgs> {
  readonly name = 'registerInstance';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const a = this.args;
    const totalResources: Resource[] = [
      { name: 'CPU', type: 'INTEGER', integerValue: a.cpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: a.bad === 'negative' ? -1 : a.memory },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: [...a.ports.map(String), ...(a.bad === 'port' ? ['70000'] : [])] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: a.udpPorts.map(String) },
    ];
    for (const [name, type, value] of a.extras) {
      totalResources.push(type === 'INTEGER' ? { name, type, integerValue: value } : { name, type, doubleValue: value });
    }
    if (a.bad === 'duplicate') totalResources.push({ name: 'CPU', type: 'INTEGER', integerValue: 1 });
    if (a.bad === 'type') totalResources[0] = { name: 'CPU', type: 'DOUBLE', doubleValue: a.cpu };
    const body = a.defaults ? {} : { totalResources };
    const req = a.cluster === null ? body : { cluster: a.cluster, ...body };
    const expect = expectFirst([
      [() => a.cluster !== null && !m.activeCluster(a.cluster), 'ClusterNotFoundException', `cluster ${a.cluster} is not ACTIVE`],
      [() => a.bad !== null && !a.defaults, 'InvalidParameterException', `malformed totalResources (${a.bad})`],
    ]);
    const res = call(r, 'RegisterContainerInstance', req, expect, () => r.sim.ecs.registerContainerInstance(req));
    if (!res) return;
    const clusterName = a.cluster ?? 'default';
    const c = m.clusters.get(clusterName);
    if (c) c.status = 'ACTIVE';
    else m.clusters.set(clusterName, { name: clusterName, arn: m.prefix.cluster + clusterName, status: 'ACTIVE' });
    const arn = res.containerInstance.containerInstanceArn;
    if (!arn.startsWith(m.prefix.instance) || m.instance(uuidOf(arn))) violation('response', `RegisterContainerInstance answered ARN ${arn}`);
    const registered = new Map<string, number>([
      ['CPU', a.defaults ? DEFAULT_REGISTRATION.cpu : a.cpu],
      ['MEMORY', a.defaults ? DEFAULT_REGISTRATION.memory : a.memory],
    ]);
    if (!a.defaults) for (const [name, , value] of a.extras) registered.set(name, value);
    const inst: ModelInstance = {
      uuid: uuidOf(arn),
      arn,
      cluster: clusterName,
      status: 'ACTIVE',
      connected: true,
      registered,
      reservedTcp: a.defaults ? [...DEFAULT_REGISTRATION.reservedTcp] : [...new Set(a.ports)],
      reservedUdp: a.defaults ? [] : [...new Set(a.udpPorts)],
    };
    m.instances.push(inst);
    // the response reports what was registered, and nothing is in use yet
    for (const list of [res.containerInstance.registeredResources, res.containerInstance.remainingResources]) {
      for (const rr of list) {
        const value = rr.integerValue ?? rr.longValue ?? rr.doubleValue;
        if (rr.type !== 'STRINGSET' && value !== registered.get(rr.name)) {
          violation('response', `RegisterContainerInstance reports ${rr.name} = ${value}, registered ${registered.get(rr.name)}`);
        }
      }
    }
    if (res.containerInstance.status !== 'ACTIVE' || !res.containerInstance.agentConnected) {
      violation('response', 'a new instance is not ACTIVE and connected');
    }
  }
}

/** The instance an index names (any cluster, ACTIVE or not). */
export function instanceAt(m: FuzzModel, i: number): ModelInstance {
  return pickFrom(m.instances, i);
}

export class DeregisterInstance extends FuzzCommand<{ instance: number; force: boolean }> {
  readonly name = 'deregisterInstance';
  protected override readonly picksFrom = 'instances' as const;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const inst = instanceAt(m, this.args.instance);
    const req = { cluster: inst.cluster, containerInstance: inst.arn, force: this.args.force };
    const live = m.liveTasksOn(inst.uuid);
    const expect = expectFirst([
      clusterRefusal(m, inst.cluster),
      [() => inst.status === 'ACTIVE' && live.length > 0 && !this.args.force, 'ClientException', `${live.length} live tasks and no force`],
    ]);
    const res = call(r, 'DeregisterContainerInstance', req, expect, () => r.sim.ecs.deregisterContainerInstance(req));
    if (!res || inst.status === 'INACTIVE') return;
    inst.status = 'INACTIVE';
    for (const t of live) m.markStopped(t, REASON_FORCED);
    if (res.containerInstance.status !== 'INACTIVE') violation('response', 'a deregistered instance is not INACTIVE');
  }
}

/** The simulation's agent controls; disconnect names the instance by UUID, connect by ARN (both forms accepted). */
abstract class AgentConnection extends FuzzCommand<{ instance: number }> {
  protected override readonly picksFrom = 'instances' as const;
  protected abstract readonly connects: boolean;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const inst = instanceAt(m, this.args.instance);
    if (this.connects) {
      call(r, 'connectAgent', inst.arn, OK, () => r.sim.connectAgent(inst.arn));
      m.connect(inst);
    } else {
      call(r, 'disconnectAgent', inst.uuid, OK, () => r.sim.disconnectAgent(inst.uuid));
      m.disconnect(inst);
    }
  }
}

export class DisconnectAgent extends AgentConnection {
  readonly name = 'disconnectAgent';
  protected readonly connects = false;
}

export class ConnectAgent extends AgentConnection {
  readonly name = 'connectAgent';
  protected readonly connects = true;
}

// ---------- task definitions ----------

/** Why ECS rejects these container definitions, or null. */
export function whyInvalidContainers(containers: readonly ContainerSpec[]): string | null {
  if (containers.length === 0 || containers.length > 10) return 'needs 1..10 containers';
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  for (const c of containers) {
    if (c.memory < 4) return `container ${c.name} has memory ${c.memory} < 4`;
    if (names.has(c.name)) return `container name ${c.name} used twice`;
    names.add(c.name);
    for (const pm of c.portMappings) {
      if (pm.hostPort === 0) continue;
      const key = `${pm.protocol}/${pm.hostPort}`;
      if (hostPorts.has(key)) return `host port ${key} used twice`;
      hostPorts.add(key);
    }
  }
  if (!containers.some((c) => c.essential)) return 'no essential container';
  return null;
}

export class RegisterTaskDefinition extends FuzzCommand<{ family: string; containers: ContainerSpec[]; omitZeroHostPort: boolean }> {
  readonly name = 'registerTaskDefinition';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const { family, containers, omitZeroHostPort } = this.args;
    const containerDefinitions = containers.map((c) => {
      const def: Record<string, unknown> = { name: c.name, image: `${c.name}:latest`, cpu: c.cpu, memory: c.memory, essential: c.essential };
      if (c.portMappings.length > 0) {
        // a dynamic port either as hostPort 0 or with hostPort left out: ECS reads both the same
        const omit = (pm: PortMappingSpec): boolean => pm.hostPort === 0 && omitZeroHostPort;
        def.portMappings = c.portMappings.map((pm) =>
          omit(pm) ? { containerPort: pm.containerPort, protocol: pm.protocol } : { containerPort: pm.containerPort, hostPort: pm.hostPort, protocol: pm.protocol },
        );
      }
      if (c.resources.length > 0) def.resourceRequirements = c.resources.map(([type, v]) => ({ type, value: String(v) }));
      return def;
    });
    const req = { family, containerDefinitions } as Parameters<FuzzReal['sim']['ecs']['registerTaskDefinition']>[0];
    const why = whyInvalidContainers(containers);
    const res = call(r, 'RegisterTaskDefinition', req, why === null ? OK : reject('ClientException', why), () => r.sim.ecs.registerTaskDefinition(req));
    if (!res) return;
    const revision = m.revisionsOf(family) + 1;
    const td: ModelTaskDefinition = {
      family,
      revision,
      arn: `${m.prefix.taskDefinition}${family}:${revision}`,
      status: 'ACTIVE',
      containers: containers.map((c) => ({ ...c })),
    };
    if (res.taskDefinition.taskDefinitionArn !== td.arn) violation('response', `RegisterTaskDefinition answered ${res.taskDefinition.taskDefinitionArn}, expected ${td.arn}`);
    m.taskDefinitions.push(td);
  }
}

export class DeregisterTaskDefinition extends FuzzCommand<{ td: number; form: TdRef['form'] }> {
  readonly name = 'deregisterTaskDefinition';
  protected override readonly picksFrom = 'taskDefinitions' as const;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const td = pickFrom(m.taskDefinitions, this.args.td);
    const form = this.args.form;
    const ref = tdRefText(m, td, form);
    const expect = expectFirst([
      [() => form === 'family', 'ClientException', 'no revision given'],
      [() => form === 'unknown', 'ClientException', 'no such revision'],
    ]);
    const res = call(r, 'DeregisterTaskDefinition', { taskDefinition: ref }, expect, () => r.sim.ecs.deregisterTaskDefinition({ taskDefinition: ref }));
    if (res) td.status = 'INACTIVE';
  }
}

/** The `taskDefinition` text of `td` in one of the forms a command can name it. */
export function tdRefText(m: FuzzModel, td: ModelTaskDefinition, form: TdRef['form']): string {
  switch (form) {
    case 'family':
      return td.family;
    case 'arn':
      return td.arn;
    case 'unknown':
      return `${td.family}:${m.revisionsOf(td.family) + 1}`;
    case 'revision':
      return `${td.family}:${td.revision}`;
  }
}
