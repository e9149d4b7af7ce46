// The invariants the fuzzer checks after every command, comparing the reference model with the
// control plane's internals (sim.controlPlane): the accounting of every instance and resource, the
// host ports, release exactly once at STOPPED, forward-only status, and every counter against a
// recount. (A rejected call changing nothing, and legal placement, are checked where the call is
// made: see harness.ts and commands.ts.)
import { EcsError } from '../ecs/errors.js';
import type { Simulation } from '../ecs/simulation.js';
import { PENDING, RUNNING, STATUS_NAMES, STOPPED } from '../ecs/state.js';
import { remainingResources } from '../ecs/views.js';
import { FuzzModel, STATUS_RANK, isLive, subtractAmounts, type ModelInstance, type Status } from './model.js';

/** Which promise was broken. */
export type InvariantName =
  | 'accounting'
  | 'ports'
  | 'release-once'
  | 'rejected-call-changed-state'
  | 'status-forward'
  | 'counters'
  | 'placement'
  | 'response'
  | 'server-error'
  | 'determinism';

/** A broken invariant or a response the model disagrees with: the fuzzer's finding. */
export class FuzzViolation extends Error {
  override readonly name = 'FuzzViolation';
  /** The calls made up to the failure, as resolved requests (filled in by the runner). */
  trace: string[] = [];
  constructor(
    readonly invariant: InvariantName,
    message: string,
  ) {
    super(`[${invariant}] ${message}`);
  }
}

/** The system under test, with what the fuzzer records about it. */
export interface FuzzReal {
  readonly sim: Simulation;
  /** Every response (or rejection) in order, for the determinism check. */
  readonly log: string[];
  /** Each executed command with the request it resolved to, for failure reports. */
  readonly trace: string[];
  /** taskPlaced / taskStopped notifications per task UUID. */
  readonly placed: Map<string, number>;
  readonly stopped: Map<string, number>;
  /** Statuses last seen per task UUID (lastStatus, desiredStatus, containers) and instance UUID. */
  readonly seenTasks: Map<string, { last: Status; desired: Status; containers: Status[] }>;
  readonly seenInstances: Map<string, 'ACTIVE' | 'INACTIVE'>;
  /** Name of the placement strategy RunTask uses ('random' for the 2015 path). */
  readonly strategyName: string;
  /** When true, RunTask that stops short must have had no instance with room (built-in strategies). */
  readonly strictRefusal: boolean;
  /** RunTask's failure detail: every ruled-out instance, or one entry naming the cluster. */
  readonly failureDetail: 'instances' | 'summary';
}

/** Wraps a simulation for fuzzing: subscribes to its lifecycle notifications. */
export function fuzzReal(sim: Simulation, strategyName: string, strictRefusal: boolean, failureDetail: 'instances' | 'summary' = 'instances'): FuzzReal {
  const r: FuzzReal = {
    sim,
    log: [],
    trace: [],
    placed: new Map(),
    stopped: new Map(),
    seenTasks: new Map(),
    seenInstances: new Map(),
    strategyName,
    strictRefusal,
    failureDetail,
  };
  sim.observe({
    taskPlaced: (t) => {
      const uuid = sim.controlPlane.taskUuid(t);
      r.placed.set(uuid, (r.placed.get(uuid) ?? 0) + 1);
    },
    taskStopped: (t) => {
      const uuid = sim.controlPlane.taskUuid(t);
      r.stopped.set(uuid, (r.stopped.get(uuid) ?? 0) + 1);
    },
  });
  return r;
}

function fail(invariant: InvariantName, message: string): never {
  throw new FuzzViolation(invariant, message);
}

const sortedNums = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);
const same = (a: Iterable<number>, b: Iterable<number>): boolean => JSON.stringify(sortedNums(a)) === JSON.stringify(sortedNums(b));
/** PENDING and RUNNING tasks among `tasks`, counted from their records (not the counters under test). */
function liveCounts(tasks: Iterable<{ readonly lastStatus: number }>): { pending: number; running: number } {
  let pending = 0;
  let running = 0;
  for (const t of tasks) {
    if (t.lastStatus === PENDING) pending++;
    else if (t.lastStatus === RUNNING) running++;
  }
  return { pending, running };
}
const short = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1, arn.lastIndexOf('/') + 9);

