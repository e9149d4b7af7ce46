// The event queue: a priority queue keyed by (time, priority, insertion sequence).
// The sequence makes events at the same instant and priority run in the order they
// were scheduled, so determinism is a property of the data structure, not a hope.
//
// Performance tricks (documented because they are tricks):
// - A radix heap. Simulated times are whole numbers that never go below the last one taken out,
//   so an event is filed in the bucket of the highest bit in which its time differs from that
//   last time: bucket 0 holds events at exactly that time, bucket k those that differ first in
//   bit k-1. Taking out the earliest event empties the lowest non-empty bucket into lower ones
//   around its minimum; an event moves down at most once per bit, and each move is a few array
//   writes, with none of a binary heap's hard-to-predict comparisons or, with a large backlog,
//   its cache misses. Events at the current time sit in a small binary heap by (priority,
//   sequence) — bucket 0 — so ties keep their order.
// - Events that do not fit that scheme — a time before the last one taken out (possible after
//   peekTime looked ahead), or not a whole number — go to a separate binary heap ordered by the
//   full key, and every removal takes the smaller of the two minima. So any sequence of pushes
//   is served in exact (time, priority, sequence) order.
// - Keys, callbacks and args live in slot-indexed arrays; buckets hold slot numbers. Slots are
//   recycled through a free list, so a long run allocates nothing per event beyond the callback.
// - Cancellation is lazy: a cancelled slot stays where it is filed and is dropped when it is
//   reached (redistributing a bucket drops every cancelled event in it). When cancelled entries
//   outnumber live ones everything is refiled without them, so a workload that schedules and
//   cancels timeouts cannot grow the queue without bound.
//
// Why one file of about 400 lines: the radix buckets, the bucket-0 and early heaps and the slot
// store are one data structure sharing one set of typed arrays and invariants (a slot is filed in
// exactly one place; `filed` counts them); split apart, each part would reach into the others'
// arrays on the hot path. Its tests (test/unit/engine/event-queue.test.ts, a property test against
// a sorted reference among them) hold it as a whole.
import { withLength } from './typed-arrays.js';

/** Something to run when an event fires. `arg` lets hot paths avoid allocating closures. */
export type EventCallback = (arg: unknown) => void;

/** Opaque handle to a scheduled event: slot and generation packed into one safe integer. */
export type EventHandle = number;

const SLOT_BITS = 2 ** 25; // up to 33 million events pending at once
/** Generations wrap here so handles stay exact integers (gen * SLOT_BITS < 2^53). */
const GEN_WRAP = 2 ** 28;
const MIN_COMPACT = 1024;
const TWO32 = 4294967296;
/** Buckets 1..32 for differences in the low 32 bits, 33..53 for the high 21. */
const BUCKETS = 54;

export class EventQueue {
  // per slot
  private times = new Float64Array(1024);
  private prios = new Int32Array(1024);
  private seqs = new Float64Array(1024);
  private gens = new Float64Array(1024);
  private live = new Uint8Array(1024);
  private callbacks: (EventCallback | undefined)[] = [];
  private args: unknown[] = [];
  private free = new Int32Array(1024);
  private freeCount = 0;
  private nextSlot = 0;
  private seq = 0;
  private liveCount = 0;
  /** Slots filed anywhere (live or cancelled), for the compaction rule. */
  private filed = 0;

  // the radix heap: buckets of slots; bucket 0 is a binary heap by (priority, sequence)
  private last = 0;
  /** The high 21 bits of `last` (Math.floor(last / 2^32)), kept with it. */
  private lastHi = 0;
  private readonly buckets: Int32Array[] = Array.from({ length: BUCKETS }, () => new Int32Array(16));
  private readonly lengths = new Int32Array(BUCKETS);
  /** Bit k set when bucket k is non-empty (buckets 0..31 in lo, 32..53 in hi). */
  private maskLo = 0;
  private maskHi = 0;

