// A bounded reorder buffer: rows go in roughly in time order and come out in exact time order
// (ties in arrival order), provided no row is later than the newest one seen by more than the
// window. That is the assumption about ordering: published traces are sorted by time (Google's
// part files and machine events, ECS archives by event time), but not strictly — Google's
// exports interleave events a little, BigQuery shards are sorted only roughly — so a row may
// come up to `window` late and still be replayed in its place. A row later than that is
// returned as late, for the caller to count.
//
// Trick, for speed: rows that arrive in order (the common case) go to a FIFO, which is already
// sorted; only rows that arrive out of order go to a binary heap. Releasing takes the smaller
// head of the two. Memory is the rows within one window, whatever the trace's length.

interface Timed {
  time: number;
}

export class ReorderBuffer<T extends Timed> {
  private fifo: T[] = [];
  private head = 0;
  private heap: { row: T; seq: number }[] = [];
  private seq = 0;
  /** The newest time seen. */
  private newest = -Infinity;
  /** The time of the last row released. */
  private released = -Infinity;

  constructor(private readonly window: number) {}

  get size(): number {
    return this.fifo.length - this.head + this.heap.length;
  }

  /** Adds a row; false when it is too late to be replayed in order (it was not added). */
  push(row: T): boolean {
    if (row.time < this.released) return false;
    if (row.time >= this.newest) {
      this.newest = row.time;
      this.fifo.push(row);
    } else {
      this.heapPush({ row, seq: this.seq });
    }
    this.seq++;
    return true;
  }

  /** The earliest row held, without taking it out. */
  peek(): T | undefined {
    const f = this.head < this.fifo.length ? this.fifo[this.head]! : undefined;
    const h = this.heap[0];
    return h !== undefined && (f === undefined || h.row.time < f.time) ? h.row : f;
  }

  /** The next row in time order that can no longer be overtaken (all of them when `flush`), or undefined. */
  pop(flush = false): T | undefined {
    const f = this.head < this.fifo.length ? this.fifo[this.head]! : undefined;
    const h = this.heap[0];
    // On equal times the FIFO row came first: a row joins the FIFO only at or above the newest
    // time so far, so a heap row is always pushed after any FIFO row of its time.
    const takeHeap = h !== undefined && (f === undefined || h.row.time < f.time);
    const next = takeHeap ? h!.row : f;
    if (next === undefined) return undefined;
    if (!flush && next.time > this.newest - this.window) return undefined;
    this.released = next.time;
    if (takeHeap) this.heapPop();
    else {
      this.fifo[this.head++] = undefined as unknown as T;
      if (this.head > 4096 && this.head * 2 > this.fifo.length) {
        this.fifo = this.fifo.slice(this.head);
        this.head = 0;
      }
    }
    return next;
  }

  private heapPush(e: { row: T; seq: number }): void {
    const a = this.heap;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  private heapPop(): void {
    const a = this.heap;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && less(a[l]!, a[m]!)) m = l;
      if (r < a.length && less(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

function less(a: { row: Timed; seq: number }, b: { row: Timed; seq: number }): boolean {
  return a.row.time < b.row.time || (a.row.time === b.row.time && a.seq < b.seq);
}
