// Per-cluster max trees over remaining CPU and MEMORY, so placement can find a feasible
// instance without scanning: a subtree whose max CPU or max MEMORY is below the demand holds
// no candidate. Ineligible instances (INACTIVE or agent disconnected) count as -1.
// The tree only prunes; exact fit (ports, user-defined resources) is checked at the leaves.
//
// Max trees cannot answer "does any instance have both this CPU and this MEMORY" when the
// instances rich in one are poor in the other (a saturated mixed fleet: every subtree has
// some CPU and some MEMORY, no leaf has both), and a walk then visits every instance. So for
// the few demands that reach that point, the index also keeps a DemandTracker: which positions
// fit the demand exactly, counted in Fenwick trees. Every `update` refreshes the trackers for
// that one position, so "nothing fits" is a counter read and "the k-th fitting instance in
// position order" is a logarithmic descent.
import type { Demand } from '../model/demand.js';
import { withLength } from '../engine/typed-arrays.js';
import { ChangeLog } from './change-log.js';

const ACCEPT = (): boolean => true;

/** How many demands one index tracks at most; the least recently used is dropped beyond. */
const MAX_TRACKERS = 8;

export class FeasibilityIndex {
  /** Global instance slot at each cluster position (registration order). */
  slots = new Int32Array(16);
  count = 0;
  private leaves = 16;
  private maxCpu = new Float64Array(32).fill(-1);
  private maxMem = new Float64Array(32).fill(-1);
  private readonly trackers: DemandTracker[] = [];
  private useClock = 0;
  /** Every position passed to `update`, for structures that catch up lazily (score-tree.ts). */
  readonly changes = new ChangeLog();

  /** Appends an instance slot; returns its position. */
  add(slot: number): number {
    if (this.count >= this.leaves) this.grow();
    const pos = this.count++;
    this.slots[pos] = slot;
    return pos;
  }

  /**
   * Records the instance at `pos`: its remaining CPU and MEMORY, or -1 when ineligible. Call it
   * after every change to the instance (resources, ports, eligibility): trackers re-check it.
   */
  update(pos: number, cpu: number, mem: number): void {
    this.changes.record(pos);
    let i = pos + this.leaves;
    const mc = this.maxCpu;
    const mm = this.maxMem;
    mc[i] = cpu;
    mm[i] = mem;
    i >>= 1;
    while (i >= 1) {
      const l = 2 * i;
      const c = Math.max(mc[l]!, mc[l + 1]!);
      const m = Math.max(mm[l]!, mm[l + 1]!);
      if (mc[i] === c && mm[i] === m) break;
      mc[i] = c;
      mm[i] = m;
      i >>= 1;
    }
    const trackers = this.trackers;
    for (let k = 0; k < trackers.length; k++) trackers[k]!.refresh(pos, cpu, mem, this.slots[pos]!);
  }

  /** False when no eligible instance can have both `cpu` and `mem` remaining: O(1). */
  mayFit(cpu: number, mem: number): boolean {
    return this.maxCpu[1]! >= cpu && this.maxMem[1]! >= mem;
  }

  /** Whether the position is eligible with at least this much room (leaf values). */
  leafFits(pos: number, cpu: number, mem: number): boolean {
    const i = pos + this.leaves;
    return this.maxCpu[i]! >= cpu && this.maxMem[i]! >= mem;
  }

  /**
   * Calls `visit(pos)` for every position whose leaf has at least `cpu` and `mem`, in
   * position order, visiting only subtrees that may contain one. Cost grows with the
   * number of candidates, not the cluster — except in the mixed case the header describes.
   */
  forEachCandidate(cpu: number, mem: number, visit: (pos: number) => void): void {
    this.findCandidate(cpu, mem, (pos) => {
      visit(pos);
      return false;
    });
  }

  /** The first position (in position order) whose leaf has at least `cpu` and `mem`, or -1. */
  firstCandidate(cpu: number, mem: number): number {
    return this.findCandidate(cpu, mem, ACCEPT);
  }

  /**
   * The first position, in position order, whose leaf has at least `cpu` and `mem` and that
   * `accept` takes, or -1; the walk stops there. Visits only subtrees that may contain one.
   */
  findCandidate(cpu: number, mem: number, accept: (pos: number) => boolean): number {
    if (!this.mayFit(cpu, mem)) return -1;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = 1;
    const mc = this.maxCpu;
    const mm = this.maxMem;
    const leaves = this.leaves;
    while (sp > 0) {
      const i = stack[--sp]!;
      if (mc[i]! < cpu || mm[i]! < mem) continue;
      if (i >= leaves) {
        if (accept(i - leaves)) return i - leaves;
        continue;
      }
      // push right first so the left subtree (lower positions) is visited first
      stack[sp++] = 2 * i + 1;
      stack[sp++] = 2 * i;
    }
    return -1;
  }

  /** The tracker of `demand` (by identity), if one is kept; marks it recently used. */
  tracker(demand: Demand): DemandTracker | undefined {
    const trackers = this.trackers;
    for (let k = 0; k < trackers.length; k++) {
      const t = trackers[k]!;
      if (t.demand === demand) {
        t.lastUsed = ++this.useClock;
        return t;
      }
    }
    return undefined;
  }

