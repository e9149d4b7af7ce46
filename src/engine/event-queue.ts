// The event queue: a binary min-heap keyed by (time, priority, insertion sequence).
// The sequence makes events at the same instant and priority run in the order they
// were scheduled, so determinism is a property of the data structure, not a hope.
//
// Performance tricks (documented because they are tricks):
// - The heap's keys live in flat typed arrays in heap order (time, priority, sequence and the
//   event's slot side by side), so a sift compares neighbours in one cache line instead of
//   chasing a slot per comparison. Callbacks and args live in slot-indexed arrays; slots are
//   recycled through a free list, so a long run allocates nothing per event beyond the callback.
// - Removing the top uses Floyd's bottom-up sift: the hole walks down along the smaller child
//   (one comparison per level) and the last entry climbs back from the leaf. Newly scheduled
//   events are usually later than most pending ones, so the climb is short.
// - Cancellation is lazy: a cancelled slot stays in the heap and is skipped when it reaches
//   the top. When cancelled entries outnumber live ones the heap is rebuilt without them, so
//   a workload that schedules and cancels timeouts cannot grow the heap without bound.

/** Something to run when an event fires. `arg` lets hot paths avoid allocating closures. */
export type EventCallback = (arg: unknown) => void;

/** Opaque handle to a scheduled event: slot and generation packed into one safe integer. */
export type EventHandle = number;

const SLOT_BITS = 2 ** 25; // up to 33 million events pending at once
/** Generations wrap here so handles stay exact integers (gen * SLOT_BITS < 2^53). */
const GEN_WRAP = 2 ** 28;
const MIN_COMPACT = 1024;

export class EventQueue {
  // heap, in heap order
  private hTime = new Float64Array(1024);
  private hPrio = new Int32Array(1024);
  private hSeq = new Float64Array(1024);
  private hSlot = new Int32Array(1024);
  private n = 0;
  // per slot
  private gens = new Float64Array(1024);
  private live = new Uint8Array(1024);
  private callbacks: (EventCallback | undefined)[] = [];
  private args: unknown[] = [];
  private free = new Int32Array(1024);
  private freeCount = 0;
  private nextSlot = 0;
  private seq = 0;
  private liveCount = 0;
  /** Set by `pop`: the time of the event it returned. */
  poppedTime = 0;

  /** Number of events scheduled and not yet run or cancelled. */
  get size(): number {
    return this.liveCount;
  }

