// The service scheduler for one ECS service: keeps desiredCount tasks running, replaces tasks that
// stop, scales, and rolls out new revisions within minimumHealthyPercent / maximumPercent, driving
// the control plane only as ECS's own service scheduler does — RunTask (count ≤ 10 a call, group
// `service:<name>`, startedBy the deployment id), StopTask with a reason, DescribeContainerInstances
// and DescribeTaskDefinition to read, and lifecycle notifications to learn what happened.
//
// One reconciliation decides everything from the counts (ECS's rules, from the DeploymentConfiguration
// documentation): it stops what is over desired and old tasks while RUNNING stays ≥ ⌈min% × desired⌉,
// then launches tasks of the primary deployment while RUNNING + PENDING stays ≤ ⌊max% × desired⌋.
// Triggers at the same instant (ten tasks lost with one instance) coalesce into one reconciliation.
//
// Randomness: `service:<name>:lifetime` (taskLifetime draws, one per launched task), `service:<name>:scale-in` (ties among
// tasks to stop) and `service:<name>:ids` (deployment ids), all from the scenario's seed.
import type { EventHandle } from '../../engine/event-queue.js';
import type { RandomStream, RandomStreams } from '../../engine/rng.js';
import type { RunTaskRequest } from '../../ecs/api-types.js';
import { EcsError } from '../../ecs/errors.js';
import type { Simulation } from '../../ecs/simulation.js';
import { ServiceMetrics } from '../../metrics/service-metrics.js';
import type { TaskLifetimes } from '../lifetimes.js';
import { lifetimeSampler } from '../workload.js';
import type { PlacementStrategy } from '../types.js';
import * as say from './messages.js';
import { chooseTasksToStop, type InstanceFacts, type StopCandidate } from './scale-in.js';
import { DEFAULT_MAXIMUM_PERCENT, DEFAULT_MINIMUM_HEALTHY_PERCENT, DEFAULT_SERVICE_PLACEMENT, type ServiceSpec } from './spec.js';

/** ECS's service throttle as ecsim models it: the first retry after a failed launch waits this long… */
export const RETRY_FIRST_MS = 15_000;
/** …each further one twice as long, up to this. A successful placement resets it. */
export const RETRY_MAX_MS = 300_000;
/** The stoppedReason of tasks the scheduler stops, scaling in or retiring old ones (ECS's wording). */
export function scalingReason(deploymentId: string): string {
  return `Scaling activity initiated by (deployment ${deploymentId})`;
}
/** Exit code of a task whose taskLifetime ran out (it crashed). */
export const LIFETIME_EXIT_CODE = 1;

export interface ServiceSchedulerOptions {
  /** The scenario seed's streams (the scheduler takes `service:<name>:…` ones). */
  streams: RandomStreams;
  /** Who ends tasks whose taskLifetime runs out (observing the simulation). */
  lifetimes: TaskLifetimes;
  /** Horizon, ms: nothing is scheduled at or after it. Default Infinity. */
  end?: number;
  /** Throttle: first retry, ms (default RETRY_FIRST_MS) and cap (default RETRY_MAX_MS). */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

interface Deployment {
  readonly id: string;
  readonly taskDefinition: string;
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  /** A scenario deployment (followed in the metrics), not the service's creation. */
  readonly rollout: boolean;
  done: boolean;
  /** Why it cannot move, while it cannot (reported once per spell and reason). */
  stuck: string | undefined;
}

interface ServiceTask extends StopCandidate {
  readonly deployment: Deployment;
  running: boolean;
  /** The scheduler asked it to stop: its end is no replacement. */
  stopping: boolean;
}

/** What one task of a revision holds, and the container that exits when its lifetime ends. */
interface RevisionFacts {
  demand: Record<string, number>;
  essentialContainer: string;
}

export class ServiceScheduler {
  readonly metrics: ServiceMetrics;
  /** The ECS task group of the service's tasks. */
  readonly group: string;
  private desired: number;
  private readonly strategy: readonly PlacementStrategy[];
  private readonly deployments: Deployment[] = [];
  /** Live tasks (PENDING or RUNNING) by task id, in launch order. */
  private readonly tasks = new Map<string, ServiceTask>();
  private readonly lifetime: (() => number) | undefined;
  private readonly lifetimes: TaskLifetimes;
  private readonly tieRng: RandomStream;
  private readonly idRng: RandomStream;
  private readonly end: number;
  private readonly retryFirst: number;
  private readonly retryMax: number;
  private retryHandle: EventHandle | undefined;
  private backoff = 0;
  private lastFailure: string | undefined;
  private reconcileQueued = false;
  private steady = false;
  private readonly revisions = new Map<string, RevisionFacts>();
  private readonly attributes = new Map<string, ReadonlyMap<string, string>>();

