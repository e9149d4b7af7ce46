// Single-scorer strategies — binpack:cpu, binpack:memory, spread:instanceId (or host), first-fit —
// answered from a score tree (score-tree.ts) instead of the pipeline's walk over every candidate:
// the same pick and the same draw, in O(log n) per placement instead of O(candidates). The tree
// knows only the fit filter, so a request with placement constraints, a view that is not the
// control plane's, or a full tree cache goes to the pipeline, which answers the same.
import { fitFilter } from './filters.js';
import { TableInstanceView } from './instance-view.js';
import { pipelineStrategy } from './pipeline.js';
import type { ScoreKind } from './score-tree.js';
import type { PlacementStrategy, Scorer } from './types.js';

/**
 * The strategy of one scorer that `kind` names (binpack by CPU or MEMORY, spread by instance,
 * first-fit), picking exactly what `pipelineStrategy(name, [scorer])` picks, draw for draw.
 */
export function indexedStrategy(name: string, kind: ScoreKind, scorer: Scorer): PlacementStrategy {
  const pipeline = pipelineStrategy(name, [scorer]);
  return {
    name,
    place(request, view, rng) {
      if (view instanceof TableInstanceView && request.filters.length === 1 && request.filters[0] === fitFilter) {
        const tree = view.scoreTrees.tree(kind, request.demand, request.group);
        if (tree) return tree.pick(rng);
      }
      return pipeline.place(request, view, rng);
    },
  };
}
