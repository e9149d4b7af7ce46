// What a single-scorer pipeline would pick, without visiting every candidate. One tree per
// (scorer, demand, group) over a cluster's positions keeps, per node, the lowest score among the
// positions below it that pass the fit filter and how many positions reach it. The root then
// says how many candidates tie for the best score; the k-th of them in position order is a
// descent. So `pick` returns exactly the pipeline's answer — the same tied set in the same order
// and the same single `rng.int(ties)` draw, only when more than one ties — in O(log n).
//
// Leaves go stale when an instance's resources, eligibility or group count change. The tree does
// not hear about it as it happens: the feasibility index and the group counts log every position
// and slot they change (change-log.ts), and the tree re-reads those leaves before it answers.
// A leaf that cannot take the demand scores +Infinity with a count of 0, so a position that fits
// with an infinite score still counts.
import { FIT_OK, type Demand } from '../model/demand.js';
import { DIM_CPU, DIM_MEMORY, type InstanceTable } from '../model/instance-table.js';
import type { FeasibilityIndex } from './feasibility-index.js';
import type { GroupCounts } from './group-counts.js';
import type { PlacementRng } from './types.js';

/** The scorers a tree can stand for: binpack by CPU or MEMORY, spread by instance, first-fit. */
export type ScoreKind = 'binpack:cpu' | 'binpack:memory' | 'spread:instance' | 'first-fit';

/** The stores a tree reads (the control plane's view has them). */
export interface ScoreSource {
  readonly table: InstanceTable;
  readonly index: FeasibilityIndex;
  readonly groups: GroupCounts;
  /** The position of an instance slot of this cluster (any value for another cluster's slot). */
  readonly posOfSlot: (slot: number) => number;
}

/** Bytes one tree takes per leaf: a Float64 score and an Int32 count per node, two nodes a leaf. */
export const BYTES_PER_LEAF = 2 * (8 + 4);

/** Leaves of a tree over `count` positions: a power of two, at least 16 and at least `from` (a tree never shrinks). */
export function leavesFor(count: number, from = 16): number {
  let leaves = Math.max(16, from);
  while (leaves < count) leaves *= 2;
  return leaves;
}

/** Whether `pos` passes the fit filter: the pipeline's candidates (index leaf, then the exact fit). */
export function fitsAt(src: ScoreSource, demand: Demand, pos: number): boolean {
  const { index, table } = src;
  return index.leafFits(pos, demand.cpu, demand.memory) && table.fit(index.slots[pos]!, demand) === FIT_OK;
}

/**
 * What a score of `kind` reads per slot: remaining CPU or MEMORY, the group's counts, or none
 * (first-fit scores the position itself). Read it again after the stores change.
 */
export function scoresBySlot(kind: ScoreKind, src: ScoreSource, group: string): Float64Array | Int32Array | undefined {
  switch (kind) {
    case 'binpack:cpu':
      return src.table.remaining[DIM_CPU]!;
    case 'binpack:memory':
      return src.table.remaining[DIM_MEMORY]!;
    case 'spread:instance':
      return src.groups.bySlot(group);
    case 'first-fit':
      return undefined;
  }
}

/** The score of a candidate `pos`, from what `scoresBySlot` returned. */
export function scoreAt(src: ScoreSource, scores: Float64Array | Int32Array | undefined, pos: number): number {
  if (scores === undefined) return pos;
  return scores[src.index.slots[pos]!] ?? 0;
}

/**
 * Sets leaf `pos` of a (lowest score, ties) tree with `leaves` leaves to score `s` reached by `c`
 * positions, and the nodes above it, stopping where a node does not change.
 */
export function setLeaf(min: Float64Array, ties: Int32Array, leaves: number, pos: number, s: number, c: number): void {
  let i = pos + leaves;
  if (min[i] === s && ties[i] === c) return;
  min[i] = s;
  ties[i] = c;
  i >>= 1;
  while (i >= 1) {
    const l = 2 * i;
    const a = min[l]!;
    const b = min[l + 1]!;
    const m = a < b ? a : b;
    const n = a < b ? ties[l]! : a > b ? ties[l + 1]! : ties[l]! + ties[l + 1]!;
    if (min[i] === m && ties[i] === n) return;
    min[i] = m;
    ties[i] = n;
    i >>= 1;
  }
}

/** A tree over a cluster's positions whose leaves a LogCursor brings up to date. */
export interface LoggedLeaves<S> {
  /** Leaves: a power of two at least the cluster's positions when last built (0: never built). */
  readonly leaves: number;
  /** Re-reads the leaf of `pos` (and the nodes above it), with the scores read once per catch-up. */
  refreshLeaf(pos: number, scores: S): void;
}

/**
 * How far a tree has read the feasibility index's and the group counts' change logs, and the
 * catch-up every tree over a cluster's positions makes before it answers: the leaves the logs name
 * since then are refreshed, or, when a log no longer reaches back that far (or the cluster outgrew
 * the tree), the caller rebuilds it.
 */
