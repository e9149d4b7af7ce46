// Per-cluster max trees over remaining CPU and MEMORY, so placement can find a feasible
// instance without scanning: a subtree whose max CPU or max MEMORY is below the demand holds
// no candidate. Ineligible instances (INACTIVE or agent disconnected) count as -1.
// The tree only prunes; exact fit (ports, user-defined resources) is checked at the leaves.

export class FeasibilityIndex {
  /** Global instance slot at each cluster position (registration order). */
  slots = new Int32Array(16);
  count = 0;
  private leaves = 16;
  private maxCpu = new Float64Array(32).fill(-1);
  private maxMem = new Float64Array(32).fill(-1);

  /** Appends an instance slot; returns its position. */
  add(slot: number): number {
    if (this.count >= this.leaves) this.grow();
    const pos = this.count++;
    this.slots[pos] = slot;
    return pos;
  }

  /** Records the instance at `pos`: its remaining CPU and MEMORY, or -1 when ineligible. */
  update(pos: number, cpu: number, mem: number): void {
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
   * number of candidates, not the cluster.
   */
  forEachCandidate(cpu: number, mem: number, visit: (pos: number) => void): void {
    if (!this.mayFit(cpu, mem)) return;
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
        visit(i - leaves);
        continue;
      }
      // push right first so the left subtree (lower positions) is visited first
      stack[sp++] = 2 * i + 1;
      stack[sp++] = 2 * i;
    }
  }

  private stack = new Int32Array(128);

  private grow(): void {
    const n = this.leaves * 2;
    const slots = new Int32Array(n);
    slots.set(this.slots);
    this.slots = slots;
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
    if (this.stack.length < 2 * Math.log2(n) + 8) this.stack = new Int32Array(2 * Math.log2(n) + 64);
  }
}
