// A growable buffer of numeric samples (e.g. request→RUNNING latencies) and its summary. Exact
// percentiles: every sample is kept in a Float64Array (8 bytes each, no per-sample object), sorted
// once when summarised. Percentiles interpolate linearly between order statistics (numpy's and R's
// default, type 7), computed by simple-statistics.
//
// A buffer may also take other buffers as parts: its samples are then its own and theirs. The
// collector keeps each task's sample once, in the buffer of the scopes it counts in, and the
// cluster's, the workload's and the total's buffers hold those as parts, so a million tasks cost
// one push each rather than three, and each sample is sorted once and merged after. The merge
// keeps the order a sort of all the samples would give, so every figure (the mean is summed in
// sorted order) comes out exactly as one buffer holding them all would give it.
import { quantileSorted } from 'simple-statistics';

/** count, mean, p50, p95, p99 and max of a set of samples; all 0 when there are none. */
export interface SampleSummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const EMPTY: Float64Array = new Float64Array(0);

export class SampleBuffer {
  private data = new Float64Array(64);
  private n = 0;
  private readonly parts: SampleBuffer[] = [];
  /** The samples sorted, as of when they were `cache.length` (samples are only ever added). */
  private cache: Float64Array = EMPTY;

  /** Every sample: its own and its parts'. */
  get count(): number {
    let c = this.n;
    for (const p of this.parts) c += p.count;
    return c;
  }

  push(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }

  /** Counts `part`'s samples, present and future, among this buffer's. A part must not contain this buffer. */
  include(part: SampleBuffer): void {
    this.parts.push(part);
  }

  /** The samples, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.sortedView().slice();
  }

  /** Summary statistics; every field is 0 when there are no samples. */
  summary(): SampleSummary {
    const s = this.sortedView();
    const n = s.length;
    if (n === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    // simple-statistics reads x.length and x[i] only, so a typed array serves as its number[]
    const xs = s as unknown as number[];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s[i]!;
    return {
      count: n,
      mean: sum / n,
      p50: quantileSorted(xs, 0.5),
      p95: quantileSorted(xs, 0.95),
      p99: quantileSorted(xs, 0.99),
      max: s[n - 1]!,
    };
  }

  /** The samples sorted, shared with the cache (not to be changed). */
  private sortedView(): Float64Array {
    const count = this.count;
    if (this.cache.length === count) return this.cache;
    let out: Float64Array = this.n > 0 ? this.data.slice(0, this.n).sort() : EMPTY;
    for (const p of this.parts) {
      const s = p.sortedView();
      if (s.length > 0) out = out.length === 0 ? s : merge(out, s);
    }
    this.cache = out;
    return out;
  }
}

/** Whether `x` sorts before `y` as a Float64Array's sort orders them (-0 before +0, NaN last). */
function before(x: number, y: number): boolean {
  if (x < y) return true;
  if (x !== 0 || y !== 0) return y !== y && x === x;
  return Object.is(x, -0) && !Object.is(y, -0);
}

/** Two sorted arrays as one sorted array (a new one). */
function merge(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = before(b[j]!, a[i]!) ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