/** Invariants 1 and 2 for one instance: amounts and host ports against a recount of live tasks. */
function checkInstanceAccounting(m: FuzzModel, r: FuzzReal, mi: ModelInstance): void {
  const cp = r.sim.controlPlane;
  const inst = cp.instancesByUuid.get(mi.uuid)!;
  const slot = inst.slot;
  const table = cp.table;
  const where = `instance ${short(mi.arn)} (${mi.cluster})`;
  const held = m.held(mi);
  // 1. registered = remaining + held, never negative, for CPU, MEMORY and every user-defined resource
  const names = new Set<string>([...table.dimNames, ...mi.registered.keys(), ...held.amounts.keys()]);
  for (const name of names) {
    const dim = table.hasDim(name);
    const realRegistered = dim === undefined ? 0 : table.registered[dim]![slot]!;
    const realRemaining = dim === undefined ? 0 : table.remaining[dim]![slot]!;
    const registered = mi.registered.get(name) ?? 0;
    const holds = held.amounts.get(name) ?? 0;
    if (realRegistered !== registered) fail('accounting', `${where}: registered ${name} is ${realRegistered}, registered with ${registered}`);
    const left = subtractAmounts(registered, holds);
    if (realRemaining !== left) {
      fail('accounting', `${where}: remaining ${name} is ${realRemaining}, but registered ${registered} - held by live tasks ${holds} = ${left}`);
    }
    if (realRemaining < 0) fail('accounting', `${where}: remaining ${name} is negative (${realRemaining})`);
  }
  // 2. no host port held twice (per protocol), none held over a reservation
  const owners = new Map<string, string>();
  for (const p of held.ports) {
    const key = `${p.protocol}/${p.port}`;
    const reserved = (p.protocol === 'tcp' ? mi.reservedTcp : mi.reservedUdp).includes(p.port);
    if (reserved) fail('ports', `${where}: task ${short(p.task)} holds ${p.dynamic ? 'dynamic' : 'fixed'} host port ${key}, which the instance reserves`);
    const other = owners.get(key);
    if (other !== undefined) fail('ports', `${where}: host port ${key} is held by two live tasks (${short(other)} and ${short(p.task)})`);
    owners.set(key, p.task);
  }
  // a dynamic port number is taken for both protocols (one pool per instance)
  for (const p of held.ports) {
    if (!p.dynamic) continue;
    const clash = held.ports.find((q) => q !== p && q.port === p.port);
    if (clash) fail('ports', `${where}: dynamic host port ${p.port} of task ${short(p.task)} is also held as ${clash.protocol}/${clash.port} by ${short(clash.task)}`);
    if (mi.reservedTcp.includes(p.port) || mi.reservedUdp.includes(p.port)) fail('ports', `${where}: dynamic host port ${p.port} is reserved`);
  }
  // 2. PORTS remaining = reserved ∪ fixed host ports of live tasks (the store and the reported view)
  for (const protocol of ['tcp', 'udp'] as const) {
    const want = new Set(protocol === 'tcp' ? mi.reservedTcp : mi.reservedUdp);
    for (const p of held.ports) if (p.protocol === protocol && !p.dynamic) want.add(p.port);
    const inUse = (protocol === 'tcp' ? table.tcpInUse : table.udpInUse)[slot] ?? new Set<number>();
    const resource = protocol === 'tcp' ? 'PORTS' : 'PORTS_UDP';
    if (!same(inUse, want)) fail('ports', `${where}: ${resource} in use is [${sortedNums(inUse)}], expected reserved ∪ fixed host ports of live tasks [${sortedNums(want)}]`);
    const view = remainingResources(table, inst).find((x) => x.name === resource);
    const shown = (view?.stringSetValue ?? []).map(Number);
    if (!same(shown, want)) fail('ports', `${where}: remainingResources ${resource} shows [${sortedNums(shown)}], expected [${sortedNums(want)}]`);
  }
  const dynamic = held.ports.filter((p) => p.dynamic).map((p) => p.port);
  const realDynamic = table.dynamicInUse[slot] ?? new Set<number>();
  if (!same(realDynamic, dynamic)) fail('ports', `${where}: dynamic ports in use are [${sortedNums(realDynamic)}], live tasks hold [${sortedNums(dynamic)}]`);
}

/**
 * Checks every invariant that holds between commands.
 * @throws FuzzViolation naming the invariant and what differs.
 */
