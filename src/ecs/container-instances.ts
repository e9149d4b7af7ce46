// RegisterContainerInstance, DeregisterContainerInstance, ListContainerInstances,
// DescribeContainerInstances, and the agent connection controls of the simulation.
import { ec2InstanceIdFrom, uuidFrom } from '../model/arn.js';
import { DEFAULT_INSTANCE_RESOURCES, instanceTypeResources } from '../model/instance-types.js';
import type {
  Attribute,
  DeregisterContainerInstanceRequest,
  DeregisterContainerInstanceResponse,
  DescribeContainerInstancesRequest,
  DescribeContainerInstancesResponse,
  ListContainerInstancesRequest,
  ListContainerInstancesResponse,
  RegisterContainerInstanceRequest,
  RegisterContainerInstanceResponse,
  Resource,
  VersionInfo,
} from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { REASON_FORCED } from './lifecycle.js';
import { clientError, EcsError, invalidParameter } from './errors.js';
import { page } from './pagination.js';
import { activeCluster, anyInstance, describeIn, findCluster, findInstance } from './references.js';
import { LiveTaskList, type InstanceRecord } from './state.js';
import { expectObject, optionalBoolean, optionalString, requireString, stringList } from './validate.js';
import { instanceView } from './views.js';

/** Ports the ECS agent reserves on every instance by default. */
export const DEFAULT_RESERVED_PORTS = [22, 2375, 2376, 51678];
const MAX_RESERVED_PORTS = 50;
const VALUE_KEY = { INTEGER: 'integerValue', LONG: 'longValue', DOUBLE: 'doubleValue', STRINGSET: 'stringSetValue' } as const;

interface IdentityDocument {
  instanceId?: string;
  instanceType?: string;
  availabilityZone?: string;
}

function parseIdentity(doc: string | undefined): IdentityDocument {
  if (doc === undefined) return {};
  try {
    const v: unknown = JSON.parse(doc);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    const o = v as Record<string, unknown>;
    const out: IdentityDocument = {};
    if (typeof o.instanceId === 'string') out.instanceId = o.instanceId;
    if (typeof o.instanceType === 'string') out.instanceType = o.instanceType;
    if (typeof o.availabilityZone === 'string') out.availabilityZone = o.availabilityZone;
    return out;
  } catch {
    throw invalidParameter('instanceIdentityDocument must be a JSON document.');
  }
}

function parsePorts(r: Resource): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const s of r.stringSetValue ?? []) {
    if (typeof s !== 'string' || !/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) {
      throw invalidParameter(`${r.name} values must be port numbers between 1 and 65535, got "${String(s)}".`);
    }
    const p = Number(s);
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  }
  if (out.length > MAX_RESERVED_PORTS) throw invalidParameter(`At most ${MAX_RESERVED_PORTS} ports can be reserved in ${r.name}.`);
  return out;
}

/** Validates totalResources and fills in defaults; returns the list to register. */
function resolveResources(req: RegisterContainerInstanceRequest, identity: IdentityDocument): Resource[] {
  const spec = (identity.instanceType && instanceTypeResources(identity.instanceType)) || DEFAULT_INSTANCE_RESOURCES;
  if (req.totalResources === undefined || req.totalResources === null) {
    const out: Resource[] = [
      { name: 'CPU', type: 'INTEGER', integerValue: spec.CPU },
      { name: 'MEMORY', type: 'INTEGER', integerValue: spec.MEMORY },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: DEFAULT_RESERVED_PORTS.map(String) },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
    ];
    // accelerated types also register their GPUs, as a user-defined INTEGER resource
    for (const [name, value] of Object.entries(spec)) {
      if (name !== 'CPU' && name !== 'MEMORY') out.push({ name, type: 'INTEGER', integerValue: value });
    }
    return out;
  }
  if (!Array.isArray(req.totalResources)) throw invalidParameter('totalResources must be a list.');
  const out: Resource[] = [];
  const names = new Set<string>();
  for (const r of req.totalResources as unknown[]) {
    expectObject(r, 'totalResources[]');
    const name = requireString(r.name, 'totalResources[].name');
    if (names.has(name)) throw invalidParameter(`Resource ${name} is listed more than once.`);
    names.add(name);
    const type = r.type;
    if (type !== 'INTEGER' && type !== 'LONG' && type !== 'DOUBLE' && type !== 'STRINGSET') {
      throw invalidParameter(`Resource ${name} has type ${String(type)}; expected INTEGER, LONG, DOUBLE or STRINGSET.`);
    }
    if ((name === 'CPU' || name === 'MEMORY') && type !== 'INTEGER') throw invalidParameter(`Resource ${name} must be of type INTEGER.`);
    if ((name === 'PORTS' || name === 'PORTS_UDP') && type !== 'STRINGSET') throw invalidParameter(`Resource ${name} must be of type STRINGSET.`);
    const key = VALUE_KEY[type];
    const value = r[key];
    if (type === 'STRINGSET') {
      const list = stringList(value ?? [], `totalResources[${name}].stringSetValue`);
      out.push({ name, type, stringSetValue: [...list] });
    } else {
      const ok =
        typeof value === 'number' && Number.isFinite(value) && value >= 0 && (type === 'DOUBLE' || Number.isInteger(value));
      if (!ok) throw invalidParameter(`Resource ${name} needs a non-negative ${key}.`);
      out.push({ name, type, [key]: value } as Resource);
    }
  }
  if (!names.has('CPU')) out.unshift({ name: 'CPU', type: 'INTEGER', integerValue: spec.CPU });
  if (!names.has('MEMORY')) out.splice(1, 0, { name: 'MEMORY', type: 'INTEGER', integerValue: spec.MEMORY });
  if (!names.has('PORTS')) out.push({ name: 'PORTS', type: 'STRINGSET', stringSetValue: [] });
  if (!names.has('PORTS_UDP')) out.push({ name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] });
  return out;
}

