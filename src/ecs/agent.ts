// SubmitTaskStateChange, SubmitContainerStateChange, DiscoverPollEndpoint: the agent's side
// of the API. Status only moves forward (PENDING → RUNNING → STOPPED, or PENDING → STOPPED);
// reporting the current status again is acknowledged and changes nothing.
import type {
  DiscoverPollEndpointRequest,
  DiscoverPollEndpointResponse,
  NetworkBinding,
  SubmitContainerStateChangeRequest,
  SubmitContainerStateChangeResponse,
  SubmitTaskStateChangeRequest,
  SubmitTaskStateChangeResponse,
} from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { REASON_ESSENTIAL } from './lifecycle.js';
import { clientError, clusterNotFound, invalidParameter } from './errors.js';
import { activeCluster, findTask } from './references.js';
import { PENDING, RUNNING, STATUS_NAMES, STOPPED, type ContainerRecord, type StatusCode, type TaskRecord } from './state.js';
import { expectObject, optionalInteger, optionalString, requireString } from './validate.js';

const ACK = { acknowledgment: 'true' } as const;

function parseStatus(value: unknown): StatusCode {
  const i = STATUS_NAMES.indexOf(value as (typeof STATUS_NAMES)[number]);
  if (i < 0) throw invalidParameter('status must be PENDING, RUNNING or STOPPED.');
  return i as StatusCode;
}

function taskOf(cp: ControlPlane, req: { cluster?: string | undefined; task?: string | undefined }): TaskRecord {
  const cluster = activeCluster(cp, optionalString(req.cluster, 'cluster'));
  const task = findTask(cp, cluster, requireString(req.task, 'task'));
  if (!task) throw invalidParameter('The referenced task was not found.');
  return task;
}

export function submitTaskStateChange(cp: ControlPlane, req: SubmitTaskStateChangeRequest): SubmitTaskStateChangeResponse {
  expectObject(req, 'request');
  const task = taskOf(cp, req);
  const status = parseStatus(req.status);
  const reason = optionalString(req.reason, 'reason');
  if (status < task.lastStatus) {
    throw clientError(`Task status cannot move from ${STATUS_NAMES[task.lastStatus]} to ${STATUS_NAMES[status]}.`);
  }
  if (status === task.lastStatus) return { ...ACK };
  if (status === RUNNING) cp.lifecycle.markRunning(task);
  else cp.lifecycle.markStopped(task, reason, undefined);
  return { ...ACK };
}

function parseBindings(value: unknown): NetworkBinding[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter('networkBindings must be a list.');
  return (value as unknown[]).map((b) => {
    expectObject(b, 'networkBindings[]');
    const out: NetworkBinding = {};
    const bindIP = optionalString(b.bindIP, 'networkBindings[].bindIP');
    if (bindIP !== undefined) out.bindIP = bindIP;
    const cport = optionalInteger(b.containerPort, 'networkBindings[].containerPort');
    if (cport !== undefined) out.containerPort = cport;
    const hport = optionalInteger(b.hostPort, 'networkBindings[].hostPort');
    if (hport !== undefined) out.hostPort = hport;
    if (b.protocol !== undefined) {
      if (b.protocol !== 'tcp' && b.protocol !== 'udp') throw invalidParameter('networkBindings[].protocol must be tcp or udp.');
      out.protocol = b.protocol;
    }
    return out;
  });
}

export function submitContainerStateChange(
  cp: ControlPlane,
  req: SubmitContainerStateChangeRequest,
): SubmitContainerStateChangeResponse {
  expectObject(req, 'request');
  const task = taskOf(cp, req);
  const name = requireString(req.containerName, 'containerName');
  const container = task.containers.find((c) => c.name === name);
  if (!container) throw invalidParameter(`Container ${name} is not a container of the task.`);
  const status = parseStatus(req.status);
  const exitCode = optionalInteger(req.exitCode, 'exitCode');
  const reason = optionalString(req.reason, 'reason');
  const bindings = parseBindings(req.networkBindings);
  if (status < container.status) {
    throw clientError(`Container status cannot move from ${STATUS_NAMES[container.status]} to ${STATUS_NAMES[status]}.`);
  }
  applyContainerChange(cp, task, container, status, exitCode, reason, bindings);
  return { ...ACK };
}

/**
 * A container of a task the caller holds exits: SubmitContainerStateChange's `status: STOPPED` with
 * `exitCode`, for a driver of the simulation that has the record in hand (the scenario runner's
 * lifetimes) and so needs neither the lookup nor the acknowledgment. Same checks, same changes.
 * (STOPPED is the last status, so no status check can refuse it.)
 * @throws ClusterNotFoundException when the task's cluster is no longer ACTIVE; InvalidParameterException
 *   when the task is past its retention — as the public action answers.
 */
export function containerExited(cp: ControlPlane, task: TaskRecord, container: ContainerRecord, exitCode: number): void {
  if (task.cluster.status !== 'ACTIVE') throw clusterNotFound();
  // what findTask does before answering: forget what retention has passed
  cp.forgetExpired();
  if (task.forgotten) throw invalidParameter('The referenced task was not found.');
  applyContainerChange(cp, task, container, STOPPED, exitCode, undefined, undefined);
}

/** SubmitContainerStateChange once validated: from here on, state changes. */
function applyContainerChange(
  cp: ControlPlane,
  task: TaskRecord,
  container: ContainerRecord,
  status: StatusCode,
  exitCode: number | undefined,
  reason: string | undefined,
  bindings: NetworkBinding[] | undefined,
): void {
  if (bindings) container.networkBindings = bindings;
  if (exitCode !== undefined) container.exitCode = exitCode;
  if (reason !== undefined) container.reason = reason;
  if (status === container.status) return;
  container.status = status;
  if (task.lastStatus === STOPPED) return;
  if (status === STOPPED && container.essential) {
    if (task.desiredStatus !== STOPPED) {
      task.desiredStatus = STOPPED;
      task.stoppedReason = REASON_ESSENTIAL;
    }
    cp.lifecycle.markStopped(task, REASON_ESSENTIAL, undefined);
    return;
  }
  // the task's status is the least advanced of its containers
  let least: StatusCode = STOPPED;
  for (const c of task.containers) if (c.status < least) least = c.status;
  if (least === STOPPED) cp.lifecycle.markStopped(task, undefined, undefined);
  else if (least === RUNNING && task.lastStatus === PENDING) cp.lifecycle.markRunning(task);
}

export function discoverPollEndpoint(cp: ControlPlane, req: DiscoverPollEndpointRequest | undefined): DiscoverPollEndpointResponse {
  const r = req ?? {};
  expectObject(r, 'request');
  optionalString(r.containerInstance, 'containerInstance');
  optionalString(r.cluster, 'cluster');
  const region = cp.ctx.region;
  return { endpoint: `https://ecs-a-1.${region}.amazonaws.com/`, telemetryEndpoint: `https://ecs-t-1.${region}.amazonaws.com/` };
}
