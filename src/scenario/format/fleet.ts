// The fleet part of a scenario: clusters and their groups of identical container instances, also
// the shape `addInstances` events reuse. A group names an EC2 type from the built-in table, gives its
// resources outright, or both (the resources overlay the type's figures).

import { z } from 'zod';

import { instanceTypeNames, instanceTypeResources } from '../../model/instance-types.js';
import type { InstanceResources } from '../../model/instance-types.js';
import { didYouMean } from '../suggest.js';
import { autoscalingSchema } from './autoscaling.js';
import { machineTrace } from './traces.js';
import { dictionary, expecting, int, list, num, report, str, strictMap, whenClean } from './primitives.js';

/** A sanity bound on instance, event and burst counts, far above any fleet a scenario models. */
export const MAX_COUNT = 1_000_000;

/** ECS names: clusters, families, task groups, workloads. */
export const NAME_PATTERN = '^[A-Za-z0-9_-]{1,255}$';
export const NAME_HINT = 'a name of 1 to 255 letters, digits, hyphens and underscores';

/** User-defined resource names (and the built-in CPU, MEMORY). */
export const RESOURCE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_.-]{0,254}$';
export const RESOURCE_NAME_HINT = 'a resource name (a letter, then letters, digits, ".", "-" or "_")';
/** ECS attribute names: letters, digits, hyphens, underscores, periods, slashes. */
const ATTRIBUTE_NAME_PATTERN = '^[A-Za-z0-9_.\\-/\\\\]{1,128}$';

/** A name as ECS spells them: 1 to 255 letters, digits, hyphens and underscores. */
export const name = (): z.ZodString => str({ pattern: NAME_PATTERN, patternHint: NAME_HINT });

export const port = (min = 0): z.ZodNumber => int({ min, max: 65535 });

const instanceResources = dictionary(int({ min: 0 }), {
  expected: 'a map of resource names to non-negative integers, like { CPU: 2048, MEMORY: 7680, GPU: 1 }',
  keyPattern: RESOURCE_NAME_PATTERN,
  keyHint: RESOURCE_NAME_HINT,
  checkKey(key) {
    if (key === 'PORTS' || key === 'PORTS_UDP') return `${key} is not an INTEGER resource: list ports in ${key === 'PORTS' ? 'reservedPorts' : 'reservedUdpPorts'}`;
    const upper = key.toUpperCase();
    if ((upper === 'CPU' || upper === 'MEMORY') && key !== upper) return `resource names are case-sensitive: write ${upper}, not ${key}`;
    return undefined;
  },
}).describe('Registered resources: CPU (units, 1024 per vCPU), MEMORY (MiB) and user-defined INTEGER resources. Overrides the instance type.');

/** Attribute values are strings in ECS; a YAML number or boolean is taken as written. */
const attributeValue = z
  .union([z.string(), z.number(), z.boolean()], { error: expecting('an attribute value (a string)') })
  .transform(String)
  .refine((text) => text.length <= 128, { error: (issue) => `expected an attribute value of at most 128 characters, got ${String((issue.input as string).length)}`, params: { code: 'too_big' } })
  .meta({ maxLength: 128 });

const attributes = dictionary(attributeValue, {
  expected: 'a map of attribute names to values, like { zone: us-east-1a }',
  keyPattern: ATTRIBUTE_NAME_PATTERN,
  keyHint: 'an attribute name of 1 to 128 letters, digits, ".", "-" or "_" or "/"',
}).describe('Custom attributes of the instance, for memberOf placement constraints.');

/** The keys of an instance group; `count` is required (at least 1) in an addInstances event. */
export function instanceGroupShape(event: boolean) {
  return {
    count: event
      ? int({ min: 1, max: MAX_COUNT }).describe('How many instances to add.')
      : int({ min: 0, max: MAX_COUNT }).describe('How many identical instances (default 1; a trace group has none but its trace\'s).').optional(),
    // `instanceType` marks the key for ../schema.ts, which gives editors the built-in names as an enum.
    type: str({ maxLength: 64 })
      .describe('EC2 instance type; fills CPU and MEMORY from the built-in table (e.g. m4.large). Any other name needs resources.CPU and resources.MEMORY.')
      .meta({ instanceType: true })
      .optional(),
    resources: instanceResources.optional(),
    reservedPorts: list(port()).describe('TCP host ports taken on the instance (registered in PORTS).').default([]),
    reservedUdpPorts: list(port()).describe('UDP host ports taken on the instance (registered in PORTS_UDP).').default([]),
    attributes: attributes.default({}),
    zone: str({ maxLength: 64 })
      .describe("The instances' availability zone (e.g. us-east-1a): ECS's built-in attribute ecs.availability-zone, what services spread across.")
      .optional(),
  };
}