  constructor(
    private readonly sim: Simulation,
    readonly spec: ServiceSpec,
    options: ServiceSchedulerOptions,
  ) {
    this.group = `service:${spec.name}`;
    this.desired = spec.desiredCount;
    this.strategy = spec.placementStrategy.length > 0 ? spec.placementStrategy : DEFAULT_SERVICE_PLACEMENT;
    this.end = options.end ?? Infinity;
    this.retryFirst = options.retryFirstMs ?? RETRY_FIRST_MS;
    this.retryMax = options.retryMaxMs ?? RETRY_MAX_MS;
    const s = options.streams;
    this.lifetimes = options.lifetimes;
    this.lifetime = spec.taskLifetime ? lifetimeSampler(spec.taskLifetime, s.stream(`service:${spec.name}:lifetime`)) : undefined;
    this.tieRng = s.stream(`service:${spec.name}:scale-in`);
    this.idRng = s.stream(`service:${spec.name}:ids`);
    this.metrics = new ServiceMetrics(spec.name, spec.cluster, sim.now());
  }

  /** Creates the service now and schedules its scale changes and deployments. */
  start(): void {
    const { spec } = this;
    this.deployments.push(this.newDeployment(spec.taskDefinition, spec.minimumHealthyPercent, spec.maximumPercent, false));
    this.refreshMetrics();
    this.reconcile();
    const now = this.sim.now();
    for (const change of spec.scale) {
      if (change.at >= this.end || change.at < now) continue;
      this.sim.schedule(change.at - now, () => this.scaleTo(change.desiredCount));
    }
    for (const d of spec.deployments) {
      if (d.at >= this.end || d.at < now) continue;
      this.sim.schedule(d.at - now, () => this.deploy(d.taskDefinition, d.minimumHealthyPercent, d.maximumPercent));
    }
  }

  get desiredCount(): number {
    return this.desired;
  }

  /** The primary deployment's task definition (`family:revision`). */
  get taskDefinition(): string {
    return this.primary.taskDefinition;
  }

  /**
   * Tasks the service wants launched and has not been able to place: what a cluster autoscaler
   * counts as waiting for capacity. 0 while launches are still allowed to happen (no failure yet).
   */
  waitingTasks(): number {
    if (this.lastFailure === undefined) return 0;
    return this.launchWanted();
  }

  /** Sets desiredCount (UpdateService desiredCount). */
  scaleTo(desired: number): void {
    if (!Number.isSafeInteger(desired) || desired < 0) throw new RangeError(`desiredCount must be a whole number >= 0, got ${desired}`);
    this.desired = desired;
    this.steady = false;
    this.refreshMetrics();
    this.queueReconcile();
  }

  /** Starts a rolling deployment of `taskDefinition` (UpdateService taskDefinition). */
  deploy(taskDefinition: string, minimumHealthyPercent = DEFAULT_MINIMUM_HEALTHY_PERCENT, maximumPercent = DEFAULT_MAXIMUM_PERCENT): void {
    const d = this.newDeployment(taskDefinition, minimumHealthyPercent, maximumPercent, true);
    const previous = this.primary;
    if (previous.rollout && !previous.done) this.metrics.deploymentSuperseded();
    this.deployments.push(d);
    this.metrics.deploymentStarted(this.sim.now(), {
      id: d.id,
      taskDefinition,
      minimumHealthyPercent: d.minimumHealthyPercent,
      maximumPercent: d.maximumPercent,
    });
    this.steady = false;
    this.lastFailure = undefined;
    this.cancelRetry();
    this.queueReconcile();
  }

  // ---- notifications (from ServiceWorld, for this service's tasks only) ----

  /** True when the task id is one of this service's live tasks. */
  owns(taskId: string): boolean {
    return this.tasks.has(taskId);
  }

  taskRunning(taskId: string): void {
    const t = this.tasks.get(taskId);
    if (!t) return;
    t.running = true;
    this.refreshMetrics();
    this.queueReconcile();
  }

  taskStopped(taskId: string): void {
    const t = this.tasks.get(taskId);
    if (!t) return;
    this.tasks.delete(taskId);
    if (!t.stopping) this.metrics.replaced++;
    this.steady = false;
    this.refreshMetrics();
    // room was given back: a throttled launch may try again now
    this.cancelRetry();
    this.queueReconcile();
  }

  /** An instance joined the cluster: a throttled launch tries again now. */
  capacityAdded(): void {
    if (this.retryHandle === undefined) return;
    this.cancelRetry();
    this.queueReconcile();
  }

