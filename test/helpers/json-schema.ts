// The published scenario JSON Schema, compiled by a real validator (ajv, draft-07), so tests hold it to
// the same documents the loader accepts and rejects.

import { Ajv } from 'ajv';

import { scenarioJsonSchema } from '../../src/scenario/schema.js';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(scenarioJsonSchema);

/** The schema's complaints about `value` (empty when it validates), as `path: message` strings. */
export function jsonSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`);
}
