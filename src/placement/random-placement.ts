// The 2015 RunTask behaviour: a uniformly random instance among those that can take the task.
// Fast path: rejection sampling (draw a position, keep it if it fits), which is uniform over
// the feasible set because it is uniform over a superset conditioned on feasibility. When a few
// draws miss (a nearly full cluster), one more draw picks among exactly the feasible positions,
// in position order: also uniform. A mixture of uniform choices is uniform.
//
// The fallback is served by the index's DemandTracker for the demand (created the first time the
// demand falls back): the k-th feasible position is a Fenwick descent and "nothing fits" is a
// counter read, where listing the feasible set would walk the whole cluster. The draws are the
// same as listing it: `rng.int(feasible count)` after the same rejection draws, and the k-th
// position in position order is what the list would have held at k.
import { type Demand, FIT_OK } from '../model/demand.js';
import type { InstanceTable } from '../model/instance-table.js';
import type { DemandTracker, FeasibilityIndex } from './feasibility-index.js';
import type { PlacementRng } from './types.js';

const REJECTION_TRIES = 12;

export class RandomPlacer {
  constructor(private readonly table: InstanceTable) {}

  /** A feasible instance slot drawn uniformly from `rng`, or -1 when none fits. Only calls `rng.int`. */
  pick(index: FeasibilityIndex, demand: Demand, rng: PlacementRng): number {
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
    const tracker = this.trackerOf(index, demand);
    const feasible = tracker.fitting;
    if (feasible === 0) return -1;
    return index.slots[tracker.nthFitting(rng.int(feasible))]!;
  }

  /**
   * The first position, in position order, whose CPU and MEMORY suffice for `demand` (ignoring
   * ports and user-defined resources), or -1: what a failed placement names as the binding
   * instance. Uses the demand's tracker when the index keeps one (no walk).
   */
  firstCandidate(index: FeasibilityIndex, demand: Demand): number {
    const tracker = index.tracker(demand);
    if (!tracker) return index.firstCandidate(demand.cpu, demand.memory);
    return tracker.resourceCandidates === 0 ? -1 : tracker.nthResourceCandidate(0);
  }

  private trackerOf(index: FeasibilityIndex, demand: Demand): DemandTracker {
    const table = this.table;
    return index.tracker(demand) ?? index.track(demand, (slot) => table.fit(slot, demand) === FIT_OK);
  }
}
