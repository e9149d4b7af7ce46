// The 2015 RunTask behaviour: a uniformly random instance among those that can take the task.
// Fast path: rejection sampling (draw a position, keep it if it fits), which is uniform over
// the feasible set because it is uniform over a superset conditioned on feasibility. When a few
// draws miss (a nearly full cluster), an indexed walk lists exactly the feasible positions and
// one is drawn from them: also uniform. A mixture of uniform choices is uniform.
import type { RandomStream } from '../engine/rng.js';
import { type Demand, FIT_OK } from '../model/demand.js';
import type { InstanceTable } from '../model/instance-table.js';
import type { FeasibilityIndex } from './feasibility-index.js';

const REJECTION_TRIES = 12;

export class RandomPlacer {
  private readonly scratch: number[] = [];

  constructor(private readonly table: InstanceTable) {}

  /** A feasible instance slot drawn uniformly from `rng`, or -1 when none fits. */
  pick(index: FeasibilityIndex, demand: Demand, rng: RandomStream): number {
    const n = index.count;
    if (n === 0 || !index.mayFit(demand.cpu, demand.memory)) return -1;
    const table = this.table;
    for (let t = 0; t < REJECTION_TRIES; t++) {
      const pos = rng.int(n);
      if (index.leafFits(pos, demand.cpu, demand.memory)) {
        const slot = index.slots[pos]!;
        if (table.fit(slot, demand) === FIT_OK) return slot;
      }
    }
    const feasible = this.scratch;
    feasible.length = 0;
    index.forEachCandidate(demand.cpu, demand.memory, (pos) => {
      const slot = index.slots[pos]!;
      if (table.fit(slot, demand) === FIT_OK) feasible.push(slot);
    });
    if (feasible.length === 0) return -1;
    return feasible[rng.int(feasible.length)]!;
  }
}