function parseAttributes(value: unknown): Attribute[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('attributes must be a list.');
  return value.map((a: unknown) => {
    expectObject(a, 'attributes[]');
    const name = requireString(a.name, 'attributes[].name');
    const v = optionalString(a.value, 'attributes[].value');
    return v === undefined ? { name } : { name, value: v };
  });
}

export function registerContainerInstance(
  cp: ControlPlane,
  req: RegisterContainerInstanceRequest | undefined,
): RegisterContainerInstanceResponse {
  const r = req ?? {};
  expectObject(r, 'request');
  const clusterRef = optionalString(r.cluster, 'cluster');
  const identity = parseIdentity(optionalString(r.instanceIdentityDocument, 'instanceIdentityDocument'));
  const attrs = parseAttributes(r.attributes);
  const versionInfo = r.versionInfo === undefined ? undefined : (expectObject(r.versionInfo, 'versionInfo'), { ...r.versionInfo } as VersionInfo);
  // An omitted cluster is `default`, created implicitly (and reactivated) by the first registration.
  const existingCluster = clusterRef === undefined ? findCluster(cp, undefined) : activeCluster(cp, clusterRef);
  const reRegister = optionalString(r.containerInstanceArn, 'containerInstanceArn');
  if (reRegister !== undefined) {
    const known = existingCluster && findInstance(cp, existingCluster, reRegister);
    if (!known || known.status !== 'ACTIVE') throw invalidParameter('containerInstanceArn does not name an active container instance of this cluster.');
    if (attrs.length > 0) {
      known.attributes = mergeAttributes(known.attributes, attrs);
      // placement keeps per-attribute-value indexes (spread by an attribute): they re-read the
      // positions the feasibility index logs, as for every other change to an instance
      cp.lifecycle.refreshIndex(known);
    }
    if (versionInfo) known.versionInfo = versionInfo;
    return { containerInstance: instanceView(cp.table, known) };
  }
  const resources = resolveResources(r, identity);
  const reservedTcp = parsePorts(resources.find((x) => x.name === 'PORTS')!);
  const reservedUdp = parsePorts(resources.find((x) => x.name === 'PORTS_UDP')!);
  // validation done: from here on, state changes
  const cluster = existingCluster && existingCluster.status === 'ACTIVE' ? existingCluster : cp.newCluster('default');
  const table = cp.table;
  const slot = table.addSlot();
  for (const res of resources) {
    if (res.type === 'STRINGSET') continue;
    const v = res.integerValue ?? res.longValue ?? res.doubleValue ?? 0;
    table.setAmount(slot, table.dim(res.name), v);
  }
  table.reservePorts(slot, 'tcp', reservedTcp);
  table.reservePorts(slot, 'udp', reservedUdp);
  const uuid = uuidFrom(cp.ids);
  const ec2InstanceId = identity.instanceId ?? ec2InstanceIdFrom(cp.ids);
  const builtIn: Attribute[] = [];
  if (identity.instanceType) builtIn.push({ name: 'ecs.instance-type', value: identity.instanceType });
  if (identity.availabilityZone) builtIn.push({ name: 'ecs.availability-zone', value: identity.availabilityZone });
  const inst: InstanceRecord = {
    slot,
    uuid,
    arn: cp.scopedArn(cp.prefixes.instance, cluster, uuid),
    cluster,
    pos: cluster.index.add(slot),
    seq: cp.nextSeq(),
    ec2InstanceId,
    instanceType: identity.instanceType,
    registeredResources: resources,
    reservedTcp,
    reservedUdp,
    attributes: mergeAttributes(builtIn, attrs),
    versionInfo,
    status: 'ACTIVE',
    agentConnected: true,
    runningTasks: 0,
    pendingTasks: 0,
    liveTasks: new LiveTaskList(cp.liveLinks),
    registeredAt: cp.sim.now(),
  };
  cluster.instances.push(inst);
  cluster.activeInstances++;
  cp.instancesByUuid.set(uuid, inst);
  cp.instancesBySlot[slot] = inst;
  cp.lifecycle.refreshIndex(inst);
  for (const l of cp.listeners) l.instanceRegistered?.(inst);
  return { containerInstance: instanceView(table, inst) };
}