interface GroupInput {
  count?: number | undefined;
  trace?: z.output<typeof machineTrace> | undefined;
  type?: string | undefined;
  resources?: Record<string, number> | undefined;
  reservedPorts: number[];
  reservedUdpPorts: number[];
  attributes: Record<string, string>;
  zone?: string | undefined;
}

/** An unknown type that gives no CPU and MEMORY, or neither a type nor resources. */
export function checkInstanceGroup(group: GroupInput, ctx: z.RefinementCtx): void {
  const own = group.resources ?? {};
  if (group.trace !== undefined) {
    // the trace says how many machines there are, when, and how big
    if (group.count !== undefined) report(ctx, ['count'], 'invalid_value', 'a trace group registers the machines its trace adds, when it adds them; leave count out');
    if (group.type !== undefined) report(ctx, ['type'], 'invalid_value', "a trace group's CPU and MEMORY come from its trace; leave type out");
    for (const key of ['CPU', 'MEMORY']) if (own[key] !== undefined) report(ctx, ['resources', key], 'invalid_value', `a trace group's ${key} comes from its trace`);
    return;
  }
  const complete = own['CPU'] !== undefined && own['MEMORY'] !== undefined;
  if (group.type !== undefined && instanceTypeResources(group.type) === undefined && !complete) {
    report(
      ctx,
      ['type'],
      'unknown_instance_type',
      `unknown instance type ${JSON.stringify(group.type)}${didYouMean(group.type, instanceTypeNames())}; for a type not in the built-in table give resources.CPU and resources.MEMORY`,
    );
  }
  if (group.type === undefined && !complete) report(ctx, ['type'], 'missing_key', 'expected a type (e.g. m4.large) or resources with both CPU and MEMORY');
}

/** Overlays the group's resources on its type's: CPU and MEMORY always present. */
export function resolveInstanceGroup(group: GroupInput) {
  const own = group.resources ?? {};
  const type = group.type;
  const base = type === undefined ? undefined : instanceTypeResources(type);
  const resources: InstanceResources = { CPU: own['CPU'] ?? base?.CPU ?? 0, MEMORY: own['MEMORY'] ?? base?.MEMORY ?? 0 };
  for (const [key, amount] of Object.entries(base ?? {})) if (key !== 'CPU' && key !== 'MEMORY') resources[key] = own[key] ?? amount;
  for (const [key, amount] of Object.entries(own)) {
    // defineProperty: a key such as "__proto__" must become data, never the object's prototype.
    if (key !== 'CPU' && key !== 'MEMORY') Object.defineProperty(resources, key, { value: amount, enumerable: true, writable: true, configurable: true });
  }
  return {
    count: group.trace !== undefined ? 0 : (group.count ?? 1),
    ...(type === undefined ? {} : { type }),
    ...(group.trace === undefined ? {} : { trace: group.trace }),
    resources,
    reservedPorts: group.reservedPorts,
    reservedUdpPorts: group.reservedUdpPorts,
    attributes: group.attributes,
    ...(group.zone === undefined ? {} : { zone: group.zone }),
  };
}

export const instanceGroup = strictMap(
  {
    ...instanceGroupShape(false),
    pricePerHour: num({ min: 0 }).describe('USD per instance-hour; overrides the built-in on-demand price of the type.').optional(),
    autoscaling: autoscalingSchema(MAX_COUNT).optional(),
    trace: machineTrace.optional(),
  },
  'an instance group (a map with count and type or resources, or a machine trace)',
)
  .superRefine(checkInstanceGroup, whenClean)
  .superRefine((group, ctx) => {
    const as = group.autoscaling;
    const count = group.count ?? 1;
    if (as && group.trace !== undefined) report(ctx, ['autoscaling'], 'invalid_value', 'a trace group registers the machines its trace adds; it does not autoscale');
    else if (as && (count < as.min || count > as.max)) {
      report(ctx, ['count'], 'invalid_value', `expected a count within autoscaling's [min, max] = [${as.min}, ${as.max}], got ${count}`);
    }
  }, whenClean)
  .transform(({ pricePerHour, autoscaling, ...group }) => ({
    ...resolveInstanceGroup(group),
    ...(pricePerHour === undefined ? {} : { pricePerHour }),
    ...(autoscaling === undefined ? {} : { autoscaling }),
  }))
  .describe('A group of identical container instances.')
  .meta({ id: 'instanceGroup' });

export const cluster = strictMap(
  {
    name: name().describe('The cluster name, unique in the scenario.'),
    instances: list(instanceGroup).describe('Groups of identical container instances registered at the start.').default([]),
  },
  'a cluster (a map with name and instances)',
).meta({ id: 'cluster' });

