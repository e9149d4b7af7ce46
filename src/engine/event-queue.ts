// The event queue: a binary min-heap keyed by (time, priority, insertion sequence).
// The sequence makes events at the same instant and priority run in the order they
// were scheduled, so determinism is a property of the data structure, not a hope.
//
// Performance trick (documented because it is one): keys live in flat typed arrays indexed
// by a slot, and the heap holds slot numbers. Slots are recycled through a free list, so a
// long run allocates nothing per event beyond the callback itself. Cancellation is lazy:
// a cancelled slot stays in the heap and is skipped when it reaches the top.

/** Something to run when an event fires. `arg` lets hot paths avoid allocating closures. */
export type EventCallback = (arg: unknown) => void;

/** Opaque handle to a scheduled event: slot and generation packed into one safe integer. */
export type EventHandle = number;

const SLOT_BITS = 2 ** 25; // up to 33 million events pending at once

export class EventQueue {
  private times = new Float64Array(1024);
  private prios = new Int32Array(1024);
  private seqs = new Float64Array(1024);
  private gens = new Float64Array(1024);
  private live = new Uint8Array(1024);
  private callbacks: (EventCallback | undefined)[] = [];
  private args: unknown[] = [];
  private heap = new Int32Array(1024);
  private heapSize = 0;
  private free: number[] = [];
  private nextSlot = 0;
  private seq = 0;
  private liveCount = 0;

  /** Number of events scheduled and not yet run or cancelled. */
  get size(): number {
    return this.liveCount;
  }

  /** Schedules `fn(arg)` at absolute time `time`; lower `priority` runs first at equal times. */
  push(time: number, fn: EventCallback, arg?: unknown, priority = 0): EventHandle {
    let slot: number;
    if (this.free.length > 0) slot = this.free.pop()!;
    else {
      slot = this.nextSlot++;
      if (slot >= this.times.length) this.growSlots();
    }
    this.times[slot] = time;
    this.prios[slot] = priority;
    this.seqs[slot] = this.seq++;
    this.live[slot] = 1;
    this.callbacks[slot] = fn;
    this.args[slot] = arg;
    this.liveCount++;
    if (this.heapSize >= this.heap.length) {
      const h = new Int32Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    this.siftUp(this.heapSize++, slot);
    return this.gens[slot]! * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot >= this.nextSlot || this.gens[slot] !== gen || this.live[slot] !== 1) return false;
    this.live[slot] = 0;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.liveCount--;
    return true;
  }

  /** Time of the earliest live event, or Infinity when none is left. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.heapSize === 0 ? Infinity : this.times[this.heap[0]!]!;
  }

  /**
   * Removes the earliest live event and runs nothing: returns its slot's callback and arg via
   * the out-parameters of `popInto`. Returns false when the queue is empty.
   */
  popInto(out: { time: number; fn: EventCallback | undefined; arg: unknown }): boolean {
    this.dropCancelledTop();
    if (this.heapSize === 0) return false;
    const slot = this.removeTop();
    out.time = this.times[slot]!;
    out.fn = this.callbacks[slot];
    out.arg = this.args[slot];
    this.release(slot);
    this.liveCount--;
    return true;
  }

  private dropCancelledTop(): void {
    while (this.heapSize > 0 && this.live[this.heap[0]!] === 0) {
      this.release(this.removeTop());
    }
  }

  private release(slot: number): void {
    this.live[slot] = 0;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.gens[slot] = this.gens[slot]! + 1;
    this.free.push(slot);
  }

  private removeTop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.heapSize]!;
    if (this.heapSize > 0) this.siftDown(0, last);
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    if (ta !== tb) return ta < tb;
    const pa = this.prios[a]!;
    const pb = this.prios[b]!;
    if (pa !== pb) return pa < pb;
    return this.seqs[a]! < this.seqs[b]!;
  }

  private siftUp(pos: number, slot: number): void {
    const heap = this.heap;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(slot, p)) break;
      heap[pos] = p;
      pos = parent;
    }
    heap[pos] = slot;
  }

  private siftDown(pos: number, slot: number): void {
    const heap = this.heap;
    const n = this.heapSize;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(heap[right]!, heap[child]!)) child = right;
      const c = heap[child]!;
      if (!this.less(c, slot)) break;
      heap[pos] = c;
      pos = child;
    }
    heap[pos] = slot;
  }

  private growSlots(): void {
    const n = this.times.length * 2;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.times = grow(this.times, (k) => new Float64Array(k));
    this.prios = grow(this.prios, (k) => new Int32Array(k));
    this.seqs = grow(this.seqs, (k) => new Float64Array(k));
    this.gens = grow(this.gens, (k) => new Float64Array(k));
    this.live = grow(this.live, (k) => new Uint8Array(k));
  }
}