  /** Schedules `fn(arg)` at absolute time `time`; lower `priority` runs first at equal times. */
  push(time: number, fn: EventCallback, arg?: unknown, priority = 0): EventHandle {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      slot = this.nextSlot++;
      if (slot >= this.live.length) this.growSlots();
    }
    this.live[slot] = 1;
    this.callbacks[slot] = fn;
    this.args[slot] = arg;
    this.liveCount++;
    if (this.n >= this.hTime.length) this.growHeap();
    this.siftUp(this.n++, time, priority | 0, this.seq++, slot);
    return this.gens[slot]! * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot >= this.nextSlot || this.gens[slot] !== gen || this.live[slot] !== 1) return false;
    this.live[slot] = 0;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.liveCount--;
    // the slot is released when its heap entry surfaces (or at compaction), not now
    if (this.n - this.liveCount > MIN_COMPACT && this.n - this.liveCount > this.liveCount) this.compact();
    return true;
  }

  /** Time of the earliest live event, or Infinity when none is left. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.n === 0 ? Infinity : this.hTime[0]!;
  }

  /**
   * Removes the earliest live event and returns its slot (-1 when the queue is empty). Its time
   * is in `poppedTime`; read its callback and arg with `take`, which frees the slot.
   */
  pop(): number {
    const live = this.live;
    while (this.n > 0) {
      const slot = this.hSlot[0]!;
      this.poppedTime = this.hTime[0]!;
      this.removeTop();
      if (live[slot] === 1) {
        this.liveCount--;
        return slot;
      }
      this.releaseSlot(slot);
    }
    return -1;
  }

  /** The callback of a slot returned by `pop`; its arg is in `takenArg`. Frees the slot. */
  take(slot: number): EventCallback {
    const fn = this.callbacks[slot]!;
    this.takenArg = this.args[slot];
    this.live[slot] = 0;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.releaseSlot(slot);
    return fn;
  }

  /** Set by `take`: the arg of the event it returned. */
  takenArg: unknown = undefined;

  /**
   * Removes the earliest live event and runs nothing: fills `out` with its time, callback and
   * arg. Returns false when the queue is empty.
   */
  popInto(out: { time: number; fn: EventCallback | undefined; arg: unknown }): boolean {
    const slot = this.pop();
    if (slot < 0) return false;
    out.time = this.poppedTime;
    out.fn = this.take(slot);
    out.arg = this.takenArg;
    this.takenArg = undefined;
    return true;
  }

  private dropCancelledTop(): void {
    while (this.n > 0 && this.live[this.hSlot[0]!] === 0) {
      const slot = this.hSlot[0]!;
      this.removeTop();
      this.releaseSlot(slot);
    }
  }

  private releaseSlot(slot: number): void {
    const g = this.gens[slot]! + 1;
    this.gens[slot] = g >= GEN_WRAP ? 0 : g;
    if (this.freeCount >= this.free.length) {
      const f = new Int32Array(this.free.length * 2);
      f.set(this.free);
      this.free = f;
    }
    this.free[this.freeCount++] = slot;
  }

  /** Floyd's bottom-up removal of heap[0]. */
  private removeTop(): void {
    const last = --this.n;
    if (last === 0) return;
    const ht = this.hTime;
    const hp = this.hPrio;
    const hs = this.hSeq;
    const hk = this.hSlot;
    // walk the hole down to a leaf along the smaller child (the entry at `last` is excluded)
    let pos = 0;
    let child = 1;
    while (child < last) {
      const right = child + 1;
      if (right < last) {
        const tc = ht[child]!;
        const tr = ht[right]!;
        if (tr < tc || (tr === tc && (hp[right]! < hp[child]! || (hp[right] === hp[child] && hs[right]! < hs[child]!)))) {
          child = right;
        }
      }
      ht[pos] = ht[child]!;
      hp[pos] = hp[child]!;
      hs[pos] = hs[child]!;
      hk[pos] = hk[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    this.siftUp(pos, ht[last]!, hp[last]!, hs[last]!, hk[last]!);
  }

  /** Places the entry (t, p, s, slot) at `pos` or above, moving larger parents down. */
  private siftUp(pos: number, t: number, p: number, s: number, slot: number): void {
    const ht = this.hTime;
    const hp = this.hPrio;
    const hs = this.hSeq;
    const hk = this.hSlot;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const tp = ht[parent]!;
      if (tp < t || (tp === t && (hp[parent]! < p || (hp[parent] === p && hs[parent]! < s)))) break;
      ht[pos] = tp;
      hp[pos] = hp[parent]!;
      hs[pos] = hs[parent]!;
      hk[pos] = hk[parent]!;
      pos = parent;
    }
    ht[pos] = t;
    hp[pos] = p;
    hs[pos] = s;
    hk[pos] = slot;
  }

  /** Drops every cancelled entry and re-heapifies (O(n)). */
  private compact(): void {
    const ht = this.hTime;
    const hp = this.hPrio;
    const hs = this.hSeq;
    const hk = this.hSlot;
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      const slot = hk[i]!;
      if (this.live[slot] === 1) {
        ht[m] = ht[i]!;
        hp[m] = hp[i]!;
        hs[m] = hs[i]!;
        hk[m] = slot;
        m++;
      } else this.releaseSlot(slot);
    }
    this.n = m;
    // heapify: sift each internal node down (top-down sift, since entries are arbitrary here)
    for (let i = (m >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(pos: number): void {
    const ht = this.hTime;
    const hp = this.hPrio;
    const hs = this.hSeq;
    const hk = this.hSlot;
    const t = ht[pos]!;
    const p = hp[pos]!;
    const s = hs[pos]!;
    const slot = hk[pos]!;
    const n = this.n;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const tc = ht[child]!;
        const tr = ht[right]!;
        if (tr < tc || (tr === tc && (hp[right]! < hp[child]! || (hp[right] === hp[child] && hs[right]! < hs[child]!)))) {
          child = right;
        }
      }
      const tc = ht[child]!;
      if (t < tc || (t === tc && (p < hp[child]! || (p === hp[child] && s < hs[child]!)))) break;
      ht[pos] = tc;
      hp[pos] = hp[child]!;
      hs[pos] = hs[child]!;
      hk[pos] = hk[child]!;
      pos = child;
    }
    ht[pos] = t;
    hp[pos] = p;
    hs[pos] = s;
    hk[pos] = slot;
  }

  private growHeap(): void {
    const k = this.hTime.length * 2;
    const t = new Float64Array(k);
    t.set(this.hTime);
    this.hTime = t;
    const p = new Int32Array(k);
    p.set(this.hPrio);
    this.hPrio = p;
    const s = new Float64Array(k);
    s.set(this.hSeq);
    this.hSeq = s;
    const h = new Int32Array(k);
    h.set(this.hSlot);
    this.hSlot = h;
  }

  private growSlots(): void {
    const k = this.live.length * 2;
    const g = new Float64Array(k);
    g.set(this.gens);
    this.gens = g;
    const l = new Uint8Array(k);
    l.set(this.live);
    this.live = l;
  }
}
