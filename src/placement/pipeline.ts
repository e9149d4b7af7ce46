// The placement pipeline: candidates → filters → scorers → pick. Candidates are positions of
// the cluster view (the feasibility index prunes those without the CPU and MEMORY); filters rule
// instances out with a reason; scorers rank the rest lexicographically; the best ties are broken
// with one draw from the seeded `placement` stream, never by the order of an unordered structure.
// When a task cannot be placed, the same filters say why, whatever strategy declined: `explain`
// runs them over every ACTIVE instance and records each one's first reason (ECS's failures[]);
// `bindingReason` names one reason for the whole cluster without visiting every instance.
import type { Demand } from '../model/demand.js';
import { distinctInstanceFilter, fitFilter, memberOfFilter } from './filters.js';
import type { TableInstanceView } from './instance-view.js';
import type { Filter, InstanceView, PlacementConstraintSpec, PlacementRequest, PlacementRng, PlacementStrategy, Scorer } from './types.js';

/** The request for one task: the fit filter, then one filter per constraint in the order given. */
export function makeRequest(input: {
  demand: Demand;
  family: string;
  /** Default `family:<family>`. */
  group?: string | undefined;
  constraints?: readonly PlacementConstraintSpec[];
}): PlacementRequest {
  const constraints = input.constraints ?? [];
  const filters: Filter[] = [fitFilter];
  constraints.forEach((c, i) => {
    if (c.type === 'distinctInstance') filters.push(distinctInstanceFilter);
    else filters.push(memberOfFilter(c.expression ?? '', `placementConstraints[${i}].expression`));
  });
  return {
    demand: input.demand,
    family: input.family,
    group: input.group ?? `family:${input.family}`,
    constraints,
    filters,
  };
}

/** One ruled-out instance and the first filter's reason. */
export interface RuledOut {
  readonly pos: number;
  readonly reason: string;
}

/** Every ACTIVE instance that cannot take the request's task, with its first reason, by position. */
export function explain(request: PlacementRequest, view: InstanceView): RuledOut[] {
  const out: RuledOut[] = [];
  for (let pos = 0; pos < view.size; pos++) {
    if (!view.isActive(pos)) continue;
    const reason = firstReason(request, view, pos);
    if (reason !== null) out.push({ pos, reason });
  }
  return out;
}

/** The first filter's reason why `pos` cannot take the request's task, or null when it can. */
function firstReason(request: PlacementRequest, view: InstanceView, pos: number): string | null {
  for (const f of request.filters) {
    const reason = f(request, view, pos);
    if (reason !== null) return reason;
  }
  return null;
}

/**
 * One reason no instance takes the request's task, for a summary of a failed placement: AGENT when
 * no ACTIVE instance has its agent connected, RESOURCE:CPU or RESOURCE:MEMORY when none has that
 * much (CPU also when no single instance has both: CPU is checked first), else the first reason of
 * the first instance, in position order, that has the CPU and MEMORY. The cluster-wide answers are
 * read from the feasibility index (no walk); null when every instance could take the task (a
 * strategy declined them).
 */
export function bindingReason(request: PlacementRequest, view: TableInstanceView): string | null {
  const idx = view.index;
  const { cpu, memory } = request.demand;
  if (!idx.mayFit(0, 0)) return 'AGENT';
  if (!idx.mayFit(cpu, 0)) return 'RESOURCE:CPU';
  if (!idx.mayFit(0, memory)) return 'RESOURCE:MEMORY';
  const first = view.firstResourceCandidate(request.demand);
  if (first < 0) return 'RESOURCE:CPU';
  // `first` came without a walk (the index's demand tracker); walk only past one that could take
  // the task (a strategy may decline instances that could)
  let reason = firstReason(request, view, first);
  if (reason === null) idx.findCandidate(cpu, memory, (pos) => pos > first && (reason = firstReason(request, view, pos)) !== null);
  return reason;
}

/**
 * A strategy made of scorers: among the candidates, the lowest score vector wins (lexicographic);
 * ties draw uniformly from `rng` (one draw, only when there is more than one). With no scorers
 * every candidate ties: uniform random among the feasible instances.
 */
export function pipelineStrategy(name: string, scorers: readonly Scorer[]): PlacementStrategy {
  const n = scorers.length;
  const best = new Float64Array(n);
  const ties: number[] = [];
  return {
    name,
    place(request: PlacementRequest, view: InstanceView, rng: PlacementRng): number {
      const score = scorers.map((s) => s.prepare(request, view));
      ties.length = 0;
      view.forEachCandidate(request, (pos) => {
        if (ties.length === 0) {
          for (let k = 0; k < n; k++) best[k] = score[k]!(pos);
          ties.push(pos);
          return;
        }
        for (let k = 0; k < n; k++) {
          const s = score[k]!(pos);
          if (s < best[k]!) {
            // a strictly better candidate: it alone is best, with its remaining scores
            best[k] = s;
            for (let j = k + 1; j < n; j++) best[j] = score[j]!(pos);
            ties.length = 0;
            ties.push(pos);
            return;
          }
          if (s > best[k]!) return;
        }
        ties.push(pos);
      });
      if (ties.length === 0) return -1;
      if (ties.length === 1) return ties[0]!;
      return ties[rng.int(ties.length)]!;
    },
  };
}
