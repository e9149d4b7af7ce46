// The vocabulary of trace replay: which formats ecsim reads, what a replay is asked for (a trace
// workload's settings once loaded), the rows a format reader hands on, and why rows are dropped.
// Times inside the replay are in the trace's own unit (Google µs, Alibaba s, ECS and csv ms), so
// differences stay exact integers until they are mapped onto the simulated clock.

/** Task trace formats (`workloads[].trace.format`). */
export const TASK_TRACE_FORMATS = ['google-2011', 'google-2019', 'alibaba-2018', 'ecs-events', 'csv'] as const;
export type TaskTraceFormat = (typeof TASK_TRACE_FORMATS)[number];

/** Machine trace formats (`clusters[].instances[].trace.format`). */
export const MACHINE_TRACE_FORMATS = ['google-2011-machines', 'google-2019-machines', 'alibaba-2018-machines'] as const;
export type MachineTraceFormat = (typeof MACHINE_TRACE_FORMATS)[number];

/** The task trace format whose clock a machine trace shares (same origin and speed in a scenario). */
export const TASK_FORMAT_OF_MACHINES: Record<MachineTraceFormat, TaskTraceFormat> = {
  'google-2011-machines': 'google-2011',
  'google-2019-machines': 'google-2019',
  'alibaba-2018-machines': 'alibaba-2018',
};

/** Formats whose requests are normalised and so need a `scale`. */
export const NORMALISED_FORMATS: ReadonlySet<string> = new Set(['google-2011', 'google-2019', 'alibaba-2018', ...MACHINE_TRACE_FORMATS]);

/** Filters per format (`where:`): each a list of allowed values. */
export const WHERE_KEYS: Record<TaskTraceFormat, readonly string[]> = {
  'google-2011': ['schedulingClass', 'priority', 'jobs'],
  'google-2019': ['schedulingClass', 'priority', 'jobs'],
  'alibaba-2018': ['taskType', 'status'],
  'ecs-events': ['group', 'family'],
  csv: ['family', 'group'],
};

/** What a normalised request of 1.0 means: CPU units and MiB (other names are ignored by the readers). */
export interface TraceScale {
  CPU?: number | undefined;
  MEMORY?: number | undefined;
}

/** Allowed values per filter key; strings compare exactly, or by prefix when they end in `*`. */
export type TraceWhere = Record<string, readonly (string | number)[]>;

/** A task trace as a workload replays it (the loaded form of `workloads[].trace`). */
export interface TaskTraceSpec {
  format: TaskTraceFormat;
  /** Absolute path (the loader resolves it against the scenario file). */
  path: string;
  scale: TraceScale;
  /** Trace time (ms on the trace's own clock) mapped to simulated time 0; absent: the trace's first row. */
  start?: number;
  /** > 0; 2 plays the trace twice as fast (arrivals and lifetimes halved). Default 1. */
  speed: number;
  /** At most this many tasks; absent: all. */
  limit?: number;
  where: TraceWhere;
}

/** A machine trace (the loaded form of `clusters[].instances[].trace`). */
export interface MachineTraceSpec {
  format: MachineTraceFormat;
  path: string;
  scale: TraceScale;
  /** Origin on the trace clock; the loader fills it from the task trace of the same family when one exists. */
  start?: number;
  speed: number;
}

/**
 * One row as a format reader understands it. Task traces that describe each task once (csv,
 * alibaba-2018) give `task`; event traces (Google, ECS) give lifecycle steps of a task `key`.
 * `time` orders rows; demands are already in CPU units and MiB (rounded up).
 */
export type TraceRow =
  | { kind: 'task'; time: number; lifetime: number; cpu: number; memory: number; count: number; family: string; group: string }
  | { kind: 'submit'; time: number; key: string | number; cpu: number; memory: number; family: string; group: string }
  | { kind: 'start'; time: number; key: string | number }
  | { kind: 'end'; time: number; key: string | number }
  | { kind: 'update'; time: number; key: string | number; cpu: number; memory: number }
  /** One event that tells a whole life at once (an ECS event carrying createdAt, startedAt, stoppedAt). */
  | { kind: 'life'; time: number; key: string | number; arrival: number; started: number; ended: number; cpu: number; memory: number; family: string; group: string };

/** A machine event: register (`add`) or deregister (`remove`) machine `id` at `time`. */
export type MachineRow =
  | { kind: 'add'; time: number; id: string; cpu: number; memory: number }
  | { kind: 'remove'; time: number; id: string };

/**
 * Why rows (or, where marked, task lives) were not replayed. Each is counted and reported.
 * Structural faults (wrong column count, a number that is not one, a negative time) are errors instead.
 */
export const DROP_REASONS = {
  /** Outside a `where` filter. Rows. */
  filtered: 'filtered',
  /** No request known when the task started (so the demand is unknown). Lives (rows for machines). */
  missingRequest: 'missing-request',
  /** A life whose end equals its start. Lives. */
  zeroLifetime: 'zero-lifetime',
  /** A life that ended before it ever started (killed while pending). Lives. */
  neverStarted: 'never-started',
  /** Submitted before the origin (`start`). Lives. */
  beforeStart: 'before-start',
  /** Earlier than rows already replayed by more than the reorder window. Rows. */
  outOfOrder: 'out-of-order',
  /** A step of a task whose submission the replay never saw (submitted before `start`, or filtered). Rows. */
  noSubmission: 'no-submission',
  /** Google's "after the trace ended" time (2^63 − 1). Rows. */
  afterEnd: 'after-end',
  /** A record of another kind (an ECS event that is not a Task State Change, a task not yet started…). Rows. */
  otherRecord: 'other-record',
} as const;
export type DropReason = (typeof DROP_REASONS)[keyof typeof DROP_REASONS];

/** Counts per drop reason, only reasons that occurred, in a fixed order (the order of DROP_REASONS). */
export type DropCounts = Partial<Record<DropReason, number>>;
