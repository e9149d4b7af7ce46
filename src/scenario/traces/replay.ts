// The streaming replay of a task trace: reads the file as simulated time needs it and hands out
// arrivals in time order, each with its demand and (usually) its lifetime. What it holds at any
// moment is bounded by the trace's windows, not its length: rows within the reorder window, tasks
// submitted within the lookahead, and the tasks alive in the trace at the current row (a cell's
// concurrency). Nothing grows with the number of rows read.
//
// A task's arrival is its submission; its lifetime runs from its first start to its end in the
// trace. An arrival is handed out once the reader has gone `lookahead` past it, so the end of
// almost every task is known by then; one that is not (a task that waited longer than that for
// its first start, or runs long) is handed out with lifetime NaN and `onLifetime` set by the
// consumer is called when its end is read — before it is due whenever the original scheduler's
// wait was under the lookahead plus the simulator's own. A task still open when the file ends
// never ends (Infinity): it runs to the horizon. A resubmission (after an evict or a fail) is
// a new life of the same task, so a new arrival.
import { TraceError } from './trace-error.js';
import { openRecords, readRecord, TASK_FORMATS, type RecordSource } from './formats.js';
import { ReorderBuffer } from './reorder.js';
import { TaskMap } from './task-map.js';
import type { RowReader } from './row-reader.js';
import { DROP_REASONS, type DropCounts, type DropReason, type TaskTraceSpec, type TraceRow } from './types.js';

/** Default reorder window: rows may come this late (trace ms) and still replay in their place. */
export const DEFAULT_REORDER_WINDOW = 5 * 60_000;
/** Default lookahead (trace ms): how far past an arrival the reader goes before handing it out. */
export const DEFAULT_LOOKAHEAD = 60 * 60_000;

/** One arrival: `count` tasks requested at once. */
export interface TraceArrival {
  /** Simulated ms from the origin, whole. */
  at: number;
  /** Simulated ms from RUNNING to the end; Infinity: never ends in the trace; NaN: not known yet (see `onLifetime`). */
  lifetime: number;
  /** CPU units and MiB per task. */
  cpu: number;
  memory: number;
  count: number;
  /** '' when the format has none (the workload's own then). */
  family: string;
  group: string;
  /** Set by the consumer of an arrival with lifetime NaN; called once with the simulated lifetime (0: it never ran in the trace). */
  onLifetime: ((lifetime: number) => void) | undefined;
}

export interface ReplayOptions {
  /** Trace ms; default 5 min. */
  reorderWindow?: number;
  /** Trace ms; default 1 h (formats that give whole tasks per row need none). */
  lookahead?: number;
}

/** What a replay saw, so far (complete once `next()` returned undefined). */
export interface ReplayStats {
  /** Records read (lines, or JSON values), blank ones included. */
  records: number;
  /** Tasks handed out (arrivals × count). */
  tasks: number;
  arrivals: number;
  /** Drop counts, reasons in DROP_REASONS order. */
  dropped: DropCounts;
  /** The replay stopped at the spec's `limit`. */
  limited: boolean;
  /** Trace time mapped to 0, in trace ms (from the start of the trace's clock); undefined before the first row. */
  originMs: number | undefined;
  /** Arrivals handed out before their lifetime was known (it came later through `onLifetime`). */
  lifetimesPending: number;
}

interface Life {
  /** Arrival, trace units (the arrival buffer orders by it). */
  time: number;
  start: number;
  cpu: number;
  memory: number;
  count: number;
  family: string;
  group: string;
  /** Trace units; NaN while open, Infinity when the trace ended first. */
  lifetime: number;
  dropped: DropReason | undefined;
  emitted: TraceArrival | undefined;
}

/** How long a finished ECS task's id is remembered, so a redelivered event does not start it again (EventBridge delivers at least once). */
const FINISHED_MEMORY_ROWS = 65_536;

export class TraceReplay {
  private readonly source: RecordSource;
  private readonly read: RowReader<TraceRow>;
  private readonly msPerUnit: number;
  private readonly rows: ReorderBuffer<TraceRow>;
  private readonly arrivals = new ReorderBuffer<Life>(0);
  private readonly open = new TaskMap<Life>();
  private finished = new Map<string | number, true>();
  private finishedOld = new Map<string | number, true>();
  private readonly lookahead: number;
  private originUnits: number | undefined;
  private watermark = -Infinity;
  private eof = false;
  /** Emitted lives still waiting for their lifetime. */
  private pending = 0;
  private readonly counts: Record<string, number> = {};
  private readonly s = { records: 0, tasks: 0, arrivals: 0, limited: false, lifetimesPending: 0 };

