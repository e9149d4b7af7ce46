// RunTask, StartTask, StopTask, ListTasks, DescribeTasks.
import { fitReason, FIT_OK } from '../model/demand.js';
import type {
  DescribeTasksRequest,
  Failure,
  DescribeTasksResponse,
  ListTasksRequest,
  ListTasksResponse,
  RunTaskRequest,
  RunTaskResponse,
  StartTaskRequest,
  StartTaskResponse,
  StopTaskRequest,
  StopTaskResponse,
  Task,
  TaskOverride,
} from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { REASON_USER } from './lifecycle.js';
import { clientError, invalidParameter } from './errors.js';
import { page } from './pagination.js';
import { activeCluster, describeIn, findInstance, findTask } from './references.js';
import type { PlacementRequest, PlacementStrategy } from '../placement/types.js';
import { STOPPED, type ClusterRecord, type TaskDefinitionRecord, type TaskRecord } from './state.js';
import { NO_OVERRIDES } from './stopped-tasks.js';
import { resolveTaskDefinition } from './task-definitions.js';
import { expectObject, optionalInteger, optionalString, requireString, stringList } from './validate.js';
import { taskView } from './views.js';

function validateOverrides(value: unknown, td: TaskDefinitionRecord): TaskOverride {
  if (value === undefined || value === null) return NO_OVERRIDES;
  expectObject(value, 'overrides');
  const list = value.containerOverrides ?? [];
  if (!Array.isArray(list)) throw invalidParameter('overrides.containerOverrides must be a list.');
  const names = new Set(td.containerDefinitions.map((c) => c.name));
  const out: TaskOverride = { containerOverrides: [] };
  for (const o of list as unknown[]) {
    expectObject(o, 'overrides.containerOverrides[]');
    const name = requireString(o.name, 'overrides.containerOverrides[].name');
    if (!names.has(name)) throw invalidParameter(`Override for container named ${name} is not a container in the TaskDefinition.`);
    const entry: { name: string; command?: string[]; environment?: { name?: string; value?: string }[] } = { name };
    if (o.command !== undefined) entry.command = [...stringList(o.command, 'overrides.containerOverrides[].command')];
    if (o.environment !== undefined) {
      if (!Array.isArray(o.environment)) throw invalidParameter('overrides.containerOverrides[].environment must be a list.');
      entry.environment = (o.environment as unknown[]).map((e) => {
        expectObject(e, 'environment[]');
        const kv: { name?: string; value?: string } = {};
        if (typeof e.name === 'string') kv.name = e.name;
        if (typeof e.value === 'string') kv.value = e.value;
        return kv;
      });
    }
    out.containerOverrides!.push(entry);
  }
  return out;
}

function runnable(cp: ControlPlane, ref: unknown): TaskDefinitionRecord {
  const td = resolveTaskDefinition(cp, ref);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  return td;
}

function optionalGroup(v: unknown): string | undefined {
  const g = optionalString(v, 'group');
  if (g !== undefined && !/^[a-zA-Z0-9_:.-]{1,255}$/.test(g)) throw invalidParameter('group may contain up to 255 letters, numbers, hyphens, underscores, colons and periods.');
  return g;
}

/** The failures of a RunTask that placed every task, shared (the public action answers a fresh list). */
const NO_FAILURES: readonly Failure[] = Object.freeze([]);

/** A RunTask request once validated: what placing its tasks needs. */
interface PreparedRun {
  readonly cluster: ClusterRecord;
  readonly td: TaskDefinitionRecord;
  readonly count: number;
  readonly overrides: TaskOverride;
  readonly startedBy: string | undefined;
  readonly taskGroup: string;
  readonly strategy: PlacementStrategy;
  readonly request: PlacementRequest;
}

