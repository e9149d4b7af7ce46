// Spread by an attribute without a walk over every instance: what the pipeline of
// [spreadAttributeScorer(NAME), then at most one single scorer] picks, from per-value task counts
// (value-counts.ts) and per-value score trees (value-score-tree.ts). The pipeline ranks candidates
// by (tasks of the group on the candidate's value, next score) and draws among the ties in position
// order; here the values with a candidate are ranked by (their count, their tree's best score), the
// ties are the tied values' best candidates together, and their k-th in position order is one
// descent of the tied trees — the same candidates, the same `rng.int(ties)` draw only when more
// than one ties, the same position.
//
// One of these per cluster view. It answers only what it can keep small: at most MAX_ATTRIBUTES
// attributes, MAX_VALUES values of one (a tree per value), counts and trees within a byte budget
// (bounded-cache.ts). When it cannot, `pick` says so before drawing and the pipeline answers.
import type { Demand } from '../model/demand.js';
import { AttributeValues, type SpreadSource } from './attribute-values.js';
import { BoundedCache } from './bounded-cache.js';
import { BYTES_PER_LEAF, leavesFor } from './score-tree.js';
import { sameDemand } from './score-tree-cache.js';
import type { PlacementRng } from './types.js';
import { ValueCounts } from './value-counts.js';
import { type NextKind, ValueScoreTree } from './value-score-tree.js';

/** Attributes one cluster keeps values of; spread by another goes to the pipeline. */
const MAX_ATTRIBUTES = 16;
/** Values of one attribute the trees stand for (a tree each); more go to the pipeline. */
const MAX_VALUES = 32;
/** Memory one cluster's per-value trees may take, and how many such tree sets at most. */
const TREE_BUDGET_BYTES = 64 * 1024 * 1024;
const MAX_TREES = 32;
/** Memory one cluster's per-value counts may take (one per attribute and group), and how many at most. */
const COUNT_BUDGET_BYTES = 16 * 1024 * 1024;
const MAX_COUNTS = 64;

export class AttributeSpreadIndex {
  private readonly values = new Map<string, AttributeValues>();
  private readonly trees: BoundedCache<ValueScoreTree>;
  private readonly counts: BoundedCache<ValueCounts>;
  /** The values tied for the best, for one pick. */
  private readonly tiedIds = new Int32Array(MAX_VALUES);

  constructor(private readonly src: SpreadSource) {
    this.trees = new BoundedCache<ValueScoreTree>(MAX_TREES, TREE_BUDGET_BYTES, (t) => t.bytes);
    this.counts = new BoundedCache<ValueCounts>(MAX_COUNTS, COUNT_BUDGET_BYTES, () => this.countBytes());
  }

  /**
   * What `pipelineStrategy(name, [spreadAttributeScorer(attribute), next's scorer])` picks for a
   * request whose only filter is the fit filter, drawing exactly what it draws: -1 when nothing
   * fits, else a position. Undefined, before any draw, when this index cannot answer (see the top).
   */
  pick(attribute: string, next: NextKind, demand: Demand, group: string, rng: PlacementRng): number | undefined {
    let values = this.values.get(attribute);
    if (!values) {
      if (this.values.size >= MAX_ATTRIBUTES) return undefined;
      this.values.set(attribute, (values = new AttributeValues(attribute, this.src)));
    }
    values.sync();
    const n = values.size;
    if (n > MAX_VALUES) return undefined;
    const counts = this.countsOf(values, group);
    if (!counts) return undefined;
    const tree = this.treeOf(values, next, demand, group);
    if (!tree) return undefined;
    counts.sync();
    tree.sync();
    // rank the values that have a candidate by (count, best next score); sum the ties of the best
    const tied = this.tiedIds;
    let nTied = 0;
    let bestCount = 0;
    let bestScore = 0;
    let total = 0;
    for (let id = 0; id < n; id++) {
      const t = tree.tied(id);
      if (t === 0) continue;
      const c = counts.count(id);
      const s = tree.best(id);
      if (nTied === 0 || c < bestCount || (c === bestCount && s < bestScore)) {
        bestCount = c;
        bestScore = s;
        tied[0] = id;
        nTied = 1;
        total = t;
      } else if (c === bestCount && s === bestScore) {
        tied[nTied++] = id;
        total += t;
      }
    }
    if (total === 0) return -1;
    return tree.nth(tied, nTied, bestScore, total === 1 ? 0 : rng.int(total));
  }

  private countsOf(values: AttributeValues, group: string): ValueCounts | undefined {
    const found = this.counts.find((c) => c.values === values && c.group === group);
    return found ?? this.counts.admit(this.countBytes(), () => new ValueCounts(values, group, this.src));
  }

  private treeOf(values: AttributeValues, next: NextKind, demand: Demand, group: string): ValueScoreTree | undefined {
    const spread = next === 'spread:instance';
    const found = this.trees.find(
      (t) => t.values === values && t.next === next && (t.demand === demand || sameDemand(t.demand, demand)) && (!spread || t.group === group),
    );
    if (found) return found;
    const bytes = values.size * BYTES_PER_LEAF * leavesFor(this.src.index.count);
    return this.trees.admit(bytes, () => new ValueScoreTree(values, next, demand, spread ? group : '', this.src));
  }

  private countBytes(): number {
    return ValueCounts.BYTES_PER_POSITION * this.src.index.count;
  }
}
