// Scorers: the ranking stage of the pipeline. Lower is better; the pipeline compares score
// vectors lexicographically, so `spread(zone) then binpack(memory)` spreads first and bin-packs
// among the instances that tie on spread.
import type { InstanceView, PlacementRequest, Scorer } from './types.js';

/** `binpack`: least remaining of the resource first (the amount before this task is placed). */
export function binpackScorer(field: 'cpu' | 'memory'): Scorer {
  const resource = field === 'cpu' ? 'CPU' : 'MEMORY';
  return {
    name: `binpack(${field})`,
    prepare: (_request, view) => (pos) => view.remaining(pos, resource),
  };
}

/** `spread` by `instanceId` (or `host`): fewest live tasks of the group on the instance first. */
export const spreadInstanceScorer: Scorer = {
  name: 'spread(instanceId)',
  prepare: (request, view) => {
    const group = request.group;
    return (pos) => view.groupCount(pos, group);
  },
};

/** The bucket of instances without the attribute: spread treats them as one more value. */
export const NO_VALUE = '\u0000none';

/**
 * `spread` by `attribute:NAME`: fewest live tasks of the group across all instances sharing the
 * candidate's value first. Instances without the attribute share one bucket of their own.
 */
export function spreadAttributeScorer(attribute: string): Scorer {
  return {
    name: `spread(attribute:${attribute})`,
    prepare: (request: PlacementRequest, view: InstanceView) => {
      const group = request.group;
      // tasks per value, over every instance of the cluster (live tasks only live on ACTIVE ones)
      const perValue = new Map<string, number>();
      for (let pos = 0; pos < view.size; pos++) {
        const n = view.groupCount(pos, group);
        if (n === 0) continue;
        const v = view.attribute(pos, attribute) ?? NO_VALUE;
        perValue.set(v, (perValue.get(v) ?? 0) + n);
      }
      return (pos) => perValue.get(view.attribute(pos, attribute) ?? NO_VALUE) ?? 0;
    },
  };
}

/** `first-fit`: the earliest-registered instance that can take the task. */
export const firstFitScorer: Scorer = {
  name: 'first-fit',
  prepare: () => (pos) => pos,
};
