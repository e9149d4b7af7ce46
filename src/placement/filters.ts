// Filters: the feasibility stage of the pipeline. Each returns why an instance cannot take the
// task (a `failures[].reason` text) or null. Resource fit runs first, then constraints in request
// order, as ECS evaluates them: an instance without the memory reports RESOURCE:MEMORY even when
// a constraint would also rule it out.
import { fitReason, FIT_OK } from '../model/demand.js';
import { compileQuery, Q_MISSING, Q_TRUE } from './query.js';
import type { Filter } from './types.js';

/** An instance lacks an attribute that a memberOf expression names. */
export const REASON_ATTRIBUTE = 'ATTRIBUTE';
/** The instance already runs a task of the group (ECS's text). */
export const REASON_DISTINCT_INSTANCE = 'DistinctInstance placement constraint unsatisfied.';
/** The instance's attributes do not satisfy the memberOf expression (ECS's text). */
export const REASON_MEMBER_OF = 'MemberOf placement constraint unsatisfied.';

/** Resources: agent connected, CPU, MEMORY, host ports, user-defined resources (the InstanceTable's fit). */
export const fitFilter: Filter = (request, view, pos) => {
  const code = view.fit(pos, request.demand);
  return code === FIT_OK ? null : fitReason(code, request.demand);
};

/** `distinctInstance`: no two live tasks of the group on one instance. */
export const distinctInstanceFilter: Filter = (request, view, pos) =>
  view.groupCount(pos, request.group) > 0 ? REASON_DISTINCT_INSTANCE : null;

/**
 * `memberOf`: the instance must satisfy a cluster query language expression (see query.ts).
 * @throws PlacementParameterError when the expression does not parse.
 */
export function memberOfFilter(expression: string, where = 'expression'): Filter {
  const q = compileQuery(expression, where);
  return (_request, view, pos) => {
    const v = q(view, pos);
    return v === Q_TRUE ? null : v === Q_MISSING ? REASON_ATTRIBUTE : REASON_MEMBER_OF;
  };
}
