// The scenario file format, version 1, written once with the codec kit: decoding it validates a file
// into a normalized Scenario, and emitting it gives the published JSON Schema (draft-07). The keys of
// issue 4's example are the contract; the extra forms (memoryReservation, reservedUdpPorts, placement
// keys, more event kinds) are additions that keep it working.

import type { Codec, JsonSchema, ObjectSite, SchemaDefinitions } from './codec.js';
import {
  INVALID,
  array,
  boolean,
  constant,
  defaulted,
  duration,
  integer,
  keyedUnion,
  named,
  number,
  object,
  oneOf,
  oneOrMany,
  optional,
  record,
  required,
  string,
  tagged,
  transform,
} from './codec.js';
import { describeNode } from './context.js';
import type { DecodeContext } from './context.js';
import { instanceTypeNames, instanceTypeResources } from '../model/instance-types.js';
import type { InstanceResources } from '../model/instance-types.js';
import { EMPTY_SYMBOLS, NAME_HINT, NAME_PATTERN, clusterRef, taskDefinitionRef, workloadRef } from './references.js';
import type { SymbolTable } from './references.js';
import { didYouMean } from './suggest.js';
import type {
  AgentSettings,
  Arrival,
  Cluster,
  ContainerDefinition,
  InstanceGroup,
  Lifetime,
  PlacementConstraint,
  PlacementStrategy,
  PortMapping,
  RetryPolicy,
  Scenario,
  ScenarioEvent,
  TaskDefinition,
  Workload,
} from './types.js';

/** The most tasks one RunTask or StartTask call launches (the ECS API's limit). */
export const MAX_TASKS_PER_CALL = 10;
/** A sanity bound on instance, event and burst counts, far above any fleet a scenario models. */
export const MAX_COUNT = 1_000_000;

/** User-defined resource names (and the built-in CPU, MEMORY). */
const RESOURCE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_.-]{0,254}$';
/** ECS attribute names: letters, digits, hyphens, underscores, periods, slashes. */
const ATTRIBUTE_NAME_PATTERN = '^[A-Za-z0-9_.\\-/\\\\]{1,128}$';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// ---------------------------------------------------------------------------------------------------
// Fleet

const port = (description: string, min = 0): Codec<number> => integer({ min, max: 65535, description });

const instanceResources = record(integer({ min: 0 }), {
  keyPattern: RESOURCE_NAME_PATTERN,
  keyHint: 'a resource name (a letter, then letters, digits, ".", "-" or "_")',
  checkKey(key) {
    if (key === 'PORTS' || key === 'PORTS_UDP') {
      return { code: 'invalid_value', message: `${key} is not an INTEGER resource: list ports in ${key === 'PORTS' ? 'reservedPorts' : 'reservedUdpPorts'}` };
    }
    const upper = key.toUpperCase();
    if ((upper === 'CPU' || upper === 'MEMORY') && key !== upper) {
      return { code: 'invalid_value', message: `resource names are case-sensitive: write ${upper}, not ${key}` };
    }
    return undefined;
  },
  expected: 'a map of resource names to non-negative integers, like { CPU: 2048, MEMORY: 7680, GPU: 1 }',
  description: 'Registered resources: CPU (units, 1024 per vCPU), MEMORY (MiB) and user-defined INTEGER resources. Overrides the instance type.',
});

/** Attribute values are strings in ECS; a YAML number or boolean is taken as written. */
const attributeValue: Codec<string> = {
  expected: 'a string',
  decode(raw, loc, ctx) {
    const node = ctx.resolve(raw, loc);
    if (node === undefined) return INVALID;
    const value: unknown = node !== null && 'value' in node ? node.value : undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value);
      if (text.length <= 128) return text;
      ctx.report(loc, 'too_big', `expected an attribute value of at most 128 characters, got ${text.length}`);
      return INVALID;
    }
    ctx.report(loc, 'invalid_type', `expected an attribute value (a string), got ${describeNode(node)}`);
    return INVALID;
  },
  schema: () => ({ type: ['string', 'number', 'boolean'], maxLength: 128 }),
};

const attributes = record(attributeValue, {
  keyPattern: ATTRIBUTE_NAME_PATTERN,
  keyHint: 'an attribute name of 1 to 128 letters, digits, ".", "-", "_" or "/"',
  expected: 'a map of attribute names to values, like { zone: us-east-1a }',
  description: 'Custom attributes of the instance, for memberOf placement constraints.',
});