export function checkInvariants(m: FuzzModel, r: FuzzReal): void {
  const cp = r.sim.controlPlane;
  if (r.sim.now() !== m.now) fail('response', `the clock reads ${r.sim.now()}, the model ${m.now}`);

  // clusters: status and counters, against the model and against a recount of the real records
  if (cp.clusters.size !== m.clusters.size) fail('response', `${cp.clusters.size} clusters exist, the model has ${m.clusters.size}`);
  for (const mc of m.clusters.values()) {
    const c = cp.clusters.get(mc.name);
    if (!c) fail('response', `cluster ${mc.name} is missing`);
    if (c.status !== mc.status) fail('response', `cluster ${mc.name} is ${c.status}, the model says ${mc.status}`);
    const active = m.instancesOf(mc.name).filter((i) => i.status === 'ACTIVE').length;
    const want = m.countTasks((t) => t.cluster === mc.name);
    // archived entries (numbers) are STOPPED tasks: they count in neither
    const real = liveCounts(c.tasks.filter((t) => typeof t !== 'number'));
    const got = { instances: c.activeInstances, pending: c.pendingTasks, running: c.runningTasks };
    const expected = { instances: active, pending: want.pending, running: want.running };
    const recount = { instances: c.instances.filter((i) => i.status === 'ACTIVE').length, ...real };
    if (JSON.stringify(got) !== JSON.stringify(expected) || JSON.stringify(got) !== JSON.stringify(recount)) {
      fail('counters', `cluster ${mc.name} counts ${JSON.stringify(got)}; the model counts ${JSON.stringify(expected)}, its own records ${JSON.stringify(recount)}`);
    }
  }

  // instances: status, agent, counters, accounting
  if (cp.instancesByUuid.size !== m.instances.length) fail('response', `${cp.instancesByUuid.size} instances exist, the model has ${m.instances.length}`);
  for (const mi of m.instances) {
    const inst = cp.instancesByUuid.get(mi.uuid);
    const where = `instance ${short(mi.arn)}`;
    if (!inst) fail('response', `${where} is missing`);
    if (inst.cluster.name !== mi.cluster) fail('response', `${where} is in ${inst.cluster.name}, the model says ${mi.cluster}`);
    if (inst.status !== mi.status) fail('response', `${where} is ${inst.status}, the model says ${mi.status}`);
    if (inst.agentConnected !== mi.connected) fail('response', `${where} agentConnected is ${inst.agentConnected}, the model says ${mi.connected}`);
    const seen = r.seenInstances.get(mi.uuid);
    if (seen === 'INACTIVE' && inst.status === 'ACTIVE') fail('status-forward', `${where} went back from INACTIVE to ACTIVE`);
    r.seenInstances.set(mi.uuid, inst.status);
    const want = m.countTasks((t) => t.instance === mi.uuid);
    const { pending, running } = liveCounts(inst.liveTasks);
    if (inst.pendingTasks !== want.pending || inst.runningTasks !== want.running || pending !== want.pending || running !== want.running) {
      fail(
        'counters',
        `${where} counts ${inst.pendingTasks} pending / ${inst.runningTasks} running (its live tasks: ${pending} / ${running}); the model counts ${want.pending} / ${want.running}`,
      );
    }
    const live = new Set(m.liveTasksOn(mi.uuid).map((t) => t.uuid));
    const realLive = [...inst.liveTasks].map((t) => cp.taskUuid(t));
    if (realLive.length !== live.size || realLive.some((u) => !live.has(u))) {
      fail('release-once', `${where} lists ${realLive.length} live tasks, the model ${live.size}`);
    }
    checkInstanceAccounting(m, r, mi);
  }

  // tasks: status (only forward), containers, reason, released exactly once at STOPPED
  if (cp.tasksByUuid.size !== m.tasks.length) fail('response', `${cp.tasksByUuid.size} tasks exist, the model has ${m.tasks.length}`);
  for (const mt of m.tasks) {
    const t = cp.tasksByUuid.get(mt.uuid);
    const where = `task ${short(mt.arn)}`;
    if (!t) fail('response', `${where} is missing`);
    const last = STATUS_NAMES[t.lastStatus];
    const desired = t.desiredStatus === STOPPED ? 'STOPPED' : 'RUNNING';
    const containers = t.containers.map((c) => STATUS_NAMES[c.status]);
    const prev = r.seenTasks.get(mt.uuid);
    if (prev) {
      if (STATUS_RANK[last] < STATUS_RANK[prev.last]) fail('status-forward', `${where} went back from ${prev.last} to ${last}`);
      if (STATUS_RANK[desired] < STATUS_RANK[prev.desired]) fail('status-forward', `${where} desired status went back from ${prev.desired} to ${desired}`);
      containers.forEach((s, i) => {
        const was = prev.containers[i]!;
        if (STATUS_RANK[s] < STATUS_RANK[was]) fail('status-forward', `${where} container ${t.containers[i]!.name} went back from ${was} to ${s}`);
      });
    }
    r.seenTasks.set(mt.uuid, { last, desired, containers });
    if (t.instance.uuid !== mt.instance) fail('response', `${where} is on ${t.instance.uuid}, the model says ${mt.instance}`);
    if (last !== mt.lastStatus || desired !== mt.desiredStatus) {
      fail('response', `${where} is ${last} (desired ${desired}), the model says ${mt.lastStatus} (desired ${mt.desiredStatus})`);
    }
    const modelContainers = mt.containers.map((c) => c.status);
    if (JSON.stringify(containers) !== JSON.stringify(modelContainers)) {
      fail('response', `${where} containers are ${JSON.stringify(containers)}, the model says ${JSON.stringify(modelContainers)}`);
    }
    const times = (x: { createdAt: number; startedAt: number | undefined; stoppedAt: number | undefined }): string => `${x.createdAt}/${x.startedAt}/${x.stoppedAt}`;
    if (times(t) !== times(mt)) fail('response', `${where} createdAt/startedAt/stoppedAt are ${times(t)}, the model says ${times(mt)}`);
    if (t.stoppedReason !== mt.stoppedReason) fail('response', `${where} stoppedReason is ${JSON.stringify(t.stoppedReason)}, the model says ${JSON.stringify(mt.stoppedReason)}`);
    const placed = r.placed.get(mt.uuid) ?? 0;
    const stops = r.stopped.get(mt.uuid) ?? 0;
    if (placed !== 1) fail('release-once', `${where} was placed ${placed} times`);
    const wantStops = isLive(mt) ? 0 : 1;
    if (stops !== wantStops) fail('release-once', `${where} (${mt.lastStatus}) released its resources ${stops} times; expected ${wantStops}`);
    const dyn = mt.containers.flatMap((c) => c.bindings.filter((b) => b.dynamic).map((b) => b.hostPort));
    if (!same(t.dynamicPorts, dyn)) fail('ports', `${where} holds dynamic ports [${sortedNums(t.dynamicPorts)}], its bindings say [${sortedNums(dyn)}]`);
  }

  checkLists(m, r);

  // task definitions
  if (cp.taskDefinitions.length !== m.taskDefinitions.length) fail('response', `${cp.taskDefinitions.length} task definitions exist, the model has ${m.taskDefinitions.length}`);
  m.taskDefinitions.forEach((mtd, i) => {
    const td = cp.taskDefinitions[i]!;
    if (td.arn !== mtd.arn || td.status !== mtd.status) fail('response', `task definition ${td.arn} is ${td.status}, the model has ${mtd.arn} ${mtd.status}`);
  });
}

