// One fuzz command per state-changing action. Each command carries only the arguments it was
// generated with (indices into the model's lists, never live objects), so a command sequence can be
// shrunk, printed and replayed. `run` asks the model what must happen, makes the call through the
// harness, checks the response (which tasks, where, in which status, which failures and why),
// updates the model and then checks every invariant. `toString` prints a script line,
// `runTask cluster="c1" td={"pick":1,"form":"revision"} count=5`, that parseCommand reads back.
import type fc from 'fast-check';
import type { Resource, RunTaskRequest, StartTaskRequest, Task } from '../ecs/api-types.js';
import { call, OK, reject, type Expectation } from './harness.js';
import { checkInvariants, FuzzViolation, type FuzzReal } from './invariants.js';
import {
  DEFAULT_REGISTRATION,
  REASON_ESSENTIAL,
  REASON_FORCED,
  REASON_USER,
  STATUS_RANK,
  type ContainerSpec,
  type FuzzModel,
  type ModelBinding,
  type ModelContainer,
  type ModelInstance,
  type ModelTaskDefinition,
  type Status,
} from './model.js';

/** A UUID no instance or task will ever have (the ids stream draws version-4 UUIDs with random bits). */
export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** How a command names a task definition: one the model knows (by index), in one of the API's forms. */
export interface TdRef {
  /** Index into the model's task definitions (modulo their number). */
  pick: number;
  /** `family` (latest ACTIVE revision), `family:revision`, the ARN, or a revision that does not exist. */
  form: 'family' | 'revision' | 'arn' | 'unknown';
}

/** How StartTask names an instance: one the model knows (by index, any cluster), or an unknown UUID. */
export type InstanceRef = { pick: number; form: 'arn' | 'uuid' } | { unknown: true };

/** One user-defined resource an instance registers. */
export type ExtraResource = [name: string, type: 'INTEGER' | 'DOUBLE', value: number];

export interface RegisterInstanceArgs {
  /** null: no `cluster` parameter (the default cluster, created or reactivated on demand). */
  cluster: string | null;
  cpu: number;
  memory: number;
  ports: number[];
  udpPorts: number[];
  extras: ExtraResource[];
  /** A malformed request that must be rejected with InvalidParameterException. */
  bad: null | 'port' | 'duplicate' | 'negative' | 'type';
  /** No `totalResources` at all: the documented defaults (the other amounts and `bad` are ignored). */
  defaults?: boolean;
}

type StatusArg = Status | 'BOGUS';

/** The base of every fuzz command: run = apply, then check every invariant. */
export abstract class FuzzCommand<A extends object = object> implements fc.Command<FuzzModel, FuzzReal> {
  abstract readonly name: string;
  constructor(readonly args: A) {}

  check(_m: Readonly<FuzzModel>): boolean {
    return true;
  }

  run(m: FuzzModel, r: FuzzReal): void {
    this.apply(m, r);
    checkInvariants(m, r);
  }

  protected abstract apply(m: FuzzModel, r: FuzzReal): void;

  toString(): string {
    return scriptLine(this.name, this.args as Record<string, unknown>);
  }
}

/** `name key=value …` with JSON values: one line of a fuzz script. */
export function scriptLine(name: string, args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [name, ...parts].join(' ');
}

const pickFrom = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const uuidOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
function violation(what: FuzzViolation['invariant'], msg: string): never {
  throw new FuzzViolation(what, msg);
}

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
    const expect: Expectation = !c
      ? reject('ClusterNotFoundException', 'no such cluster')
      : active > 0
        ? reject('ClusterContainsContainerInstancesException', `${active} ACTIVE instances`)
        : OK;
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
    const expect: Expectation =
      a.cluster !== null && !m.activeCluster(a.cluster)
        ? reject('ClusterNotFoundException', `cluster ${a.cluster} is not ACTIVE`)
        : a.bad !== null && !a.defaults
          ? reject('InvalidParameterException', `malformed totalResources (${a.bad})`)
          : OK;
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
function instanceAt(m: FuzzModel, i: number): ModelInstance {
  return pickFrom(m.instances, i);
}

