// What one ECS service did over a run: desired / running / pending as time-weighted gauges and
// samples, availability, tasks launched and replaced, placement failures by reason, each
// deployment's course, and the service's event messages. Fed by the service scheduler (it knows
// its own counts); read by summarizeService into a plain, JSON-ready summary.
import { Gauges } from './gauges.js';
import { round } from './summary.js';

const G_DESIRED = 0;
const G_RUNNING = 1;
const G_PENDING = 2;
/** min(running, desired): what availability counts (tasks above desired during a deploy earn nothing). */
const G_SERVING = 3;
const G_BELOW = 4;

/** A deployment's outcome: done, unable to move when the run ended, or still moving. */
export type DeploymentOutcome = 'COMPLETED' | 'STUCK' | 'IN_PROGRESS';

/** One rolling deployment as the metrics follow it. */
export interface DeploymentRecord {
  id: string;
  taskDefinition: string;
  minimumHealthyPercent: number;
  maximumPercent: number;
  startedAt: number;
  completedAt: number | undefined;
  /** The first time it could not move (no room for one new task); kept even if it moved later. */
  stuckAt: number | undefined;
  /** Why it could not move (the latest spell): a placement reason such as RESOURCE:CPU, or `maximumPercent`. */
  stuckReason: string | undefined;
  /** True while it cannot move. */
  stuck: boolean;
  lowestRunning: number;
  highestRunning: number;
}

export interface ServiceEventRecord {
  /** Simulated time, ms. */
  at: number;
  message: string;
}

/** One time-series row for a service. */
export interface ServiceSampleRow {
  desired: number;
  running: number;
  pending: number;
}

export class ServiceMetrics {
  private readonly gauges: Gauges;
  /** Tasks placed by the scheduler. */
  launched = 0;
  /** Tasks that stopped without the scheduler asking (crash, lifetime, event, lost instance). */
  replaced = 0;
  /** Tasks the scheduler stopped (scale-in, deployment). */
  stoppedByScheduler = 0;
  /** Launch attempts that placed nothing or not everything. */
  failedAttempts = 0;
  /** Tasks a launch attempt could not place, by the attempt's reason (retries counted again). */
  readonly failuresByReason = new Map<string, number>();
  readonly deployments: DeploymentRecord[] = [];
  readonly events: ServiceEventRecord[] = [];
  readonly samples: ServiceSampleRow[] = [];
  private current: DeploymentRecord | undefined;

  constructor(
    readonly name: string,
    readonly cluster: string,
    start = 0,
  ) {
    this.gauges = new Gauges(5, start);
  }

  get desired(): number {
    return this.gauges.cur[G_DESIRED]!;
  }

  get running(): number {
    return this.gauges.cur[G_RUNNING]!;
  }

  get pending(): number {
    return this.gauges.cur[G_PENDING]!;
  }

  /** Records the service's counts as of `now` (call on every change). */
  update(now: number, desired: number, running: number, pending: number): void {
    const g = this.gauges;
    g.advance(now);
    g.cur[G_DESIRED] = desired;
    g.cur[G_RUNNING] = running;
    g.cur[G_PENDING] = pending;
    g.cur[G_SERVING] = Math.min(running, desired);
    g.cur[G_BELOW] = running < desired ? 1 : 0;
    g.settle();
    const d = this.current;
    if (d) {
      if (running < d.lowestRunning) d.lowestRunning = running;
      if (running > d.highestRunning) d.highestRunning = running;
    }
  }

  sample(): void {
    this.samples.push({ desired: this.desired, running: this.running, pending: this.pending });
  }

  recordFailure(reason: string, tasks: number): void {
    this.failedAttempts++;
    this.failuresByReason.set(reason, (this.failuresByReason.get(reason) ?? 0) + tasks);
  }

  recordEvent(at: number, message: string): void {
    this.events.push({ at, message });
  }

  deploymentStarted(now: number, d: Omit<DeploymentRecord, 'startedAt' | 'completedAt' | 'stuckAt' | 'stuckReason' | 'stuck' | 'lowestRunning' | 'highestRunning'>): void {
    const rec: DeploymentRecord = {
      ...d,
      startedAt: now,
      completedAt: undefined,
      stuckAt: undefined,
      stuckReason: undefined,
      stuck: false,
      lowestRunning: this.running,
      highestRunning: this.running,
    };
    this.deployments.push(rec);
    this.current = rec;
  }

  /** The deployment in progress cannot move (`reason`), or moves again (`undefined`). */
  deploymentStuck(now: number, reason: string | undefined): void {
    const d = this.current;
    if (!d) return;
    d.stuck = reason !== undefined;
    if (reason === undefined) return;
    d.stuckAt ??= now;
    d.stuckReason = reason;
  }