  // the heap of events that do not fit the radix scheme, by (time, priority, sequence)
  private early = new Int32Array(16);
  private earlyCount = 0;

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
    this.times[slot] = time;
    this.prios[slot] = priority;
    this.seqs[slot] = this.seq++;
    this.live[slot] = 1;
    this.callbacks[slot] = fn;
    this.args[slot] = arg;
    this.liveCount++;
    this.filed++;
    this.file(slot, time);
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
    // the slot is freed when it is reached (or at compaction), not now
    if (this.filed - this.liveCount > MIN_COMPACT && this.filed - this.liveCount > this.liveCount) this.compact();
    return true;
  }

  /** Time of the earliest live event, or Infinity when none is left. */
  peekTime(): number {
    for (;;) {
      const slot = this.minSlot();
      if (slot < 0) return Infinity;
      if (this.live[slot] === 1) return this.times[slot]!;
      this.removeMin(slot);
      this.releaseSlot(slot);
    }
  }

  /**
   * Removes the earliest live event and returns its slot (-1 when the queue is empty). Read its
   * time and arg with `timeOf` and `argOf`, then its callback with `take`, which frees the slot:
   * a slot rather than an object, so running an event allocates nothing.
   */
  pop(): number {
    for (;;) {
      const slot = this.minSlot();
      if (slot < 0) return -1;
      this.removeMin(slot);
      if (this.live[slot] === 1) {
        this.liveCount--;
        return slot;
      }
      this.releaseSlot(slot);
    }
  }

  /** The time of a slot returned by `pop` (until `take`). */
  timeOf(slot: number): number {
    return this.times[slot]!;
  }

  /** The arg of a slot returned by `pop` (until `take`). */
  argOf(slot: number): unknown {
    return this.args[slot];
  }

  /** The callback of a slot returned by `pop`. Frees the slot: read its time and arg first. */
  take(slot: number): EventCallback {
    const fn = this.callbacks[slot]!;
    this.live[slot] = 0;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    this.releaseSlot(slot);
    return fn;
  }

  /**
   * Removes the earliest live event and runs nothing: fills `out` with its time, callback and
   * arg. Returns false when the queue is empty.
   */
  popInto(out: { time: number; fn: EventCallback | undefined; arg: unknown }): boolean {
    const slot = this.pop();
    if (slot < 0) return false;
    out.time = this.times[slot]!;
    out.arg = this.args[slot];
    out.fn = this.take(slot);
    return true;
  }

  // ---- filing ----

  /** Files `slot` (time `t`) in its radix bucket, or in the early heap when it does not fit. */
  private file(slot: number, t: number): void {
    const last = this.last;
    if (t >= last && t <= Number.MAX_SAFE_INTEGER && Math.floor(t) === t) {
      if (t === last) this.bucket0Push(slot);
      else this.append(bucketOf(t, last, this.lastHi), slot);
    } else this.earlyPush(slot);
  }

  private append(b: number, slot: number): void {
    let arr = this.buckets[b]!;
    const n = this.lengths[b]!;
    if (n >= arr.length) this.buckets[b] = arr = withLength(arr, arr.length * 2);
    arr[n] = slot;
    this.lengths[b] = n + 1;
    if (b < 32) this.maskLo |= 1 << b;
    else this.maskHi |= 1 << (b - 32);
  }

  /**
   * The slot with the smallest key, without removing it (-1 when nothing is filed). May empty
   * the lowest radix bucket into lower ones, which changes no order.
   */
  private minSlot(): number {
    let r = -1;
    if (this.lengths[0]! > 0 || this.refill()) r = this.buckets[0]![0]!;
    const e = this.earlyCount > 0 ? this.early[0]! : -1;
    if (e < 0) return r;
    if (r < 0) return e;
    return this.less(e, r) ? e : r;
  }

  /** Removes `slot`, which minSlot just returned, from where it is filed. */
  private removeMin(slot: number): void {
    this.filed--;
    if (this.earlyCount > 0 && this.early[0] === slot) this.earlyPop();
    else this.bucket0Pop();
  }

  /**
   * Empties the lowest non-empty bucket above 0 into lower buckets around its minimum, which
   * becomes `last` (its events land in bucket 0). Cancelled events found on the way are freed.
   * Returns false when no live event is filed in the radix heap.
   */
  private refill(): boolean {
    for (;;) {
      let b: number;
      if (this.maskLo !== 0) b = 31 - Math.clz32(this.maskLo & -this.maskLo);
      else if (this.maskHi !== 0) b = 32 + 31 - Math.clz32(this.maskHi & -this.maskHi);
      else return false;
      // (bucket 0 is empty here, so b >= 1)
      const arr = this.buckets[b]!;
      const n = this.lengths[b]!;
      this.lengths[b] = 0;
      if (b < 32) this.maskLo &= ~(1 << b);
      else this.maskHi &= ~(1 << (b - 32));
      const times = this.times;
      const live = this.live;
      let min = Infinity;
      for (let i = 0; i < n; i++) {
        const s = arr[i]!;
        if (live[s] === 1) {
          const t = times[s]!;
          if (t < min) min = t;
        }
      }
      if (min === Infinity) {
        // every event in the bucket was cancelled
        for (let i = 0; i < n; i++) {
          this.filed--;
          this.releaseSlot(arr[i]!);
        }
        continue;
      }
      this.last = min;
      const minHi = (this.lastHi = (min - (min >>> 0)) / TWO32);
      for (let i = 0; i < n; i++) {
        const s = arr[i]!;
        if (live[s] !== 1) {
          this.filed--;
          this.releaseSlot(s);
          continue;
        }
        const t = times[s]!;
        if (t === min) this.bucket0Push(s);
        else this.append(bucketOf(t, min, minHi), s);
      }
      // give back room a burst left behind (events only move to lower buckets, never to b)
      if (arr.length > 4096 && 4 * n < arr.length) this.buckets[b] = new Int32Array(arr.length >> 1);
      return true;
    }
  }

  // ---- bucket 0: a binary heap of slots at time `last`, by (priority, sequence) ----

  private tieLess(a: number, b: number): boolean {
    const pa = this.prios[a]!;
    const pb = this.prios[b]!;
    return pa < pb || (pa === pb && this.seqs[a]! < this.seqs[b]!);
  }

  private bucket0Push(slot: number): void {
    let h = this.buckets[0]!;
    let pos = this.lengths[0]!;
    if (pos >= h.length) this.buckets[0] = h = withLength(h, h.length * 2);
    this.lengths[0] = pos + 1;
    this.maskLo |= 1;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = h[parent]!;
      if (!this.tieLess(slot, p)) break;
      h[pos] = p;
      pos = parent;
    }
    h[pos] = slot;
  }

  private bucket0Pop(): void {
    const h = this.buckets[0]!;
    const n = this.lengths[0]! - 1;
    this.lengths[0] = n;
    if (n === 0) {
      this.maskLo &= ~1;
      return;
    }
    const slot = h[n]!;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      if (child + 1 < n && this.tieLess(h[child + 1]!, h[child]!)) child++;
      const c = h[child]!;
      if (!this.tieLess(c, slot)) break;
      h[pos] = c;
      pos = child;
    }
    h[pos] = slot;
  }

  // ---- the early heap: slots by (time, priority, sequence) ----

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.tieLess(a, b));
  }

  private earlyPush(slot: number): void {
    if (this.earlyCount >= this.early.length) this.early = withLength(this.early, this.early.length * 2);
    const h = this.early;
    let pos = this.earlyCount++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = h[parent]!;
      if (!this.less(slot, p)) break;
      h[pos] = p;
      pos = parent;
    }
    h[pos] = slot;
  }

  private earlyPop(): void {
    const h = this.early;
    const n = --this.earlyCount;
    if (n === 0) return;
    const slot = h[n]!;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(h[child + 1]!, h[child]!)) child++;
      const c = h[child]!;
      if (!this.less(c, slot)) break;
      h[pos] = c;
      pos = child;
    }
    h[pos] = slot;
  }

  // ---- slots ----

  private releaseSlot(slot: number): void {
    const g = this.gens[slot]! + 1;
    this.gens[slot] = g >= GEN_WRAP ? 0 : g;
    if (this.freeCount >= this.free.length) this.free = withLength(this.free, this.free.length * 2);
    this.free[this.freeCount++] = slot;
  }

  /** Refiles every live event and frees every cancelled one (O(n)). */
  private compact(): void {
    const keep: number[] = [];
    const gather = (arr: Int32Array, n: number): void => {
      for (let i = 0; i < n; i++) {
        const s = arr[i]!;
        if (this.live[s] === 1) keep.push(s);
        else this.releaseSlot(s);
      }
    };
    for (let b = 0; b < BUCKETS; b++) {
      gather(this.buckets[b]!, this.lengths[b]!);
      this.lengths[b] = 0;
    }
    gather(this.early, this.earlyCount);
    this.earlyCount = 0;
    this.maskLo = 0;
    this.maskHi = 0;
    this.filed = keep.length;
    for (const s of keep) this.file(s, this.times[s]!);
  }

  private growSlots(): void {
    const k = this.live.length * 2;
    this.times = withLength(this.times, k);
    this.prios = withLength(this.prios, k);
    this.seqs = withLength(this.seqs, k);
    this.gens = withLength(this.gens, k);
    this.live = withLength(this.live, k);
  }
}

/**
 * The radix bucket of whole time `t` > `last`: 1 + the highest bit in which they differ.
 * `lastHi` is last's high part; `x >>> 0` is a whole x modulo 2^32, so the parts are exact.
 */
function bucketOf(t: number, last: number, lastHi: number): number {
  const hi = (t - (t >>> 0)) / TWO32;
  if (hi === lastHi) return 32 - Math.clz32(t ^ last);
  return 33 + 31 - Math.clz32(hi ^ lastHi);
}
