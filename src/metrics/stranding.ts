// Stranded capacity: the free capacity of an ACTIVE, connected instance that fits none of the
// smallest tasks that matter (the task definitions the workloads launch). Free capacity that no
// such task can use is capacity paid for and wasted, the figure a bin-packing strategy lowers.
// Kept per instance slot and recomputed only for the instance a notification changed; the
// caller adds the returned change to every scope the instance counts in.

/** Grows a typed array to at least `n` elements (doubling), keeping its contents. */
export function grown<T extends Float64Array | Uint8Array>(a: T, n: number): T {
  if (a.length >= n) return a;
  let size = Math.max(1, a.length);
  while (size < n) size *= 2;
  const b = new (a.constructor as new (length: number) => T)(size);
  b.set(a);
  return b;
}

export class StrandedCapacity {
  /** Stranded amount per dimension, by instance slot. */
  private stranded: Float64Array[];
  /** The change of the last update, per dimension. */
  private readonly delta: Float64Array;

  /**
   * @param demands the smallest tasks that matter, as amounts per dimension (the collector's
   *   dimension order); none: nothing is ever stranded.
   */
  constructor(
    private readonly dims: number,
    private readonly demands: readonly Float64Array[],
  ) {
    this.stranded = Array.from({ length: dims }, () => new Float64Array(64));
    this.delta = new Float64Array(dims);
  }

  /**
   * Recomputes the stranded capacity of `slot` from its `remaining` amounts (per dimension);
   * `eligible` is false for an instance that is not ACTIVE or whose agent is away (nothing of it
   * is stranded). Returns the change per dimension (a scratch array, valid until the next call),
   * or null when nothing changed.
   */
  update(slot: number, eligible: boolean, remaining: Float64Array): Float64Array | null {
    if (this.stranded[0]!.length <= slot) this.stranded = this.stranded.map((a) => grown(a, slot + 1));
    const n = this.dims;
    let strandedNow = false;
    if (eligible && this.demands.length > 0) {
      strandedNow = true;
      for (const d of this.demands) {
        let fits = true;
        for (let i = 0; i < n; i++) {
          if (remaining[i]! < d[i]!) {
            fits = false;
            break;
          }
        }
        if (fits) {
          strandedNow = false;
          break;
        }
      }
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      const before = this.stranded[i]![slot]!;
      const after = strandedNow ? Math.max(0, remaining[i]!) : 0;
      this.delta[i] = after - before;
      if (after !== before) {
        this.stranded[i]![slot] = after;
        changed = true;
      }
    }
    return changed ? this.delta : null;
  }
}
