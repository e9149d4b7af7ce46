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
// - Buckets 1..53 each have two parts, and a refill empties both. While the queue is small (at
//   most LIST_MAX events filed) events are linked into a bucket's list through a per-slot `next`
//   array: filing is two writes, and everything fits in the cache. A large queue files in the
//   bucket's region of one Float64Array, the pool, as (time, slot) pairs: two writes at its end,
//   and a refill reads the region in order without touching the slot arrays. (Lists alone chased
//   pointers through cold memory with sixty thousand events pending: twice the engine time of
//   the 1M-task scenario; regions alone made a hundred events 20% slower; a typed array per
//   bucket cost a load of the array and its bounds on every move.) A region that fills moves to
//   the free end of the pool at twice its size; when the pool is used up, every region is copied
//   into a new pool sized to what the buckets hold, which also gives back room a burst left.
// - Events that do not fit that scheme — a time before the last one taken out (possible after
//   peekTime looked ahead), or not a whole number — go to a separate binary heap ordered by the
//   full key, and every removal takes the smaller of the two minima. So any sequence of pushes
//   is served in exact (time, priority, sequence) order.
// - Keys, callbacks and args live in slot-indexed arrays. Slots are recycled through a free list,
//   so a long run allocates nothing per event beyond the callback. A slot is live while it holds
//   a callback; a handle is the slot and its event's sequence number (modulo 2^28), so a stale
//   handle cannot cancel the next event in the same slot.
// - Cancellation is lazy: a cancelled slot stays where it is filed and is dropped when it is
//   reached (redistributing a bucket drops every cancelled event in it). When cancelled entries
//   outnumber live ones everything is refiled without them, so a workload that schedules and
//   cancels timeouts cannot grow the queue without bound.
//
// Why one file of about 500 lines: the radix buckets, their lists and pool, the bucket-0 and
// early heaps and the slot store are one data structure sharing one set of typed arrays and invariants (a slot
// is filed in exactly one place; `filed` counts them); split apart, each part would reach into
// the others' arrays on the hot path. Its tests (test/unit/engine/event-queue.test.ts, a property
// test against a sorted reference among them) hold it as a whole.
import { withLength } from './typed-arrays.js';

/** Something to run when an event fires. `arg` lets hot paths avoid allocating closures. */
export type EventCallback = (arg: unknown) => void;

/** Opaque handle to a scheduled event: slot and generation packed into one safe integer. */
export type EventHandle = number;

const SLOT_BITS = 2 ** 25; // up to 33 million events pending at once
/** A handle's generation is its event's sequence number modulo 2^28, so that gen * SLOT_BITS < 2^53. */
const GEN_MASK = 2 ** 28 - 1;
const MIN_COMPACT = 1024;
const TWO32 = 4294967296;
/** Buckets 1..32 for differences in the low 32 bits, 33..53 for the high 21 (0 is the tie heap). */
const BUCKETS = 54;
/** Doubles in a bucket's region when it is first made or copied empty: 8 (time, slot) pairs. */
const MIN_REGION = 16;
/** With at most this many events filed, buckets are lists, above it regions (see the top). */
const LIST_MAX = 8192;

export class EventQueue {
  // per slot
  private times = new Float64Array(1024);
  private prios = new Int32Array(1024);
  private seqs = new Float64Array(1024);
  /** The callback of each live slot; undefined once it ran or was cancelled. */
  private callbacks: (EventCallback | undefined)[] = [];
  private args: unknown[] = [];
  private free = new Int32Array(1024);
  private freeCount = 0;
  private nextSlot = 0;
  private seq = 0;
  /** Slots filed anywhere (live or cancelled). */
  private filed = 0;
  /** Cancelled slots still filed, for the compaction rule. */
  private cancelled = 0;