/** A rejected call's error, as the fuzzer logs it. */
export function describeError(e: unknown): string {
  if (e instanceof EcsError) return `${e.name}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Every page of a list action, followed through its nextTokens. */
function allPages(list: (nextToken: string | undefined) => { items: string[]; nextToken?: string | undefined }): string[] {
  const out: string[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = list(token);
    out.push(...page.items);
    token = page.nextToken;
    if (token === undefined) return out;
  }
  return fail('response', 'a list never ran out of pages');
}

/**
 * What the list actions show, against the model: ACTIVE clusters, each ACTIVE cluster's ACTIVE
 * instances, and its tasks by desired status, in creation order, each exactly once across pages.
 */
function checkLists(m: FuzzModel, r: FuzzReal): void {
  const ecs = r.sim.ecs;
  const clusters = allPages((nextToken) => {
    const res = ecs.listClusters(nextToken === undefined ? { maxResults: 2 } : { maxResults: 2, nextToken });
    return { items: res.clusterArns, nextToken: res.nextToken };
  });
  const activeClusters = [...m.clusters.values()].filter((c) => c.status === 'ACTIVE');
  if (JSON.stringify(clusters) !== JSON.stringify(activeClusters.map((c) => c.arn))) fail('response', `ListClusters shows ${JSON.stringify(clusters)}`);
  for (const c of activeClusters) {
    const instances = allPages((nextToken) => {
      const res = ecs.listContainerInstances(nextToken === undefined ? { cluster: c.name, maxResults: 3 } : { cluster: c.name, maxResults: 3, nextToken });
      return { items: res.containerInstanceArns, nextToken: res.nextToken };
    });
    const want = m.instancesOf(c.name).filter((i) => i.status === 'ACTIVE').map((i) => i.arn);
    if (JSON.stringify(instances) !== JSON.stringify(want)) fail('response', `ListContainerInstances ${c.name} shows ${instances.length} instances, the model ${want.length}`);
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      const tasks = allPages((nextToken) => {
        const req = { cluster: c.name, desiredStatus, maxResults: 7 };
        const res = ecs.listTasks(nextToken === undefined ? req : { ...req, nextToken });
        return { items: res.taskArns, nextToken: res.nextToken };
      });
      const wantTasks = m.tasks.filter((t) => t.cluster === c.name && t.desiredStatus === desiredStatus).map((t) => t.arn);
      if (JSON.stringify(tasks) !== JSON.stringify(wantTasks)) {
        fail('response', `ListTasks ${c.name} desiredStatus ${desiredStatus} shows ${tasks.length} tasks, the model ${wantTasks.length}`);
      }
    }
  }
}
