// The published JSON Schema (draft-07) of scenario files, generated from the zod schema, for editors
// (`# yaml-language-server: $schema=…`) and `ecsim schema`. It describes what a file may say (the
// input side: defaults are optional and carry their `default`), not the normalized Scenario.
//
// Two forms are rewritten after zod's generator: a keyedUnion (a strict map with one optional key per
// variant) becomes a `oneOf` with one strict object per variant, which is what "exactly one of these
// keys" means in JSON Schema; and a union of literal strings beside such a `oneOf` (lifetime's
// `forever`) is folded into the same `oneOf`, so editors offer every form at one level. An instance
// group's `type` gets the built-in type names as an enum (editors complete them), beside any other
// name, which the group's `if`/`then` allows only when its resources give both CPU and MEMORY: the
// loader's rule, so the schema accepts exactly the types the loader does.

import { z } from 'zod';

import { instanceTypeNames } from '../model/instance-types.js';
import { scenarioSchema } from './format/scenario.js';

/** A JSON Schema (draft-07) document or part: zod's type, with draft-07's `definitions`. */
export type JsonSchema = Omit<z.core.JSONSchema.BaseSchema, 'properties' | 'oneOf'> & {
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
};
type Json = { [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ properties: { at, every?, poisson? … }, keyedUnion: [...] }` → `{ oneOf: [{ at, every }, { at, poisson }, …] }`. */
function splitKeyedUnion(schema: Json): void {
  const variants = schema['keyedUnion'] as string[];
  const shared = schema['sharedKeys'] as string[];
  const properties = (schema['properties'] ?? {}) as Json;
  const description = schema['description'];
  for (const key of Object.keys(schema)) delete schema[key];
  if (description !== undefined) schema['description'] = description;
  schema['oneOf'] = variants.map((variant) => ({
    type: 'object',
    properties: Object.fromEntries([...shared, variant].map((key) => [key, properties[key]])),
    required: [...shared, variant],
    additionalProperties: false,
  }));
}

/**
 * `{ properties: { type: { instanceType: true, … }, resources } }` → `type` as the built-in names
 * (an enum editors complete) or any other name, and an `if`/`then` on the group holding other names
 * to groups whose resources give CPU and MEMORY.
 */
function enumerateInstanceTypes(group: Json): void {
  const properties = group['properties'];
  if (!isJson(properties)) return;
  const type = properties['type'];
  if (!isJson(type) || type['instanceType'] !== true) return;
  const { instanceType: _marker, description, ...rest } = type;
  const builtIn = instanceTypeNames();
  properties['type'] = {
    description,
    anyOf: [
      { type: 'string', enum: builtIn, description: 'A built-in instance type (ecsim types lists them).' },
      { ...rest, description: 'Another type: give resources.CPU and resources.MEMORY.' },
    ],
  };
  group['if'] = { not: { type: 'object', required: ['resources'], properties: { resources: { type: 'object', properties: { CPU: true, MEMORY: true }, required: ['CPU', 'MEMORY'] } } } };
  group['then'] = { type: 'object', properties: { type: { type: 'string', enum: builtIn } } };
}

function rewrite(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(rewrite);
    return;
  }
  if (!isJson(value)) return;
  for (const inner of Object.values(value)) rewrite(inner);
  enumerateInstanceTypes(value);
  if (Array.isArray(value['keyedUnion'])) splitKeyedUnion(value);
  const anyOf = value['anyOf'];
  if (Array.isArray(anyOf) && anyOf.some((option) => isJson(option) && Array.isArray(option['oneOf']))) {
    delete value['anyOf'];
    value['oneOf'] = anyOf.flatMap((option: Json) => (Array.isArray(option['oneOf']) ? option['oneOf'] : [option]));
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Builds the scenario format's JSON Schema (draft-07) from the zod schema loadScenario parses with. */
export function buildScenarioJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(scenarioSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  rewrite(generated);
  const { $schema, ...rest } = generated as JsonSchema;
  return {
    ...($schema === undefined ? {} : { $schema }),
    title: 'ecsim scenario',
    description: 'A capacity-planning scenario for ecsim: a fleet, task definitions, workloads and events. Durations read 500ms, 30s, 5m, 2h, 1d, 1h30m.',
    ...rest,
  };
}

/** The scenario format as JSON Schema draft-07 (frozen), for editors and `ecsim schema`. */
export const scenarioJsonSchema: JsonSchema = deepFreeze(buildScenarioJsonSchema());