export class DeregisterInstance extends FuzzCommand<{ instance: number; force: boolean }> {
  readonly name = 'deregisterInstance';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.instances.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const inst = instanceAt(m, this.args.instance);
    const req = { cluster: inst.cluster, containerInstance: inst.arn, force: this.args.force };
    const live = m.liveTasksOn(inst.uuid);
    const expect: Expectation = !m.activeCluster(inst.cluster)
      ? reject('ClusterNotFoundException', `cluster ${inst.cluster} is not ACTIVE`)
      : inst.status === 'ACTIVE' && live.length > 0 && !this.args.force
        ? reject('ClientException', `${live.length} live tasks and no force`)
        : OK;
    const res = call(r, 'DeregisterContainerInstance', req, expect, () => r.sim.ecs.deregisterContainerInstance(req));
    if (!res || inst.status === 'INACTIVE') return;
    inst.status = 'INACTIVE';
    for (const t of live) m.markStopped(t, REASON_FORCED);
    if (res.containerInstance.status !== 'INACTIVE') violation('response', 'a deregistered instance is not INACTIVE');
  }
}

export class DisconnectAgent extends FuzzCommand<{ instance: number }> {
  readonly name = 'disconnectAgent';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.instances.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const inst = instanceAt(m, this.args.instance);
    call(r, 'disconnectAgent', inst.uuid, OK, () => r.sim.disconnectAgent(inst.uuid));
    m.disconnect(inst);
  }
}

export class ConnectAgent extends FuzzCommand<{ instance: number }> {
  readonly name = 'connectAgent';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.instances.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const inst = instanceAt(m, this.args.instance);
    call(r, 'connectAgent', inst.arn, OK, () => r.sim.connectAgent(inst.arn));
    m.connect(inst);
  }
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
        def.portMappings = c.portMappings.map((pm) =>
          pm.hostPort === 0 && omitZeroHostPort
            ? { containerPort: pm.containerPort, protocol: pm.protocol }
            : { containerPort: pm.containerPort, hostPort: pm.hostPort, protocol: pm.protocol },
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
  override check(m: Readonly<FuzzModel>): boolean {
    return m.taskDefinitions.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const td = pickFrom(m.taskDefinitions, this.args.td);
    const form = this.args.form;
    const ref = form === 'family' ? td.family : form === 'arn' ? td.arn : form === 'unknown' ? `${td.family}:${m.revisionsOf(td.family) + 1}` : `${td.family}:${td.revision}`;
    const expect =
      form === 'family' ? reject('ClientException', 'no revision given') : form === 'unknown' ? reject('ClientException', 'no such revision') : OK;
    const res = call(r, 'DeregisterTaskDefinition', { taskDefinition: ref }, expect, () => r.sim.ecs.deregisterTaskDefinition({ taskDefinition: ref }));
    if (res) td.status = 'INACTIVE';
  }
}

// ---------- tasks ----------