  /** @throws TraceError when the file cannot be opened. */
  constructor(
    readonly spec: TaskTraceSpec,
    options: ReplayOptions = {},
  ) {
    const f = TASK_FORMATS[spec.format];
    if (!f) throw new TraceError(spec.path, 0, `unknown trace format ${JSON.stringify(spec.format)}; expected one of ${Object.keys(TASK_FORMATS).join(', ')}`);
    this.msPerUnit = f.msPerUnit;
    this.read = f.reader({ scale: spec.scale, where: spec.where });
    const wholeTasks = spec.format === 'csv' || spec.format === 'alibaba-2018';
    this.rows = new ReorderBuffer((options.reorderWindow ?? DEFAULT_REORDER_WINDOW) / f.msPerUnit);
    this.lookahead = wholeTasks ? 0 : (options.lookahead ?? DEFAULT_LOOKAHEAD) / f.msPerUnit;
    if (spec.start !== undefined) this.originUnits = spec.start / f.msPerUnit;
    this.source = openRecords(spec.path, f.json);
  }

  get stats(): ReplayStats {
    const dropped: DropCounts = {};
    for (const r of Object.values(DROP_REASONS)) if (this.counts[r]) dropped[r] = this.counts[r];
    return { ...this.s, dropped, originMs: this.originUnits === undefined ? undefined : this.originUnits * this.msPerUnit };
  }

  /**
   * The next arrival in time order, or undefined when there are no more (the file is then read to
   * its end, or far enough that every arrival handed out knows its lifetime).
   * @throws TraceError at the first malformed record.
   */
  next(): TraceArrival | undefined {
    for (;;) {
      if (this.s.limited) {
        while (this.pending > 0 && !this.eof) this.pump();
        return undefined;
      }
      const top = this.arrivals.peek();
      if (top !== undefined && (this.eof || top.time + this.lookahead <= this.watermark)) {
        this.arrivals.pop(true);
        const a = this.emit(top);
        if (a) return a;
        continue;
      }
      if (this.eof) return undefined;
      this.pump();
    }
  }

  /**
   * The trace time mapped to 0 (trace ms): `start` when given, else the first row's time, reading
   * just far enough to know it (call it on a fresh replay). @throws TraceError
   */
  origin(): number | undefined {
    while (this.originUnits === undefined && !this.eof) this.pump();
    return this.originUnits === undefined ? undefined : this.originUnits * this.msPerUnit;
  }

  /** Reads up to `records` records (a quick check that the file is what its format says), then closes it. @throws TraceError */
  probe(records: number): void {
    try {
      while (this.s.records < records && !this.eof) this.pump();
    } finally {
      this.close();
    }
  }

  /** Stops reading (a run that ended before the trace did). */
  close(): void {
    this.source.close();
  }

