// A trace workload as the workload driver plays it: the replay's arrivals turned into launches
// (at most 10 tasks per RunTask call, as ECS allows; a larger trace arrival becomes several calls
// at the same instant), each with a task definition of the arrival's demand — registered through
// the API the first time a (family, cpu, memory) is seen — and per-family counts of what happened,
// so a workload's figures split by the family the trace kept.
import type { Simulation } from '../../ecs/simulation.js';
import type { LifecycleListener } from '../../ecs/lifecycle.js';
import { REASON_ESSENTIAL } from '../../ecs/lifecycle.js';
import type { TaskRecord } from '../../ecs/state.js';
import type { Path } from '../errors.js';
import { ScenarioRunError } from '../run-error.js';
import { TraceReplay, type ReplayStats, type TraceArrival } from './replay.js';
import { TraceError } from './trace-error.js';
import type { TaskTraceSpec } from './types.js';

/** ECS's smallest container memory: smaller trace requests are raised to it (and counted). */
export const MIN_TASK_MEMORY_MIB = 4;

/** One RunTask (or StartTask) call of a trace workload. */
export interface TraceLaunch {
  count: number;
  /** `family:revision`, registered for this demand. */
  taskDefinition: string;
  family: string;
  cpu: number;
  memory: number;
  /** The arrival's group; undefined: the workload's. */
  group: string | undefined;
  /** ms, Infinity, or NaN until the replay learns it (then `late.ms` holds it). */
  lifetime: number;
  /** Shared by the launches of one arrival whose lifetime is not known yet. */
  late: LateLifetime | undefined;
}

/** Tasks placed before their lifetime was known, to be told it when it is. */
export interface LateLifetime {
  ms: number;
  arns: string[];
}

/** Per family: tasks asked for, placed, given up on, and how the placed ones ended. */
export interface FamilyCounts {
  requested: number;
  placed: number;
  failed: number;
  completed: number;
  stopped: number;
}

/** What a trace workload reports beside the usual workload figures. */
export interface TraceWorkloadSummary {
  format: string;
  records: number;
  /** Tasks the trace handed out before the horizon. */
  tasks: number;
  dropped: ReplayStats['dropped'];
  limited: boolean;
  /** Tasks whose memory request was below ECS's 4 MiB and was raised to it. */
  memoryRaised: number;
  /** Tasks placed before their lifetime was known, and of those how many learned it after it was due (ran long). */
  lifetimesLate: { placedUnknown: number; ranLong: number };
  /** By family, sorted by name. */
  families: Record<string, FamilyCounts>;
}

const NAME_CHARS = /[^A-Za-z0-9_-]/g;

export class TraceWorkload implements LifecycleListener {
  private readonly replay: TraceReplay;
  private readonly definitions = new Map<string, string>();
  private readonly families = new Map<string, FamilyCounts>();
  /** Launches of the current arrival not yet handed out (an arrival of more than 10 tasks). */
  private queue: TraceLaunch[] = [];
  private queueAt = 0;
  private memoryRaised = 0;
  private placedUnknown = 0;
  private ranLong = 0;
  private done = false;

  /**
   * @param workload the workload's name (its tasks' startedBy)
   * @param family the family of tasks the trace gives none: the workload's task definition's, else its name
   * @param path where the workload's trace is in the scenario, for errors
   * @throws ScenarioRunError (at `path`) when the trace cannot be opened
   */
  constructor(
    private readonly sim: Simulation,
    readonly spec: TaskTraceSpec,
    private readonly workload: string,
    private readonly family: string,
    private readonly end: number,
    private readonly settle: (taskArn: string, ms: number) => boolean,
    private readonly path: Path,
  ) {
    this.replay = traceErrorsAt(path, () => new TraceReplay(spec));
  }

  /** When the next launch is due (ms), Infinity when there is none before the horizon. @throws ScenarioRunError for a malformed trace */
  nextAt(): number {
    if (this.queue.length > 0) return this.queueAt;
    if (this.done) return Infinity;
    const a = traceErrorsAt(this.path, () => this.replay.next());
    if (a === undefined || a.at >= this.end) {
      this.done = true;
      // an arrival past the horizon ends the replay; what it read ahead is not needed
      if (a !== undefined) this.replay.close();
      return Infinity;
    }
    this.expand(a);
    return a.at;
  }

