// The workload driver: plays a scenario's workloads against the control plane. At each arrival it
// draws the lifetimes of the tasks it asks for (whether they get placed or not, so the draws are
// the same under any placement), makes one RunTask call (or hands a StartTask launch to the
// workload's scheduler), gives each placed task its lifetime, reports to the metrics what the
// control plane cannot know (requests, failed attempts, retries, give-ups) and retries what
// failed after the workload's backoff. A trace workload takes each launch from its trace instead
// (traces/trace-workload.ts): the task definition of the arrival's demand, its count and group,
// and its lifetime, which may become known only after the tasks were placed.
import type { RandomStreams } from '../engine/rng.js';
import type { Failure, RunTaskRequest } from '../ecs/api-types.js';
import { EcsError } from '../ecs/errors.js';
import type { Simulation } from '../ecs/simulation.js';
import type { TaskRecord } from '../ecs/state.js';
import type { MetricsCollector, WorkloadMetrics } from '../metrics/collector.js';
import { taskDefinitionKey } from './fleet.js';
import type { TaskLifetimes } from './lifetimes.js';
import type { RetryQueue } from './autoscaling/waiting-tasks.js';
import { ScenarioRunError } from './run-error.js';
import { schedulerOption, type RunOptions } from './run-options.js';
import { instanceViewOf, taskDemandOf } from './simulation-view.js';
import { firstFitScheduler, type SchedulerContext, type StartTaskLaunch, type StartTaskScheduler } from './start-task-scheduler.js';
import type { Scenario, Workload } from './types.js';
import { arrivalTimes, lifetimeSampler, type ArrivalGenerator } from './workload.js';
import { TraceWorkload, type TraceLaunch, type TraceWorkloadSummary } from './traces/trace-workload.js';

/** The reason recorded when RunTask finds no ACTIVE container instance in the cluster at all. */
export const REASON_NO_INSTANCES = 'NO_CONTAINER_INSTANCES';

/** One workload as the driver plays it: its generators, its request and its scheduler. */
interface DrivenWorkload {
  readonly index: number;
  readonly workload: Workload;
  readonly metrics: WorkloadMetrics;
  readonly arrivals: ArrivalGenerator;
  readonly lifetime: () => number;
  /** The RunTask request (runTask workloads); `count` is set per call. */
  readonly request: RunTaskRequest;
  readonly scheduler: StartTaskScheduler | undefined;
  /** What the scheduler sees (startTask workloads). */
  readonly schedulerContext: SchedulerContext | undefined;
  /** The StartTask launch of `n` tasks (startTask workloads), of a trace launch's definition when given. */
  launch(n: number, trace?: TraceLaunch): StartTaskLaunch;
  readonly arrive: () => void;
  /** A trace workload's source of launches. */
  readonly trace: TraceWorkload | undefined;
}

export interface DriverContext {
  readonly sim: Simulation;
  readonly collector: MetricsCollector;
  readonly lifetimes: TaskLifetimes;
  /** The runner's streams: each workload draws from `workload:<name>:arrival` and `:lifetime`. */
  readonly streams: RandomStreams;
  /** The horizon, ms. */
  readonly end: number;
  readonly options: RunOptions;
  /** Told of tasks held for a retry, for the cluster autoscaler (autoscaled scenarios only). */
  readonly retryQueue?: RetryQueue;
}

export class WorkloadDriver {
  /** Lifetimes of the tasks of one call (a launch asks for at most 10 tasks). */
  private readonly scratch = new Float64Array(10);
  private readonly traces: { name: string; trace: TraceWorkload }[] = [];
  private spare: TaskRecord[] | undefined = [];

  constructor(private readonly ctx: DriverContext) {}