  /**
   * Starts tracking `demand`: `fits(slot)` is the exact check (it sees the instance as it is
   * when `update` is called). Builds in O(positions); the least recently used tracker makes way
   * beyond MAX_TRACKERS.
   */
  track(demand: Demand, fits: (slot: number) => boolean): DemandTracker {
    const existing = this.tracker(demand);
    if (existing) return existing;
    if (this.trackers.length >= MAX_TRACKERS) {
      let oldest = 0;
      for (let k = 1; k < this.trackers.length; k++) if (this.trackers[k]!.lastUsed < this.trackers[oldest]!.lastUsed) oldest = k;
      this.trackers.splice(oldest, 1);
    }
    const t = new DemandTracker(demand, fits, this.leaves);
    const base = this.leaves;
    for (let pos = 0; pos < this.count; pos++) t.refresh(pos, this.maxCpu[base + pos]!, this.maxMem[base + pos]!, this.slots[pos]!);
    t.lastUsed = ++this.useClock;
    this.trackers.push(t);
    return t;
  }

  private stack = new Int32Array(128);

  private grow(): void {
    const n = this.leaves * 2;
    this.slots = withLength(this.slots, n);
    const mc = new Float64Array(2 * n).fill(-1);
    const mm = new Float64Array(2 * n).fill(-1);
    for (let p = 0; p < this.count; p++) {
      mc[n + p] = this.maxCpu[this.leaves + p]!;
      mm[n + p] = this.maxMem[this.leaves + p]!;
    }
    for (let i = n - 1; i >= 1; i--) {
      mc[i] = Math.max(mc[2 * i]!, mc[2 * i + 1]!);
      mm[i] = Math.max(mm[2 * i]!, mm[2 * i + 1]!);
    }
    this.leaves = n;
    this.maxCpu = mc;
    this.maxMem = mm;
    for (const t of this.trackers) t.resize(n);
    if (this.stack.length < 2 * Math.log2(n) + 8) this.stack = new Int32Array(2 * Math.log2(n) + 64);
  }
}

/**
 * Which positions fit one demand: by resources alone (CPU and MEMORY, from the leaf values) and
 * exactly (the `fits` check on top), each counted in a Fenwick tree over positions.
 */
export class DemandTracker {
  lastUsed = 0;
  /** Per position: bit 1 = CPU and MEMORY suffice, bit 2 = fits exactly. */
  private bits: Uint8Array;
  private readonly resource: Fenwick;
  private readonly exact: Fenwick;

  constructor(
    readonly demand: Demand,
    private readonly fits: (slot: number) => boolean,
    leaves: number,
  ) {
    this.bits = new Uint8Array(leaves);
    this.resource = new Fenwick(leaves);
    this.exact = new Fenwick(leaves);
  }

  /** Number of positions that fit exactly. */
  get fitting(): number {
    return this.exact.total;
  }

  /** Number of positions whose CPU and MEMORY suffice. */
  get resourceCandidates(): number {
    return this.resource.total;
  }

  /** The position of the k-th (0-based, position order) exact fit; k < fitting. */
  nthFitting(k: number): number {
    return this.exact.find(k);
  }

  /** The position of the k-th (0-based, position order) resource candidate; k < resourceCandidates. */
  nthResourceCandidate(k: number): number {
    return this.resource.find(k);
  }

  refresh(pos: number, cpu: number, mem: number, slot: number): void {
    const d = this.demand;
    const res = cpu >= d.cpu && mem >= d.memory;
    const next = res ? (this.fits(slot) ? 3 : 1) : 0;
    const prev = this.bits[pos]!;
    if (prev === next) return;
    this.bits[pos] = next;
    const changed = prev ^ next;
    if (changed & 1) this.resource.add(pos, next & 1 ? 1 : -1);
    if (changed & 2) this.exact.add(pos, next & 2 ? 1 : -1);
  }

  resize(leaves: number): void {
    const bits = (this.bits = withLength(this.bits, leaves));
    this.resource.rebuild(leaves, bits, 1);
    this.exact.rebuild(leaves, bits, 2);
  }
}

/** A Fenwick (binary indexed) tree of 0/1 counts over a power-of-two number of positions. */
class Fenwick {
  private tree: Int32Array;
  private size: number;
  total = 0;

  constructor(size: number) {
    this.size = size;
    this.tree = new Int32Array(size + 1);
  }

  add(pos: number, delta: number): void {
    const t = this.tree;
    const n = this.size;
    for (let i = pos + 1; i <= n; i += i & -i) t[i] = t[i]! + delta;
    this.total += delta;
  }

  /** The smallest position whose prefix count exceeds k (the k-th counted, 0-based). */
  find(k: number): number {
    const t = this.tree;
    let pos = 0;
    for (let step = this.size; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && t[next]! <= k) {
        pos = next;
        k -= t[next]!;
      }
    }
    return pos;
  }

  /** Rebuilds over `size` positions from the `mask` bit of `bits` (O(size)). */
  rebuild(size: number, bits: Uint8Array, mask: number): void {
    this.size = size;
    const t = new Int32Array(size + 1);
    let total = 0;
    for (let p = 0; p < bits.length && p < size; p++) {
      if (bits[p]! & mask) {
        t[p + 1] = t[p + 1]! + 1;
        total++;
      }
    }
    for (let i = 1; i <= size; i++) {
      const j = i + (i & -i);
      if (j <= size) t[j] = t[j]! + t[i]!;
    }
    this.tree = t;
    this.total = total;
  }
}
