// The task definitions part of a scenario: families of container definitions as ECS spells them,
// with the user-defined resources they demand. Revisions are not written in the file: each family's
// definitions get 1, 2, … in file order (scenario.ts numbers them once the whole file is read).

import { z } from 'zod';

import { GOT, bool, choice, dictionary, expecting, int, list, report, str, strictMap, tagged , whenClean } from './primitives.js';
import { RESOURCE_NAME_HINT, RESOURCE_NAME_PATTERN, name, port } from './fleet.js';

const portMapping = strictMap(
  {
    containerPort: port(1).describe('The port the container listens on.'),
    hostPort: port().describe('The host port; 0 or absent for a dynamic port.').default(0),
    protocol: choice(['tcp', 'udp']).default('tcp'),
  },
  'a port mapping (a map with containerPort)',
).meta({ id: 'portMapping' });

/** ECS spells resourceRequirements values as strings ("1"); a plain number is accepted too. */
const resourceAmount = z
  .union([z.number(), z.string()], { error: expecting('a non-negative integer') })
  .transform((value, ctx) => {
    if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return Number(value);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    report(ctx, [], typeof value === 'number' ? 'too_small' : 'invalid_type', `expected a non-negative integer, got ${GOT}`);
    return z.NEVER;
  })
  .meta({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,15}$' }] });

const resourceName = str({ pattern: RESOURCE_NAME_PATTERN, patternHint: RESOURCE_NAME_HINT });

const containerResources = dictionary(int({ min: 0 }), {
  expected: 'a map of resource names to non-negative integers, like { GPU: 1 }',
  keyPattern: RESOURCE_NAME_PATTERN,
  keyHint: RESOURCE_NAME_HINT,
  checkKey(key) {
    const upper = key.toUpperCase();
    if (upper === 'CPU' || upper === 'MEMORY') return `set ${upper} with the container's ${upper.toLowerCase()} key, not as a resource`;
    if (upper === 'PORTS' || upper === 'PORTS_UDP') return 'ports are demanded through portMappings, not as a resource';
    return undefined;
  },
});

const containerDefinition = strictMap(
  {
    name: name().describe('The container name, unique in its task definition.'),
    image: str({ maxLength: 255 }).describe('The Docker image.'),
    cpu: int({ min: 0 }).describe('CPU units reserved (1024 = one vCPU); default 0.').default(0),
    memory: int({ min: 4 }).describe('Hard memory limit, MiB. Give memory, memoryReservation or both.').optional(),
    memoryReservation: int({ min: 4 }).describe('Soft memory limit, MiB: what placement reserves when given.').optional(),
    essential: bool().describe('Default true; a task needs at least one essential container.').default(true),
    portMappings: list(portMapping).default([]),
    resourceRequirements: list(strictMap({ type: resourceName, value: resourceAmount }, 'a resource requirement (a map with type and value)'))
      .describe('User-defined INTEGER demands as ECS spells them: [{ type: GPU, value: "1" }].')
      .optional(),
    resources: containerResources.describe('User-defined INTEGER demands as a map: { GPU: 1 }.').optional(),
  },
  'a container definition (a map with name and image)',
)
  .superRefine((container, ctx) => {
    if (container.memory === undefined && container.memoryReservation === undefined) {
      report(ctx, ['memory'], 'missing_key', 'expected memory or memoryReservation (MiB): a container must reserve memory');
    }
    if (container.memory !== undefined && container.memoryReservation !== undefined && container.memoryReservation > container.memory) {
      report(ctx, ['memoryReservation'], 'invalid_value', `expected memoryReservation of at most memory (${container.memory}), got ${container.memoryReservation}`);
    }
    const seen = new Set<string>();
    for (const [index, requirement] of (container.resourceRequirements ?? []).entries()) {
      if (seen.has(requirement.type)) report(ctx, ['resourceRequirements', index, 'type'], 'duplicate', `resource ${requirement.type} is demanded twice`);
      seen.add(requirement.type);
    }
    for (const key of Object.keys(container.resources ?? {})) {
      if (seen.has(key)) report(ctx, ['resources', key], 'duplicate', `resource ${key} is demanded in both resources and resourceRequirements`, 'key');
    }
  }, whenClean)
  .transform(({ resourceRequirements, resources: own, memory, memoryReservation, ...container }) => {
    const resources: Record<string, number> = {};
    // defineProperty: a resource named "__proto__" must become data, never the object's prototype.
    const put = (key: string, value: number): void => void Object.defineProperty(resources, key, { value, enumerable: true, writable: true, configurable: true });
    for (const requirement of resourceRequirements ?? []) put(requirement.type, requirement.value);
    for (const [key, amount] of Object.entries(own ?? {})) put(key, amount);
    return {
      name: container.name,
      image: container.image,
      cpu: container.cpu,
      ...(memory === undefined ? {} : { memory }),
      ...(memoryReservation === undefined ? {} : { memoryReservation }),
      essential: container.essential,
      portMappings: container.portMappings,
      resources,
    };
  })
  .meta({ id: 'containerDefinition' });

/** `type` picks the form, as ECS spells `placementConstraints: [{ type: memberOf, expression: … }]`. */
const memberOf = strictMap(
  {
    type: z.literal('memberOf'),
    expression: str({ maxLength: 2000 }).describe('A cluster query language expression, e.g. attribute:ecs.instance-type =~ t2.*'),
  },
  'a memberOf constraint',
);
const distinctInstance = strictMap({ type: z.literal('distinctInstance') }, 'a distinctInstance constraint');

export const placementConstraint = tagged('type', [distinctInstance, memberOf], 'a placement constraint').meta({ id: 'placementConstraint' });
const taskDefinitionConstraint = tagged('type', [memberOf], 'a task definition placement constraint').meta({ id: 'taskDefinitionPlacementConstraint' });

export const taskDefinition = strictMap(
  {
    family: name().describe('The family; repeating a family registers its next revision.'),
    containerDefinitions: list(containerDefinition, { minItems: 1, maxItems: 10 }),
    placementConstraints: list(taskDefinitionConstraint, { maxItems: 10 }).default([]),
  },
  'a task definition (a map with family and containerDefinitions)',
)
  .superRefine((definition, ctx) => {
    if (definition.containerDefinitions.length > 0 && !definition.containerDefinitions.some((container) => container.essential)) {
      report(ctx, ['containerDefinitions'], 'invalid_value', 'expected at least one essential container');
    }
  }, whenClean)
  .meta({ id: 'taskDefinition' });

