// What a replay of a trace would see, summarised: tasks, time span, arrival rate over time,
// demand and lifetime percentiles, and rows dropped by reason. `ecsim trace inspect` prints it.
// It runs the replay itself (same readers, filters and mapping), so what it reports is what a
// scenario would get. Percentiles are nearest-rank over tasks (a task of `count` 4 weighs 4), so
// each is a demand some task really had.
import { TraceReplay, type ReplayOptions, type ReplayStats } from './replay.js';
import type { DropCounts, TaskTraceSpec } from './types.js';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface RateBucket {
  /** Simulated ms from the origin. */
  from: number;
  to: number;
  tasks: number;
  /** Tasks per minute over the bucket. */
  perMinute: number;
}

export interface TraceInspection {
  format: string;
  path: string;
  records: number;
  arrivals: number;
  tasks: number;
  /** Trace time mapped to 0, in trace ms. */
  originMs: number | null;
  /** First and last arrival, simulated ms from the origin (null without arrivals). */
  firstArrival: number | null;
  lastArrival: number | null;
  rate: { bucketMs: number; buckets: RateBucket[] };
  cpu: Percentiles | null;
  memory: Percentiles | null;
  /** Over tasks whose life ended in the trace; `neverEnding` counts the others. */
  lifetime: Percentiles | null;
  neverEnding: number;
  dropped: DropCounts;
  limited: boolean;
}

/** Weighted values and their nearest-rank percentiles. */
class Weighted {
  private readonly counts = new Map<number, number>();
  total = 0;

  add(value: number, weight: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + weight);
    this.total += weight;
  }

  percentiles(): Percentiles | null {
    if (this.total === 0) return null;
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    const at = (q: number): number => {
      const rank = Math.max(1, Math.ceil(q * this.total));
      let seen = 0;
      for (const v of values) {
        seen += this.counts.get(v)!;
        if (seen >= rank) return v;
      }
      return values[values.length - 1]!;
    };
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: values[values.length - 1]! };
  }
}

const NICE_BUCKETS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];

/** Reads the whole trace as a replay would. @throws TraceError for a malformed or unreadable file. */
export function inspectTrace(spec: TaskTraceSpec, options: ReplayOptions & { maxBuckets?: number } = {}): TraceInspection {
  const replay = new TraceReplay(spec, options);
  const cpu = new Weighted();
  const memory = new Weighted();
  const lifetime = new Weighted();
  let neverEnding = 0;
  const perMinute = new Map<number, number>();
  let first: number | null = null;
  let last: number | null = null;
  const ended = (ms: number, count: number): void => {
    if (ms === Infinity) neverEnding += count;
    else lifetime.add(ms, count);
  };
  for (let a = replay.next(); a !== undefined; a = replay.next()) {
    const n = a.count;
    first ??= a.at;
    last = a.at;
    cpu.add(a.cpu, n);
    memory.add(a.memory, n);
    const minute = Math.floor(a.at / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + n);
    if (Number.isNaN(a.lifetime)) a.onLifetime = (ms) => ended(ms, n);
    else ended(a.lifetime, n);
  }
  const stats: ReplayStats = replay.stats;
  return {
    format: spec.format,
    path: spec.path,
    records: stats.records,
    arrivals: stats.arrivals,
    tasks: stats.tasks,
    originMs: stats.originMs ?? null,
    firstArrival: first,
    lastArrival: last,
    rate: rateBuckets(perMinute, last ?? 0, options.maxBuckets ?? 24),
    cpu: cpu.percentiles(),
    memory: memory.percentiles(),
    lifetime: lifetime.percentiles(),
    neverEnding,
    dropped: stats.dropped,
    limited: stats.limited,
  };
}

/** Tasks per bucket from the origin to the last arrival, buckets of a round width, at most `max` of them. */
function rateBuckets(perMinute: ReadonlyMap<number, number>, last: number, max: number): { bucketMs: number; buckets: RateBucket[] } {
  const span = last + 1;
  const bucketMs = NICE_BUCKETS.find((w) => span / w <= max) ?? Math.ceil(span / max / 86_400_000) * 86_400_000;
  const n = perMinute.size === 0 ? 0 : Math.ceil(span / bucketMs);
  const tasks = new Array<number>(n).fill(0);
  for (const [minute, count] of perMinute) tasks[Math.floor((minute * 60_000) / bucketMs)]! += count;
  return {
    bucketMs,
    buckets: tasks.map((t, i) => ({ from: i * bucketMs, to: (i + 1) * bucketMs, tasks: t, perMinute: Math.round((t / (bucketMs / 60_000)) * 100) / 100 })),
  };
}