  finish(end: number): void {
    this.metrics.finish(end);
  }

  // ---- the reconciliation ----

  private get primary(): Deployment {
    return this.deployments[this.deployments.length - 1]!;
  }

  private queueReconcile(): void {
    if (this.reconcileQueued) return;
    this.reconcileQueued = true;
    this.sim.schedule(0, () => {
      this.reconcileQueued = false;
      this.reconcile();
    });
  }

  private bounds(): { minHealthy: number; maxTotal: number } {
    const p = this.primary;
    return {
      // ECS rounds the floor up and the ceiling down
      minHealthy: Math.ceil((this.desired * p.minimumHealthyPercent) / 100),
      maxTotal: Math.floor((this.desired * p.maximumPercent) / 100),
    };
  }

  /** Tasks of the primary deployment the bounds allow launching now. */
  private launchWanted(): number {
    const primary = this.primary;
    let fresh = 0;
    for (const t of this.tasks.values()) if (t.deployment === primary && !t.stopping) fresh++;
    return Math.max(0, Math.min(this.desired - fresh, this.bounds().maxTotal - this.tasks.size));
  }

  private reconcile(): void {
    const stopped = this.stopWhatShouldStop();
    let launched = 0;
    let failed = false;
    const want = this.launchWanted();
    if (want > 0 && this.retryHandle === undefined) {
      const r = this.launch(want);
      launched = r.placed;
      failed = r.placed < want;
    }
    this.refreshMetrics();
    this.checkProgress(stopped + launched, failed || this.retryHandle !== undefined);
  }

  /** Stops tasks over desired and old tasks the minimum allows; returns how many it stopped. */
  private stopWhatShouldStop(): number {
    const primary = this.primary;
    const { minHealthy } = this.bounds();
    const fresh: ServiceTask[] = [];
    const old: ServiceTask[] = [];
    let healthy = 0;
    for (const t of this.tasks.values()) {
      if (t.stopping) continue;
      (t.deployment === primary ? fresh : old).push(t);
      if (t.running) healthy++;
    }
    const stop: ServiceTask[] = [];
    // 1. the primary's tasks over desired (scale-in)
    if (fresh.length > this.desired) {
      for (const t of this.choose(fresh, old, fresh.length - this.desired)) stop.push(t as ServiceTask);
    }
    for (const t of stop) if (t.running) healthy--;
    // 2. old tasks: those not yet RUNNING serve nothing; RUNNING ones while the minimum holds
    const oldPending = old.filter((t) => !t.running);
    const oldRunning = old.filter((t) => t.running);
    stop.push(...oldPending);
    const k = Math.min(oldRunning.length, healthy - minHealthy);
    if (k > 0) {
      const others = fresh.filter((t) => !stop.includes(t));
      for (const t of this.choose(oldRunning, others, k)) stop.push(t as ServiceTask);
    }
    if (stop.length === 0) return 0;
    const cluster = this.spec.cluster;
    const reason = scalingReason(primary.id);
    for (const t of stop) {
      t.stopping = true;
      this.metrics.stoppedByScheduler++;
      this.sim.ecs.stopTask({ cluster, task: t.id, reason });
    }
    this.steady = false;
    this.metrics.recordEvent(this.sim.now(), say.stoppedTasks(this.spec.name, stop.map((t) => t.id)));
    return stop.length;
  }

  private choose(candidates: readonly ServiceTask[], others: readonly ServiceTask[], k: number): StopCandidate[] {
    if (k >= candidates.length) return [...candidates];
    const facts = this.instanceFacts([...candidates, ...others]);
    const demand = this.revision(candidates[0]!.deployment.taskDefinition).demand;
    return chooseTasksToStop(candidates, others, k, this.strategy, (arn) => facts.get(arn)!, demand, this.tieRng);
  }