  private drop(reason: DropReason, n = 1): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }

  private emit(life: Life): TraceArrival | undefined {
    if (life.dropped !== undefined) return undefined;
    if (Number.isNaN(life.cpu) || Number.isNaN(life.memory)) {
      life.dropped = DROP_REASONS.missingRequest;
      this.drop(life.dropped);
      return undefined;
    }
    const origin = this.originUnits!;
    let count = life.count;
    const limit = this.spec.limit;
    if (limit !== undefined && this.s.tasks + count >= limit) {
      count = limit - this.s.tasks;
      this.s.limited = true;
      if (count <= 0) return undefined;
    }
    const at = Math.max(0, Math.round(((life.time - origin) * this.msPerUnit) / this.spec.speed));
    const a: TraceArrival = {
      at,
      lifetime: Number.isNaN(life.lifetime) ? NaN : this.simLifetime(life.lifetime),
      cpu: life.cpu,
      memory: life.memory,
      count,
      family: life.family,
      group: life.group,
      onLifetime: undefined,
    };
    if (Number.isNaN(a.lifetime)) {
      life.emitted = a;
      this.pending++;
      this.s.lifetimesPending++;
    }
    this.s.tasks += count;
    this.s.arrivals++;
    return a;
  }

  private simLifetime(units: number): number {
    if (units === Infinity) return Infinity;
    const ms = (units * this.msPerUnit) / this.spec.speed;
    return units > 0 ? Math.max(1, Math.round(ms)) : 0;
  }

  /** Reads one record and processes every row that can no longer be overtaken. */
  private pump(): void {
    const text = this.source.next();
    if (text === undefined) {
      this.eof = true;
      for (let row = this.rows.pop(true); row !== undefined; row = this.rows.pop(true)) this.process(row);
      for (const life of this.open.values()) this.resolve(life, Infinity);
      this.open.clear();
      return;
    }
    this.s.records++;
    const r = readRecord(this.read, text, this.source, this.spec.path);
    if (r === null) return;
    if (typeof r === 'string') return this.drop(r);
    if (!this.rows.push(r)) return this.drop(DROP_REASONS.outOfOrder);
    for (let row = this.rows.pop(); row !== undefined; row = this.rows.pop()) this.process(row);
  }

  private process(row: TraceRow): void {
    this.watermark = row.time;
    if (this.originUnits === undefined) this.originUnits = row.kind === 'life' ? Math.min(row.time, row.arrival) : row.time;
    switch (row.kind) {
      case 'task': {
        const life = this.newLife(row.time, row, row.count);
        if (life) this.resolve(life, row.lifetime);
        return;
      }
      case 'submit': {
        const old = this.open.get(row.key);
        if (old !== undefined) {
          // submitted again while the trace still had it open: the old life ends here
          this.resolve(old, Number.isNaN(old.start) ? NaN : row.time - old.start);
        }
        const life = this.newLife(row.time, row, 1);
        if (life) this.open.set(row.key, life);
        return;
      }
      case 'start': {
        const life = this.open.get(row.key);
        if (life === undefined) return this.drop(DROP_REASONS.noSubmission);
        if (Number.isNaN(life.start)) life.start = row.time;
        return;
      }
      case 'update': {
        const life = this.open.get(row.key);
        if (life === undefined) return this.drop(DROP_REASONS.noSubmission);
        // a request changed before the task first started is what it is placed with; later changes do not move it
        if (Number.isNaN(life.start) && life.emitted === undefined) {
          if (!Number.isNaN(row.cpu)) life.cpu = row.cpu;
          if (!Number.isNaN(row.memory)) life.memory = row.memory;
        }
        return;
      }
      case 'end': {
        const life = this.open.get(row.key);
        if (life === undefined) return this.drop(DROP_REASONS.noSubmission);
        this.open.delete(row.key);
        this.resolve(life, Number.isNaN(life.start) ? NaN : row.time - life.start);
        return;
      }
      case 'life': {
        if (this.finished.has(row.key) || this.finishedOld.has(row.key)) return;
        let life = this.open.get(row.key);
        if (life === undefined) {
          life = this.newLife(row.arrival, row, 1);
          if (!life) return;
          this.open.set(row.key, life);
        } else if (life.emitted === undefined && Number.isNaN(life.start)) {
          if (!Number.isNaN(row.cpu)) life.cpu = row.cpu;
          if (!Number.isNaN(row.memory)) life.memory = row.memory;
        }
        if (!Number.isNaN(row.started) && Number.isNaN(life.start)) life.start = row.started;
        if (!Number.isNaN(row.ended)) {
          this.open.delete(row.key);
          this.remember(row.key);
          this.resolve(life, Number.isNaN(life.start) ? NaN : row.ended - life.start);
        }
        return;
      }
    }
  }

  private newLife(time: number, row: { cpu: number; memory: number; family: string; group: string }, count: number): Life | undefined {
    const life: Life = { time, start: NaN, cpu: row.cpu, memory: row.memory, count, family: row.family, group: row.group, lifetime: NaN, dropped: undefined, emitted: undefined };
    if (this.s.limited) return undefined;
    if (this.spec.start !== undefined && time < this.originUnits!) {
      // kept (not handed out) so its later steps are not counted as steps of an unknown task
      life.dropped = DROP_REASONS.beforeStart;
      this.drop(life.dropped);
      return life;
    }
    if (!this.arrivals.push(life)) {
      life.dropped = DROP_REASONS.outOfOrder;
      this.drop(life.dropped);
    }
    return life;
  }

  /** A life's length in trace units is known (NaN: it ended without starting). */
  private resolve(life: Life, units: number): void {
    if (life.dropped !== undefined) return;
    const a = life.emitted;
    if (a === undefined) {
      if (Number.isNaN(units)) {
        life.dropped = DROP_REASONS.neverStarted;
        this.drop(life.dropped);
      } else if (units === 0) {
        life.dropped = DROP_REASONS.zeroLifetime;
        this.drop(life.dropped);
      } else if (units < 0) {
        life.dropped = DROP_REASONS.outOfOrder;
        this.drop(life.dropped);
      } else {
        life.lifetime = units;
      }
      return;
    }
    // already handed out: tell its consumer (0 when the trace never ran it, or ran it for no time)
    life.emitted = undefined;
    this.pending--;
    a.lifetime = Number.isNaN(units) || units <= 0 ? 0 : this.simLifetime(units);
    a.onLifetime?.(a.lifetime);
  }

  /** Finished task ids in two generations, so memory stays bounded while recent redeliveries are caught. */
  private remember(key: string | number): void {
    this.finished.set(key, true);
    if (this.finished.size >= FINISHED_MEMORY_ROWS) {
      this.finishedOld = this.finished;
      this.finished = new Map();
    }
  }
}