/** The `taskDefinition` text a TdRef resolves to against the model. */
function tdText(m: FuzzModel, ref: TdRef): string {
  if (m.taskDefinitions.length === 0) return 'no-such-family';
  const td = pickFrom(m.taskDefinitions, ref.pick);
  switch (ref.form) {
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

/** What RunTask and StartTask check before placing anything, in ECS's order. */
function launchExpectation(m: FuzzModel, cluster: string, tdRef: string, extra: () => Expectation): [Expectation, ModelTaskDefinition | undefined] {
  if (!m.activeCluster(cluster)) return [reject('ClusterNotFoundException', `cluster ${cluster} is not ACTIVE`), undefined];
  const td = m.taskDefinition(tdRef);
  if (!td) return [reject('ClientException', `${tdRef} names no task definition`), undefined];
  if (td.status !== 'ACTIVE') return [reject('ClientException', `${tdRef} is INACTIVE`), td];
  return [extra(), td];
}

/**
 * Checks one task a launch placed on `inst` and adds it to the model: its fields, its containers,
 * its host ports (fixed ones as defined, dynamic ones in range and free), then adopts it.
 */
function adoptTask(m: FuzzModel, action: string, cluster: string, td: ModelTaskDefinition, inst: ModelInstance, task: Task): void {
  const where = `${action} task ${task.taskArn}`;
  if (!task.taskArn.startsWith(m.prefix.task) || m.tasks.some((t) => t.arn === task.taskArn)) violation('response', `${where}: not a new task ARN`);
  if (task.clusterArn !== m.prefix.cluster + cluster) violation('response', `${where}: clusterArn ${task.clusterArn}`);
  if (task.taskDefinitionArn !== td.arn) violation('response', `${where}: taskDefinitionArn ${task.taskDefinitionArn}, expected ${td.arn}`);
  if (task.lastStatus !== 'PENDING' || task.desiredStatus !== 'RUNNING') violation('response', `${where}: placed as ${task.lastStatus}/${task.desiredStatus}`);
  if (task.containers.length !== td.containers.length) violation('response', `${where}: ${task.containers.length} containers, defined ${td.containers.length}`);
  const containers: ModelContainer[] = [];
  const all: ModelBinding[] = [];
  td.containers.forEach((def, k) => {
    const c = task.containers[k]!;
    if (c.name !== def.name || c.lastStatus !== 'PENDING') violation('response', `${where}: container ${k} is ${c.name} ${c.lastStatus}`);
    const got = c.networkBindings ?? [];
    if (got.length !== def.portMappings.length) violation('ports', `${where}: container ${c.name} has ${got.length} network bindings for ${def.portMappings.length} port mappings`);
    const bindings = def.portMappings.map((pm, j): ModelBinding => {
      const b = got[j]!;
      if (b.containerPort !== pm.containerPort || (b.protocol ?? 'tcp') !== pm.protocol) {
        violation('ports', `${where}: binding ${JSON.stringify(b)} for mapping ${JSON.stringify(pm)}`);
      }
      if (pm.hostPort !== 0 && b.hostPort !== pm.hostPort) violation('ports', `${where}: fixed host port ${pm.hostPort} bound as ${b.hostPort}`);
      return { containerPort: pm.containerPort, hostPort: b.hostPort!, protocol: pm.protocol, dynamic: pm.hostPort === 0 };
    });
    all.push(...bindings);
    containers.push({ name: def.name, essential: def.essential, status: 'PENDING', bindings });
  });
  const bad = m.whyBadDynamicPorts(inst, all);
  if (bad !== null) violation('ports', `${where} on ${inst.arn}: ${bad}`);
  m.addTask({ uuid: uuidOf(task.taskArn), arn: task.taskArn, cluster, instance: inst.uuid, taskDefinition: td, containers });
}

const sameFailures = (a: readonly { arn?: string | undefined; reason?: string | undefined }[], b: readonly { arn: string; reason: string }[]): boolean =>
  JSON.stringify(a.map((f) => [f.arn, f.reason])) === JSON.stringify(b.map((f) => [f.arn, f.reason]));

export class RunTask extends FuzzCommand<{ cluster: string; td: TdRef; count: number; badOverride: boolean; distinct?: boolean; clusterArn?: boolean }> {
  readonly name = 'runTask';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const { cluster, count, badOverride } = this.args;
    const distinct = this.args.distinct === true;
    const taskDefinition = tdText(m, this.args.td);
    const req: RunTaskRequest = { cluster: this.args.clusterArn ? m.prefix.cluster + cluster : cluster, taskDefinition, count };
    if (badOverride) req.overrides = { containerOverrides: [{ name: 'no-such-container', command: ['true'] }] };
    if (distinct) req.placementConstraints = [{ type: 'distinctInstance' }];
    const [expect, td] = launchExpectation(m, cluster, taskDefinition, () => {
      if (!Number.isInteger(count) || count < 1 || count > 10) return reject('InvalidParameterException', `count ${count}`);
      if (badOverride) return reject('InvalidParameterException', 'override names no container');
      if (!m.instancesOf(cluster).some((i) => i.status === 'ACTIVE')) return reject('InvalidParameterException', 'no ACTIVE instance in the cluster');
      return OK;
    });
    const res = call(r, 'RunTask', req, expect, () => r.sim.ecs.runTask(req));
    if (!res || !td) return;
    if (res.tasks.length > count) violation('placement', `RunTask placed ${res.tasks.length} tasks for count ${count}`);
    for (const task of res.tasks) {
      const inst = m.instance(uuidOf(task.containerInstanceArn));
      if (!inst) violation('placement', `RunTask placed a task on an unknown instance ${task.containerInstanceArn}`);
      // 6. RunTask never places on an instance that lacked room, was INACTIVE or disconnected
      const why = m.whyNotRunTaskOn(inst, cluster, td, distinct);
      if (why !== null) violation('placement', `RunTask (${r.strategyName}) placed ${td.family}:${td.revision} on ${inst.arn}, but ${why}`);
      adoptTask(m, 'RunTask', cluster, td, inst, task);
    }
    const expectedFailures = m.runTaskFailures(cluster, td, distinct);
    if (res.tasks.length < count) {
      const roomy = m.instancesOf(cluster).find((i) => i.status === 'ACTIVE' && m.runTaskReason(i, td, distinct) === null);
      if (roomy && r.strictRefusal) violation('placement', `RunTask (${r.strategyName}) placed ${res.tasks.length} of ${count}, but ${roomy.arn} had room`);
      if (r.failureDetail === 'summary') {
        // one entry naming the cluster, with a reason some ruled-out instance really gave
        const f = res.failures;
        const reasons = new Set(expectedFailures.map((x) => x.reason));
        if (f.length !== 1 || f[0]!.arn !== m.prefix.cluster + cluster || !reasons.has(f[0]!.reason!)) {
          violation('response', `RunTask summary failures ${JSON.stringify(f)}; the instances' reasons are ${JSON.stringify([...reasons])}`);
        }
      } else if (!sameFailures(res.failures, expectedFailures)) {
        violation('response', `RunTask failures ${JSON.stringify(res.failures)}, the model expected ${JSON.stringify(expectedFailures)}`);
      }
    } else if (res.failures.length > 0) {
      violation('response', `RunTask placed all ${count} tasks but reported failures ${JSON.stringify(res.failures)}`);
    }
  }
}

export class StartTask extends FuzzCommand<{ cluster: string; td: TdRef; instances: InstanceRef[]; clusterArn?: boolean }> {
  readonly name = 'startTask';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const { cluster } = this.args;
    const taskDefinition = tdText(m, this.args.td);
    const refs = this.args.instances.map((ref) => {
      if ('unknown' in ref || m.instances.length === 0) return UNKNOWN_UUID;
      const inst = instanceAt(m, ref.pick);
      return ref.form === 'arn' ? inst.arn : inst.uuid;
    });
    const req: StartTaskRequest = { cluster: this.args.clusterArn ? m.prefix.cluster + cluster : cluster, taskDefinition, containerInstances: refs };
    const [expect, td] = launchExpectation(m, cluster, taskDefinition, () =>
      refs.length < 1 || refs.length > 10 ? reject('InvalidParameterException', `${refs.length} container instances`) : OK,
    );
    const res = call(r, 'StartTask', req, expect, () => r.sim.ecs.startTask(req));
    if (!res || !td) return;
    // one task per named instance, in order; never anywhere else
    const failures: { arn: string; reason: string }[] = [];
    let next = 0;
    for (const ref of refs) {
      const inst = m.instanceIn(cluster, ref);
      if (!inst) {
        failures.push({ arn: ref.startsWith('arn:') ? ref : m.prefix.instance + ref, reason: 'MISSING' });
        continue;
      }
      if (inst.status !== 'ACTIVE') {
        failures.push({ arn: inst.arn, reason: 'INACTIVE' });
        continue;
      }
      const reason = m.firstReason(inst, td);
      if (reason !== null) {
        failures.push({ arn: inst.arn, reason });
        continue;
      }
      const task = res.tasks[next++];
      if (!task) violation('placement', `StartTask placed no task on ${inst.arn}, which had room`);
      if (task.containerInstanceArn !== inst.arn) violation('placement', `StartTask placed a task on ${task.containerInstanceArn}; the next instance named was ${inst.arn}`);
      adoptTask(m, 'StartTask', cluster, td, inst, task);
    }
    if (next !== res.tasks.length) violation('placement', `StartTask placed ${res.tasks.length} tasks; the model expected ${next}`);
    if (!sameFailures(res.failures, failures)) violation('response', `StartTask failures ${JSON.stringify(res.failures)}, the model expected ${JSON.stringify(failures)}`);
  }
}