  // the radix heap
  private last = 0;
  /** The high 21 bits of `last` (Math.floor(last / 2^32)), kept with it. */
  private lastHi = 0;
  /** (lastHi + 1) * 2^32: a time below it shares last's high bits. */
  private hiLimit = TWO32;
  /** Bit k-1 of lo set when bucket k (1..32) is non-empty, bit k-33 of hi for buckets 33..53. */
  private maskLo = 0;
  private maskHi = 0;
  /** (time, slot) pairs; bucket k holds pool[starts[k]] up to pool[ends[k]], room up to limits[k]. */
  private pool = new Float64Array(BUCKETS * MIN_REGION * 2);
  private readonly starts = new Int32Array(BUCKETS);
  private readonly ends = new Int32Array(BUCKETS);
  private readonly limits = new Int32Array(BUCKETS);
  /** Where the next moved region goes: everything from here to the pool's end is unused. */
  private poolTop = 0;
  /** Each bucket's other part: a list of slots linked through `next`, -1 ending it. */
  private readonly heads = new Int32Array(BUCKETS).fill(-1);
  private next = new Int32Array(1024);

  // bucket 0: a binary heap of slots at time `last`, by (priority, sequence)
  private ties = new Int32Array(16);
  private tieCount = 0;

  // the heap of events that do not fit the radix scheme, by (time, priority, sequence)
  private early = new Int32Array(16);
  private earlyCount = 0;

  constructor() {
    for (let b = 1; b < BUCKETS; b++) {
      this.starts[b] = this.ends[b] = this.poolTop;
      this.limits[b] = this.poolTop += MIN_REGION;
    }
  }

  /** Number of events scheduled and not yet run or cancelled. */
  get size(): number {
    return this.filed - this.cancelled;
  }

