// The one refinement pass over a whole scenario: everything that spans parts of the file or that the
// runner would otherwise find only when it runs. Names must be unique; clusters, task definitions and
// workloads must be defined where they are used; placement keys must be ones the control plane takes;
// a startTask workload is placed by its scheduler, so RunTask's keys do not apply to it.
//
// It runs even when other parts of the file failed, so one pass reports both kinds of mistake. The
// value may then be only partly parsed (a failed field keeps what the file wrote), so everything here
// reads fields defensively and checks only what is well-formed.

import type { z } from 'zod';

import { isModuleSpec, parseStrategyText } from '../../placement/builtin.js';
import { strategyField } from '../../placement/parse.js';
import { PlacementParameterError } from '../../placement/errors.js';
import { compileQuery } from '../../placement/query.js';
import { formatDuration } from '../duration.js';
import { formatPath } from '../errors.js';
import { DEFAULT_SAMPLE_EVERY, MAX_SAMPLES } from '../sampling.js';
import { didYouMean } from '../suggest.js';
import { report } from './primitives.js';
import { TASK_DEFINITION_REF_PATTERN } from './workloads.js';

const TASK_DEFINITION_REF = new RegExp(TASK_DEFINITION_REF_PATTERN);

type Loose = Record<string, unknown>;
export const isMap = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
export const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function listed(names: readonly string[]): string {
  if (names.length === 0) return 'none are defined';
  const shown = names.slice(0, 8).map((n) => JSON.stringify(n)).join(', ');
  return `defined: ${shown}${names.length > 8 ? `, and ${names.length - 8} more` : ''}`;
}

/** The names in `section[].key`, reporting each repeat at the repeat. */
export function uniqueNames(ctx: z.RefinementCtx, list: unknown, path: PropertyKey[], key: string, noun: string): string[] {
  const first = new Map<string, number>();
  items(list).forEach((item, index) => {
    const found = isMap(item) ? text(item[key]) : undefined;
    if (found === undefined) return;
    const earlier = first.get(found);
    if (earlier === undefined) first.set(found, index);
    else report(ctx, [...path, index, key], 'duplicate', `${noun} ${JSON.stringify(found)} is already defined at ${formatPath([...path, earlier] as (string | number)[])}`);
  });
  return [...first.keys()];
}

export function checkReference(ctx: z.RefinementCtx, value: unknown, path: PropertyKey[], noun: string, section: string, known: readonly string[]): void {
  const found = text(value);
  if (found === undefined || known.includes(found)) return;
  report(ctx, path, 'unknown_reference', `unknown ${noun} ${JSON.stringify(found)}${didYouMean(found, known)}; ${listed(known)} in ${section}`);
}

/** A stopTasks event's `service`: one defined in services, running in the event's cluster. */
function checkStopTasksService(ctx: z.RefinementCtx, body: Record<string, unknown>, path: PropertyKey[], services: unknown): void {
  const name = text(body['service']);
  if (name === undefined) return;
  const defined = items(services).filter(isMap);
  const known = defined.flatMap((s) => (typeof s['name'] === 'string' ? [s['name']] : []));
  if (!known.includes(name)) {
    checkReference(ctx, name, [...path, 'service'], 'service', 'services', known);
    return;
  }
  const cluster = text(defined.find((s) => s['name'] === name)?.['cluster']);
  const wanted = text(body['cluster']);
  if (cluster !== undefined && wanted !== undefined && cluster !== wanted) {
    report(ctx, [...path, 'service'], 'invalid_value', `service ${JSON.stringify(name)} runs in cluster ${JSON.stringify(cluster)}, not ${JSON.stringify(wanted)}`);
  }
}

/** Placement keys the control plane would reject when the workload runs. */
export function checkPlacement(ctx: z.RefinementCtx, strategies: unknown, constraints: unknown, path: PropertyKey[]): void {
  items(strategies).forEach((strategy, index) => {
    if (!isMap(strategy) || strategy['type'] !== 'spread' || text(strategy['field']) === undefined) return;
    try {
      strategyField('spread', strategy['field'], 'field');
    } catch (e) {
      if (!(e instanceof PlacementParameterError)) throw e;
      report(ctx, [...path, 'placementStrategy', index, 'field'], 'invalid_value', `expected instanceId, host or attribute:NAME, got ${JSON.stringify(strategy['field'])}`);
    }
  });
  items(constraints).forEach((constraint, index) => {
    const expression = isMap(constraint) && constraint['type'] === 'memberOf' ? text(constraint['expression']) : undefined;
    if (expression === undefined) return;
    try {
      compileQuery(expression, 'expression');
    } catch (e) {
      if (!(e instanceof PlacementParameterError)) throw e;
      report(ctx, [...path, 'placementConstraints', index, 'expression'], 'invalid_value', `not a valid cluster query: ${e.message.replace(/^expression:?\s*/, '')}`);
    }
  });
}

/** A built-in strategy in its text form (a module path is only checked when it is loaded). */
function checkStrategyText(ctx: z.RefinementCtx, value: unknown, path: PropertyKey[]): void {
  const spec = text(value);
  if (spec === undefined || spec.trim() === '' || isModuleSpec(spec)) return;
  try {
    parseStrategyText(spec);
  } catch (e) {
    if (!(e instanceof PlacementParameterError)) throw e;
    report(ctx, path, 'invalid_value', e.message.replace(/\.$/, ''));
  }
}

/** Task definition family → how many definitions the file registers for it (its latest revision). */
export function familyRevisions(definitions: unknown): Map<string, number> {
  const families = new Map<string, number>();
  for (const definition of items(definitions)) {
    const family = isMap(definition) ? text(definition['family']) : undefined;
    if (family !== undefined) families.set(family, (families.get(family) ?? 0) + 1);
  }
  return families;
}