  /** Sets up every workload of the scenario (checked by checkWorkloads) and schedules its first arrival. */
  start(scenario: Scenario): void {
    const { sim, collector, streams, end, options } = this.ctx;
    const tdByKey = new Map(scenario.taskDefinitions.map((td) => [taskDefinitionKey(td), td]));
    scenario.workloads.forEach((w, index) => {
      const key = taskDefinitionKey(w.taskDefinition);
      const td = tdByKey.get(key)!;
      const constraints = [...td.placementConstraints, ...w.placementConstraints];
      const scheduler = w.launch === 'startTask' ? (schedulerOption(options, w) ?? firstFitScheduler) : undefined;
      const request: RunTaskRequest = { cluster: w.cluster, taskDefinition: key, count: w.count, startedBy: w.name };
      if (w.group !== undefined) request.group = w.group;
      if (w.placementStrategy.length > 0) request.placementStrategy = w.placementStrategy.map((s) => ({ ...s }));
      if (constraints.length > 0) request.placementConstraints = constraints.map((c) => ({ ...c }));
      const demand = scheduler ? taskDemandOf(sim, key) : undefined;
      const trace = w.trace === undefined ? undefined : this.traceOf(w, index, td.family);
      const driven: DrivenWorkload = {
        index,
        workload: w,
        metrics: collector.workload(w.name)!,
        arrivals: trace ? { next: () => trace.nextAt() } : arrivalTimes(w.arrival, streams.stream(`workload:${w.name}:arrival`), {
          start: w.start ?? 0,
          stop: w.stop ?? end,
          horizon: end,
        }),
        lifetime: lifetimeSampler(w.lifetime, streams.stream(`workload:${w.name}:lifetime`)),
        request,
        scheduler,
        schedulerContext: scheduler ? { sim, view: instanceViewOf(sim, w.cluster) } : undefined,
        trace,
        launch(n, t) {
          const l: StartTaskLaunch = t
            ? { cluster: w.cluster, taskDefinition: t.taskDefinition, count: n, startedBy: w.name, demand: taskDemandOf(sim, t.taskDefinition) }
            : { cluster: w.cluster, taskDefinition: key, count: n, startedBy: w.name, demand: demand! };
          const group = t?.group ?? w.group;
          if (group !== undefined) l.group = group;
          if (constraints.length > 0) l.placementConstraints = constraints.map((c) => ({ ...c }));
          return l;
        },
        arrive: () => this.arrive(driven),
      };
      this.scheduleNextArrival(driven);
    });
  }

  /** What each trace workload read and how its families fared, by workload name in file order. */
  traceSummaries(): Record<string, TraceWorkloadSummary> {
    const out: Record<string, TraceWorkloadSummary> = {};
    for (const t of this.traces) out[t.name] = t.trace.summary();
    return out;
  }

  private traceOf(w: Workload, index: number, family: string): TraceWorkload {
    const { sim, end, lifetimes } = this.ctx;
    const trace = new TraceWorkload(sim, w.trace!, w.name, family, end, (arn, ms) => lifetimes.settle(arn, ms), ['workloads', index, 'trace', 'path']);
    sim.observe(trace);
    this.traces.push({ name: w.name, trace });
    return trace;
  }

  private scheduleNextArrival(dw: DrivenWorkload): void {
    const at = dw.arrivals.next();
    if (at < this.ctx.end) this.ctx.sim.schedule(at - this.ctx.sim.now(), dw.arrive);
  }

  private arrive(dw: DrivenWorkload): void {
    if (dw.trace) {
      const launch = dw.trace.take();
      this.scratch.fill(launch.lifetime, 0, launch.count);
      this.ctx.collector.recordRequested(dw.metrics, launch.count);
      this.submit(dw, launch.count, this.scratch, this.ctx.sim.now(), 0, launch);
      this.scheduleNextArrival(dw);
      return;
    }
    const n = dw.workload.count;
    const lifetimes = this.scratch;
    for (let i = 0; i < n; i++) lifetimes[i] = dw.lifetime();
    this.ctx.collector.recordRequested(dw.metrics, n);
    this.submit(dw, n, lifetimes, this.ctx.sim.now(), 0);
    this.scheduleNextArrival(dw);
  }

