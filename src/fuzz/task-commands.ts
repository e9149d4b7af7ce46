// Fuzz commands for tasks — RunTask, StartTask, StopTask, the agent's state changes — and the
// clock. Each asks the model what the call must answer, makes it through the harness, checks the
// response (which tasks, where, in which status, which failures and why) and updates the model.
import type { RunTaskRequest, StartTaskRequest, Task } from '../ecs/api-types.js';
import { call, reject, type Expectation } from './harness.js';
import { clusterRefusal, expectFirst, FuzzCommand, pickFrom, uuidOf, violation } from './command.js';
import { UNKNOWN_UUID, type InstanceRef, type StatusArg, type TdRef } from './command-args.js';
import { instanceAt, tdRefText } from './fleet-commands.js';
import type { FuzzReal } from './invariants.js';
import {
  REASON_ESSENTIAL,
  REASON_USER,
  STATUS_RANK,
  type FuzzModel,
  type ModelBinding,
  type ModelContainer,
  type ModelInstance,
  type ModelTaskDefinition,
  type Status,
} from './model.js';

// ---------- tasks ----------

/** The `taskDefinition` text a TdRef resolves to against the model. */
function tdText(m: FuzzModel, ref: TdRef): string {
  return m.taskDefinitions.length === 0 ? 'no-such-family' : tdRefText(m, pickFrom(m.taskDefinitions, ref.pick), ref.form);
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
    const [expect, td] = launchExpectation(m, cluster, taskDefinition, () =>
      expectFirst([
        [() => !Number.isInteger(count) || count < 1 || count > 10, 'InvalidParameterException', `count ${count}`],
        [() => badOverride, 'InvalidParameterException', 'override names no container'],
        [() => !m.instancesOf(cluster).some((i) => i.status === 'ACTIVE'), 'InvalidParameterException', 'no ACTIVE instance in the cluster'],
      ]),
    );
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
      expectFirst([[() => refs.length < 1 || refs.length > 10, 'InvalidParameterException', `${refs.length} container instances`]]),
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

/** The `reason` a StopTask command sends: none, an ordinary one, or one ECS refuses (over 255). */
const STOP_REASONS: Record<'none' | 'short' | 'long', string | undefined> = { none: undefined, short: 'scale-in', long: 'x'.repeat(256) };

export class StopTask extends FuzzCommand<{ task: number; wrongCluster: boolean; reason: null | 'short' | 'long' }> {
  readonly name = 'stopTask';
  protected override readonly picksFrom = 'tasks' as const;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const cluster = this.args.wrongCluster ? otherCluster(t.cluster) : t.cluster;
    const reason = STOP_REASONS[this.args.reason ?? 'none'];
    const req = reason === undefined ? { cluster, task: t.arn } : { cluster, task: t.arn, reason };
    const expect = expectFirst([
      clusterRefusal(m, cluster),
      [() => reason !== undefined && reason.length > 255, 'InvalidParameterException', 'reason longer than 255'],
      [() => !m.taskIn(cluster, t.arn), 'InvalidParameterException', `no such task in ${cluster}`],
    ]);
    const res = call(r, 'StopTask', req, expect, () => r.sim.ecs.stopTask(req));
    if (!res) return;
    m.requestStop(t, reason ?? REASON_USER);
    if (res.task.lastStatus !== t.lastStatus || res.task.desiredStatus !== t.desiredStatus) {
      violation('response', `StopTask answered ${res.task.lastStatus}/${res.task.desiredStatus}, the model has ${t.lastStatus}/${t.desiredStatus}`);
    }
  }
}

/** A reported status that goes back from `current` (BOGUS is refused before this is asked). */
const backwards = (current: Status, reported: StatusArg): boolean => reported !== 'BOGUS' && STATUS_RANK[reported] < STATUS_RANK[current];

export class SubmitTaskStateChange extends FuzzCommand<{ task: number; status: StatusArg; reason: boolean }> {
  readonly name = 'submitTaskStateChange';
  protected override readonly picksFrom = 'tasks' as const;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const status = this.args.status;
    const req = { cluster: t.cluster, task: t.arn, status, ...(this.args.reason ? { reason: 'agent-reported' } : {}) };
    const expect = expectFirst([
      clusterRefusal(m, t.cluster),
      [() => status === 'BOGUS', 'InvalidParameterException', 'not a status'],
      [() => backwards(t.lastStatus, status), 'ClientException', `${t.lastStatus} → ${status} goes backwards`],
    ]);
    const res = call(r, 'SubmitTaskStateChange', req, expect, () => r.sim.ecs.submitTaskStateChange(req));
    if (!res || status === 'BOGUS' || status === t.lastStatus) return;
    if (status === 'RUNNING') m.markRunning(t);
    else if (status === 'STOPPED') m.markStopped(t, this.args.reason ? 'agent-reported' : undefined);
  }
}

export class SubmitContainerStateChange extends FuzzCommand<{ task: number; container: number; unknownContainer: boolean; status: StatusArg; exitCode: number }> {
  readonly name = 'submitContainerStateChange';
  protected override readonly picksFrom = 'tasks' as const;
  protected apply(m: FuzzModel, r: FuzzReal): void {
    const t = pickFrom(m.tasks, this.args.task);
    const c = this.args.unknownContainer ? undefined : pickFrom(t.containers, this.args.container);
    const status = this.args.status;
    const req = { cluster: t.cluster, task: t.arn, containerName: c?.name ?? 'no-such-container', status, exitCode: this.args.exitCode };
    const expect = expectFirst([
      clusterRefusal(m, t.cluster),
      [() => !c, 'InvalidParameterException', 'no such container'],
      [() => status === 'BOGUS', 'InvalidParameterException', 'not a status'],
      [() => backwards(c!.status, status), 'ClientException', `${c?.status} → ${status} goes backwards`],
    ]);
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