/** Every check of RunTask, in the order ECS answers them; changes nothing and draws nothing. */
function prepareRun(cp: ControlPlane, req: RunTaskRequest): PreparedRun {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const td = runnable(cp, req.taskDefinition);
  const count = optionalInteger(req.count, 'count') ?? 1;
  if (count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
  const overrides = validateOverrides(req.overrides, td);
  const startedBy = optionalString(req.startedBy, 'startedBy');
  const group = optionalGroup(req.group);
  if (cluster.activeInstances === 0) throw invalidParameter('No Container Instances were found in your cluster.');
  // one group string for the call, not one per task (records keep it)
  const taskGroup = group ?? td.familyGroup;
  const { strategy, request } = cp.placement.prepareRunTask(td, taskGroup, req.placementStrategy, req.placementConstraints);
  return { cluster, td, count, overrides, startedBy, taskGroup, strategy, request };
}

/**
 * Places the tasks of a prepared RunTask, each where the strategy picks, appending each record to
 * `placed`; returns the failures (none when all were placed). The one placing loop of RunTask,
 * whoever calls it, so the public action and the runner's entry point draw alike.
 */
function placeRun(cp: ControlPlane, run: PreparedRun, placed: TaskRecord[]): readonly Failure[] {
  const placement = cp.placement;
  const view = placement.view(run.cluster);
  const { cluster, td, count, overrides, startedBy, taskGroup, strategy, request } = run;
  const first = placed.length;
  for (let i = 0; i < count; i++) {
    const slot = placement.pick(strategy, request, view);
    if (slot < 0) break;
    // the tasks of one call share the validated overrides: records never change them, and every
    // response gets its own copy (taskView)
    placed.push(cp.lifecycle.placeTask(cluster, cp.instancesBySlot[slot]!, td, overrides, startedBy, taskGroup));
  }
  return placed.length - first < count ? placement.failures(cluster, request, view) : NO_FAILURES;
}

/**
 * Places up to `count` tasks, each where the strategy picks: the request's `placementStrategy`, else
 * the simulation's default (RANDOM: the 2015 behaviour), held to the request's constraints.
 */
export function runTask(cp: ControlPlane, req: RunTaskRequest): RunTaskResponse {
  const run = prepareRun(cp, req);
  // validation done: from here on, state changes
  const records: TaskRecord[] = [];
  const failures = placeRun(cp, run, records);
  const tasks: Task[] = new Array<Task>(records.length);
  for (let i = 0; i < records.length; i++) tasks[i] = taskView(cp, records[i]!);
  // the response's own list: the caller may change it
  return { tasks, failures: failures === NO_FAILURES ? [] : (failures as Failure[]) };
}

/**
 * RunTask for a driver of the simulation that needs the placed records, not a response: the same
 * checks (it throws what runTask throws), the same placements and draws, and the same failures,
 * but no Task objects are built. The scenario runner places every task through here.
 * @param placed receives the records placed, in placement order
 * @returns RunTask's `failures`
 */
export function runTaskRecords(cp: ControlPlane, req: RunTaskRequest, placed: TaskRecord[]): readonly Failure[] {
  const run = prepareRun(cp, req);
  return placeRun(cp, run, placed);
}

export function startTask(cp: ControlPlane, req: StartTaskRequest): StartTaskResponse {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const td = runnable(cp, req.taskDefinition);
  const refs = stringList(req.containerInstances, 'containerInstances');
  if (refs.length < 1 || refs.length > 10) throw invalidParameter('containerInstances must list between 1 and 10 container instances.');
  const overrides = validateOverrides(req.overrides, td);
  const startedBy = optionalString(req.startedBy, 'startedBy');
  const group = optionalGroup(req.group);
  const out: StartTaskResponse = { tasks: [], failures: [] };
  const taskGroup = group ?? td.familyGroup;
  for (const ref of refs) {
    const inst = findInstance(cp, cluster, ref);
    const arn = inst?.arn ?? (ref.startsWith('arn:') ? ref : cp.scopedArn(cp.prefixes.instance, cluster, ref));
    if (!inst) {
      out.failures.push({ arn, reason: 'MISSING' });
      continue;
    }
    if (inst.status !== 'ACTIVE') {
      out.failures.push({ arn, reason: 'INACTIVE' });
      continue;
    }
    const code = cp.table.fit(inst.slot, td.demand);
    if (code !== FIT_OK) {
      out.failures.push({ arn, reason: fitReason(code, td.demand) });
      continue;
    }
    const task = cp.lifecycle.placeTask(cluster, inst, td, overrides, startedBy, taskGroup);
    out.tasks.push(taskView(cp, task));
  }
  return out;
}

function taskNotFound(): Error {
  return invalidParameter('The referenced task was not found.');
}

export function stopTask(cp: ControlPlane, req: StopTaskRequest): StopTaskResponse {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const ref = requireString(req.task, 'task');
  const reason = optionalString(req.reason, 'reason');
  if (reason !== undefined && reason.length > 255) throw invalidParameter('reason can be at most 255 characters.');
  const task = findTask(cp, cluster, ref);
  if (!task) throw taskNotFound();
  cp.lifecycle.requestStop(task, reason ?? REASON_USER);
  return { task: taskView(cp, task) };
}

export function listTasks(cp: ControlPlane, req: ListTasksRequest | undefined): ListTasksResponse {
  const r = req ?? {};
  expectObject(r, 'request');
  const cluster = activeCluster(cp, optionalString(r.cluster, 'cluster'));
  const family = optionalString(r.family, 'family');
  const startedBy = optionalString(r.startedBy, 'startedBy');
  const desired = r.desiredStatus ?? 'RUNNING';
  if (desired !== 'RUNNING' && desired !== 'PENDING' && desired !== 'STOPPED') {
    throw invalidParameter('desiredStatus must be RUNNING, PENDING or STOPPED.');
  }
  const instRef = optionalString(r.containerInstance, 'containerInstance');
  const inst = instRef === undefined ? undefined : findInstance(cp, cluster, instRef);
  if (instRef !== undefined && !inst) throw invalidParameter('Container instance not found.');
  const wantStopped = desired === 'STOPPED';
  const keep = (t: TaskRecord): boolean =>
    desired !== 'PENDING' &&
    (t.desiredStatus === STOPPED) === wantStopped &&
    (inst === undefined || t.instance === inst) &&
    (family === undefined || t.taskDefinition.family === family) &&
    (startedBy === undefined || t.startedBy === startedBy);
  const retained = cp.retainedTasks(cluster);
  const source = inst ? retained.filter((t) => t.instance === inst) : retained;
  const p = page('tasks', source, keep, r);
  const out: ListTasksResponse = { taskArns: p.items.map((t) => cp.spelledArn(t)) };
  if (p.nextToken) out.nextToken = p.nextToken;
  return out;
}

export function describeTasks(cp: ControlPlane, req: DescribeTasksRequest): DescribeTasksResponse {
  expectObject(req, 'request');
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const refs = stringList(req.tasks, 'tasks');
  if (refs.length === 0 || refs.length > 100) throw invalidParameter('tasks must list between 1 and 100 tasks.');
  const d = describeIn(cp, cluster, refs, (ref) => findTask(cp, cluster, ref), (t) => taskView(cp, t), cp.prefixes.task);
  return { tasks: d.found, failures: d.failures };
}
