// The score trees of spread by an attribute: one tree per attribute value, each over all of the
// cluster's positions but holding only the positions of its value (the others score +Infinity with
// a count of 0), ranked by the scorer that follows the spread (binpack, spread by instance,
// first-fit, or none: every candidate scores 0). Per value the root says the lowest score among the
// value's candidates and how many tie on it; so when several values tie on the spread count, the
// pipeline's union of their candidates is still one descent: at each node, the tied values' counts
// of the best score add up. The k-th of the union in position order comes out in O(values·log n),
// the same position the pipeline's list would hold at k.
//
// Like ScoreTree it catches up lazily from the change logs; a position whose value changed
// (re-read by AttributeValues from the same index log) leaves its old value's tree for the new one.
import type { AttributeValues, SpreadSource } from './attribute-values.js';
import type { Demand } from '../model/demand.js';
import { BYTES_PER_LEAF, fitsAt, leavesFor, LogCursor, type ScoreKind, scoreAt, scoresBySlot, setLeaf } from './score-tree.js';

/** What ranks candidates after the spread: a single-scorer kind, or nothing (all tie). */
export type NextKind = ScoreKind | 'none';

type Scores = Float64Array | Int32Array | undefined;

export class ValueScoreTree {
  /** Leaves: a power of two at least the cluster's positions when last built. */
  leaves = 0;
  /** Per value id: each node's lowest score and how many positions below reach it (see ScoreTree). */
  private mins: Float64Array[] = [];
  private ties: Int32Array[] = [];
  /** Per position: the value whose tree holds its leaf, or -1. */
  private valueAt = new Int32Array(0);
  /** How far the index's and the groups' change logs have been read. */
  private readonly cursor = new LogCursor();
  /** Set by the cache that holds it, for eviction. */
  lastUsed = 0;

  /**
   * @param group the task group a spread-by-instance tree counts; ignored by the other kinds
   */
  constructor(
    readonly values: AttributeValues,
    readonly next: NextKind,
    readonly demand: Demand,
    readonly group: string,
    private readonly src: SpreadSource,
  ) {}

  /** Bytes it keeps now: one tree per value that has positions. */
  get bytes(): number {
    return this.mins.length * BYTES_PER_LEAF * leavesFor(this.src.index.count);
  }

  /** The lowest score among value `id`'s candidates (+Infinity when none; call `sync` first). */
  best(id: number): number {
    const m = this.mins[id];
    return m === undefined ? Infinity : m[1]!;
  }

  /** How many of value `id`'s candidates score `best(id)`: 0 when it has none. */
  tied(id: number): number {
    const t = this.ties[id];
    return t === undefined ? 0 : t[1]!;
  }

  /**
   * The position of the k-th (0-based, position order) candidate scoring `score` among the values
   * `ids[0..n-1]`, each of which has `best(id) === score`; k below the sum of their `tied`.
   */
  nth(ids: Int32Array, n: number, score: number, k: number): number {
    const leaves = this.leaves;
    let i = 1;
    if (n === 1) {
      const min = this.mins[ids[0]!]!;
      const ties = this.ties[ids[0]!]!;
      while (i < leaves) {
        const l = 2 * i;
        if (min[l] === score) {
          const c = ties[l]!;
          if (k < c) {
            i = l;
            continue;
          }
          k -= c;
        }
        i = l + 1;
      }
      return i - leaves;
    }
    const mins = this.mins;
    const ties = this.ties;
    while (i < leaves) {
      const l = 2 * i;
      let c = 0;
      for (let j = 0; j < n; j++) {
        const id = ids[j]!;
        if (mins[id]![l] === score) c += ties[id]![l]!;
      }
      if (k < c) i = l;
      else {
        k -= c;
        i = l + 1;
      }
    }
    return i - leaves;
  }

  /** Brings stale leaves up to date (the values must have been synced first). */
  sync(): void {
    if (!this.cursor.catchUp(this.src, this, this.next === 'spread:instance', this.scores())) this.rebuild();
  }

  private scores(): Scores {
    return this.next === 'none' ? undefined : scoresBySlot(this.next, this.src, this.group);
  }

  /** The leaf of a position that fits: its next score. */
  private score(pos: number, scores: Scores): number {
    return this.next === 'none' ? 0 : scoreAt(this.src, scores, pos);
  }

  /** (LoggedLeaves) Re-reads the leaf of `pos`: its value's tree, and the one it left. */
  refreshLeaf(pos: number, scores: Scores): void {
    const v = this.values.valueOf[pos]!;
    const was = this.valueAt[pos]!;
    if (was !== v) {
      if (was >= 0) this.set(was, pos, Infinity, 0);
      this.valueAt[pos] = v;
    }
    const c = fitsAt(this.src, this.demand, pos) ? 1 : 0;
    this.set(v, pos, c === 1 ? this.score(pos, scores) : Infinity, c);
  }

  /** Sets a leaf of value `id`'s tree and the nodes above it that change. */
  private set(id: number, pos: number, s: number, c: number): void {
    this.ensure(id);
    setLeaf(this.mins[id]!, this.ties[id]!, this.leaves, pos, s, c);
  }

  /** Value `id`'s tree, empty (every node +Infinity, count 0) when it is new. */
  private ensure(id: number): void {
    while (this.mins.length <= id) {
      this.mins.push(new Float64Array(2 * this.leaves).fill(Infinity));
      this.ties.push(new Int32Array(2 * this.leaves));
    }
  }

  /** Reads every leaf again: O(values·positions). */
  private rebuild(): void {
    const { index } = this.src;
    const leaves = leavesFor(index.count, this.leaves);
    if (leaves !== this.leaves) {
      this.leaves = leaves;
      this.mins = [];
      this.ties = [];
      this.valueAt = new Int32Array(leaves);
    }
    for (let id = 0; id < this.mins.length; id++) {
      this.mins[id]!.fill(Infinity);
      this.ties[id]!.fill(0);
    }
    this.valueAt.fill(-1);
    const scores = this.scores();
    const valueOf = this.values.valueOf;
    for (let pos = 0; pos < index.count; pos++) {
      const v = valueOf[pos]!;
      this.ensure(v);
      this.valueAt[pos] = v;
      if (fitsAt(this.src, this.demand, pos)) {
        this.mins[v]![leaves + pos] = this.score(pos, scores);
        this.ties[v]![leaves + pos] = 1;
      }
    }
    for (let id = 0; id < this.mins.length; id++) {
      const min = this.mins[id]!;
      const ties = this.ties[id]!;
      for (let i = leaves - 1; i >= 1; i--) {
        const l = 2 * i;
        const a = min[l]!;
        const b = min[l + 1]!;
        min[i] = a < b ? a : b;
        ties[i] = a < b ? ties[l]! : a > b ? ties[l + 1]! : ties[l]! + ties[l + 1]!;
      }
    }
    this.cursor.rebuilt(this.src);
  }
}
