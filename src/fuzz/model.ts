// The fuzzer's reference model of ECS: clusters, container instances, task definitions and tasks as
// plain maps and arrays, written to be obviously right rather than fast. Nothing is accounted
// incrementally: what an instance has left is recounted from its live tasks every time it is asked,
// so the model cannot drift the way an incremental store can. The model decides everything the
// 2015 API fixes (errors, failures and their reasons, lifecycle moves, what the simulated agent does
// and when); what the API leaves to chance (which instance RunTask picks, UUIDs, dynamic host ports)
// the model checks for legality and then adopts from the system under test.
import { DYNAMIC_PORT_MIN, DYNAMIC_PORT_MAX, REASON_DISTINCT, demandOf, addAmounts, subtractAmounts, isLive, type ModelCluster, type ModelInstance, type ModelTaskDefinition, type ModelBinding, type ModelTask, type Held, type ModelOptions } from './model-types.js';

// the vocabulary, for the commands, invariants and generators that read the model
export { STATUS_RANK, DYNAMIC_PORT_MIN, DYNAMIC_PORT_MAX, REASON_USER, REASON_DISTINCT, DEFAULT_REGISTRATION, REASON_ESSENTIAL, REASON_FORCED, demandOf, addAmounts, subtractAmounts, isLive } from './model-types.js';
export type { Status, PortMappingSpec, ContainerSpec, ModelCluster, ModelInstance, ModelTaskDefinition, ModelBinding, ModelContainer, AgentMove, ModelTask, ModelDemand, Held, ModelOptions } from './model-types.js';

export class FuzzModel {
  readonly clusters = new Map<string, ModelCluster>();
  /** Every instance ever registered, in registration order. */
  readonly instances: ModelInstance[] = [];
  /** Every task definition ever registered, in registration order. */
  readonly taskDefinitions: ModelTaskDefinition[] = [];
  /** Every task ever placed, in placement order. */
  readonly tasks: ModelTask[] = [];
  now = 0;
  readonly prefix: { cluster: string; instance: string; task: string; taskDefinition: string };

  constructor(readonly options: ModelOptions) {
    const base = `arn:aws:ecs:${options.region ?? 'us-east-1'}:${options.accountId ?? '012345678910'}:`;
    this.prefix = {
      cluster: `${base}cluster/`,
      instance: `${base}container-instance/`,
      task: `${base}task/`,
      taskDefinition: `${base}task-definition/`,
    };
  }

  // ---- lookups ----

  /** The cluster an API call names (omitted means `default`), ACTIVE or not. */
  cluster(ref: string | undefined): ModelCluster | undefined {
    const name = ref === undefined ? 'default' : ref.startsWith(this.prefix.cluster) ? ref.slice(this.prefix.cluster.length) : ref;
    return this.clusters.get(name);
  }

  activeCluster(ref: string | undefined): ModelCluster | undefined {
    const c = this.cluster(ref);
    return c && c.status === 'ACTIVE' ? c : undefined;
  }

  instance(uuid: string): ModelInstance | undefined {
    return this.instances.find((i) => i.uuid === uuid);
  }

  /** An instance named by UUID or ARN in `cluster`, or undefined. */
  instanceIn(cluster: string, ref: string): ModelInstance | undefined {
    const uuid = ref.startsWith(this.prefix.instance) ? ref.slice(this.prefix.instance.length) : ref;
    return this.instances.find((i) => i.uuid === uuid && i.cluster === cluster);
  }

  taskIn(cluster: string, ref: string): ModelTask | undefined {
    const uuid = ref.startsWith(this.prefix.task) ? ref.slice(this.prefix.task.length) : ref;
    return this.tasks.find((t) => t.uuid === uuid && t.cluster === cluster);
  }

  /** `family` (latest ACTIVE revision), `family:revision` or the ARN; undefined when it names nothing. */
  taskDefinition(ref: string): ModelTaskDefinition | undefined {
    let spec = ref;
    if (ref.startsWith('arn:')) {
      if (!ref.startsWith(this.prefix.taskDefinition)) return undefined;
      spec = ref.slice(this.prefix.taskDefinition.length);
      if (!spec.includes(':')) return undefined;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) {
      const active = this.taskDefinitions.filter((t) => t.family === spec && t.status === 'ACTIVE');
      return active[active.length - 1];
    }
    const family = spec.slice(0, colon);
    const revision = spec.slice(colon + 1);
    return this.taskDefinitions.find((t) => t.family === family && String(t.revision) === revision);
  }

  revisionsOf(family: string): number {
    return this.taskDefinitions.filter((t) => t.family === family).length;
  }

  /** Instances of a cluster in registration order. */
  instancesOf(cluster: string): ModelInstance[] {
    return this.instances.filter((i) => i.cluster === cluster);
  }

  liveTasksOn(uuid: string): ModelTask[] {
    return this.tasks.filter((t) => t.instance === uuid && isLive(t));
  }

  // ---- accounting, recounted ----