interface InstanceGroupInput {
  count: number;
  type?: string;
  resources?: Record<string, number>;
  reservedPorts: number[];
  reservedUdpPorts: number[];
  attributes: Record<string, string>;
}

const instanceGroupFields = (minCount: number) => ({
  count: (minCount === 0 ? defaulted(integer({ min: 0, max: MAX_COUNT }), () => 1, 'How many identical instances (default 1).') : required(integer({ min: minCount, max: MAX_COUNT }), 'How many instances to add.')),
  type: optional(string({ maxLength: 64 }), 'EC2 instance type; fills CPU and MEMORY from the built-in table (e.g. m4.large).'),
  resources: optional(instanceResources),
  reservedPorts: defaulted(array(port('A TCP port.')), () => [], 'TCP host ports taken on the instance (registered in PORTS).'),
  reservedUdpPorts: defaulted(array(port('A UDP port.')), () => [], 'UDP host ports taken on the instance (registered in PORTS_UDP).'),
  attributes: defaulted(attributes, () => ({})),
});

/** Overlays the group's resources on its type's; reports an unknown type that gives no CPU and MEMORY. */
function resolveInstanceGroup(input: InstanceGroupInput, site: ObjectSite, ctx: DecodeContext): InstanceGroup | typeof INVALID {
  const own = input.resources ?? {};
  const base = input.type === undefined ? undefined : instanceTypeResources(input.type);
  const complete = own['CPU'] !== undefined && own['MEMORY'] !== undefined;
  if (input.type !== undefined && base === undefined && !complete) {
    ctx.report(
      site.field('type'),
      'unknown_instance_type',
      `unknown instance type ${JSON.stringify(input.type)}${didYouMean(input.type, instanceTypeNames())}; for a type not in the built-in table give resources.CPU and resources.MEMORY`,
    );
    return INVALID;
  }
  if (input.type === undefined && !complete) {
    ctx.report(site.field('type'), 'missing_key', 'expected a type (e.g. m4.large) or resources with both CPU and MEMORY');
    return INVALID;
  }
  const resources: InstanceResources = { CPU: own['CPU'] ?? base?.CPU ?? 0, MEMORY: own['MEMORY'] ?? base?.MEMORY ?? 0 };
  for (const [name, amount] of Object.entries(base ?? {})) if (name !== 'CPU' && name !== 'MEMORY') resources[name] = own[name] ?? amount;
  for (const [name, amount] of Object.entries(own)) {
    if (name !== 'CPU' && name !== 'MEMORY') Object.defineProperty(resources, name, { value: amount, enumerable: true, writable: true, configurable: true });
  }
  return {
    count: input.count,
    ...(input.type === undefined ? {} : { type: input.type }),
    resources,
    reservedPorts: input.reservedPorts,
    reservedUdpPorts: input.reservedUdpPorts,
    attributes: input.attributes,
  };
}

const instanceGroup = named(
  'instanceGroup',
  object<InstanceGroupInput, InstanceGroup>(instanceGroupFields(0), {
    expected: 'an instance group (a map with count and type or resources)',
    description: 'A group of identical container instances.',
    refine: resolveInstanceGroup,
  }),
);

const clusterName = string({ pattern: NAME_PATTERN, patternHint: NAME_HINT, description: 'The cluster name, unique in the scenario.' });

const cluster = named(
  'cluster',
  object<Cluster>(
    {
      name: required(clusterName),
      instances: defaulted(array(instanceGroup), () => [], 'Groups of identical container instances registered at the start.'),
    },
    { expected: 'a cluster (a map with name and instances)' },
  ),
);

// ---------------------------------------------------------------------------------------------------
// Task definitions

const portMapping = named(
  'portMapping',
  object<PortMapping>({
    containerPort: required(port('The port the container listens on.', 1)),
    hostPort: defaulted(port('The host port; 0 or absent for a dynamic port.'), () => 0),
    protocol: defaulted(oneOf(['tcp', 'udp'] as const), () => 'tcp' as const),
  }),
);