function mergeAttributes(base: Attribute[], extra: Attribute[]): Attribute[] {
  const out = base.map((a) => ({ ...a }));
  for (const a of extra) {
    const i = out.findIndex((b) => b.name === a.name);
    if (i >= 0) out[i] = { ...a };
    else out.push({ ...a });
  }
  return out;
}

function instanceNotFound(): EcsError {
  return invalidParameter('Container instance not found.');
}

export function deregisterContainerInstance(
  cp: ControlPlane,
  req: DeregisterContainerInstanceRequest,
): DeregisterContainerInstanceResponse {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const ref = requireString(req.containerInstance, 'containerInstance');
  const force = optionalBoolean(req.force, 'force') ?? false;
  const inst = findInstance(cp, cluster, ref);
  if (!inst) throw instanceNotFound();
  if (inst.status === 'INACTIVE') return { containerInstance: instanceView(cp.table, inst) };
  if (inst.liveTasks.size > 0 && !force) {
    throw clientError('The specified container instance has tasks that are not stopped. Use force to deregister it anyway.');
  }
  inst.status = 'INACTIVE';
  cluster.activeInstances--;
  cp.table.active[inst.slot] = 0;
  for (const task of [...inst.liveTasks]) cp.lifecycle.markStopped(task, REASON_FORCED, undefined);
  cp.lifecycle.refreshIndex(inst);
  for (const l of cp.listeners) l.instanceDeregistered?.(inst);
  return { containerInstance: instanceView(cp.table, inst) };
}

export function listContainerInstances(
  cp: ControlPlane,
  req: ListContainerInstancesRequest | undefined,
): ListContainerInstancesResponse {
  const cluster = activeCluster(cp, optionalString(req?.cluster, 'cluster'));
  const p = page('container-instances', cluster.instances, (i) => i.status === 'ACTIVE', req);
  const out: ListContainerInstancesResponse = { containerInstanceArns: p.items.map((i) => i.arn) };
  if (p.nextToken) out.nextToken = p.nextToken;
  return out;
}

export function describeContainerInstances(
  cp: ControlPlane,
  req: DescribeContainerInstancesRequest,
): DescribeContainerInstancesResponse {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const refs = stringList(req.containerInstances, 'containerInstances');
  if (refs.length === 0 || refs.length > 100) throw invalidParameter('containerInstances must have between 1 and 100 items.');
  const d = describeIn(cp, cluster, refs, (ref) => findInstance(cp, cluster, ref), (inst) => instanceView(cp.table, inst), cp.prefixes.instance);
  return { containerInstances: d.found, failures: d.failures };
}

/** Models a lost agent: the instance reports agentConnected false and takes no new tasks. */
export function setAgentConnected(cp: ControlPlane, ref: unknown, connected: boolean): void {
  const inst = anyInstance(cp, ref);
  if (inst.agentConnected === connected) return;
  inst.agentConnected = connected;
  cp.table.connected[inst.slot] = connected ? 1 : 0;
  cp.lifecycle.refreshIndex(inst);
  if (connected) cp.agent.resume(inst);
  else cp.agent.suspend(inst);
  for (const l of cp.listeners) l.agentConnectionChanged?.(inst);
}