/** A cluster other than `name`, for calls that name a task in the wrong cluster. */
const otherCluster = (name: string): string => (name === 'c2' ? 'c1' : 'c2');

export class StopTask extends FuzzCommand<{ task: number; wrongCluster: boolean; reason: null | 'short' | 'long' }> {
  readonly name = 'stopTask';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.tasks.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const cluster = this.args.wrongCluster ? otherCluster(t.cluster) : t.cluster;
    const reason = this.args.reason === 'short' ? 'scale-in' : this.args.reason === 'long' ? 'x'.repeat(256) : undefined;
    const req = reason === undefined ? { cluster, task: t.arn } : { cluster, task: t.arn, reason };
    const expect: Expectation = !m.activeCluster(cluster)
      ? reject('ClusterNotFoundException', `cluster ${cluster} is not ACTIVE`)
      : reason !== undefined && reason.length > 255
        ? reject('InvalidParameterException', 'reason longer than 255')
        : !m.taskIn(cluster, t.arn)
          ? reject('InvalidParameterException', `no such task in ${cluster}`)
          : OK;
    const res = call(r, 'StopTask', req, expect, () => r.sim.ecs.stopTask(req));
    if (!res) return;
    m.requestStop(t, reason ?? REASON_USER);
    if (res.task.lastStatus !== t.lastStatus || res.task.desiredStatus !== t.desiredStatus) {
      violation('response', `StopTask answered ${res.task.lastStatus}/${res.task.desiredStatus}, the model has ${t.lastStatus}/${t.desiredStatus}`);
    }
  }
}