  /** The launch due now (after nextAt said when). */
  take(): TraceLaunch {
    const l = this.queue.shift();
    if (l === undefined) throw new RangeError('TraceWorkload.take: no launch is due');
    this.counts(l.family).requested += l.count;
    return l;
  }

  /** Tasks of `family` the driver gave up on. */
  recordFailed(family: string, n: number): void {
    this.counts(family).failed += n;
  }

  /** Placed tasks of a launch whose lifetime was not known (the driver assigned them NaN). */
  placedLate(launch: TraceLaunch, arns: readonly string[]): void {
    const late = launch.late!;
    if (!Number.isNaN(late.ms)) {
      for (const arn of arns) this.tell(arn, late.ms);
      return;
    }
    this.placedUnknown += arns.length;
    late.arns.push(...arns);
  }

  taskPlaced(task: TaskRecord): void {
    if (task.startedBy === this.workload) this.counts(task.taskDefinition.family).placed++;
  }

  taskStopped(task: TaskRecord): void {
    if (task.startedBy !== this.workload) return;
    const c = this.counts(task.taskDefinition.family);
    if (task.stoppedReason === REASON_ESSENTIAL) c.completed++;
    else c.stopped++;
  }

  summary(): TraceWorkloadSummary {
    const s = this.replay.stats;
    const families: Record<string, FamilyCounts> = {};
    for (const name of [...this.families.keys()].sort()) families[name] = { ...this.families.get(name)! };
    return {
      format: this.spec.format,
      records: s.records,
      tasks: [...this.families.values()].reduce((n, c) => n + c.requested, 0),
      dropped: s.dropped,
      limited: s.limited,
      memoryRaised: this.memoryRaised,
      lifetimesLate: { placedUnknown: this.placedUnknown, ranLong: this.ranLong },
      families,
    };
  }

  private tell(arn: string, ms: number): void {
    if (this.settle(arn, ms)) this.ranLong++;
  }

  private counts(family: string): FamilyCounts {
    let c = this.families.get(family);
    if (!c) this.families.set(family, (c = { requested: 0, placed: 0, failed: 0, completed: 0, stopped: 0 }));
    return c;
  }

  private expand(a: TraceArrival): void {
    const family = a.family === '' ? this.family : a.family.replace(NAME_CHARS, '-').slice(0, 255);
    let memory = a.memory;
    if (memory < MIN_TASK_MEMORY_MIB) {
      memory = MIN_TASK_MEMORY_MIB;
      this.memoryRaised += a.count;
    }
    const taskDefinition = this.definition(family, a.cpu, memory);
    let late: LateLifetime | undefined;
    if (Number.isNaN(a.lifetime)) {
      const l: LateLifetime = { ms: NaN, arns: [] };
      late = l;
      a.onLifetime = (ms) => {
        l.ms = ms;
        for (const arn of l.arns) this.tell(arn, ms);
        l.arns = [];
      };
    }
    this.queueAt = a.at;
    for (let left = a.count; left > 0; left -= 10) {
      this.queue.push({ count: Math.min(10, left), taskDefinition, family, cpu: a.cpu, memory, group: a.group === '' ? undefined : a.group, lifetime: a.lifetime, late });
    }
  }

  /** The task definition for a demand, registered the first time it is needed. */
  private definition(family: string, cpu: number, memory: number): string {
    const key = `${family}\u0000${cpu}\u0000${memory}`;
    let name = this.definitions.get(key);
    if (name === undefined) {
      const td = this.sim.ecs.registerTaskDefinition({ family, containerDefinitions: [{ name: 'task', image: 'trace', cpu, memory, essential: true }] }).taskDefinition;
      name = `${family}:${td.revision!}`;
      this.definitions.set(key, name);
    }
    return name;
  }
}

/** Runs `f`, turning a TraceError into a ScenarioRunError at `path` (the CLI then points at the scenario's line too). */
export function traceErrorsAt<T>(path: Path, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TraceError) throw new ScenarioRunError(e.message, path);
    throw e;
  }
}
