// The scenario runner: builds a scenario's fleet, then plays its workloads and events against a
// simulated control plane through the public actions only (RunTask, StartTask, container state
// changes, deregistration, agent controls), and returns what the metrics collector saw.
//
// Randomness: the simulation draws ids and RunTask placement from its own streams; the runner
// draws from separate streams of the same seed: `workload:<name>:arrival`,
// `workload:<name>:lifetime` and `events`. Every requested task gets its lifetime when it is
// requested, whether it is placed or not, so arrivals, lifetimes and event choices over the same
// candidates replay unchanged under another placement strategy (common random numbers).
//
// A task's lifetime starts when it reaches RUNNING; when it ends, the task's essential container
// exits (SubmitContainerStateChange STOPPED, exit code 0), as a finished job's would, and the task
// stops with "Essential container in task exited": that is what the metrics count as completed. If
// the instance's agent is disconnected then, the exit is reported when it reconnects.
import { RandomStreams } from '../engine/rng.js';
import type { RunTaskRequest, StartTaskResponse } from '../ecs/api-types.js';
import type { LifecycleListener } from '../ecs/control-plane.js';
import { EcsError } from '../ecs/errors.js';
import { createSimulation, type Simulation, type SimulationOptions } from '../ecs/simulation.js';
import { STOPPED, type InstanceRecord, type TaskDefinitionRecord, type TaskRecord } from '../ecs/state.js';
import type { PlacementHook } from '../ecs/tasks.js';
import { MetricsCollector, type UnplacedRecord, type WorkloadMetrics } from '../metrics/collector.js';
import type { DemandVector } from '../metrics/fleet-view.js';
import { summarizeCluster, summarizeWorkload, type ClusterSummary, type WorkloadSummary } from '../metrics/summary.js';
import { applyEvent, type AppliedEvent } from './events.js';
import { buildFleet, checkGroupCounts, demandOf, resourceDimensions, taskDefinitionKey } from './fleet.js';
import { firstFitScheduler, type StartTaskLaunch, type StartTaskScheduler } from './start-task-scheduler.js';
import { formatPath, type Path } from './errors.js';
import type { Scenario, Workload } from './types.js';
import { arrivalTimes, lifetimeSampler, type ArrivalGenerator } from './workload.js';

/** The reason recorded when RunTask finds no ACTIVE container instance in the cluster at all. */
export const REASON_NO_INSTANCES = 'NO_CONTAINER_INSTANCES';
/** Default time-series sampling interval: one minute. */
export const DEFAULT_SAMPLE_EVERY = 60_000;
/** At most this many time-series samples per cluster. */
export const MAX_SAMPLES = 1_000_000;

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's duration (ms, > 0). */
  duration?: number;
  /** Time-series sampling interval, ms (> 0). Default 60000. */
  sampleEvery?: number;
  /** A RunTask placement hook, passed to createSimulation (replaces its default pipeline). */
  placement?: PlacementHook;
  /** Default strategy for RunTask requests without a placementStrategy (createSimulation's `strategy`). Default: the scenario's `strategy`, else random. */
  strategy?: SimulationOptions['strategy'];
  /**
   * The scheduler of `launch: startTask` workloads, or a function choosing one per workload
   * (returning undefined means the default). Default: first-fit.
   */
  scheduler?: StartTaskScheduler | ((workload: Workload) => StartTaskScheduler | undefined);
  /** Instance counts by group, keyed `cluster/index` (index in the cluster's `instances` list). */
  groupCounts?: Readonly<Record<string, number>>;
  /** Keep one record per task for a per-task report (memory grows with the number of tasks). Default false. */
  recordTasks?: boolean;
  /** Called as simulated time advances (about 100 times per run, and at every sample). */
  onProgress?: (now: number, end: number, eventsProcessed: number) => void;
}

/** One row of the per-task report: a placed task, or a requested task that was never placed. */
export interface TaskRow {
  taskArn: string;
  workload: string;
  cluster: string;
  taskDefinition: string;
  requestedAt: number;
  placedAt: number | undefined;
  runningAt: number | undefined;
  stoppedAt: number | undefined;
  containerInstanceArn: string;
  stoppedReason: string;
  failureReason: string;
}

