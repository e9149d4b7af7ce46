// Validation of RunTask's `placementStrategy` and `placementConstraints` as the later ECS API
// spells them: at most 5 strategies of type random | binpack (field cpu | memory) | spread
// (field instanceId | host | attribute:NAME), at most 10 constraints of type distinctInstance
// (no expression) | memberOf (an expression of at most 2000 characters that parses).
import { PlacementParameterError } from './errors.js';
import { compileQuery } from './query.js';
import type { PlacementConstraintSpec, PlacementStrategySpec } from './types.js';

export const MAX_STRATEGIES = 5;
export const MAX_CONSTRAINTS = 10;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
}

/**
 * Checks a `field` for a strategy type and returns it normalised (`cpu`/`memory` lower case,
 * `host` kept, `attribute:NAME` kept). `where` names it in messages.
 * @throws PlacementParameterError
 */
export function strategyField(type: PlacementStrategySpec['type'], field: unknown, where: string): string | undefined {
  switch (type) {
    case 'random':
    case 'first-fit':
      if (field !== undefined && field !== null && typeof field !== 'string') throw new PlacementParameterError(`${where}.field must be a string.`);
      return undefined;
    case 'binpack': {
      const f = typeof field === 'string' ? field.toLowerCase() : field;
      if (f !== 'cpu' && f !== 'memory') {
        throw new PlacementParameterError(`${where}.field must be cpu or memory for binpack, got ${show(field)}.`);
      }
      return f;
    }
    case 'spread': {
      if (typeof field !== 'string' || field === '') {
        throw new PlacementParameterError(`${where}.field is required for spread: instanceId, host or attribute:NAME.`);
      }
      if (field === 'instanceId' || field === 'host') return field;
      if (field.startsWith('attribute:') && field.length > 'attribute:'.length) return field;
      throw new PlacementParameterError(`${where}.field must be instanceId, host or attribute:NAME for spread, got ${show(field)}.`);
    }
  }
}

/**
 * The entries of a RunTask list parameter (undefined or null: none).
 * @throws PlacementParameterError when it is not a list or has more than `max` entries.
 */
function listOf(value: unknown, name: string, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PlacementParameterError(`${name} must be a list.`);
  if (value.length > max) throw new PlacementParameterError(`${name} can have at most ${max} entries, got ${value.length}.`);
  return value as unknown[];
}

/**
 * Validates a RunTask `placementStrategy` list (undefined or null: none).
 * @throws PlacementParameterError naming the entry at fault.
 */
export function parsePlacementStrategies(value: unknown): PlacementStrategySpec[] {
  return listOf(value, 'placementStrategy', MAX_STRATEGIES).map((s, i) => {
    const where = `placementStrategy[${i}]`;
    if (!isObject(s)) throw new PlacementParameterError(`${where} must be an object with a type.`);
    const type = s.type;
    if (type !== 'random' && type !== 'binpack' && type !== 'spread') {
      throw new PlacementParameterError(`${where}.type must be random, binpack or spread, got ${show(type)}.`);
    }
    const field = strategyField(type, s.field, where);
    return field === undefined ? { type } : { type, field };
  });
}

/**
 * Validates a RunTask `placementConstraints` list (undefined or null: none), compiling each
 * memberOf expression once to report a syntax error with its column.
 * @throws PlacementParameterError naming the entry at fault.
 */
export function parsePlacementConstraints(value: unknown): PlacementConstraintSpec[] {
  return listOf(value, 'placementConstraints', MAX_CONSTRAINTS).map((c, i) => {
    const where = `placementConstraints[${i}]`;
    if (!isObject(c)) throw new PlacementParameterError(`${where} must be an object with a type.`);
    const expression = c.expression;
    if (c.type === 'distinctInstance') {
      if (expression !== undefined && expression !== null) {
        throw new PlacementParameterError(`${where}: a distinctInstance constraint takes no expression.`);
      }
      return { type: 'distinctInstance' };
    }
    if (c.type === 'memberOf') {
      if (typeof expression !== 'string' || expression.trim() === '') {
        throw new PlacementParameterError(`${where}.expression is required for memberOf.`);
      }
      compileQuery(expression, `${where}.expression`);
      return { type: 'memberOf', expression };
    }
    throw new PlacementParameterError(`${where}.type must be distinctInstance or memberOf, got ${show(c.type)}.`);
  });
}