  /** RunTask calls of at most 10 tasks for `n` tasks of the primary deployment; stops at the first shortfall. */
  private launch(n: number): { placed: number } {
    const primary = this.primary;
    const { spec } = this;
    const request: RunTaskRequest = {
      cluster: spec.cluster,
      taskDefinition: primary.taskDefinition,
      count: 1,
      startedBy: primary.id,
      group: this.group,
      placementStrategy: this.strategy.map((s) => ({ ...s })),
    };
    const revisionConstraints = spec.definitionConstraints && Object.hasOwn(spec.definitionConstraints, primary.taskDefinition) ? spec.definitionConstraints[primary.taskDefinition]! : [];
    const constraints = [...revisionConstraints, ...spec.placementConstraints];
    if (constraints.length > 0) request.placementConstraints = constraints.map((c) => ({ ...c }));
    let placed = 0;
    while (placed < n) {
      const batch = Math.min(10, n - placed);
      request.count = batch;
      let reason: string | undefined;
      let failureArns: string[] = [];
      const started: string[] = [];
      try {
        const res = this.sim.ecs.runTask(request);
        for (const task of res.tasks) {
          const id = idOf(task.taskArn);
          this.tasks.set(id, { id, instanceArn: task.containerInstanceArn, running: false, stopping: false, deployment: primary });
          started.push(id);
          // drawn at launch, as a workload's are, so another placement replays the same lives
          if (this.lifetime) this.lifetimes.assign(task.taskArn, this.lifetime(), LIFETIME_EXIT_CODE);
        }
        reason = res.failures[0]?.reason;
        failureArns = res.failures.filter((f) => f.reason === reason).map((f) => f.arn ?? '');
      } catch (e) {
        // ECS answers a cluster without instances with an exception, not a failure
        if (!(e instanceof EcsError && e.name === 'InvalidParameterException' && /No Container Instances/i.test(e.message))) throw e;
        reason = say.REASON_NO_INSTANCES;
      }
      placed += started.length;
      this.metrics.launched += started.length;
      if (started.length > 0) this.metrics.recordEvent(this.sim.now(), say.startedTasks(spec.name, started));
      if (started.length < batch) {
        this.failed(reason ?? 'UNKNOWN', n - placed, failureArns);
        return { placed };
      }
    }
    this.lastFailure = undefined;
    this.backoff = 0;
    return { placed };
  }

  /** A launch fell short: count it, say so as ECS does, and retry after the throttle's wait. */
  private failed(reason: string, unplaced: number, failureArns: string[]): void {
    const now = this.sim.now();
    this.lastFailure = reason;
    this.metrics.recordFailure(reason, unplaced);
    this.metrics.recordEvent(now, say.unableToPlace(this.spec.name, reason, this.closestInstance(reason, failureArns)));
    this.backoff = this.backoff === 0 ? this.retryFirst : Math.min(this.backoff * 2, this.retryMax);
    if (now + this.backoff >= this.end) return;
    this.retryHandle = this.sim.schedule(this.backoff, () => {
      this.retryHandle = undefined;
      this.reconcile();
    });
  }

  private cancelRetry(): void {
    if (this.retryHandle === undefined) return;
    this.sim.cancel(this.retryHandle);
    this.retryHandle = undefined;
  }

  /** Completion, being stuck, and the steady-state message, after a reconciliation. */
  private checkProgress(moved: number, blocked: boolean): void {
    const primary = this.primary;
    let oldLeft = 0;
    let freshRunning = 0;
    let inFlight = 0;
    for (const t of this.tasks.values()) {
      if (t.deployment !== primary) oldLeft++;
      else if (t.running && !t.stopping) freshRunning++;
      if (!t.running || t.stopping) inFlight++;
    }
    const now = this.sim.now();
    if (primary.rollout && !primary.done) {
      if (oldLeft === 0 && freshRunning >= this.desired) {
        primary.done = true;
        this.metrics.deploymentCompleted(now);
        this.metrics.recordEvent(now, say.deploymentCompleted(this.spec.name, primary.id));
      } else if (moved === 0 && inFlight === 0 && freshRunning < this.desired) {
        // nothing moves and nothing will by itself: no room for even one new task
        const roomless = this.bounds().maxTotal - this.tasks.size <= 0;
        const why = roomless ? 'maximumPercent' : blocked ? (this.lastFailure ?? 'UNKNOWN') : undefined;
        if (why !== undefined && primary.stuck !== why) {
          primary.stuck = why;
          this.metrics.deploymentStuck(now, why);
          this.metrics.recordEvent(now, say.deploymentStuck(this.spec.name, primary.id, this.stuckText(why)));
        }
      } else if (moved > 0 && primary.stuck !== undefined) {
        primary.stuck = undefined;
        this.metrics.deploymentStuck(now, undefined);
      }
    }
    if (!this.steady && oldLeft === 0 && inFlight === 0 && freshRunning === this.desired) {
      this.steady = true;
      this.metrics.recordEvent(now, say.steadyState(this.spec.name));
    }
  }

  private stuckText(why: string): string {
    const p = this.primary;
    const { minHealthy, maxTotal } = this.bounds();
    if (why === 'maximumPercent') {
      return `maximumPercent ${p.maximumPercent} allows ${maxTotal} tasks of desired ${this.desired} and minimumHealthyPercent ${p.minimumHealthyPercent} keeps ${minHealthy} running, leaving no room for a task of ${p.taskDefinition}`;
    }
    return `no room for a task of ${p.taskDefinition} (${why}) while minimumHealthyPercent ${p.minimumHealthyPercent} keeps ${minHealthy} running`;
  }