export class LogCursor {
  private indexSeq = 0;
  private groupSeq = 0;

  /**
   * Refreshes the leaves the logs name since the last catch-up; `withGroups` when the tree's scores
   * read the group counts (spread by instance).
   * @returns false when nothing was refreshed because the tree must be rebuilt (then call `rebuilt`)
   */
  catchUp<S>(src: ScoreSource, tree: LoggedLeaves<S>, withGroups: boolean, scores: S): boolean {
    const ilog = src.index.changes;
    const glog = src.groups.changes;
    if (tree.leaves === 0 || src.index.count > tree.leaves || !ilog.reaches(this.indexSeq) || (withGroups && !glog.reaches(this.groupSeq))) return false;
    const end = ilog.seq;
    for (let s = this.indexSeq; s < end; s++) tree.refreshLeaf(ilog.at(s), scores);
    this.indexSeq = end;
    if (!withGroups) return true;
    const gend = glog.seq;
    const count = src.index.count;
    const slots = src.index.slots;
    for (let s = this.groupSeq; s < gend; s++) {
      const slot = glog.at(s);
      const pos = src.posOfSlot(slot);
      // the group counts cover every cluster of the control plane: skip other clusters' slots
      if (pos >= 0 && pos < count && slots[pos] === slot) tree.refreshLeaf(pos, scores);
    }
    this.groupSeq = gend;
    return true;
  }

  /** The tree was just built from every position: it has read both logs to their ends. */
  rebuilt(src: ScoreSource): void {
    this.indexSeq = src.index.changes.seq;
    this.groupSeq = src.groups.changes.seq;
  }
}

export class ScoreTree {
  /** Leaves: a power of two at least the cluster's positions when last built. */
  leaves = 0;
  private min = new Float64Array(0);
  private ties = new Int32Array(0);
  /** How far the index's and the groups' change logs have been read. */
  private readonly cursor = new LogCursor();
  /** Set by the cache that holds it, for eviction. */
  lastUsed = 0;

  /**
   * @param group the task group a spread tree counts; ignored by the other kinds
   */
  constructor(
    readonly kind: ScoreKind,
    readonly demand: Demand,
    readonly group: string,
    private readonly src: ScoreSource,
  ) {}

  /**
   * The pipeline's pick: -1 when no position passes the fit filter, the only best one without a
   * draw, else the `rng.int(ties)`-th best in position order.
   */
  pick(rng: PlacementRng): number {
    this.sync();
    const total = this.ties[1]!;
    if (total === 0) return -1;
    let k = total === 1 ? 0 : rng.int(total);
    const min = this.min;
    const ties = this.ties;
    const best = min[1]!;
    const leaves = this.leaves;
    let i = 1;
    while (i < leaves) {
      const l = 2 * i;
      if (min[l] === best) {
        const n = ties[l]!;
        if (k < n) {
          i = l;
          continue;
        }
        k -= n;
      }
      i = l + 1;
    }
    return i - leaves;
  }

  /** Brings stale leaves up to date: those the logs name, or every leaf when they no longer reach. */
  sync(): void {
    if (!this.cursor.catchUp(this.src, this, this.kind === 'spread:instance', this.scores())) this.rebuild();
  }

  private fits(pos: number): boolean {
    return fitsAt(this.src, this.demand, pos);
  }

  private value(pos: number, scores: Float64Array | Int32Array | undefined): number {
    return scoreAt(this.src, scores, pos);
  }

  private scores(): Float64Array | Int32Array | undefined {
    return scoresBySlot(this.kind, this.src, this.group);
  }

  /** (LoggedLeaves) Re-reads the leaf of `pos` and the nodes above it that change. */
  refreshLeaf(pos: number, scores: Float64Array | Int32Array | undefined): void {
    const c = this.fits(pos) ? 1 : 0;
    const s = c === 1 ? this.value(pos, scores) : Infinity;
    setLeaf(this.min, this.ties, this.leaves, pos, s, c);
  }

  /** Reads every leaf again: O(positions). */
  private rebuild(): void {
    const { index } = this.src;
    const leaves = leavesFor(index.count, this.leaves);
    if (leaves !== this.leaves) {
      this.leaves = leaves;
      this.min = new Float64Array(2 * leaves);
      this.ties = new Int32Array(2 * leaves);
    }
    const min = this.min;
    const ties = this.ties;
    const scores = this.scores();
    for (let pos = 0; pos < leaves; pos++) {
      const c = pos < index.count && this.fits(pos) ? 1 : 0;
      min[leaves + pos] = c === 1 ? this.value(pos, scores) : Infinity;
      ties[leaves + pos] = c;
    }
    for (let i = leaves - 1; i >= 1; i--) {
      const l = 2 * i;
      const a = min[l]!;
      const b = min[l + 1]!;
      min[i] = a < b ? a : b;
      ties[i] = a < b ? ties[l]! : a > b ? ties[l + 1]! : ties[l]! + ties[l + 1]!;
    }
    this.cursor.rebuilt(this.src);
  }
}