  deploymentCompleted(now: number): void {
    const d = this.current;
    if (!d) return;
    d.completedAt = now;
    d.stuck = false;
    this.current = undefined;
  }

  /** A newer deployment replaced the one in progress before it completed. */
  deploymentSuperseded(): void {
    this.current = undefined;
  }

  finish(end: number): void {
    this.gauges.advance(end);
  }

  /** ∫ min(running, desired) ÷ ∫ desired over the run; 1 when desired was always 0. */
  availability(): number {
    const desired = this.gauges.area[G_DESIRED]!;
    return desired === 0 ? 1 : this.gauges.area[G_SERVING]! / desired;
  }

  /** Time running was below desired, ms. */
  belowDesiredMs(): number {
    return this.gauges.area[G_BELOW]!;
  }

  meanOf(which: 'desired' | 'running' | 'pending', end: number): number {
    return this.gauges.mean(which === 'desired' ? G_DESIRED : which === 'running' ? G_RUNNING : G_PENDING, end);
  }

  peakOf(which: 'desired' | 'running' | 'pending'): number {
    return this.gauges.peak[which === 'desired' ? G_DESIRED : which === 'running' ? G_RUNNING : G_PENDING]!;
  }
}

/** A deployment in a summary: times in ms, `minutes` from start to completion (or to the run's end). */
export interface DeploymentSummary {
  id: string;
  taskDefinition: string;
  minimumHealthyPercent: number;
  maximumPercent: number;
  startedAt: number;
  completedAt: number | null;
  stuckAt: number | null;
  stuckReason: string | null;
  outcome: DeploymentOutcome;
  /** Minutes from start to completion; for one that never completed, to the end of the run. */
  minutes: number;
  lowestRunning: number;
  highestRunning: number;
}

export interface ServiceSummary {
  cluster: string;
  desired: { mean: number; peak: number; end: number };
  running: { mean: number; peak: number; end: number };
  pending: { mean: number; peak: number; end: number };
  /** Time-weighted min(running, desired) ÷ desired. */
  availability: number;
  belowDesiredMs: number;
  launched: number;
  replaced: number;
  stoppedByScheduler: number;
  failedAttempts: number;
  /** Tasks launch attempts could not place, by reason (a retried task counts at every attempt). */
  placementFailuresByReason: Record<string, number>;
  deployments: DeploymentSummary[];
  /** Minutes of the longest scenario deployment (0 without any): what plan targets read. */
  deploymentMinutes: number;
  events: ServiceEventRecord[];
}

/** A service's summary at the end of a run (`end` ms); call after `finish(end)`. */
export function summarizeService(m: ServiceMetrics, end: number): ServiceSummary {
  const gauge = (w: 'desired' | 'running' | 'pending', now: number): { mean: number; peak: number; end: number } => ({
    mean: round(m.meanOf(w, end), 3),
    peak: m.peakOf(w),
    end: now,
  });
  const reasons: Record<string, number> = {};
  for (const k of [...m.failuresByReason.keys()].sort()) reasons[k] = m.failuresByReason.get(k)!;
  const deployments = m.deployments.map((d): DeploymentSummary => {
    const outcome: DeploymentOutcome = d.completedAt !== undefined ? 'COMPLETED' : d.stuck ? 'STUCK' : 'IN_PROGRESS';
    return {
      id: d.id,
      taskDefinition: d.taskDefinition,
      minimumHealthyPercent: d.minimumHealthyPercent,
      maximumPercent: d.maximumPercent,
      startedAt: d.startedAt,
      completedAt: d.completedAt ?? null,
      stuckAt: d.stuckAt ?? null,
      stuckReason: d.stuckReason ?? null,
      outcome,
      minutes: round(((d.completedAt ?? end) - d.startedAt) / 60_000, 3),
      lowestRunning: d.lowestRunning,
      highestRunning: d.highestRunning,
    };
  });
  return {
    cluster: m.cluster,
    desired: gauge('desired', m.desired),
    running: gauge('running', m.running),
    pending: gauge('pending', m.pending),
    availability: round(m.availability(), 6),
    belowDesiredMs: m.belowDesiredMs(),
    launched: m.launched,
    replaced: m.replaced,
    stoppedByScheduler: m.stoppedByScheduler,
    failedAttempts: m.failedAttempts,
    placementFailuresByReason: reasons,
    deployments,
    deploymentMinutes: deployments.reduce((a, d) => Math.max(a, d.minutes), 0),
    events: m.events.map((e) => ({ ...e })),
  };
}
