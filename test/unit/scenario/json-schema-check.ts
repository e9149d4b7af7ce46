// A minimal JSON Schema draft-07 checker for the keywords scenarioJsonSchema uses, so tests can hold the
// published schema to the same documents the loader accepts and rejects without adding a dependency.
// It throws on any keyword it does not know, so the schema cannot quietly outgrow it.

import type { JsonSchema } from '../../../src/scenario/codec.js';

const KNOWN = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'default', 'examples', 'definitions',
  'type', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum',
  'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'maxItems',
  'oneOf', 'anyOf', 'allOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Returns the violations of `value` against `schema` (empty when valid), as `path: keyword` strings. */
export function checkJsonSchema(root: JsonSchema, value: unknown): string[] {
  const errors: string[] = [];
  const visit = (schema: JsonSchema, data: unknown, path: string): void => {
    for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`checker does not know keyword ${key} at ${path}`);
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/definitions/', '');
      const target = root.definitions?.[name];
      if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
      visit(target, data, path);
      return; // draft-07: siblings of $ref are ignored
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((type) => matchesType(data, type))) {
        errors.push(`${path}: type`);
        return;
      }
    }
    if (schema.enum !== undefined && !schema.enum.includes(data as string)) errors.push(`${path}: enum`);
    if (schema.const !== undefined && data !== schema.const) errors.push(`${path}: const`);
    if (typeof data === 'string') {
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(data)) errors.push(`${path}: pattern`);
      if (schema.minLength !== undefined && [...data].length < schema.minLength) errors.push(`${path}: minLength`);
      if (schema.maxLength !== undefined && [...data].length > schema.maxLength) errors.push(`${path}: maxLength`);
    }
    if (typeof data === 'number') {
      if (schema.minimum !== undefined && data < schema.minimum) errors.push(`${path}: minimum`);
      if (schema.maximum !== undefined && data > schema.maximum) errors.push(`${path}: maximum`);
      if (schema.exclusiveMinimum !== undefined && data <= schema.exclusiveMinimum) errors.push(`${path}: exclusiveMinimum`);
    }
    if (Array.isArray(data)) {
      if (schema.minItems !== undefined && data.length < schema.minItems) errors.push(`${path}: minItems`);
      if (schema.maxItems !== undefined && data.length > schema.maxItems) errors.push(`${path}: maxItems`);
      if (schema.items !== undefined) data.forEach((item, index) => visit(schema.items!, item, `${path}[${index}]`));
    }
    if (typeOf(data) === 'object') {
      const object = data as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!Object.hasOwn(object, key)) errors.push(`${path}.${key}: required`);
      for (const [key, inner] of Object.entries(object)) {
        if (schema.propertyNames !== undefined) visit(schema.propertyNames, key, `${path}.${key}(name)`);
        const property = schema.properties?.[key];
        if (property !== undefined) visit(property, inner, `${path}.${key}`);
        else if (schema.additionalProperties === false) errors.push(`${path}.${key}: additionalProperties`);
        else if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, inner, `${path}.${key}`);
      }
    }
    const passes = (alternative: JsonSchema): boolean => checkJsonSchemaFrom(root, alternative, data).length === 0;
    if (schema.anyOf !== undefined && !schema.anyOf.some(passes)) errors.push(`${path}: anyOf`);
    if (schema.oneOf !== undefined && schema.oneOf.filter(passes).length !== 1) errors.push(`${path}: oneOf`);
    for (const part of schema.allOf ?? []) visit(part, data, path);
  };
  visit(root, value, '$');
  return errors;
}

function checkJsonSchemaFrom(root: JsonSchema, schema: JsonSchema, value: unknown): string[] {
  return checkJsonSchema({ ...schema, definitions: root.definitions ?? {} }, value);
}