/** The time series: one row per sample per cluster (and for the total, named `*`). */
export interface TimeSeries {
  /** Resource dimensions, in column order. */
  dims: readonly string[];
  /** Sample times, ms. */
  times: readonly number[];
  /** Per cluster (then `*`): rows aligned with `times`. */
  clusters: { name: string; rows: readonly TimeSeriesRow[] }[];
}

export interface TimeSeriesRow {
  reserved: number[];
  registered: number[];
  stranded: number[];
  runningTasks: number;
  pendingTasks: number;
  activeInstances: number;
  instancesInUse: number;
  agentsDisconnected: number;
}

/** A scenario event and what it did (`reached` false: it lay beyond the horizon). */
export interface EventOutcome extends AppliedEvent {
  reached: boolean;
}

export interface RunResult {
  scenario: string;
  seed: number;
  /** Simulated horizon, ms. */
  durationMs: number;
  sampleEveryMs: number;
  /** All clusters together. */
  total: ClusterSummary;
  clusters: Record<string, ClusterSummary>;
  workloads: Record<string, WorkloadSummary>;
  /** Scenario events in file order. */
  events: EventOutcome[];
  /** Simulation events processed (arrivals, agent moves, lifetimes, scenario events…). */
  eventsProcessed: number;
  timeseries: TimeSeries;
  /** Per-task rows, when `recordTasks` was set. */
  tasks?: TaskRow[];
}

/**
 * A scenario the runner cannot carry out as written. `path` names the field (e.g.
 * `['workloads', 0, 'strategy']`) so a caller holding the file can point at its line and column;
 * the message starts with the formatted path.
 */
export class ScenarioRunError extends Error {
  override readonly name = 'ScenarioRunError';

  constructor(
    /** What is wrong, without the path. */
    readonly detail: string,
    readonly path: Path = [],
  ) {
    super(path.length > 0 ? `${formatPath(path)}: ${detail}` : detail);
  }
}

interface WorkloadState {
  readonly index: number;
  readonly workload: Workload;
  readonly metrics: WorkloadMetrics;
  readonly arrivals: ArrivalGenerator;
  readonly lifetime: () => number;
  readonly request: RunTaskRequest;
  readonly scheduler: StartTaskScheduler | undefined;
  readonly demand: DemandVector;
  readonly taskDefinition: string;
  /** The StartTask launch of `n` tasks (startTask workloads). */
  launch(n: number): StartTaskLaunch;
  arrive: () => void;
}

const NO_LIFETIME = -1;