export function checkTaskDefinitionRef(ctx: z.RefinementCtx, value: unknown, path: PropertyKey[], families: ReadonlyMap<string, number>): void {
  const ref = text(value);
  if (ref === undefined || !TASK_DEFINITION_REF.test(ref)) return;
  const colon = ref.indexOf(':');
  const family = colon < 0 ? ref : ref.slice(0, colon);
  const registered = families.get(family);
  if (registered === undefined) {
    const known = [...families.keys()];
    report(ctx, path, 'unknown_reference', `unknown task definition family ${JSON.stringify(family)}${didYouMean(family, known)}; ${listed(known)} in taskDefinitions`);
    return;
  }
  if (colon < 0) return;
  const revision = Number(ref.slice(colon + 1));
  if (!Number.isSafeInteger(revision) || revision < 1 || revision > registered) {
    const range = registered === 1 ? 'revision 1' : `revisions 1 to ${registered}`;
    report(ctx, path, 'unknown_revision', `task definition ${JSON.stringify(ref)} is not registered: the file registers ${range} of ${JSON.stringify(family)}`);
  }
}

/** The constraints of the task definition `ref` names (its latest revision for a bare family). */
function definitionConstraints(definitions: unknown, ref: string): unknown[] {
  const colon = ref.indexOf(':');
  const family = colon < 0 ? ref : ref.slice(0, colon);
  const ofFamily = items(definitions).filter((d) => isMap(d) && d['family'] === family);
  const chosen = colon < 0 ? ofFamily[ofFamily.length - 1] : ofFamily[Number(ref.slice(colon + 1)) - 1];
  return isMap(chosen) ? items(chosen['placementConstraints']) : [];
}

function checkWorkload(ctx: z.RefinementCtx, w: Loose, index: number, scenario: Loose, clusters: readonly string[], families: ReadonlyMap<string, number>): void {
  const path = ['workloads', index];
  checkReference(ctx, w['cluster'], [...path, 'cluster'], 'cluster', 'clusters', clusters);
  checkTaskDefinitionRef(ctx, w['taskDefinition'], [...path, 'taskDefinition'], families);
  checkPlacement(ctx, w['placementStrategy'], w['placementConstraints'], path);
  checkStrategyText(ctx, w['strategy'], [...path, 'strategy']);
  const startTask = w['launch'] === 'startTask';
  if (!startTask && w['strategy'] !== undefined) {
    report(ctx, [...path, 'strategy'], 'invalid_value', `a workload's own strategy applies to launch: startTask (its scheduler); for runTask use placementStrategy`);
  }
  if (startTask && items(w['placementStrategy']).length > 0) {
    report(ctx, [...path, 'placementStrategy'], 'invalid_value', 'applies to launch: runTask; a startTask workload is placed by its scheduler (strategy)');
  }
  const ref = text(w['taskDefinition']);
  const constraints = [...items(w['placementConstraints']), ...(ref === undefined ? [] : definitionConstraints(scenario['taskDefinitions'], ref))];
  if (startTask && w['strategy'] === undefined && constraints.length > 0) {
    report(
      ctx,
      path,
      'invalid_value',
      `the built-in first-fit StartTask scheduler does not evaluate placementConstraints (the workload's or its task definition's); give the workload a strategy`,
    );
  }
}

/** Checks a (possibly partly parsed) scenario; see the module comment. */
export function checkScenario(scenario: unknown, ctx: z.RefinementCtx): void {
  if (!isMap(scenario)) return;
  const horizon = scenario['duration'];
  if (typeof horizon === 'number' && horizon / DEFAULT_SAMPLE_EVERY > MAX_SAMPLES) {
    report(ctx, ['duration'], 'too_big', `expected a horizon of at most ${formatDuration(DEFAULT_SAMPLE_EVERY * MAX_SAMPLES)} (${MAX_SAMPLES.toLocaleString('en-US')} samples, one a minute), got ${formatDuration(horizon)}`);
  }
  checkStrategyText(ctx, scenario['strategy'], ['strategy']);
  const clusters = uniqueNames(ctx, scenario['clusters'], ['clusters'], 'name', 'cluster');
  const workloads = uniqueNames(ctx, scenario['workloads'], ['workloads'], 'name', 'workload');
  const families = familyRevisions(scenario['taskDefinitions']);
  items(scenario['taskDefinitions']).forEach((definition, index) => {
    if (!isMap(definition)) return;
    uniqueNames(ctx, definition['containerDefinitions'], ['taskDefinitions', index, 'containerDefinitions'], 'name', 'container');
    checkPlacement(ctx, undefined, definition['placementConstraints'], ['taskDefinitions', index]);
  });
  items(scenario['workloads']).forEach((w, index) => {
    if (isMap(w)) checkWorkload(ctx, w, index, scenario, clusters, families);
  });
  items(scenario['events']).forEach((event, index) => {
    if (!isMap(event)) return;
    // An event that parsed is already `{ at, kind, cluster, … }`; one that did not is still as written.
    const actions = typeof event['kind'] === 'string' ? [[event['kind'], event] as const] : Object.entries(event);
    for (const [action, body] of actions) {
      if (action === 'at' || !isMap(body)) continue;
      checkReference(ctx, body['cluster'], ['events', index, action, 'cluster'], 'cluster', 'clusters', clusters);
      if (action === 'stopTasks') {
        checkReference(ctx, body['workload'], ['events', index, action, 'workload'], 'workload', 'workloads', workloads);
        checkStopTasksService(ctx, body, ['events', index, action], scenario['services']);
      }
    }
  });
}