  private refreshMetrics(): void {
    let running = 0;
    for (const t of this.tasks.values()) if (t.running) running++;
    this.metrics.update(this.sim.now(), this.desired, running, this.tasks.size - running);
  }

  // ---- reading the control plane ----

  private revision(taskDefinition: string): RevisionFacts {
    let r = this.revisions.get(taskDefinition);
    if (!r) {
      const td = this.sim.ecs.describeTaskDefinition({ taskDefinition }).taskDefinition;
      const demand: Record<string, number> = { CPU: 0, MEMORY: 0 };
      const defs = td.containerDefinitions ?? [];
      for (const c of defs) {
        demand.CPU! += c.cpu ?? 0;
        demand.MEMORY! += c.memory ?? 0;
      }
      const essential = defs.find((c) => c.essential !== false) ?? defs[0];
      r = { demand, essentialContainer: essential?.name ?? '' };
      this.revisions.set(taskDefinition, r);
    }
    return r;
  }

  /** Attributes (cached: they do not change) and remaining resources (fresh) of the tasks' instances. */
  private instanceFacts(tasks: readonly StopCandidate[]): Map<string, InstanceFacts> {
    const arns = [...new Set(tasks.map((t) => t.instanceArn))];
    const out = new Map<string, InstanceFacts>();
    for (const ci of this.describe(arns)) {
      let attributes = this.attributes.get(ci.containerInstanceArn);
      if (!attributes) {
        attributes = new Map((ci.attributes ?? []).map((a) => [a.name, a.value ?? '']));
        this.attributes.set(ci.containerInstanceArn, attributes);
      }
      out.set(ci.containerInstanceArn, { attributes, remaining: remainingOf(ci.remainingResources) });
    }
    return out;
  }

  private describe(arns: readonly string[]): ReturnType<Simulation['ecs']['describeContainerInstances']>['containerInstances'] {
    const out = [];
    for (let i = 0; i < arns.length; i += 100) {
      out.push(...this.sim.ecs.describeContainerInstances({ cluster: this.spec.cluster, containerInstances: arns.slice(i, i + 100) }).containerInstances);
    }
    return out;
  }

  /**
   * The closest matching instance ECS names in its message: one RunTask named, or else the
   * connected ACTIVE instance with the most of the binding resource left.
   */
  private closestInstance(reason: string, failureArns: readonly string[]): string | undefined {
    const named = failureArns.find((a) => a.includes(':container-instance/'));
    if (named) return idOf(named);
    if (reason === say.REASON_NO_INSTANCES) return undefined;
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = this.sim.ecs.listContainerInstances(nextToken === undefined ? { cluster: this.spec.cluster } : { cluster: this.spec.cluster, nextToken });
      arns.push(...page.containerInstanceArns);
      nextToken = page.nextToken;
    } while (nextToken);
    const resource = reason.startsWith('RESOURCE:') ? reason.slice('RESOURCE:'.length) : undefined;
    let best: string | undefined;
    let bestLeft = -Infinity;
    for (const ci of this.describe(arns)) {
      if (!ci.agentConnected && reason !== 'AGENT') continue;
      const left = resource === undefined ? 0 : (remainingOf(ci.remainingResources)[resource] ?? 0);
      if (best === undefined || left > bestLeft) {
        best = ci.containerInstanceArn;
        bestLeft = left;
      }
    }
    return best === undefined ? (arns[0] === undefined ? undefined : idOf(arns[0])) : idOf(best);
  }

  private newDeployment(taskDefinition: string, min: number | undefined, max: number | undefined, rollout: boolean): Deployment {
    let digits = String(1 + this.idRng.int(9));
    for (let i = 0; i < 18; i++) digits += String(this.idRng.int(10));
    return {
      id: `ecs-svc/${digits}`,
      taskDefinition,
      minimumHealthyPercent: min ?? DEFAULT_MINIMUM_HEALTHY_PERCENT,
      maximumPercent: max ?? DEFAULT_MAXIMUM_PERCENT,
      rollout,
      done: !rollout,
      stuck: undefined,
    };
  }
}

/** The id at the end of an ARN (`…/task/<id>`). */
function idOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function remainingOf(resources: readonly { name: string; integerValue?: number; doubleValue?: number; longValue?: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resources) out[r.name] = r.integerValue ?? r.longValue ?? r.doubleValue ?? 0;
  return out;
}