export class SubmitTaskStateChange extends FuzzCommand<{ task: number; status: StatusArg; reason: boolean }> {
  readonly name = 'submitTaskStateChange';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.tasks.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const status = this.args.status;
    const req = { cluster: t.cluster, task: t.arn, status, ...(this.args.reason ? { reason: 'agent-reported' } : {}) };
    const expect: Expectation = !m.activeCluster(t.cluster)
      ? reject('ClusterNotFoundException', `cluster ${t.cluster} is not ACTIVE`)
      : status === 'BOGUS'
        ? reject('InvalidParameterException', 'not a status')
        : STATUS_RANK[status] < STATUS_RANK[t.lastStatus]
          ? reject('ClientException', `${t.lastStatus} → ${status} goes backwards`)
          : OK;
    const res = call(r, 'SubmitTaskStateChange', req, expect, () => r.sim.ecs.submitTaskStateChange(req));
    if (!res || status === 'BOGUS' || status === t.lastStatus) return;
    if (status === 'RUNNING') m.markRunning(t);
    else if (status === 'STOPPED') m.markStopped(t, this.args.reason ? 'agent-reported' : undefined);
  }
}

export class SubmitContainerStateChange extends FuzzCommand<{ task: number; container: number; unknownContainer: boolean; status: StatusArg; exitCode: number }> {
  readonly name = 'submitContainerStateChange';
  override check(m: Readonly<FuzzModel>): boolean {
    return m.tasks.length > 0;
  }
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const c = this.args.unknownContainer ? undefined : pickFrom(t.containers, this.args.container);
    const status = this.args.status;
    const req = { cluster: t.cluster, task: t.arn, containerName: c?.name ?? 'no-such-container', status, exitCode: this.args.exitCode };
    const expect: Expectation = !m.activeCluster(t.cluster)
      ? reject('ClusterNotFoundException', `cluster ${t.cluster} is not ACTIVE`)
      : !c
        ? reject('InvalidParameterException', 'no such container')
        : status === 'BOGUS'
          ? reject('InvalidParameterException', 'not a status')
          : STATUS_RANK[status] < STATUS_RANK[c.status]
            ? reject('ClientException', `${c.status} → ${status} goes backwards`)
            : OK;
    const res = call(r, 'SubmitContainerStateChange', req, expect, () => r.sim.ecs.submitContainerStateChange(req));
    if (!res || !c || status === 'BOGUS' || status === c.status) return;
    c.status = status;
    if (t.lastStatus === 'STOPPED') return;
    if (status === 'STOPPED' && c.essential) {
      if (t.desiredStatus !== 'STOPPED') {
        t.desiredStatus = 'STOPPED';
        t.stoppedReason = REASON_ESSENTIAL;
      }
      m.markStopped(t, REASON_ESSENTIAL);
      return;
    }
    // the task's status is the least advanced of its containers
    const least = t.containers.reduce<Status>((lo, x) => (STATUS_RANK[x.status] < STATUS_RANK[lo] ? x.status : lo), 'STOPPED');
    if (least === 'STOPPED') m.markStopped(t, undefined);
    else if (least === 'RUNNING' && t.lastStatus === 'PENDING') m.markRunning(t);
  }
}