  /** One RunTask (or scheduler) call for `n` tasks with the given lifetimes; retries what failed. */
  private submit(dw: DrivenWorkload, n: number, lifetimes: Float64Array, requestedAt: number, attempt: number, trace?: TraceLaunch): void {
    const { sim, collector, end } = this.ctx;
    // a list kept between calls (taken, so that a call made while this one runs gets its own)
    const tasks = this.spare ?? [];
    this.spare = undefined;
    let reason: string | undefined;
    try {
      reason = this.call(dw, n, trace, tasks)[0]?.reason;
    } catch (e) {
      if (e instanceof EcsError && e.name === 'InvalidParameterException' && /No Container Instances/i.test(e.message)) {
        reason = REASON_NO_INSTANCES;
      } else if (e instanceof EcsError) {
        throw new ScenarioRunError(`${e.action || 'the control plane'} rejected the request of workload ${dw.workload.name}: ${e.name}: ${e.message}`, ['workloads', dw.index], { cause: e });
      } else {
        throw e;
      }
    }
    // the call answers the tasks it placed in placement order: the i-th takes the i-th lifetime;
    // a retried task was requested before now, and its wait counts in request → RUNNING
    const placed = Math.min(tasks.length, n);
    const waited = requestedAt !== sim.now();
    for (let i = 0; i < placed; i++) {
      const task = tasks[i]!;
      this.ctx.lifetimes.assignTask(task, lifetimes[i]!);
      if (waited) collector.recordRequestTimeOf(task, requestedAt);
    }
    if (trace?.late && placed > 0) dw.trace!.placedLate(trace, tasks.slice(0, placed).map((t) => sim.controlPlane.taskArn(t)));
    tasks.length = 0;
    this.spare = tasks;
    if (waited && placed > 0) this.ctx.retryQueue?.placedAfterWait(dw.workload.cluster, sim.now() - requestedAt, placed);
    const unplaced = n - placed;
    if (unplaced <= 0) return;
    const why = reason ?? 'UNKNOWN';
    collector.recordAttemptFailed(dw.metrics, why, unplaced);
    const retry = dw.workload.retry;
    if (attempt < retry.attempts && sim.now() + retry.backoff < end) {
      collector.recordRetry(dw.metrics, unplaced);
      const rest = lifetimes.slice(placed, n);
      const queue = this.ctx.retryQueue;
      const key = trace?.taskDefinition ?? taskDefinitionKey(dw.workload.taskDefinition);
      queue?.add(dw.workload.cluster, key, taskDemandOf(sim, key), unplaced);
      sim.schedule(retry.backoff, () => {
        queue?.remove(dw.workload.cluster, key, unplaced);
        this.submit(dw, unplaced, rest, requestedAt, attempt + 1, trace);
      });
    } else if (attempt < retry.attempts) {
      // the retry would come after the horizon: the tasks are still waiting when the run ends
    } else {
      collector.recordFailed(dw.metrics, why, unplaced, requestedAt, trace?.taskDefinition ?? taskDefinitionKey(dw.workload.taskDefinition));
      if (trace) dw.trace!.recordFailed(trace.family, unplaced);
    }
  }

  /**
   * Places `n` tasks of the workload: RunTask through the simulation's runner entry point (the
   * action's checks and draws, with records instead of a response), or a StartTask launch through
   * the workload's scheduler. Appends the tasks placed to `tasks`; returns the failures.
   */
  private call(dw: DrivenWorkload, n: number, trace: TraceLaunch | undefined, tasks: TaskRecord[]): readonly Failure[] {
    const sim = this.ctx.sim;
    if (dw.scheduler) {
      const res = dw.scheduler.start(dw.launch(n, trace), dw.schedulerContext!);
      const byUuid = sim.controlPlane.tasksByUuid;
      for (const t of res.tasks) {
        const arn = t.taskArn!;
        const task = byUuid.get(arn.slice(arn.lastIndexOf('/') + 1));
        if (task === undefined || sim.controlPlane.taskArn(task) !== arn) throw new Error(`scheduler ${dw.scheduler.name} answered a task the control plane does not know: ${arn}`);
        tasks.push(task);
      }
      return res.failures;
    }
    dw.request.count = n;
    if (trace) {
      dw.request.taskDefinition = trace.taskDefinition;
      const group = trace.group ?? dw.workload.group;
      if (group === undefined) delete dw.request.group;
      else dw.request.group = group;
    }
    return sim.runner.runTask(dw.request, tasks);
  }
}