/**
 * Runs a validated scenario to its horizon and returns its metrics. Pure: no I/O, no wall
 * clock; the same scenario, options and seed give the same result.
 * @throws RangeError for bad options; ScenarioRunError when the control plane rejects a request the
 *   scenario makes (e.g. a placement strategy it does not accept); InvariantError on an ecsim bug.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  return new Runner(scenario, options).run();
}

class Runner implements LifecycleListener {
  private readonly sim: Simulation;
  private readonly collector: MetricsCollector;
  private readonly streams: RandomStreams;
  private readonly end: number;
  private readonly sampleEvery: number;
  private readonly seed: number;
  private readonly workloads: WorkloadState[] = [];
  private readonly outcomes: EventOutcome[];
  /** Lifetime (ms) of each task the runner launched, by task seq; NO_LIFETIME for others. */
  private lifetimes = new Float64Array(1024).fill(NO_LIFETIME);
  /** While a launch call runs: the lifetimes its tasks take, in order. */
  private launching: Float64Array | undefined;
  private launchNext = 0;
  private readonly scratch = new Float64Array(10);
  private readonly deferredExits = new Map<InstanceRecord, TaskRecord[]>();
  private readonly exitNames = new Map<TaskDefinitionRecord, string[]>();

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
  ) {
    this.seed = options.seed ?? scenario.seed;
    if (!Number.isSafeInteger(this.seed)) throw new RangeError(`seed must be an integer, got ${this.seed}`);
    this.end = options.duration ?? scenario.duration;
    if (!Number.isSafeInteger(this.end) || this.end <= 0) throw new RangeError(`duration must be a positive whole number of ms, got ${this.end}`);
    this.sampleEvery = options.sampleEvery ?? DEFAULT_SAMPLE_EVERY;
    if (!Number.isSafeInteger(this.sampleEvery) || this.sampleEvery <= 0) {
      throw new RangeError(`sampleEvery must be a positive whole number of ms, got ${this.sampleEvery}`);
    }
    if (this.end / this.sampleEvery > MAX_SAMPLES) {
      throw new RangeError(`sampling every ${this.sampleEvery}ms over ${this.end}ms gives more than ${MAX_SAMPLES} samples`);
    }
    checkGroupCounts(scenario, options.groupCounts ?? {});

    const simOptions: SimulationOptions = {
      seed: String(this.seed),
      failureDetail: 'summary',
      agent: {
        ...(scenario.agent.startDelay === undefined ? {} : { startDelayMs: scenario.agent.startDelay }),
        ...(scenario.agent.stopDelay === undefined ? {} : { stopDelayMs: scenario.agent.stopDelay }),
      },
    };
    if (options.placement) simOptions.placement = options.placement;
    const strategy = options.strategy ?? scenario.strategy;
    if (strategy !== undefined) simOptions.strategy = strategy;
    try {
      this.sim = createSimulation(simOptions);
    } catch (e) {
      if (e instanceof RangeError && options.strategy === undefined && scenario.strategy !== undefined) {
        throw new ScenarioRunError(e.message, ['strategy']);
      }
      throw e;
    }
    this.streams = new RandomStreams(String(this.seed));

    const usedFamilies = new Set(scenario.workloads.map((w) => taskDefinitionKey(w.taskDefinition)));
    this.collector = new MetricsCollector({
      clock: () => this.sim.now(),
      dims: resourceDimensions(scenario),
      clusters: scenario.clusters.map((c) => c.name),
      workloads: scenario.workloads.map((w) => ({ name: w.name, cluster: w.cluster })),
      strandingDemands: scenario.taskDefinitions.filter((td) => usedFamilies.has(taskDefinitionKey(td))).map((td) => demandOf(td).amounts),
      recordTasks: options.recordTasks ?? false,
    });
    this.outcomes = scenario.events.map((e) => ({
      at: e.at,
      action: e.kind,
      cluster: e.cluster,
      requested: e.kind === 'reconnectAgents' ? (e.count ?? null) : e.count,
      affected: 0,
      tasksStopped: 0,
      reached: false,
    }));
  }

  run(): RunResult {
    const { sim, scenario, collector } = this;
    sim.observe(collector);
    sim.observe(this);
    buildFleet(sim, scenario, this.options.groupCounts ?? {});
    this.scheduleEvents();
    this.setUpWorkloads();

    const end = this.end;
    const progressStep = Math.max(1, Math.ceil(end / 100));
    let nextSample = 0;
    let nextProgress = progressStep;
    let lastSample = -1;
    for (;;) {
      const t = Math.min(nextSample, nextProgress, end);
      sim.runUntil(t);
      if (t === nextSample) {
        collector.sample(t);
        lastSample = t;
        nextSample += this.sampleEvery;
      }
      if (t === nextProgress) nextProgress += progressStep;
      this.options.onProgress?.(t, end, sim.eventsProcessed());
      if (t >= end) break;
    }
    if (lastSample !== end) collector.sample(end);
    collector.finish(end);
    return this.result();
  }

  // ---- setup ----

  private scheduleEvents(): void {
    const rng = this.streams.stream('events');
    const ctx = { sim: this.sim, view: this.collector.view, rng };
    this.scenario.events.forEach((event, i) => {
      if (event.at >= this.end) return;
      this.sim.schedule(event.at, () => {
        const applied = applyEvent(event, ctx);
        this.outcomes[i] = { ...applied, reached: true };
      });
    });
  }

  private setUpWorkloads(): void {
    const { scenario, streams, collector } = this;
    const tdByKey = new Map(scenario.taskDefinitions.map((td) => [taskDefinitionKey(td), td]));
    scenario.workloads.forEach((w, index) => {
      const key = taskDefinitionKey(w.taskDefinition);
      const td = tdByKey.get(key);
      if (!td) throw new ScenarioRunError(`${key} is not in the scenario`, ['workloads', index, 'taskDefinition']);
      if (w.strategy !== undefined && (w.launch !== 'startTask' || this.schedulerOption(w) === undefined)) {
        throw new ScenarioRunError(
          w.launch === 'startTask'
            ? `the strategy ${JSON.stringify(w.strategy)} was not loaded (run it with ecsim, or pass a scheduler)`
            : `a workload's own strategy applies to launch: startTask (its scheduler); for runTask use placementStrategy`,
          ['workloads', index, 'strategy'],
        );
      }
      const constraints = [...td.placementConstraints, ...w.placementConstraints];
      const scheduler = w.launch === 'startTask' ? (this.schedulerOption(w) ?? firstFitScheduler) : undefined;
      if (scheduler && w.placementStrategy.length > 0) {
        throw new ScenarioRunError(`applies to launch: runTask; a startTask workload is placed by its scheduler (strategy)`, ['workloads', index, 'placementStrategy']);
      }
      if (scheduler === firstFitScheduler && constraints.length > 0) {
        throw new ScenarioRunError(
          `the built-in first-fit StartTask scheduler does not evaluate placementConstraints (the workload's or its task definition's); give the workload a strategy`,
          ['workloads', index],
        );
      }
      const request: RunTaskRequest = { cluster: w.cluster, taskDefinition: key, count: w.count, startedBy: w.name };
      if (w.group !== undefined) request.group = w.group;
      if (w.placementStrategy.length > 0) request.placementStrategy = w.placementStrategy.map((s) => ({ ...s }));
      if (constraints.length > 0) request.placementConstraints = constraints.map((c) => ({ ...c }));
      const d = demandOf(td);
      const state: WorkloadState = {
        index,
        workload: w,
        metrics: collector.workload(w.name)!,
        arrivals: arrivalTimes(w.arrival, streams.stream(`workload:${w.name}:arrival`), {
          start: w.start ?? 0,
          stop: w.stop ?? this.end,
          horizon: this.end,
        }),
        lifetime: lifetimeSampler(w.lifetime, streams.stream(`workload:${w.name}:lifetime`)),
        request,
        scheduler,
        demand: collector.view.vector(d.amounts, d.tcpPorts, d.udpPorts),
        taskDefinition: key,
        launch(n) {
          const l: StartTaskLaunch = { cluster: w.cluster, taskDefinition: key, count: n, startedBy: w.name, demand: this.demand };
          if (w.group !== undefined) l.group = w.group;
          if (constraints.length > 0) l.placementConstraints = constraints.map((c) => ({ ...c }));
          return l;
        },
        arrive: () => undefined,
      };
      state.arrive = () => this.arrive(state);
      this.workloads.push(state);
      this.scheduleNextArrival(state);
    });
  }

  private schedulerOption(w: Workload): StartTaskScheduler | undefined {
    const s = this.options.scheduler;
    return typeof s === 'function' ? s(w) : s;
  }

  // ---- workloads ----

  private scheduleNextArrival(ws: WorkloadState): void {
    const at = ws.arrivals.next();
    if (at < this.end) this.sim.schedule(at - this.sim.now(), ws.arrive);
  }

  private arrive(ws: WorkloadState): void {
    const n = ws.workload.count;
    const lifetimes = this.scratch;
    for (let i = 0; i < n; i++) lifetimes[i] = ws.lifetime();
    this.collector.recordRequested(ws.metrics, n);
    this.submit(ws, n, lifetimes, this.sim.now(), 0);
    this.scheduleNextArrival(ws);
  }

  /** One RunTask (or scheduler) call for `n` tasks with the given lifetimes; retries what failed. */
  private submit(ws: WorkloadState, n: number, lifetimes: Float64Array, requestedAt: number, attempt: number): void {
    const { collector } = this;
    collector.requestTime = requestedAt;
    this.launching = lifetimes;
    this.launchNext = 0;
    let reason: string | undefined;
    try {
      if (ws.scheduler) {
        const res: StartTaskResponse = ws.scheduler.start(
          ws.launch(n),
          { sim: this.sim, view: collector.view },
        );
        reason = res.failures[0]?.reason;
      } else {
        ws.request.count = n;
        reason = this.sim.ecs.runTask(ws.request).failures[0]?.reason;
      }
    } catch (e) {
      if (e instanceof EcsError && e.name === 'InvalidParameterException' && /No Container Instances/i.test(e.message)) {
        reason = REASON_NO_INSTANCES;
      } else if (e instanceof EcsError) {
        throw new ScenarioRunError(`${e.action || 'the control plane'} rejected the request of workload ${ws.workload.name}: ${e.name}: ${e.message}`, ['workloads', ws.index]);
      } else {
        throw e;
      }
    } finally {
      this.launching = undefined;
      collector.requestTime = undefined;
    }
    const placed = this.launchNext;
    const unplaced = n - placed;
    if (unplaced <= 0) return;
    const why = reason ?? 'UNKNOWN';
    collector.recordAttemptFailed(ws.metrics, why, unplaced);
    const retry = ws.workload.retry;
    if (attempt < retry.attempts && this.sim.now() + retry.backoff < this.end) {
      collector.recordRetry(ws.metrics, unplaced);
      const rest = lifetimes.slice(placed, n);
      this.sim.schedule(retry.backoff, () => this.submit(ws, unplaced, rest, requestedAt, attempt + 1));
    } else if (attempt < retry.attempts) {
      // the retry would come after the horizon: the tasks are still waiting when the run ends
    } else {
      collector.recordFailed(ws.metrics, why, unplaced, requestedAt, ws.workload.taskDefinition.family);
    }
  }

  // ---- lifecycle notifications (the runner's own) ----

  taskPlaced(task: TaskRecord): void {
    const seq = task.seq;
    while (seq >= this.lifetimes.length) {
      const bigger = new Float64Array(this.lifetimes.length * 2).fill(NO_LIFETIME);
      bigger.set(this.lifetimes);
      this.lifetimes = bigger;
    }
    const l = this.launching;
    this.lifetimes[seq] = l !== undefined && this.launchNext < l.length ? l[this.launchNext++]! : NO_LIFETIME;
  }

  taskRunning(task: TaskRecord): void {
    const lifetime = this.lifetimes[task.seq]!;
    if (lifetime === NO_LIFETIME || lifetime === Infinity) return;
    if (this.sim.now() + lifetime >= this.end) return;
    this.sim.schedule(lifetime, () => this.complete(task));
  }

  agentConnectionChanged(inst: InstanceRecord): void {
    if (!inst.agentConnected) return;
    const waiting = this.deferredExits.get(inst);
    if (!waiting) return;
    this.deferredExits.delete(inst);
    // report after the reconnection has been fully handled, at the same instant
    this.sim.schedule(0, () => {
      for (const t of waiting) this.complete(t);
    });
  }

  /** The task's lifetime is over: its essential container exits. */
  private complete(task: TaskRecord): void {
    if (task.lastStatus === STOPPED || task.desiredStatus === STOPPED) return;
    if (!task.instance.agentConnected) {
      let list = this.deferredExits.get(task.instance);
      if (!list) this.deferredExits.set(task.instance, (list = []));
      list.push(task);
      return;
    }
    const cluster = task.cluster.name;
    for (const containerName of this.exitingContainers(task.taskDefinition)) {
      // the task's id rather than its ARN: the API takes either, and the id needs no parsing
      this.sim.ecs.submitContainerStateChange({ cluster, task: task.uuid, containerName, status: 'STOPPED', exitCode: 0 });
      // the call changed the task behind TypeScript's narrowing: read the status afresh
      if ((task as { lastStatus: number }).lastStatus === STOPPED) break;
    }
  }

  /** The first essential container; every container when none is essential. */
  private exitingContainers(td: TaskDefinitionRecord): string[] {
    let names = this.exitNames.get(td);
    if (!names) {
      const essential = td.containerDefinitions.find((c) => c.essential !== false);
      names = essential ? [essential.name!] : td.containerDefinitions.map((c) => c.name!);
      this.exitNames.set(td, names);
    }
    return names;
  }

  // ---- the result ----

  private result(): RunResult {
    const { collector, end } = this;
    const clusters: Record<string, ClusterSummary> = {};
    for (const [name, c] of collector.clusters) clusters[name] = summarizeCluster(collector, c, end);
    const workloads: Record<string, WorkloadSummary> = {};
    for (const w of collector.workloads) workloads[w.name] = summarizeWorkload(w);
    const out: RunResult = {
      scenario: this.scenario.name,
      seed: this.seed,
      durationMs: end,
      sampleEveryMs: this.sampleEvery,
      total: summarizeCluster(collector, collector.total, end),
      clusters,
      workloads,
      events: this.outcomes,
      eventsProcessed: this.sim.eventsProcessed(),
      timeseries: this.timeSeries(),
    };
    if (this.options.recordTasks) out.tasks = this.taskRows();
    return out;
  }

  private timeSeries(): TimeSeries {
    const { collector } = this;
    const L = collector.layout;
    const dims = collector.view.dims;
    const all = [...collector.clusters.values(), collector.total];
    const first = all[0]!;
    const times = first.series.map((r) => r[0]!);
    const slice = (r: Float64Array, base: number): number[] => Array.from(r.subarray(base + 1, base + 1 + dims.length));
    return {
      dims,
      times,
      clusters: all.map((c) => ({
        name: c.name,
        rows: c.series.map((r) => ({
          reserved: slice(r, L.reserved),
          registered: slice(r, L.registered),
          stranded: slice(r, L.stranded),
          runningTasks: r[L.running + 1]!,
          pendingTasks: r[L.pending + 1]!,
          activeInstances: r[L.active + 1]!,
          instancesInUse: r[L.inUse + 1]!,
          agentsDisconnected: r[L.disconnected + 1]!,
        })),
      })),
    };
  }

  /** Placed tasks and never-placed requests, merged in the order their fate was decided. */
  private taskRows(): TaskRow[] {
    const { collector } = this;
    const placed = collector.placedTasks;
    const unplaced = collector.unplaced;
    const rows: TaskRow[] = [];
    let i = 0;
    let j = 0;
    while (i < placed.length || j < unplaced.length) {
      const p = placed[i];
      const u = unplaced[j];
      if (p && (!u || p.createdAt <= u.failedAt)) {
        rows.push(this.placedRow(p));
        i++;
      } else if (u) {
        for (let k = 0; k < u.count; k++) rows.push(unplacedRow(u));
        j++;
      }
    }
    return rows;
  }

  private placedRow(t: TaskRecord): TaskRow {
    return {
      taskArn: t.arn,
      workload: t.startedBy ?? '',
      cluster: t.cluster.name,
      taskDefinition: `${t.taskDefinition.family}:${t.taskDefinition.revision}`,
      requestedAt: this.collector.requestedAtOf(t),
      placedAt: t.createdAt,
      runningAt: t.startedAt,
      stoppedAt: t.stoppedAt,
      containerInstanceArn: t.instance.arn,
      stoppedReason: t.stoppedReason !== undefined && t.lastStatus === STOPPED ? t.stoppedReason : '',
      failureReason: '',
    };
  }
}

function unplacedRow(u: UnplacedRecord): TaskRow {
  return {
    taskArn: '',
    workload: u.workload,
    cluster: u.cluster,
    taskDefinition: u.family,
    requestedAt: u.requestedAt,
    placedAt: undefined,
    runningAt: undefined,
    stoppedAt: undefined,
    containerInstanceArn: '',
    stoppedReason: '',
    failureReason: u.reason,
  };
}