const resourceAmount: Codec<number> = {
  expected: 'a non-negative integer',
  decode(raw, loc, ctx) {
    const node = ctx.resolve(raw, loc);
    if (node === undefined) return INVALID;
    const value: unknown = node !== null && 'value' in node ? node.value : undefined;
    // ECS spells resourceRequirements values as strings ("1"); a plain number is accepted too.
    if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return Number(value);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    ctx.report(loc, typeof value === 'number' ? 'too_small' : 'invalid_type', `expected a non-negative integer, got ${describeNode(node)}`);
    return INVALID;
  },
  schema: () => ({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,15}$' }] }),
};

const containerResourceKey = (key: string): { code: 'invalid_value'; message: string } | undefined => {
  const upper = key.toUpperCase();
  if (upper === 'CPU' || upper === 'MEMORY') return { code: 'invalid_value', message: `set ${upper} with the container's ${upper.toLowerCase()} key, not as a resource` };
  if (upper === 'PORTS' || upper === 'PORTS_UDP') return { code: 'invalid_value', message: 'ports are demanded through portMappings, not as a resource' };
  return undefined;
};

interface ContainerInput {
  name: string;
  image: string;
  cpu: number;
  memory?: number;
  memoryReservation?: number;
  essential: boolean;
  portMappings: PortMapping[];
  resourceRequirements?: { type: string; value: number }[];
  resources?: Record<string, number>;
}

function resolveContainer(input: ContainerInput, site: ObjectSite, ctx: DecodeContext): ContainerDefinition | typeof INVALID {
  let ok = true;
  if (input.memory === undefined && input.memoryReservation === undefined) {
    ctx.report(site.field('memory'), 'missing_key', 'expected memory or memoryReservation (MiB): a container must reserve memory');
    ok = false;
  }
  if (input.memory !== undefined && input.memoryReservation !== undefined && input.memoryReservation > input.memory) {
    ctx.report(site.field('memoryReservation'), 'invalid_value', `expected memoryReservation of at most memory (${input.memory}), got ${input.memoryReservation}`);
    ok = false;
  }
  const resources: Record<string, number> = {};
  for (const [index, requirement] of (input.resourceRequirements ?? []).entries()) {
    if (Object.hasOwn(resources, requirement.type)) {
      ctx.report({ path: [...site.loc.path, 'resourceRequirements', index, 'type'], offset: site.field('resourceRequirements').offset }, 'duplicate', `resource ${requirement.type} is demanded twice`);
      ok = false;
    }
    Object.defineProperty(resources, requirement.type, { value: requirement.value, enumerable: true, writable: true, configurable: true });
  }
  for (const [name, amount] of Object.entries(input.resources ?? {})) {
    if (Object.hasOwn(resources, name)) {
      ctx.report({ path: [...site.loc.path, 'resources', name], offset: site.field('resources').offset }, 'duplicate', `resource ${name} is demanded in both resources and resourceRequirements`);
      ok = false;
    }
    Object.defineProperty(resources, name, { value: amount, enumerable: true, writable: true, configurable: true });
  }
  if (!ok) return INVALID;
  return {
    name: input.name,
    image: input.image,
    cpu: input.cpu,
    ...(input.memory === undefined ? {} : { memory: input.memory }),
    ...(input.memoryReservation === undefined ? {} : { memoryReservation: input.memoryReservation }),
    essential: input.essential,
    portMappings: input.portMappings,
    resources,
  };
}

const resourceName = string({ pattern: RESOURCE_NAME_PATTERN, patternHint: 'a resource name (a letter, then letters, digits, ".", "-" or "_")' });

const containerDefinition = named(
  'containerDefinition',
  object<ContainerInput, ContainerDefinition>(
    {
      name: required(string({ pattern: NAME_PATTERN, patternHint: NAME_HINT }), 'The container name, unique in its task definition.'),
      image: required(string({ maxLength: 255 }), 'The Docker image.'),
      cpu: defaulted(integer({ min: 0 }), () => 0, 'CPU units reserved (1024 = one vCPU); default 0.'),
      memory: optional(integer({ min: 4 }), 'Hard memory limit, MiB. Give memory, memoryReservation or both.'),
      memoryReservation: optional(integer({ min: 4 }), 'Soft memory limit, MiB: what placement reserves when given.'),
      essential: defaulted(boolean(), () => true, 'Default true; a task needs at least one essential container.'),
      portMappings: defaulted(array(portMapping), () => []),
      resourceRequirements: optional(
        array(object<{ type: string; value: number }>({ type: required(resourceName), value: required(resourceAmount) })),
        'User-defined INTEGER demands as ECS spells them: [{ type: GPU, value: "1" }].',
      ),
      resources: optional(
        record(integer({ min: 0 }), { keyPattern: RESOURCE_NAME_PATTERN, checkKey: containerResourceKey, expected: 'a map of resource names to non-negative integers, like { GPU: 1 }' }),
        'User-defined INTEGER demands as a map: { GPU: 1 }.',
      ),
    },
    { expected: 'a container definition (a map with name and image)', refine: resolveContainer },
  ),
);

const memberOf = object<{ type: 'memberOf'; expression: string }>({
  type: required(constant('memberOf')),
  expression: required(string({ maxLength: 2000 }), 'A cluster query language expression, e.g. attribute:ecs.instance-type =~ t2.*'),
});

const distinctInstance = object<{ type: 'distinctInstance' }>({ type: required(constant('distinctInstance')) });

const placementConstraint = named(
  'placementConstraint',
  tagged<PlacementConstraint>('type', { distinctInstance, memberOf }, { noun: 'a placement constraint' }),
);

const taskDefinitionConstraint = named(
  'taskDefinitionPlacementConstraint',
  tagged<PlacementConstraint>('type', { memberOf }, { noun: 'a task definition placement constraint' }),
);

type TaskDefinitionInput = Omit<TaskDefinition, 'revision'>;

const taskDefinition = named(
  'taskDefinition',
  object<TaskDefinitionInput>(
    {
      family: required(string({ pattern: NAME_PATTERN, patternHint: NAME_HINT }), 'The family; repeating a family registers its next revision.'),
      containerDefinitions: required(array(containerDefinition, { minItems: 1, maxItems: 10, uniqueBy: { field: 'name', noun: 'container' } })),
      placementConstraints: defaulted(array(taskDefinitionConstraint, { maxItems: 10 }), () => []),
    },
    {
      expected: 'a task definition (a map with family and containerDefinitions)',
      refine(value, site, ctx) {
        if (!value.containerDefinitions.some((container) => container.essential)) {
          ctx.report(site.field('containerDefinitions'), 'invalid_value', 'expected at least one essential container');
          return INVALID;
        }
        return value;
      },
    },
  ),
);

/** Revisions in registration order: each family's definitions get 1, 2, … as they appear in the file. */
const taskDefinitions = transform(array(taskDefinition), (list) => {
  const seen = new Map<string, number>();
  return list.map((definition): TaskDefinition => {
    const revision = (seen.get(definition.family) ?? 0) + 1;
    seen.set(definition.family, revision);
    return { family: definition.family, revision, containerDefinitions: definition.containerDefinitions, placementConstraints: definition.placementConstraints };
  });
});

// ---------------------------------------------------------------------------------------------------
// Workloads

const arrival = named(
  'arrival',
  keyedUnion<Arrival>({
    noun: 'an arrival',
    description: 'When launch requests arrive; each arrival is one RunTask/StartTask call for count tasks.',
    variants: {
      poisson: transform(
        object<{ ratePerMinute: number }>({ ratePerMinute: required(number({ above: 0, max: MAX_COUNT }), 'Mean arrivals per minute.') }),
        ({ ratePerMinute }): Arrival => ({ kind: 'poisson', ratePerMinute }),
      ),
      every: transform(duration({ positive: true, description: 'One arrival per interval.' }), (interval): Arrival => ({ kind: 'every', interval })),
      at: transform(oneOrMany(duration(), { minItems: 1, description: 'Arrivals at these times.' }), (times): Arrival => ({ kind: 'at', times })),
      burst: transform(
        object<{ at: number; count: number }>({
          at: required(duration(), 'When the burst arrives.'),
          count: required(integer({ min: 1, max: MAX_COUNT }), 'How many arrivals at that instant.'),
        }),
        ({ at, count }): Arrival => ({ kind: 'burst', at, count }),
      ),
    },
  }),
);

const lifetime = named(
  'lifetime',
  keyedUnion<Lifetime>({
    noun: 'a lifetime',
    description: 'How long a task runs once RUNNING before it stops by itself.',
    literals: { forever: { kind: 'forever' } },
    variants: {
      lognormal: transform(
        object<{ median: number; sigma: number }>({
          median: required(duration({ positive: true })),
          sigma: required(number({ min: 0, max: 100 }), 'Spread of the underlying normal distribution.'),
        }),
        ({ median, sigma }): Lifetime => ({ kind: 'lognormal', median, sigma }),
      ),
      fixed: transform(duration({ positive: true }), (value): Lifetime => ({ kind: 'fixed', duration: value })),
      exponential: transform(object<{ mean: number }>({ mean: required(duration({ positive: true })) }), ({ mean }): Lifetime => ({ kind: 'exponential', mean })),
    },
  }),
);

const retry = named(
  'retry',
  object<RetryPolicy>(
    {
      attempts: required(integer({ min: 0, max: 100 }), 'Further submissions of tasks that failed to place.'),
      backoff: defaulted(duration(), () => 0, 'Wait before each retry; default 0.'),
    },
    { description: 'Re-submit what failed to place; default no retry.' },
  ),
);

const placementStrategy = named(
  'placementStrategy',
  tagged<PlacementStrategy>(
    'type',
    {
      random: object<{ type: 'random' }>({ type: required(constant('random')) }),
      spread: object<{ type: 'spread'; field: string }>({
        type: required(constant('spread')),
        field: required(string({ maxLength: 255 }), 'instanceId, host, or attribute:<name>.'),
      }),
      binpack: object<{ type: 'binpack'; field: 'cpu' | 'memory' }>({ type: required(constant('binpack')), field: required(oneOf(['cpu', 'memory'] as const)) }),
    },
    { noun: 'a placement strategy' },
  ),
);

const strategyModule = string({ maxLength: 1024, description: 'A placement strategy: a built-in name or the path of a custom strategy module.' });

function workloadCodec(symbols: SymbolTable): Codec<Workload> {
  return named(
    'workload',
    object<Workload>(
      {
        name: required(string({ pattern: NAME_PATTERN, patternHint: NAME_HINT }), 'The workload name, unique in the scenario.'),
        cluster: required(clusterRef(symbols)),
        taskDefinition: required(taskDefinitionRef(symbols)),
        arrival: required(arrival),
        lifetime: required(lifetime),
        count: defaulted(integer({ min: 1, max: MAX_TASKS_PER_CALL, expected: `an integer from 1 to ${MAX_TASKS_PER_CALL} (tasks per RunTask call)` }), () => 1, 'Tasks per RunTask call, 1 to 10; default 1.'),
        retry: defaulted(retry, () => ({ attempts: 0, backoff: 0 })),
        launch: defaulted(oneOf(['runTask', 'startTask'] as const), () => 'runTask' as const, 'runTask (the scheduler places) or startTask (a custom scheduler names the instance).'),
        start: optional(duration(), 'Arrivals begin at this time (poisson and every).'),
        stop: optional(duration(), 'No arrivals at or after this time (poisson and every).'),
        placementStrategy: defaulted(array(placementStrategy, { maxItems: 5 }), () => []),
        placementConstraints: defaulted(array(placementConstraint, { maxItems: 10 }), () => []),
        group: optional(string({ maxLength: 255 }), 'The task group; default family:<family>.'),
        strategy: optional(strategyModule),
      },
      {
        expected: 'a workload (a map with name, cluster, taskDefinition, arrival and lifetime)',
        refine(value, site, ctx) {
          let ok = true;
          const windowed = value.arrival.kind === 'poisson' || value.arrival.kind === 'every';
          for (const key of ['start', 'stop'] as const) {
            if (value[key] !== undefined && !windowed) {
              ctx.report(site.field(key), 'invalid_value', `${key} applies to poisson and every arrivals; ${value.arrival.kind} times are absolute`);
              ok = false;
            }
          }
          if (ok && value.start !== undefined && value.stop !== undefined && value.stop <= value.start) {
            ctx.report(site.field('stop'), 'invalid_value', `expected stop after start (${value.start}ms), got ${value.stop}ms`);
            ok = false;
          }
          return ok ? value : INVALID;
        },
      },
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Events

type EventAction = DistributiveOmit<ScenarioEvent, 'at'>;

function eventCodec(symbols: SymbolTable): Codec<ScenarioEvent> {
  const clusterField = required(clusterRef(symbols));
  const countField = required(integer({ min: 1, max: MAX_COUNT }), 'How many instances or tasks.');
  return named(
    'event',
    keyedUnion<EventAction, { at: number }>({
      noun: 'an event',
      description: 'Something that happens to the fleet at a point in simulated time.',
      shared: { at: required(duration(), 'When the event happens.') },
      variants: {
        disconnectAgents: transform(
          object<{ cluster: string; count: number }>({ cluster: clusterField, count: countField }),
          (v): EventAction => ({ kind: 'disconnectAgents', ...v }),
        ),
        reconnectAgents: transform(
          object<{ cluster: string; count?: number }>({ cluster: clusterField, count: optional(integer({ min: 1, max: MAX_COUNT }), 'How many; default every disconnected agent.') }),
          (v): EventAction => ({ kind: 'reconnectAgents', ...v }),
        ),
        deregisterInstances: transform(
          object<{ cluster: string; count: number; force: boolean }>({
            cluster: clusterField,
            count: countField,
            force: defaulted(boolean(), () => false, 'Deregister even instances running tasks (default false).'),
          }),
          (v): EventAction => ({ kind: 'deregisterInstances', ...v }),
        ),
        addInstances: object<{ cluster: string } & InstanceGroupInput, EventAction>(
          { cluster: clusterField, ...instanceGroupFields(1) },
          {
            refine(value, site, ctx) {
              const group = resolveInstanceGroup(value, site, ctx);
              return group === INVALID ? INVALID : { kind: 'addInstances', cluster: value.cluster, ...group };
            },
          },
        ),
        stopTasks: transform(
          object<{ cluster: string; count: number; workload?: string }>({
            cluster: clusterField,
            count: countField,
            workload: optional(workloadRef(symbols), 'Only tasks of this workload; default any.'),
          }),
          (v): EventAction => ({ kind: 'stopTasks', ...v }),
        ),
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// The document

export interface ScenarioCodecOptions {
  /** Names the file defines, for checking references (collectSymbols). */
  symbols: SymbolTable;
  /** The scenario's name when the file gives none. */
  defaultName: string;
}

type ScenarioInput = Omit<Scenario, 'name' | 'services'> & { name?: string };

/** The codec for a whole scenario file, checking references against `symbols`. */
export function scenarioCodec(options: ScenarioCodecOptions): Codec<Scenario> {
  return object<ScenarioInput, Scenario>(
    {
      version: required(
        constant(1, (got) => `unsupported version ${got}: this ecsim reads version 1`),
        'The format version: 1.',
      ),
      name: optional(string({ maxLength: 255 }), 'The scenario name; default the file name.'),
      seed: defaulted(integer({ min: 0 }), () => 0, 'Seed of every random stream; the CLI --seed overrides it. Default 0.'),
      duration: required(duration({ positive: true }), 'Simulated horizon: 500ms, 30s, 5m, 2h, 1d, 1h30m.'),
      agent: defaulted(
        object<AgentSettings>({
          startDelay: optional(duration(), 'From placing a task to the agent reporting it RUNNING (default 1s).'),
          stopDelay: optional(duration(), 'From a stop request to the task reaching STOPPED (default 1s).'),
        }),
        () => ({}),
        'Timings of the simulated container agent.',
      ),
      strategy: optional(strategyModule),
      clusters: required(array(cluster, { minItems: 1, uniqueBy: { field: 'name', noun: 'cluster' } })),
      taskDefinitions: defaulted(taskDefinitions, () => []),
      workloads: defaulted(array(workloadCodec(options.symbols), { uniqueBy: { field: 'name', noun: 'workload' } }), () => []),
      events: defaulted(array(eventCodec(options.symbols)), () => []),
    },
    {
      expected: 'a scenario (a map with version, duration and clusters)',
      refine: ({ version, name, ...rest }) => ({ version, name: name ?? options.defaultName, ...rest }),
    },
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Builds the published JSON Schema (draft-07) from the same codec loadScenario validates with. */
export function buildScenarioJsonSchema(): JsonSchema {
  const definitions: SchemaDefinitions = new Map();
  const root = scenarioCodec({ symbols: EMPTY_SYMBOLS, defaultName: 'scenario' }).schema(definitions);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ecsim scenario',
    ...root,
    description: 'A capacity-planning scenario for ecsim: a fleet, task definitions, workloads and events. Durations read 500ms, 30s, 5m, 2h, 1d, 1h30m.',
    definitions: Object.fromEntries(definitions),
  };
}

/** The scenario format as JSON Schema draft-07 (frozen), for editors and `ecsim schema`. */
export const scenarioJsonSchema: JsonSchema = deepFreeze(buildScenarioJsonSchema());