// ---------- the clock ----------

export class Advance extends FuzzCommand<{ ms: number }> {
  readonly name = 'advance';
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const to = m.now + this.args.ms;
    r.trace.push(`runUntil ${to}`);
    r.sim.runUntil(to);
    r.log.push(`runUntil ${to} → ${r.sim.eventsProcessed()} events`);
    m.advanceTo(to);
  }
}

// ---------- scripts ----------

type Factory = (args: never) => FuzzCommand;

/** Every command by its script name. */
export const COMMANDS: Readonly<Record<string, Factory>> = {
  createCluster: (a: CreateCluster['args']) => new CreateCluster(a),
  deleteCluster: (a: DeleteCluster['args']) => new DeleteCluster(a),
  registerInstance: (a: RegisterInstance['args']) => new RegisterInstance(a),
  deregisterInstance: (a: DeregisterInstance['args']) => new DeregisterInstance(a),
  disconnectAgent: (a: DisconnectAgent['args']) => new DisconnectAgent(a),
  connectAgent: (a: ConnectAgent['args']) => new ConnectAgent(a),
  registerTaskDefinition: (a: RegisterTaskDefinition['args']) => new RegisterTaskDefinition(a),
  deregisterTaskDefinition: (a: DeregisterTaskDefinition['args']) => new DeregisterTaskDefinition(a),
  runTask: (a: RunTask['args']) => new RunTask(a),
  startTask: (a: StartTask['args']) => new StartTask(a),
  stopTask: (a: StopTask['args']) => new StopTask(a),
  submitTaskStateChange: (a: SubmitTaskStateChange['args']) => new SubmitTaskStateChange(a),
  submitContainerStateChange: (a: SubmitContainerStateChange['args']) => new SubmitContainerStateChange(a),
  advance: (a: Advance['args']) => new Advance(a),
};

/**
 * Reads one script line (as `toString` prints it) back into a command.
 * @throws SyntaxError naming what is wrong with the line.
 */
export function parseCommand(line: string): FuzzCommand {
  const [name, ...parts] = line.trim().split(/\s+/);
  const make = name === undefined ? undefined : COMMANDS[name];
  if (!make) throw new SyntaxError(`unknown fuzz command ${JSON.stringify(name)} (known: ${Object.keys(COMMANDS).join(', ')})`);
  const args: Record<string, unknown> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new SyntaxError(`${name}: expected key=value, got ${JSON.stringify(part)}`);
    try {
      args[part.slice(0, eq)] = JSON.parse(part.slice(eq + 1));
    } catch {
      throw new SyntaxError(`${name}: the value of ${part.slice(0, eq)} is not JSON: ${part.slice(eq + 1)}`);
    }
  }
  return make(args as never);
}