  held(inst: ModelInstance): Held {
    const amounts = new Map<string, number>([
      ['CPU', 0],
      ['MEMORY', 0],
    ]);
    const ports: Held['ports'] = [];
    for (const t of this.liveTasksOn(inst.uuid)) {
      const d = demandOf(t.taskDefinition);
      amounts.set('CPU', amounts.get('CPU')! + d.cpu);
      amounts.set('MEMORY', amounts.get('MEMORY')! + d.memory);
      for (const [name, amount] of d.extras) amounts.set(name, addAmounts(amounts.get(name) ?? 0, amount));
      for (const c of t.containers) {
        for (const b of c.bindings) ports.push({ protocol: b.protocol, port: b.hostPort, dynamic: b.dynamic, task: t.arn });
      }
    }
    return { amounts, ports };
  }

  /** Registered minus held, for every resource the instance registered or a task holds there. */
  remaining(inst: ModelInstance): Map<string, number> {
    const h = this.held(inst);
    const out = new Map<string, number>();
    for (const [name, amount] of inst.registered) out.set(name, subtractAmounts(amount, h.amounts.get(name) ?? 0));
    for (const [name, amount] of h.amounts) if (!out.has(name)) out.set(name, -amount);
    return out;
  }

  /**
   * Host ports a fixed `protocol` mapping cannot have on the instance: its reserved ports, the fixed
   * ports live tasks hold for that protocol, and every dynamic port live tasks hold. Dynamic ports
   * come from one pool per instance, so a number handed out dynamically is taken for both protocols.
   */
  portsInUse(inst: ModelInstance, protocol: 'tcp' | 'udp'): Set<number> {
    const out = new Set(protocol === 'tcp' ? inst.reservedTcp : inst.reservedUdp);
    for (const p of this.held(inst).ports) if (p.dynamic || p.protocol === protocol) out.add(p.port);
    return out;
  }

  /**
   * The first reason `inst` cannot take one task of `td` now, or null when it can, checked in
   * ECS's order: AGENT, RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, RESOURCE:PORTS_UDP, then
   * RESOURCE:<name> for user-defined resources in the order the definition first names them.
   * A fixed host port is taken when anything holds it: a reservation, another task's fixed port,
   * or another task's dynamic port. Does not look at ACTIVE (callers do, as ECS does).
   */
  firstReason(inst: ModelInstance, td: ModelTaskDefinition): string | null {
    if (!inst.connected) return 'AGENT';
    const d = demandOf(td);
    const left = this.remaining(inst);
    if ((left.get('CPU') ?? 0) < d.cpu) return 'RESOURCE:CPU';
    if ((left.get('MEMORY') ?? 0) < d.memory) return 'RESOURCE:MEMORY';
    const tcp = this.portsInUse(inst, 'tcp');
    if (d.tcp.some((p) => tcp.has(p))) return 'RESOURCE:PORTS';
    const udp = this.portsInUse(inst, 'udp');
    if (d.udp.some((p) => udp.has(p))) return 'RESOURCE:PORTS_UDP';
    for (const [name, amount] of d.extras) if ((left.get(name) ?? 0) < amount) return `RESOURCE:${name}`;
    return null;
  }

  /** True when a live task of the group `family:<family>` runs on the instance (distinctInstance). */
  hasGroupTask(inst: ModelInstance, family: string): boolean {
    return this.liveTasksOn(inst.uuid).some((t) => t.taskDefinition.family === family);
  }

  /**
   * Why RunTask's filters rule `inst` out: the first resource reason, then (with `distinct`) the
   * distinctInstance constraint; null when the instance can take the task.
   */
  runTaskReason(inst: ModelInstance, td: ModelTaskDefinition, distinct: boolean): string | null {
    const reason = this.firstReason(inst, td);
    if (reason !== null) return reason;
    return distinct && this.hasGroupTask(inst, td.family) ? REASON_DISTINCT : null;
  }

  /** RunTask's `failures`: every ACTIVE instance of the cluster that cannot take the task, with its first reason. */
  runTaskFailures(cluster: string, td: ModelTaskDefinition, distinct = false): { arn: string; reason: string }[] {
    const out: { arn: string; reason: string }[] = [];
    for (const inst of this.instancesOf(cluster)) {
      if (inst.status !== 'ACTIVE') continue;
      const reason = this.runTaskReason(inst, td, distinct);
      if (reason !== null) out.push({ arn: inst.arn, reason });
    }
    return out;
  }

  /** Why RunTask may not put a task of `td` on `inst`, or null when it may. */
  whyNotRunTaskOn(inst: ModelInstance, cluster: string, td: ModelTaskDefinition, distinct = false): string | null {
    if (inst.cluster !== cluster) return `it is in cluster ${inst.cluster}`;
    if (inst.status !== 'ACTIVE') return 'it is INACTIVE';
    return this.runTaskReason(inst, td, distinct);
  }

