// Stranded capacity: the free capacity of an ACTIVE, connected instance that fits none of the
// smallest tasks that matter (the task definitions the workloads launch). Free capacity that no
// such task can use is capacity paid for and wasted, the figure a bin-packing strategy lowers.
// Kept per instance slot and recomputed only for the instance a notification changed; the
// caller adds the returned change to every scope the instance counts in.
//
// Called twice per task (placed, stopped), so it is written for that: the demands in one flat
// array, a byte per slot saying whether anything of the instance is stranded, and the amounts
// (slot-major, so an instance's dimensions share a cache line) read only when it is or becomes so.
// Most updates find an instance that was not stranded and still fits a task: one byte read.

/** Grows a typed array to at least `n` elements (doubling), keeping its contents. */
export function grown<T extends Float64Array | Uint8Array | Uint16Array | Int32Array>(a: T, n: number): T {
  if (a.length >= n) return a;
  let size = Math.max(1, a.length);
  while (size < n) size *= 2;
  const b = new (a.constructor as new (length: number) => T)(size);
  b.set(a);
  return b;
}

export class StrandedCapacity {
  /** Stranded amount of each slot's dimensions, at slot × dims + dimension. */
  private stranded: Float64Array;
  /** 1 where the slot has some stranded amount recorded (its row in `stranded` is not all 0). */
  private marked: Uint8Array;
  /** The demands, each `dims` numbers, one after another. */
  private readonly flat: Float64Array;
  private readonly count: number;
  /** The change of the last update, per dimension. */
  private readonly delta: Float64Array;

  /**
   * @param demands the smallest tasks that matter, as amounts per dimension (the collector's
   *   dimension order); none: nothing is ever stranded.
   */
  constructor(
    private readonly dims: number,
    demands: readonly Float64Array[],
  ) {
    this.count = demands.length;
    this.flat = new Float64Array(dims * demands.length);
    demands.forEach((d, k) => {
      for (let i = 0; i < dims; i++) this.flat[k * dims + i] = d[i] ?? 0;
    });
    this.stranded = new Float64Array(64 * dims);
    this.marked = new Uint8Array(64);
    this.delta = new Float64Array(dims);
  }

  /**
   * Recomputes the stranded capacity of `slot` from its `remaining` amounts (per dimension);
   * `eligible` is false for an instance that is not ACTIVE or whose agent is away (nothing of it
   * is stranded). Returns the change per dimension (a scratch array, valid until the next call),
   * or null when nothing changed.
   */
  update(slot: number, eligible: boolean, remaining: Float64Array): Float64Array | null {
    if (this.marked.length <= slot) {
      this.marked = grown(this.marked, slot + 1);
      this.stranded = grown(this.stranded, this.marked.length * this.dims);
    }
    const strandedNow = eligible && this.count > 0 && !this.fitsAny(remaining);
    const was = this.marked[slot] === 1;
    if (!strandedNow && !was) return null;
    const n = this.dims;
    const row = slot * n;
    const stranded = this.stranded;
    let changed = false;
    let any = false;
    for (let i = 0; i < n; i++) {
      const before = stranded[row + i]!;
      const after = strandedNow ? Math.max(0, remaining[i]!) : 0;
      this.delta[i] = after - before;
      if (after !== before) {
        stranded[row + i] = after;
        changed = true;
      }
      if (after !== 0) any = true;
    }
    this.marked[slot] = any ? 1 : 0;
    return changed ? this.delta : null;
  }

  /** Whether one of the demands fits in `remaining`. */
  private fitsAny(remaining: Float64Array): boolean {
    const n = this.dims;
    const flat = this.flat;
    for (let k = 0, base = 0; k < this.count; k++, base += n) {
      let i = 0;
      // (not `>=`: compares exactly as a fit check written `remaining < demand → no fit` does)
      while (i < n && !(remaining[i]! < flat[base + i]!)) i++;
      if (i === n) return true;
    }
    return false;
  }
}
