// The score trees of one cluster, bounded. A tree stands for one (scorer, demand, group) and costs
// BYTES_PER_LEAF per position, so a scenario with many task definitions or groups could multiply
// them: the cache keeps as many as fit in a fixed budget (at most MAX_TREES) and, when full,
// makes room only by dropping a tree that has gone unused for a while. While every tree is in
// use, a request for another one gets none, and the strategy asks the pipeline instead — the same
// answer, at the pipeline's cost — so a working set larger than the budget never thrashes
// between rebuilds.
import type { Demand } from '../model/demand.js';
import { BYTES_PER_LEAF, type ScoreKind, type ScoreSource, ScoreTree } from './score-tree.js';

/** Memory all of one cluster's trees may take. */
const BUDGET_BYTES = 64 * 1024 * 1024;
/** Trees per cluster at most, whatever the budget allows. */
const MAX_TREES = 32;
/** A full cache drops its least recently used tree only when it has gone this many lookups per tree unused. */
const IDLE_LOOKUPS_PER_TREE = 4;

/** Whether two demands ask for the same thing (task definitions with equal containers share a tree). */
function sameDemand(a: Demand, b: Demand): boolean {
  return (
    a === b ||
    (a.cpu === b.cpu &&
      a.memory === b.memory &&
      sameList(a.tcpPorts, b.tcpPorts) &&
      sameList(a.udpPorts, b.udpPorts) &&
      sameList(a.extraNames, b.extraNames) &&
      sameList(a.extraAmounts, b.extraAmounts))
  );
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class ScoreTreeCache {
  private readonly trees: ScoreTree[] = [];
  private clock = 0;

  constructor(private readonly src: ScoreSource) {}

  /** Trees kept now (for tests and the memory bound). */
  get size(): number {
    return this.trees.length;
  }

  /**
   * The tree of `kind` for `demand` (and `group`, for spread), made when missing; undefined when
   * the cache is full of trees in use (the caller then asks the pipeline).
   */
  tree(kind: ScoreKind, demand: Demand, group: string): ScoreTree | undefined {
    const clock = ++this.clock;
    const trees = this.trees;
    const spread = kind === 'spread:instance';
    for (let k = 0; k < trees.length; k++) {
      const t = trees[k]!;
      if (t.kind === kind && (t.demand === demand || sameDemand(t.demand, demand)) && (!spread || t.group === group)) {
        t.lastUsed = clock;
        return t;
      }
    }
    const capacity = this.capacity();
    // a cluster that grew allows fewer trees: drop the least recently used beyond the budget
    while (trees.length > capacity) trees.splice(this.oldest(), 1);
    if (trees.length >= capacity) {
      const oldest = this.oldest();
      if (clock - trees[oldest]!.lastUsed <= IDLE_LOOKUPS_PER_TREE * trees.length) return undefined;
      trees.splice(oldest, 1);
    }
    const t = new ScoreTree(kind, demand, spread ? group : '', this.src);
    t.lastUsed = clock;
    trees.push(t);
    return t;
  }

  /** The least recently used tree's index. */
  private oldest(): number {
    const trees = this.trees;
    let oldest = 0;
    for (let k = 1; k < trees.length; k++) if (trees[k]!.lastUsed < trees[oldest]!.lastUsed) oldest = k;
    return oldest;
  }

  /** How many trees the budget allows at the cluster's size now (at least one). */
  private capacity(): number {
    let leaves = 16;
    while (leaves < this.src.index.count) leaves *= 2;
    return Math.max(1, Math.min(MAX_TREES, Math.floor(BUDGET_BYTES / (BYTES_PER_LEAF * leaves))));
  }
}