  /** Schedules `fn(arg)` at absolute time `time`; lower `priority` runs first at equal times. */
  push(time: number, fn: EventCallback, arg?: unknown, priority = 0): EventHandle {
    // (kept short: every line here is inlined into each caller's hot loop, within V8's budget)
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    const seq = this.seq++;
    this.times[slot] = time;
    this.prios[slot] = priority;
    this.seqs[slot] = seq;
    this.callbacks[slot] = fn;
    this.args[slot] = arg;
    this.filed++;
    const last = this.last;
    // the usual case: a whole time after last, with the same high bits
    if (time > last && time < this.hiLimit && Math.floor(time) === time) this.appendLow(32 - Math.clz32(time ^ last), time, slot);
    else this.file(slot, time);
    // (x & GEN_MASK is x modulo 2^28 for any whole x below 2^53: ToInt32 keeps the low 32 bits)
    return (seq & GEN_MASK) * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot >= this.nextSlot || (this.seqs[slot]! & GEN_MASK) !== gen || this.callbacks[slot] === undefined) return false;
    this.callbacks[slot] = undefined;
    this.args[slot] = undefined;
    // the slot is freed when it is reached (or at compaction), not now
    const n = ++this.cancelled;
    if (n > MIN_COMPACT && n > this.filed - n) this.compact();
    return true;
  }

  /** Time of the earliest live event, or Infinity when none is left. */
  peekTime(): number {
    for (;;) {
      const slot = this.minSlot();
      if (slot < 0) return Infinity;
      if (this.callbacks[slot] !== undefined) return this.times[slot]!;
      this.removeMin(slot);
      this.cancelled--;
      this.releaseSlot(slot);
    }
  }

  /**
   * Removes the earliest live event if its time is at most `limit`, and returns its slot (-1 when
   * there is none). Read its time and arg with `timeOf` and `argOf`, then its callback with
   * `take`, which frees the slot: a slot rather than an object, so running an event allocates
   * nothing.
   */
  pop(limit = Infinity): number {
    for (;;) {
      let slot: number;
      if (this.earlyCount === 0) {
        // the usual case, with nothing in the early heap to compare with
        if (this.tieCount === 0 && !this.refill()) return -1;
        if (this.last > limit) return -1;
        slot = this.ties[0]!;
        this.tiePop();
        this.filed--;
      } else {
        slot = this.minSlot();
        if (slot < 0 || this.times[slot]! > limit) return -1;
        this.removeMin(slot);
      }
      if (this.callbacks[slot] !== undefined) return slot;
      this.cancelled--;
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
      if (t === last) this.tiePush(slot);
      else if (t < this.hiLimit) this.appendLow(32 - Math.clz32(t ^ last), t, slot);
      else {
        const b = bucketOf(t, last, this.lastHi);
        if (b <= 32) this.appendLow(b, t, slot);
        else {
          this.regionPush(b, t, slot);
          this.maskHi |= 1 << (b - 33);
        }
      }
    } else this.earlyPush(slot);
  }

  /** Adds (t, slot) to bucket b, 1 <= b <= 32: to its list in a small queue, else its region. */
  private appendLow(b: number, t: number, slot: number): void {
    if (this.filed <= LIST_MAX) {
      this.next[slot] = this.heads[b]!;
      this.heads[b] = slot;
    } else this.regionPush(b, t, slot);
    this.maskLo |= 1 << (b - 1);
  }

  /** Writes (t, slot) at the end of bucket b's region. */
  private regionPush(b: number, t: number, slot: number): void {
    let e = this.ends[b]!;
    if (e === this.limits[b]) e = this.moveRegion(b);
    const pool = this.pool;
    pool[e] = t;
    pool[e + 1] = slot;
    this.ends[b] = e + 2;
  }

  /**
   * Gives full bucket b a region twice the size at the free end of the pool (copying the pool
   * when that end has no room) and returns where its next pair goes.
   */
  private moveRegion(b: number): number {
    const from = this.starts[b]!;
    const used = this.ends[b]! - from;
    const size = 2 * (this.limits[b]! - from);
    if (this.poolTop + size > this.pool.length) this.repack(b, size);
    else {
      const to = this.poolTop;
      this.pool.copyWithin(to, from, from + used);
      this.starts[b] = to;
      this.ends[b] = to + used;
      this.limits[b] = this.poolTop = to + size;
    }
    return this.ends[b]!;
  }

  /**
   * Copies every region into a new pool, each sized to twice what it holds (at least
   * MIN_REGION) and bucket b to `size`, with as much again free at the end. A new array, never
   * the old one rewritten: refill may be reading a bucket's pairs from the old pool meanwhile.
   */
  private repack(b: number, size: number): void {
    const old = this.pool;
    let total = 0;
    for (let k = 1; k < BUCKETS; k++) total += k === b ? size : Math.max(MIN_REGION, 2 * (this.ends[k]! - this.starts[k]!));
    const pool = new Float64Array(2 * total);
    let at = 0;
    for (let k = 1; k < BUCKETS; k++) {
      const from = this.starts[k]!;
      const used = this.ends[k]! - from;
      pool.set(old.subarray(from, from + used), at);
      this.starts[k] = at;
      this.ends[k] = at + used;
      at += k === b ? size : Math.max(MIN_REGION, 2 * used);
      this.limits[k] = at;
    }
    this.pool = pool;
    this.poolTop = at;
  }

  /**
   * The slot with the smallest key, without removing it (-1 when nothing is filed). May empty
   * the lowest radix bucket into lower ones, which changes no order.
   */
  private minSlot(): number {
    let r = -1;
    if (this.tieCount > 0 || this.refill()) r = this.ties[0]!;
    const e = this.earlyCount > 0 ? this.early[0]! : -1;
    if (e < 0) return r;
    if (r < 0) return e;
    return this.less(e, r) ? e : r;
  }

  /** Removes `slot`, which minSlot just returned, from where it is filed. */
  private removeMin(slot: number): void {
    this.filed--;
    if (this.earlyCount > 0 && this.early[0] === slot) this.earlyPop();
    else this.tiePop();
  }

  /**
   * Empties the lowest non-empty bucket above 0 into lower buckets around its minimum, which
   * becomes `last` (its events land in bucket 0). Cancelled events found on the way are freed;
   * the minimum may be a cancelled event's time, and then bucket 0 can stay empty, so it goes on
   * to the next bucket. Returns false when nothing is filed in the radix heap.
   */
  private refill(): boolean {
    for (;;) {
      let b: number;
      if (this.maskLo !== 0) {
        b = 32 - Math.clz32(this.maskLo & -this.maskLo);
        this.maskLo &= ~(1 << (b - 1));
      } else if (this.maskHi !== 0) {
        b = 64 - Math.clz32(this.maskHi & -this.maskHi);
        this.maskHi &= ~(1 << (b - 33));
      } else return false;
      // the pairs stay readable in this array even if filing below moves the pool
      const pool = this.pool;
      const from = this.starts[b]!;
      const to = this.ends[b]!;
      this.ends[b] = from;
      const times = this.times;
      const next = this.next;
      const first = this.heads[b]!;
      this.heads[b] = -1;
      let min = Infinity;
      for (let i = from; i < to; i += 2) {
        const t = pool[i]!;
        if (t < min) min = t;
      }
      for (let s = first; s >= 0; s = next[s]!) {
        const t = times[s]!;
        if (t < min) min = t;
      }
      this.last = min;
      this.lastHi = (min - (min >>> 0)) / TWO32;
      this.hiLimit = (this.lastHi + 1) * TWO32;
      for (let i = from; i < to; i += 2) this.move(pool[i]!, pool[i + 1]!, b);
      for (let s = first; s >= 0; ) {
        const after = next[s]!;
        this.move(times[s]!, s, b);
        s = after;
      }
      if (this.tieCount > 0) return true;
    }
  }

  /**
   * Files event `s` at time `t`, from bucket b, during a refill around the new `last`: in bucket
   * 0 or a lower one; or frees it if it was cancelled.
   */
  private move(t: number, s: number, b: number): void {
    const min = this.last;
    if (this.cancelled !== 0 && this.callbacks[s] === undefined) {
      this.filed--;
      this.cancelled--;
      this.releaseSlot(s);
    } else if (t === min) this.tiePush(s);
    else if (b > 32) this.file(s, t);
    else {
      // below bucket 33 every event shares min's high bits, so the low ones decide
      this.appendLow(32 - Math.clz32(t ^ min), t, s);
    }
  }

  // ---- bucket 0: a binary heap of slots at time `last`, by (priority, sequence) ----

  private tieLess(a: number, b: number): boolean {
    const pa = this.prios[a]!;
    const pb = this.prios[b]!;
    return pa < pb || (pa === pb && this.seqs[a]! < this.seqs[b]!);
  }

  private tiePush(slot: number): void {
    if (this.tieCount >= this.ties.length) this.ties = withLength(this.ties, this.ties.length * 2);
    const h = this.ties;
    let pos = this.tieCount++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = h[parent]!;
      if (!this.tieLess(slot, p)) break;
      h[pos] = p;
      pos = parent;
    }
    h[pos] = slot;
  }

  private tiePop(): void {
    const h = this.ties;
    const n = --this.tieCount;
    if (n === 0) return;
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
    if (this.freeCount >= this.free.length) this.free = withLength(this.free, this.free.length * 2);
    this.free[this.freeCount++] = slot;
  }

  /** Refiles every live event and frees every cancelled one (O(n)). */
  private compact(): void {
    const keep: number[] = [];
    const gather = (s: number): void => {
      if (this.callbacks[s] !== undefined) keep.push(s);
      else this.releaseSlot(s);
    };
    for (let b = 1; b < BUCKETS; b++) {
      for (let i = this.starts[b]!; i < this.ends[b]!; i += 2) gather(this.pool[i + 1]!);
      for (let x = this.heads[b]!; x >= 0; x = this.next[x]!) gather(x);
      this.ends[b] = this.starts[b]!;
      this.heads[b] = -1;
    }
    for (let i = 0; i < this.tieCount; i++) gather(this.ties[i]!);
    for (let i = 0; i < this.earlyCount; i++) gather(this.early[i]!);
    this.tieCount = 0;
    this.earlyCount = 0;
    this.maskLo = 0;
    this.maskHi = 0;
    this.filed = keep.length;
    this.cancelled = 0;
    for (const s of keep) this.file(s, this.times[s]!);
  }

  /** A slot never used before, growing the slot arrays when they are full. */
  private newSlot(): number {
    const slot = this.nextSlot++;
    if (slot >= this.times.length) this.growSlots();
    return slot;
  }

  private growSlots(): void {
    const k = this.times.length * 2;
    this.times = withLength(this.times, k);
    this.prios = withLength(this.prios, k);
    this.seqs = withLength(this.seqs, k);
    this.next = withLength(this.next, k);
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
