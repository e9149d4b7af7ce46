// A bounded set of the structures a cluster's placements keep (score trees, per-value task counts),
// each costing memory per cluster position, so a scenario with many task definitions or groups
// could multiply them. The cache keeps as many as fit in a byte budget (and at most a number of
// items) and, when full, makes room only by dropping the least recently used item once it has gone
// unused for a while. While every item is in use, a request for another one gets none, and the
// strategy asks the pipeline instead — the same answer, at the pipeline's cost — so a working set
// larger than the budget never thrashes between rebuilds.

/** A kept item: the cache stamps it on each use, for eviction. */
export interface CacheItem {
  lastUsed: number;
}

/** A full cache drops its least recently used item only when it has gone this many lookups per item unused. */
const IDLE_LOOKUPS_PER_ITEM = 4;

export class BoundedCache<T extends CacheItem> {
  private readonly items: T[] = [];
  private clock = 0;

  /**
   * @param bytesOf what an item costs now (items over a cluster that grew cost more)
   */
  constructor(
    private readonly maxItems: number,
    private readonly budgetBytes: number,
    private readonly bytesOf: (item: T) => number,
  ) {}

  /** Items kept now (for tests and the memory bound). */
  get size(): number {
    return this.items.length;
  }

  /** The first kept item `match` accepts, stamped as used; undefined when none does. Counts as one lookup. */
  find(match: (item: T) => boolean): T | undefined {
    const clock = ++this.clock;
    const items = this.items;
    for (let k = 0; k < items.length; k++) {
      const t = items[k]!;
      if (match(t)) {
        t.lastUsed = clock;
        return t;
      }
    }
    return undefined;
  }

  /**
   * Keeps the item `make` returns, which will cost `bytes`, after a `find` that found none; undefined
   * (and `make` not called) when the budget has no room and every kept item is in use. One item is
   * always allowed, whatever it costs.
   */
  admit(bytes: number, make: () => T): T | undefined {
    const items = this.items;
    let total = 0;
    for (const t of items) total += this.bytesOf(t);
    // a cluster that grew makes every item cost more: drop the least recently used beyond the budget
    while (items.length > 1 && (items.length > this.maxItems || total > this.budgetBytes)) total -= this.bytesOf(items.splice(this.oldest(), 1)[0]!);
    while (items.length > 0 && (items.length >= this.maxItems || total + bytes > this.budgetBytes)) {
      const oldest = this.oldest();
      if (this.clock - items[oldest]!.lastUsed <= IDLE_LOOKUPS_PER_ITEM * items.length) return undefined;
      total -= this.bytesOf(items.splice(oldest, 1)[0]!);
    }
    const t = make();
    t.lastUsed = this.clock;
    items.push(t);
    return t;
  }

  /** The least recently used item's index. */
  private oldest(): number {
    const items = this.items;
    let oldest = 0;
    for (let k = 1; k < items.length; k++) if (items[k]!.lastUsed < items[oldest]!.lastUsed) oldest = k;
    return oldest;
  }
}
