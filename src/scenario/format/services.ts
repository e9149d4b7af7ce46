// The services part of a scenario: ECS services the service scheduler (src/scenario/services/) keeps
// running — desired count, placement, an optional task lifetime, scale changes and rolling
// deployments, keyed as the issue fixes them and spelled as ECS spells them (desiredCount,
// minimumHealthyPercent, maximumPercent). `checkServices` is their part of the whole-file pass:
// references, revisions, uniqueness and the order of things in time, so `validate` rejects what
// `run` would.

import type { z } from 'zod';

import { DEFAULT_MAXIMUM_PERCENT, DEFAULT_MINIMUM_HEALTHY_PERCENT, type ServiceSpec } from '../services/spec.js';
import { checkPlacement, checkReference, checkTaskDefinitionRef, familyRevisions, isMap, items, uniqueNames } from './checks.js';
import { MAX_COUNT, name } from './fleet.js';
import { duration, int, list, report, str, strictMap } from './primitives.js';
import { placementConstraint } from './task-definitions.js';
import { clusterRef, lifetime, placementStrategy, TASK_DEFINITION_REF_PATTERN } from './workloads.js';

const taskDefinitionRef = () => str({ pattern: TASK_DEFINITION_REF_PATTERN, patternHint: 'a task definition family or family:revision' });
const desiredCount = () => int({ min: 0, max: MAX_COUNT }).describe('How many tasks the service keeps running.');

const scaleChange = strictMap(
  { at: duration().describe('When desiredCount changes (after the service is created at 0s).'), desiredCount: desiredCount() },
  'a scale change (a map with at and desiredCount)',
).meta({ id: 'scaleChange' });

const deployment = strictMap(
  {
    at: duration().describe('When the rolling deployment starts (after the service is created at 0s).'),
    taskDefinition: taskDefinitionRef().describe('The revision rolled out: family (its latest revision) or family:revision.'),
    minimumHealthyPercent: int({ min: 0, max: 100 })
      .describe(`RUNNING tasks kept during the deployment, as a percentage of desiredCount (rounded up); default ${DEFAULT_MINIMUM_HEALTHY_PERCENT}.`)
      .default(DEFAULT_MINIMUM_HEALTHY_PERCENT),
    maximumPercent: int({ min: 100, max: 1000 })
      .describe(`RUNNING + PENDING tasks allowed during the deployment, as a percentage of desiredCount (rounded down); default ${DEFAULT_MAXIMUM_PERCENT}.`)
      .default(DEFAULT_MAXIMUM_PERCENT),
  },
  'a deployment (a map with at and taskDefinition)',
).meta({ id: 'deployment' });

export const service = strictMap(
  {
    name: name().describe('The service name, unique in the scenario; its tasks carry the group service:<name>.'),
    cluster: clusterRef(),
    taskDefinition: taskDefinitionRef().describe('A task definition in taskDefinitions: family (its latest revision) or family:revision.'),
    desiredCount: desiredCount(),
    placementStrategy: list(placementStrategy, { maxItems: 5 })
      .describe('As RunTask takes it; default ECS\'s for services: spread across attribute:ecs.availability-zone.')
      .default([]),
    placementConstraints: list(placementConstraint, { maxItems: 10 }).default([]),
    taskLifetime: lifetime.describe('Tasks also die on their own (crash, OOM) after this long RUNNING; default never.').optional(),
    scale: list(scaleChange).describe('Changes of desiredCount over time, in time order.').default([]),
    deployments: list(deployment).describe('Rolling deployments, in time order.').default([]),
  },
  'a service (a map with name, cluster, taskDefinition and desiredCount)',
).meta({ id: 'service' });

type ServiceInput = z.output<typeof service>;

/** `family:revision` of a checked reference (`family` alone is the family's latest revision in the file). */
function resolve(ref: string, families: ReadonlyMap<string, number>): string {
  return ref.includes(':') ? ref : `${ref}:${families.get(ref) ?? 1}`;
}

/**
 * The scheduler's form of a parsed service. `constraintsOf` gives a revision's own placement
 * constraints (`family:revision`): each revision the service deploys is placed by its own and the
 * service's, as ECS does, not by the first revision's.
 */
export function serviceSpec(
  s: ServiceInput,
  families: ReadonlyMap<string, number>,
  constraintsOf: (taskDefinition: string) => ServiceSpec['placementConstraints'],
): ServiceSpec {
  const taskDefinition = resolve(s.taskDefinition, families);
  const deployments = s.deployments.map((d) => ({ ...d, taskDefinition: resolve(d.taskDefinition, families) }));
  const definitionConstraints: Record<string, ServiceSpec['placementConstraints']> = {};
  for (const revision of [taskDefinition, ...deployments.map((d) => d.taskDefinition)]) {
    const own = constraintsOf(revision);
    if (own.length > 0) Object.defineProperty(definitionConstraints, revision, { value: own, enumerable: true, writable: true, configurable: true });
  }
  const out: ServiceSpec = {
    name: s.name,
    cluster: s.cluster,
    taskDefinition,
    desiredCount: s.desiredCount,
    placementStrategy: s.placementStrategy,
    placementConstraints: s.placementConstraints,
    scale: s.scale,
    deployments,
  };
  if (Object.keys(definitionConstraints).length > 0) out.definitionConstraints = definitionConstraints;
  if (s.taskLifetime !== undefined) out.taskLifetime = s.taskLifetime;
  return out;
}

/** Times that must come after the service's creation (0s) and in order. */
function checkTimes(ctx: z.RefinementCtx, list: unknown, path: PropertyKey[], noun: string): void {
  let previous = -1;
  items(list).forEach((item, index) => {
    const at = isMap(item) ? item['at'] : undefined;
    if (typeof at !== 'number') return;
    if (at <= 0) {
      report(ctx, [...path, index, 'at'], 'invalid_value', `a ${noun} at 0s comes before the service exists (it is created at 0s); give the service its starting values instead, or a later time`);
    } else if (at < previous) {
      report(ctx, [...path, index, 'at'], 'invalid_value', `expected ${noun}s in time order: this one comes before the one above it`);
    }
    previous = Math.max(previous, at);
  });
}

/** The services' part of the whole-file pass (see checks.ts). */
export function checkServices(scenario: unknown, ctx: z.RefinementCtx): void {
  if (!isMap(scenario)) return;
  const clusters = items(scenario['clusters']).flatMap((c) => (isMap(c) && typeof c['name'] === 'string' ? [c['name']] : []));
  const families = familyRevisions(scenario['taskDefinitions']);
  uniqueNames(ctx, scenario['services'], ['services'], 'name', 'service');
  items(scenario['services']).forEach((s, index) => {
    if (!isMap(s)) return;
    const path = ['services', index];
    checkReference(ctx, s['cluster'], [...path, 'cluster'], 'cluster', 'clusters', clusters);
    checkTaskDefinitionRef(ctx, s['taskDefinition'], [...path, 'taskDefinition'], families);
    checkPlacement(ctx, s['placementStrategy'], s['placementConstraints'], path);
    checkTimes(ctx, s['scale'], [...path, 'scale'], 'scale change');
    checkTimes(ctx, s['deployments'], [...path, 'deployments'], 'deployment');
    items(s['deployments']).forEach((d, k) => {
      if (isMap(d)) checkTaskDefinitionRef(ctx, d['taskDefinition'], [...path, 'deployments', k, 'taskDefinition'], families);
    });
  });
}
