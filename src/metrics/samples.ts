// A growable buffer of numeric samples (e.g. request→RUNNING latencies) and its summary. Exact
// percentiles: every sample is kept in a Float64Array (8 bytes each, no per-sample object), sorted
// once when summarised. Percentiles interpolate linearly between order statistics (numpy's and R's
// default, type 7), computed by simple-statistics.
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

export class SampleBuffer {
  private data = new Float64Array(64);
  private n = 0;

  get count(): number {
    return this.n;
  }

  push(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }

  /** The samples, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort();
  }

  /** Summary statistics; every field is 0 when there are no samples. */
  summary(): SampleSummary {
    if (this.n === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    const s = this.sorted();
    // simple-statistics reads x.length and x[i] only, so a typed array serves as its number[]
    const xs = s as unknown as number[];
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += s[i]!;
    return {
      count: this.n,
      mean: sum / this.n,
      p50: quantileSorted(xs, 0.5),
      p95: quantileSorted(xs, 0.95),
      p99: quantileSorted(xs, 0.99),
      max: s[s.length - 1]!,
    };
  }
}
