// Turns records into response objects spelled as the API spells them; keys without a value
// are omitted, never invented. Every call builds fresh objects, so callers may mutate them.
import { DIM_CPU, DIM_MEMORY, type InstanceTable } from '../model/instance-table.js';
import type { Cluster, Container, ContainerInstance, Resource, Task, TaskDefinition } from './api-types.js';
import { STATUS_NAMES, STOPPED, type ClusterRecord, type ControlPlaneState, type InstanceRecord, type TaskDefinitionRecord, type TaskRecord } from './state.js';

export function clusterView(c: ClusterRecord): Cluster {
  return {
    clusterArn: c.arn,
    clusterName: c.name,
    status: c.status,
    registeredContainerInstancesCount: c.activeInstances,
    runningTasksCount: c.runningTasks,
    pendingTasksCount: c.pendingTasks,
  };
}

function copyResource(r: Resource): Resource {
  const out: Resource = { name: r.name, type: r.type };
  if (r.doubleValue !== undefined) out.doubleValue = r.doubleValue;
  if (r.longValue !== undefined) out.longValue = r.longValue;
  if (r.integerValue !== undefined) out.integerValue = r.integerValue;
  if (r.stringSetValue !== undefined) out.stringSetValue = [...r.stringSetValue];
  return out;
}

function portsInUse(reserved: readonly number[], inUse: Set<number> | undefined): string[] {
  const out = reserved.map(String);
  if (inUse) {
    const held: number[] = [];
    const res = new Set(reserved);
    for (const p of inUse) if (!res.has(p)) held.push(p);
    held.sort((a, b) => a - b);
    for (const p of held) out.push(String(p));
  }
  return out;
}

/** Remaining resources: registered minus what live tasks hold; PORTS lists ports in use. */
export function remainingResources(table: InstanceTable, inst: InstanceRecord): Resource[] {
  const slot = inst.slot;
  return inst.registeredResources.map((r) => {
    if (r.name === 'PORTS') return { name: r.name, type: r.type, stringSetValue: portsInUse(inst.reservedTcp, table.tcpInUse[slot]) };
    if (r.name === 'PORTS_UDP') return { name: r.name, type: r.type, stringSetValue: portsInUse(inst.reservedUdp, table.udpInUse[slot]) };
    const dim = r.name === 'CPU' ? DIM_CPU : r.name === 'MEMORY' ? DIM_MEMORY : table.hasDim(r.name);
    if (dim === undefined || r.type === 'STRINGSET') return copyResource(r);
    const value = table.remaining[dim]![slot]!;
    if (r.type === 'DOUBLE') return { name: r.name, type: r.type, doubleValue: value };
    if (r.type === 'LONG') return { name: r.name, type: r.type, longValue: value };
    return { name: r.name, type: r.type, integerValue: value };
  });
}

export function instanceView(table: InstanceTable, inst: InstanceRecord): ContainerInstance {
  const out: ContainerInstance = {
    containerInstanceArn: inst.arn,
    ec2InstanceId: inst.ec2InstanceId,
    remainingResources: remainingResources(table, inst),
    registeredResources: inst.registeredResources.map(copyResource),
    status: inst.status,
    agentConnected: inst.agentConnected,
    runningTasksCount: inst.runningTasks,
    pendingTasksCount: inst.pendingTasks,
    registeredAt: inst.registeredAt,
  };
  if (inst.attributes.length > 0) out.attributes = inst.attributes.map((a) => ({ ...a }));
  if (inst.versionInfo) out.versionInfo = { ...inst.versionInfo };
  return out;
}

export function taskDefinitionView(td: TaskDefinitionRecord): TaskDefinition {
  return {
    taskDefinitionArn: td.arn,
    containerDefinitions: structuredClone(td.containerDefinitions) as TaskDefinition['containerDefinitions'],
    family: td.family,
    revision: td.revision,
    status: td.status,
  };
}

/**
 * A deep copy of plain data (objects, arrays, primitives), as structuredClone would make of it,
 * without structuredClone's serialisation round trip (this runs for every task in a response).
 */
function copyData<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyData(v[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = copyData((v as Record<string, unknown>)[k]);
  return out as T;
}

/** The API's Task for `t`, a copy the caller owns (its UUID and ARN strings spelled through `state`, not kept on the record). */
export function taskView(state: ControlPlaneState, t: TaskRecord): Task {
  const taskArn = state.spelledArn(t);
  const containerPrefix = state.containerPrefix(t);
  const records = t.containers;
  const containers: Container[] = [];
  for (let i = 0; i < records.length; i++) {
    const c = records[i]!;
    const out: Container = {
      containerArn: containerPrefix + state.spelledContainerUuid(t, i),
      taskArn,
      name: c.name,
      lastStatus: STATUS_NAMES[c.status],
    };
    if (c.exitCode !== undefined) out.exitCode = c.exitCode;
    if (c.reason !== undefined) out.reason = c.reason;
    if (c.networkBindings) out.networkBindings = c.networkBindings.map((b) => ({ ...b }));
    containers.push(out);
  }
  const out: Task = {
    taskArn,
    clusterArn: t.cluster.arn,
    taskDefinitionArn: t.taskDefinition.arn,
    containerInstanceArn: t.instance.arn,
    overrides: copyData(t.overrides),
    lastStatus: STATUS_NAMES[t.lastStatus],
    desiredStatus: t.desiredStatus === STOPPED ? 'STOPPED' : 'RUNNING',
    containers,
    createdAt: t.createdAt,
  };
  if (t.startedBy !== undefined) out.startedBy = t.startedBy;
  if (t.group !== undefined) out.group = t.group;
  if (t.stoppedReason !== undefined) out.stoppedReason = t.stoppedReason;
  if (t.startedAt !== undefined) out.startedAt = t.startedAt;
  if (t.stoppedAt !== undefined) out.stoppedAt = t.stoppedAt;
  return out;
}