  /**
   * Why the dynamic ports a placement assigned are wrong, or null: each in the dynamic range and
   * free on the instance for both protocols (not reserved, not held by a live task, not one of the
   * task's own fixed ports), none twice.
   */
  whyBadDynamicPorts(inst: ModelInstance, bindings: readonly ModelBinding[]): string | null {
    const used = new Set([...this.portsInUse(inst, 'tcp'), ...this.portsInUse(inst, 'udp')]);
    for (const b of bindings) if (!b.dynamic) used.add(b.hostPort);
    const own = new Set<number>();
    for (const b of bindings) {
      if (!b.dynamic) continue;
      if (!Number.isInteger(b.hostPort) || b.hostPort < DYNAMIC_PORT_MIN || b.hostPort > DYNAMIC_PORT_MAX) {
        return `dynamic host port ${b.hostPort} is outside ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}`;
      }
      if (used.has(b.hostPort)) return `dynamic host port ${b.protocol}/${b.hostPort} is already in use on the instance`;
      if (own.has(b.hostPort)) return `the task got dynamic host port ${b.hostPort} twice`;
      own.add(b.hostPort);
    }
    return null;
  }

  // ---- transitions ----

  addTask(task: Omit<ModelTask, 'agent' | 'lastStatus' | 'desiredStatus' | 'stoppedReason' | 'createdAt' | 'startedAt' | 'stoppedAt'>): ModelTask {
    const t: ModelTask = {
      ...task,
      lastStatus: 'PENDING',
      desiredStatus: 'RUNNING',
      stoppedReason: undefined,
      agent: undefined,
      createdAt: this.now,
      startedAt: undefined,
      stoppedAt: undefined,
    };
    this.tasks.push(t);
    if (this.options.mode === 'auto') t.agent = { action: 'start', due: this.now + this.options.startDelayMs };
    return t;
  }

  markRunning(t: ModelTask): void {
    if (t.lastStatus !== 'PENDING') return;
    t.lastStatus = 'RUNNING';
    t.startedAt = this.now;
    for (const c of t.containers) if (c.status === 'PENDING') c.status = 'RUNNING';
  }

  /** StopTask (and nothing else): desired STOPPED; in auto mode the agent stops it after stopDelayMs. */
  requestStop(t: ModelTask, reason: string): void {
    if (t.lastStatus === 'STOPPED' || t.desiredStatus === 'STOPPED') return;
    t.desiredStatus = 'STOPPED';
    t.stoppedReason = reason;
    if (this.options.mode === 'auto' && this.instance(t.instance)!.connected) {
      t.agent = { action: 'stop', due: this.now + this.options.stopDelayMs };
    }
  }

  markStopped(t: ModelTask, reason: string | undefined): void {
    if (t.lastStatus === 'STOPPED') return;
    t.lastStatus = 'STOPPED';
    t.desiredStatus = 'STOPPED';
    t.stoppedAt = this.now;
    if (t.stoppedReason === undefined) t.stoppedReason = reason;
    t.agent = undefined;
    for (const c of t.containers) c.status = 'STOPPED';
  }

  /** The agent of `inst` goes away: its pending moves are dropped. */
  disconnect(inst: ModelInstance): void {
    if (!inst.connected) return;
    inst.connected = false;
    for (const t of this.liveTasksOn(inst.uuid)) t.agent = undefined;
  }

  /** The agent of `inst` comes back and catches up: it stops what should stop, starts what is pending. */
  connect(inst: ModelInstance): void {
    if (inst.connected) return;
    inst.connected = true;
    if (this.options.mode !== 'auto') return;
    for (const t of this.liveTasksOn(inst.uuid)) {
      if (t.agent) continue;
      if (t.desiredStatus === 'STOPPED') t.agent = { action: 'stop', due: this.now + this.options.stopDelayMs };
      else if (t.lastStatus === 'PENDING') t.agent = { action: 'start', due: this.now + this.options.startDelayMs };
    }
  }

  /**
   * Advances the clock to `t`, doing every agent move due by then, earliest first, each at its own
   * time. A move touches only its own task, so moves due at the same instant may go in any order.
   */
  advanceTo(t: number): void {
    for (;;) {
      let next: number | undefined;
      for (const x of this.tasks) if (x.agent !== undefined && x.agent.due <= t && (next === undefined || x.agent.due < next)) next = x.agent.due;
      if (next === undefined) break;
      this.now = next;
      for (const task of this.tasks.filter((x) => x.agent !== undefined && x.agent.due === next)) {
        const move = task.agent!;
        task.agent = undefined;
        const connected = this.instance(task.instance)!.connected;
        if (move.action === 'start') {
          if (task.lastStatus === 'PENDING' && task.desiredStatus === 'RUNNING' && connected) this.markRunning(task);
        } else if (task.lastStatus !== 'STOPPED' && connected) {
          this.markStopped(task, undefined);
        }
      }
    }
    this.now = t;
  }

  // ---- counters, recounted ----

  countTasks(filter: (t: ModelTask) => boolean): { pending: number; running: number } {
    let pending = 0;
    let running = 0;
    for (const t of this.tasks) {
      if (!filter(t)) continue;
      if (t.lastStatus === 'PENDING') pending++;
      else if (t.lastStatus === 'RUNNING') running++;
    }
    return { pending, running };
  }
}
