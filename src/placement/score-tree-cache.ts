// The score trees of one cluster, bounded (bounded-cache.ts): a tree stands for one (scorer,
// demand, group) and costs BYTES_PER_LEAF per position, so the cache keeps as many as fit in a
// fixed budget (at most MAX_TREES); when every tree is in use, a request for another one gets
// none and the strategy asks the pipeline instead.
import type { Demand } from '../model/demand.js';
import { BoundedCache } from './bounded-cache.js';
import { BYTES_PER_LEAF, leavesFor, type ScoreKind, type ScoreSource, ScoreTree } from './score-tree.js';

/** Memory all of one cluster's trees may take. */
const BUDGET_BYTES = 64 * 1024 * 1024;
/** Trees per cluster at most, whatever the budget allows. */
const MAX_TREES = 32;

/** Whether two demands ask for the same thing (task definitions with equal containers share a tree). */
export function sameDemand(a: Demand, b: Demand): boolean {
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
  private readonly trees: BoundedCache<ScoreTree>;

  constructor(private readonly src: ScoreSource) {
    // every tree costs the same: its leaves at the cluster's size now
    this.trees = new BoundedCache(MAX_TREES, BUDGET_BYTES, () => BYTES_PER_LEAF * leavesFor(this.src.index.count));
  }

  /** Trees kept now (for tests and the memory bound). */
  get size(): number {
    return this.trees.size;
  }

  /**
   * The tree of `kind` for `demand` (and `group`, for spread), made when missing; undefined when
   * the cache is full of trees in use (the caller then asks the pipeline).
   */
  tree(kind: ScoreKind, demand: Demand, group: string): ScoreTree | undefined {
    const spread = kind === 'spread:instance';
    const found = this.trees.find((t) => t.kind === kind && (t.demand === demand || sameDemand(t.demand, demand)) && (!spread || t.group === group));
    if (found) return found;
    return this.trees.admit(BYTES_PER_LEAF * leavesFor(this.src.index.count), () => new ScoreTree(kind, demand, spread ? group : '', this.src));
  }
}
