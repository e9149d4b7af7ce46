// Time-weighted gauges: a fixed set of piecewise-constant quantities (reserved CPU, active
// instances, …) whose integral over simulated time and peak are kept as they change. A change
// costs one pass over a small Float64Array; nothing is allocated per event.

/** A fixed-size set of gauges, each with its current value, time integral and peak. */
export class Gauges {
  /** Current values. Write through `set`/`add`, or write directly between `advance` and `settle`. */
  readonly cur: Float64Array;
  /** Integral of each gauge over [start, last], in value × ms. */
  readonly area: Float64Array;
  /** Largest value each gauge has taken. */
  readonly peak: Float64Array;
  private last: number;

  /** @param size how many gauges; @param start the time they start at (ms). */
  constructor(
    readonly size: number,
    readonly start = 0,
  ) {
    this.cur = new Float64Array(size);
    this.area = new Float64Array(size);
    this.peak = new Float64Array(size);
    this.last = start;
  }

  /**
   * Integrates every gauge's current value up to `now`. Call before changing values at `now`.
   * @throws RangeError when `now` is before the last call (time never goes back).
   */
  advance(now: number): void {
    const dt = now - this.last;
    if (dt === 0) return;
    if (dt < 0) throw new RangeError(`Gauges.advance: ${now} is before ${this.last}`);
    const cur = this.cur;
    const area = this.area;
    for (let i = 0; i < this.size; i++) area[i]! += cur[i]! * dt;
    this.last = now;
  }

  /** Records the current values as candidates for the peaks. Call after changing values. */
  settle(): void {
    const cur = this.cur;
    const peak = this.peak;
    for (let i = 0; i < this.size; i++) if (cur[i]! > peak[i]!) peak[i] = cur[i]!;
  }

  /** Time-weighted mean of gauge `i` over [start, end]; its current value when the span is empty. */
  mean(i: number, end: number): number {
    const span = end - this.start;
    return span > 0 ? this.area[i]! / span : this.cur[i]!;
  }
}
