// A short memory of which positions (or slots) changed, so a structure kept over an instance
// store can catch up lazily: it remembers how far it read (`seq`) and, before it answers, re-reads
// only the entries recorded since. Writers pay one store per change whatever the number of
// readers; a reader that fell further behind than the ring holds rebuilds from the store instead.

/** Entries kept; a reader further behind than this rebuilds. */
const CAPACITY = 4096;

export class ChangeLog {
  private readonly ring = new Int32Array(CAPACITY);
  /** Changes recorded since creation: a reader that has read up to `seq` is current. */
  seq = 0;

  /** Records that `value` (a position or slot) changed. */
  record(value: number): void {
    // `& (CAPACITY - 1)` takes the low bits of seq even past 2^31 (ToInt32 keeps them)
    this.ring[this.seq & (CAPACITY - 1)] = value;
    this.seq++;
  }

  /** Whether a reader that has read up to `from` can still catch up from the ring. */
  reaches(from: number): boolean {
    return this.seq - from <= CAPACITY;
  }

  /** The value recorded as change number `s` (`reaches(s)` and s < seq). */
  at(s: number): number {
    return this.ring[s & (CAPACITY - 1)]!;
  }
}
