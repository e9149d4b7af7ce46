// Single-scorer strategies — binpack:cpu, binpack:memory, spread:instanceId (or host), first-fit —
// answered from a score tree (score-tree.ts) instead of the pipeline's walk over every candidate:
// the same pick and the same draw, in O(log n) per placement instead of O(candidates). Spread by
// an attribute, alone or followed by one of those, is answered the same way from per-value counts
// and trees (spread-index.ts). The trees know only the fit filter, so a request with placement
// constraints, a view that is not the control plane's, or a full cache goes to the pipeline,
// which answers the same.
import { fitFilter } from './filters.js';
import { TableInstanceView } from './instance-view.js';
import { pipelineStrategy } from './pipeline.js';
import type { ScoreKind } from './score-tree.js';
import type { PlacementRequest, PlacementStrategy, Scorer } from './types.js';
import type { NextKind } from './value-score-tree.js';

/** Whether the trees can answer: the control plane's view, and no filter but the fit filter. */
function answerable(request: PlacementRequest, view: unknown): view is TableInstanceView {
  return view instanceof TableInstanceView && request.filters.length === 1 && request.filters[0] === fitFilter;
}

/**
 * The strategy of one scorer that `kind` names (binpack by CPU or MEMORY, spread by instance,
 * first-fit), picking exactly what `pipelineStrategy(name, [scorer])` picks, draw for draw.
 */
export function indexedStrategy(name: string, kind: ScoreKind, scorer: Scorer): PlacementStrategy {
  const pipeline = pipelineStrategy(name, [scorer]);
  return {
    name,
    place(request, view, rng) {
      if (answerable(request, view)) {
        const tree = view.scoreTrees.tree(kind, request.demand, request.group);
        if (tree) return tree.pick(rng);
      }
      return pipeline.place(request, view, rng);
    },
  };
}

/**
 * Spread by `attribute`, then the scorer `next` names (or none), picking exactly what
 * `pipelineStrategy(name, scorers)` picks, draw for draw; `scorers` are the spread's and the next's.
 */
export function attributeSpreadStrategy(name: string, attribute: string, next: NextKind, scorers: readonly Scorer[]): PlacementStrategy {
  const pipeline = pipelineStrategy(name, scorers);
  return {
    name,
    place(request, view, rng) {
      if (answerable(request, view)) {
        const pos = view.attributeSpread.pick(attribute, next, request.demand, request.group, rng);
        if (pos !== undefined) return pos;
      }
      return pipeline.place(request, view, rng);
    },
  };
}
