// A small combinator kit in the spirit of zod: each codec both decodes a YAML node into a typed value,
// collecting every issue with its path, and describes itself as JSON Schema (draft-07). Building the
// scenario format once from these pieces is what keeps the validator and the published schema in step:
// a key, enum or required field cannot exist in one and not the other.

import { isMap, isScalar, isSeq } from 'yaml';

import { DecodeContext, describeNode, offsetOf } from './context.js';
import type { Entry, Loc, Resolved } from './context.js';
import { DURATION_PATTERN, tryParseDuration } from './duration.js';
import { formatPath } from './errors.js';
import { closest, didYouMean } from './suggest.js';

/** Returned by a decode that failed; its issues are already in the context. */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

export type JsonSchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** The subset of JSON Schema draft-07 the codecs emit. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonSchemaType | JsonSchemaType[];
  enum?: readonly (string | number | boolean)[];
  const?: string | number | boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  examples?: unknown[];
  definitions?: Record<string, JsonSchema>;
}

/** Shared definitions collected while emitting a schema (`#/definitions/<name>`). */
export type SchemaDefinitions = Map<string, JsonSchema>;

export interface Codec<T> {
  /** What a valid value looks like, for messages: `an integer from 1 to 10`. */
  readonly expected: string;
  /** Decodes a raw node at `loc`; on failure reports into `ctx` and returns INVALID. Never throws. */
  decode(raw: unknown, loc: Loc, ctx: DecodeContext): T | Invalid;
  /** The JSON Schema for this value; named parts go into `definitions`. */
  schema(definitions: SchemaDefinitions): JsonSchema;
}

const child = (loc: Loc, segment: string | number, offset: number): Loc => ({ path: [...loc.path, segment], offset });

/** Decodes a scalar after following aliases; reports a type error for non-scalars. */
function scalarValue(raw: unknown, loc: Loc, ctx: DecodeContext, expected: string): { value: unknown; node: Resolved } | Invalid {
  const node = ctx.resolve(raw, loc);
  if (node === undefined) return INVALID;
  if (node === null) return { value: null, node };
  if (!isScalar(node)) {
    ctx.report(loc, 'invalid_type', `expected ${expected}, got ${describeNode(node)}`);
    return INVALID;
  }
  return { value: node.value, node };
}

function typeError(loc: Loc, ctx: DecodeContext, expected: string, node: Resolved, hint = ''): Invalid {
  ctx.report(loc, 'invalid_type', `expected ${expected}, got ${describeNode(node)}${hint}`);
  return INVALID;
}

// ---------------------------------------------------------------------------------------------------
// Scalars

export interface StringOptions {
  description?: string;
  /** ECMA-262 source; also emitted as the schema's `pattern`. */
  pattern?: string;
  /** Says what the pattern allows, for the message when it does not match. */
  patternHint?: string;
  minLength?: number;
  maxLength?: number;
  expected?: string;
}

/** A string (not a number or boolean that YAML typed as such: those get a "quote it" hint). */
export function string(options: StringOptions = {}): Codec<string> {
  const minLength = options.minLength ?? 1;
  const regex = options.pattern === undefined ? undefined : new RegExp(options.pattern);
  const expected = options.expected ?? (minLength > 0 ? 'a non-empty string' : 'a string');
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      const { value, node } = got;
      if (typeof value !== 'string') {
        const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it to make it a string: "${String(value)}")` : '';
        return typeError(loc, ctx, expected, node, hint);
      }
      if (value.length < minLength) {
        ctx.report(loc, 'too_small', `expected ${expected}, got an empty string`);
        return INVALID;
      }
      if (options.maxLength !== undefined && value.length > options.maxLength) {
        ctx.report(loc, 'too_big', `expected at most ${options.maxLength} characters, got ${value.length}`);
        return INVALID;
      }
      if (regex !== undefined && !regex.test(value)) {
        ctx.report(loc, 'invalid_value', `expected ${options.patternHint ?? expected}, got ${describeNode(node)}`);
        return INVALID;
      }
      return value;
    },
    schema() {
      const schema: JsonSchema = { type: 'string' };
      if (options.description !== undefined) schema.description = options.description;
      if (minLength > 0) schema.minLength = minLength;
      if (options.maxLength !== undefined) schema.maxLength = options.maxLength;
      if (options.pattern !== undefined) schema.pattern = options.pattern;
      return schema;
    },
  };
}

export interface NumberOptions {
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  description?: string;
  expected?: string;
}

function rangeText(options: NumberOptions): string {
  const { min, max, above } = options;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (above !== undefined) return above === 0 ? ' above 0' : ` above ${above}`;
  if (min !== undefined) return min === 0 ? ' of 0 or more' : ` of ${min} or more`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function numberCodec(integer: boolean, options: NumberOptions): Codec<number> {
  const noun = integer ? 'an integer' : 'a number';
  const expected = options.expected ?? `${noun}${rangeText(options)}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      const { value, node } = got;
      if (typeof value !== 'number') {
        const hint = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? ' (write the number without quotes)' : '';
        return typeError(loc, ctx, expected, node, hint);
      }
      if (Number.isNaN(value)) return typeError(loc, ctx, expected, node);
      // Infinity, and integers past 2^53 that YAML rounded: out of range rather than of the wrong type.
      if (!Number.isFinite(value) || (integer && Number.isInteger(value) && !Number.isSafeInteger(value))) {
        ctx.report(loc, value > 0 ? 'too_big' : 'too_small', `expected ${expected}, got ${describeNode(node)}`);
        return INVALID;
      }
      if (integer && !Number.isInteger(value)) return typeError(loc, ctx, expected, node);
      if ((options.min !== undefined && value < options.min) || (options.above !== undefined && value <= options.above)) {
        ctx.report(loc, 'too_small', `expected ${expected}, got ${value}`);
        return INVALID;
      }
      if (options.max !== undefined && value > options.max) {
        ctx.report(loc, 'too_big', `expected ${expected}, got ${value}`);
        return INVALID;
      }
      return value;
    },
    schema() {
      const schema: JsonSchema = { type: integer ? 'integer' : 'number' };
      if (options.description !== undefined) schema.description = options.description;
      if (options.min !== undefined) schema.minimum = options.min;
      if (options.above !== undefined) schema.exclusiveMinimum = options.above;
      if (options.max !== undefined) schema.maximum = options.max;
      return schema;
    },
  };
}

/** An integer (a safe one), optionally bounded. */
export const integer = (options: NumberOptions = {}): Codec<number> => numberCodec(true, options);

/** A finite number, optionally bounded. */
export const number = (options: NumberOptions = {}): Codec<number> => numberCodec(false, options);

/** `true` or `false` (YAML 1.2: `yes` and `on` are strings, and get a hint). */
export function boolean(description?: string): Codec<boolean> {
  const expected = 'true or false';
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      if (typeof got.value === 'boolean') return got.value;
      return typeError(loc, ctx, expected, got.node);
    },
    schema: () => (description === undefined ? { type: 'boolean' } : { type: 'boolean', description }),
  };
}

/** Exactly one value (`version: 1`); `message` explains other values (given the value as written). */
export function constant<const T extends string | number>(value: T, message?: (got: string) => string): Codec<T> {
  const expected = JSON.stringify(value);
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      if (got.value === value) return value;
      const shown = describeNode(got.node);
      const written = typeof got.value === 'string' || typeof got.value === 'number' ? String(got.value) : shown;
      ctx.report(loc, typeof got.value === typeof value ? 'invalid_value' : 'invalid_type', message?.(written) ?? `expected ${expected}, got ${shown}`);
      return INVALID;
    },
    schema: () => ({ const: value }),
  };
}

/** One of a fixed set of strings, with a "did you mean" for near misses. */
export function oneOf<const T extends string>(values: readonly T[], description?: string): Codec<T> {
  const expected = `one of ${values.join(', ')}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      const { value, node } = got;
      if (typeof value !== 'string') return typeError(loc, ctx, expected, node);
      if ((values as readonly string[]).includes(value)) return value as T;
      ctx.report(loc, 'invalid_enum', `expected ${expected}, got ${describeNode(node)}${didYouMean(value, values)}`);
      return INVALID;
    },
    schema: () => (description === undefined ? { type: 'string', enum: values } : { type: 'string', enum: values, description }),
  };
}

export interface DurationOptions {
  /** Reject 0. */
  positive?: boolean;
  description?: string;
}

/** A duration (`500ms`, `30s`, `1h30m`, or a number of ms), decoded to whole milliseconds. */
export function duration(options: DurationOptions = {}): Codec<number> {
  const expected = `a ${options.positive === true ? 'positive ' : ''}duration like 500ms, 30s, 5m, 2h, 1d or 1h30m`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const got = scalarValue(raw, loc, ctx, expected);
      if (got === INVALID) return INVALID;
      const { value, node } = got;
      if (typeof value !== 'string' && typeof value !== 'number') return typeError(loc, ctx, expected, node);
      const parsed = tryParseDuration(value);
      if (!parsed.ok) {
        ctx.report(loc, 'invalid_duration', parsed.message);
        return INVALID;
      }
      if (options.positive === true && parsed.ms === 0) {
        ctx.report(loc, 'too_small', `expected a duration above 0, got ${describeNode(node)}`);
        return INVALID;
      }
      return parsed.ms;
    },
    schema() {
      const schema: JsonSchema = {
        anyOf: [
          { type: 'string', pattern: DURATION_PATTERN },
          options.positive === true ? { type: 'integer', minimum: 1 } : { type: 'integer', minimum: 0 },
        ],
      };
      schema.description = options.description ?? 'A duration: 500ms, 30s, 5m, 2h, 1d, 1h30m, or a number of milliseconds.';
      return schema;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Collections

export interface ArrayOptions {
  minItems?: number;
  maxItems?: number;
  description?: string;
  /** The noun for messages: `a list of clusters`. */
  expected?: string;
  /** Items whose `field` (a string) repeats are reported as duplicates, at the repeat. */
  uniqueBy?: { field: string; noun: string };
}

/** A list; every item is decoded (and every bad item reported) even after the first failure. */
export function array<T>(item: Codec<T>, options: ArrayOptions = {}): Codec<T[]> {
  const expected = options.expected ?? `a list of ${item.expected}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (!isSeq(node)) return typeError(loc, ctx, expected, node);
      const out: T[] = [];
      let failed = false;
      node.items.forEach((entry: unknown, index) => {
        const value = item.decode(entry, child(loc, index, offsetOf(entry, offsetOf(node, loc.offset))), ctx);
        if (value === INVALID) failed = true;
        else out.push(value);
      });
      if (options.uniqueBy !== undefined && reportDuplicates(node.items, loc, ctx, options.uniqueBy)) failed = true;
      const count = node.items.length;
      if (options.minItems !== undefined && count < options.minItems) {
        ctx.report(loc, 'too_small', `expected at least ${options.minItems} item${options.minItems === 1 ? '' : 's'}, got ${count}`);
        failed = true;
      }
      if (options.maxItems !== undefined && count > options.maxItems) {
        ctx.report(loc, 'too_big', `expected at most ${options.maxItems} items, got ${count}`);
        failed = true;
      }
      return failed ? INVALID : out;
    },
    schema(definitions) {
      const schema: JsonSchema = { type: 'array', items: item.schema(definitions) };
      if (options.description !== undefined) schema.description = options.description;
      if (options.minItems !== undefined) schema.minItems = options.minItems;
      if (options.maxItems !== undefined) schema.maxItems = options.maxItems;
      return schema;
    },
  };
}

function reportDuplicates(items: readonly unknown[], loc: Loc, ctx: DecodeContext, by: { field: string; noun: string }): boolean {
  let found = false;
  // Read from the YAML nodes rather than decoded items, so a duplicate is reported even when another
  // item of the list failed to decode.
  const first = new Map<string, number>();
  items.forEach((raw, index) => {
    const itemLoc = child(loc, index, offsetOf(raw, loc.offset));
    const node = ctx.resolve(raw, itemLoc, true);
    if (node === undefined || node === null || !isMap(node)) return;
    const entry = ctx.entries(node, itemLoc, true).find((candidate) => candidate.key === by.field);
    if (entry === undefined) return;
    const at = child(itemLoc, by.field, entry.valueOffset);
    const name = ctx.resolve(entry.value, at, true);
    if (name === undefined || name === null || !isScalar(name) || typeof name.value !== 'string') return;
    const earlier = first.get(name.value);
    if (earlier === undefined) first.set(name.value, index);
    else {
      ctx.report(at, 'duplicate', `${by.noun} ${JSON.stringify(name.value)} is already defined at ${formatPath([...loc.path, earlier])}`);
      found = true;
    }
  });
  return found;
}

/** One value or a list of them (`at: 5m` or `at: [0s, 5m]`), decoded to a list. */
export function oneOrMany<T>(item: Codec<T>, options: ArrayOptions = {}): Codec<T[]> {
  const list = array(item, options);
  const expected = `${item.expected}, or a list of them`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (isSeq(node)) return list.decode(raw, loc, ctx);
      const value = item.decode(raw, loc, ctx);
      return value === INVALID ? INVALID : [value];
    },
    schema(definitions) {
      const schema: JsonSchema = { anyOf: [item.schema(definitions), list.schema(definitions)] };
      if (options.description !== undefined) schema.description = options.description;
      return schema;
    },
  };
}

export interface RecordOptions {
  /** ECMA-262 source every key must match; also the schema's `propertyNames`. */
  keyPattern?: string;
  keyHint?: string;
  /** Extra per-key check: returns a message (and code) to reject the key, e.g. reserved names. */
  checkKey?: (key: string) => { code: 'invalid_value' | 'unknown_key'; message: string } | undefined;
  description?: string;
  expected?: string;
}

/** A map with free-form keys (resources, attributes); every entry is checked. */
export function record<T>(value: Codec<T>, options: RecordOptions = {}): Codec<Record<string, T>> {
  const keyRegex = options.keyPattern === undefined ? undefined : new RegExp(options.keyPattern);
  const expected = options.expected ?? `a map of names to ${value.expected}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (!isMap(node)) return typeError(loc, ctx, expected, node);
      const out: Record<string, T> = {};
      let failed = false;
      for (const entry of ctx.entries(node, loc)) {
        const keyLoc = child(loc, entry.key, entry.keyOffset);
        if (keyRegex !== undefined && !keyRegex.test(entry.key)) {
          ctx.report(keyLoc, 'invalid_value', `expected ${options.keyHint ?? `a key matching ${options.keyPattern}`}, got ${JSON.stringify(entry.key)}`);
          failed = true;
          continue;
        }
        const rejected = options.checkKey?.(entry.key);
        if (rejected !== undefined) {
          ctx.report(keyLoc, rejected.code, rejected.message);
          failed = true;
          continue;
        }
        const decoded = value.decode(entry.value, child(loc, entry.key, entry.valueOffset), ctx);
        if (decoded === INVALID) failed = true;
        // defineProperty: a key such as "__proto__" must become data, never the object's prototype.
        else Object.defineProperty(out, entry.key, { value: decoded, enumerable: true, writable: true, configurable: true });
      }
      return failed ? INVALID : out;
    },
    schema(definitions) {
      const schema: JsonSchema = { type: 'object', additionalProperties: value.schema(definitions) };
      if (options.keyPattern !== undefined) schema.propertyNames = { pattern: options.keyPattern };
      if (options.description !== undefined) schema.description = options.description;
      return schema;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Objects

export interface Field<T> {
  readonly codec: Codec<T>;
  readonly presence: 'required' | 'optional' | 'default';
  /** Makes the default (a fresh value each time: defaults such as `[]` must not be shared). */
  readonly makeDefault?: () => T;
  readonly description?: string;
}

const field = <T>(codec: Codec<T>, presence: Field<T>['presence'], description: string | undefined, makeDefault?: () => T): Field<T> => {
  const out: { -readonly [K in keyof Field<T>]: Field<T>[K] } = { codec, presence };
  if (description !== undefined) out.description = description;
  if (makeDefault !== undefined) out.makeDefault = makeDefault;
  return out;
};

/** A key that must be present. */
export const required = <T>(codec: Codec<T>, description?: string): Field<T> => field(codec, 'required', description);
/** A key that may be absent; absent stays absent in the output. */
export const optional = <T>(codec: Codec<T>, description?: string): Field<T> => field(codec, 'optional', description);
/** A key that may be absent; absent becomes `makeDefault()`. */
export const defaulted = <T>(codec: Codec<T>, makeDefault: () => T, description?: string): Field<T> =>
  field(codec, 'default', description, makeDefault);

/** The fields of an object type T: one Field per key, optional keys included. */
export type Fields<T> = { readonly [K in keyof T]-?: Field<Exclude<T[K], undefined>> };

/** Where an object's fields sit, for checks that span fields. */
export interface ObjectSite {
  readonly loc: Loc;
  /** The field's location: its value if present, else the map (with the field's path). */
  field(key: string): Loc;
  has(key: string): boolean;
}

export interface ObjectOptions<T, U> {
  description?: string;
  /** The noun for messages: `a cluster (a map with name and instances)`. */
  expected?: string;
  /** Checks across fields and/or turns the decoded object into its final form; runs only if every field decoded. */
  refine?: (value: T, site: ObjectSite, ctx: DecodeContext) => U | Invalid;
}

/** A map with known keys: unknown keys are errors with a suggestion, required keys must be present. */
export function object<T extends object, U = T>(fields: Fields<T>, options: ObjectOptions<T, U> = {}): Codec<U> {
  const names = Object.keys(fields);
  const table = fields as Readonly<Record<string, Field<unknown>>>;
  const requiredNames = names.filter((name) => table[name]!.presence === 'required');
  const expected = options.expected ?? `a map with ${requiredNames.length > 0 ? requiredNames.join(', ') : 'keys ' + names.join(', ')}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (!isMap(node)) return typeError(loc, ctx, expected, node);
      const entries = new Map<string, Entry>();
      for (const entry of ctx.entries(node, loc)) entries.set(entry.key, entry);
      const out: Record<string, unknown> = {};
      let failed = false;
      // A misspelled required key is reported once, as the unknown key with its suggestion.
      const suggested = new Set<string>();
      for (const entry of entries.values()) {
        if (!Object.hasOwn(table, entry.key)) {
          const suggestion = closest(entry.key, names);
          if (suggestion !== undefined) suggested.add(suggestion);
          const hint = suggestion === undefined ? `; expected one of ${names.join(', ')}` : ` (did you mean ${JSON.stringify(suggestion)}?)`;
          ctx.report(child(loc, entry.key, entry.keyOffset), 'unknown_key', `unknown key ${JSON.stringify(entry.key)}${hint}`);
          failed = true;
        }
      }
      for (const name of names) {
        const spec = table[name]!;
        const entry = entries.get(name);
        if (entry === undefined) {
          if (spec.presence === 'required' && suggested.has(name)) {
            failed = true;
          } else if (spec.presence === 'required') {
            ctx.report(child(loc, name, loc.offset), 'missing_key', `missing required key ${JSON.stringify(name)}${spec.description === undefined ? '' : ` (${lowerFirst(spec.description)})`}`);
            failed = true;
          } else if (spec.presence === 'default' && spec.makeDefault !== undefined) {
            out[name] = spec.makeDefault();
          }
          continue;
        }
        const value = spec.codec.decode(entry.value, child(loc, name, entry.valueOffset), ctx);
        if (value === INVALID) failed = true;
        else out[name] = value;
      }
      if (failed) return INVALID;
      if (options.refine === undefined) return out as unknown as U;
      const site: ObjectSite = {
        loc,
        has: (key) => entries.has(key),
        field: (key) => child(loc, key, entries.get(key)?.valueOffset ?? loc.offset),
      };
      return options.refine(out as T, site, ctx);
    },
    schema(definitions) {
      const properties: Record<string, JsonSchema> = {};
      for (const name of names) {
        const spec = table[name]!;
        properties[name] = withDescription(spec.codec.schema(definitions), spec.description);
      }
      const schema: JsonSchema = { type: 'object', properties };
      if (requiredNames.length > 0) schema.required = requiredNames;
      schema.additionalProperties = false;
      if (options.description !== undefined) schema.description = options.description;
      return schema;
    },
  };
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0]!.toLowerCase() + text.slice(1);
}

/** Adds a description; a `$ref` ignores sibling keys in draft-07, so it is wrapped in `allOf`. */
function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  if (description === undefined) return schema;
  if (schema.$ref !== undefined) return { description, allOf: [schema] };
  return { ...schema, description };
}

export interface KeyedUnionOptions<V, S> {
  /** Each variant is a map with exactly this one key (`{ poisson: {...} }`); its codec builds the output. */
  variants: Readonly<Record<string, Codec<V>>>;
  /** Keys allowed next to the variant key (an event's `at`), merged into the output. */
  shared?: Fields<S>;
  /** Plain strings that stand for a whole value (`lifetime: forever`). */
  literals?: Readonly<Record<string, V>>;
  /** What the variants are called in messages: `an arrival`. */
  noun: string;
  description?: string;
}

/**
 * A value written as a map with exactly one of several keys, the key saying which form it is
 * (`arrival: { every: 30s }`), optionally beside shared keys, or as one of a few literal strings.
 */
export function keyedUnion<V extends object, S extends object = Record<never, never>>(options: KeyedUnionOptions<V, S>): Codec<V & S> {
  const variantNames = Object.keys(options.variants);
  const literalNames = Object.keys(options.literals ?? {});
  const sharedFields = (options.shared ?? {}) as Readonly<Record<string, Field<unknown>>>;
  const sharedNames = Object.keys(sharedFields);
  const forms = [...literalNames, ...variantNames.map((name) => `{ ${name}: … }`)];
  const expected = `${options.noun}: ${forms.join(' | ')}`;
  const allKeys = [...sharedNames, ...variantNames];
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (isScalar(node) && typeof node.value === 'string' && literalNames.length > 0) {
        const literals = options.literals ?? {};
        if (Object.hasOwn(literals, node.value)) return { ...literals[node.value]! } as V & S;
        ctx.report(loc, 'invalid_enum', `expected ${expected}, got ${describeNode(node)}${didYouMean(node.value, [...literalNames, ...variantNames])}`);
        return INVALID;
      }
      if (!isMap(node)) return typeError(loc, ctx, expected, node);
      let failed = false;
      let reportedUnknown = false;
      const present: Entry[] = [];
      const shared = new Map<string, Entry>();
      for (const entry of ctx.entries(node, loc)) {
        if (Object.hasOwn(options.variants, entry.key)) present.push(entry);
        else if (Object.hasOwn(sharedFields, entry.key)) shared.set(entry.key, entry);
        else {
          const hint = didYouMean(entry.key, allKeys);
          ctx.report(child(loc, entry.key, entry.keyOffset), 'unknown_key', `unknown key ${JSON.stringify(entry.key)}${hint}; expected ${options.noun} with one of ${variantNames.join(', ')}`);
          failed = true;
          reportedUnknown = true;
        }
      }
      const out: Record<string, unknown> = {};
      for (const name of sharedNames) {
        const spec = sharedFields[name]!;
        const entry = shared.get(name);
        if (entry === undefined) {
          if (spec.presence === 'required') {
            ctx.report(child(loc, name, loc.offset), 'missing_key', `missing required key ${JSON.stringify(name)}`);
            failed = true;
          } else if (spec.presence === 'default' && spec.makeDefault !== undefined) out[name] = spec.makeDefault();
          continue;
        }
        const value = spec.codec.decode(entry.value, child(loc, name, entry.valueOffset), ctx);
        if (value === INVALID) failed = true;
        else out[name] = value;
      }
      if (present.length === 0) {
        if (!reportedUnknown) ctx.report(loc, 'invalid_union', `expected ${options.noun} with one of ${variantNames.join(', ')}`);
        return INVALID;
      }
      if (present.length > 1) {
        const names = present.map((entry) => entry.key);
        ctx.report(child(loc, present[1]!.key, present[1]!.keyOffset), 'invalid_union', `expected ${options.noun} with exactly one of ${variantNames.join(', ')}, got ${names.join(' and ')}`);
        return INVALID;
      }
      const chosen = present[0]!;
      const value = options.variants[chosen.key]!.decode(chosen.value, child(loc, chosen.key, chosen.valueOffset), ctx);
      if (value === INVALID || failed) return INVALID;
      return { ...out, ...value } as V & S;
    },
    schema(definitions) {
      const alternatives: JsonSchema[] = [];
      if (literalNames.length > 0) alternatives.push({ type: 'string', enum: literalNames });
      const sharedProperties: Record<string, JsonSchema> = {};
      const sharedRequired: string[] = [];
      for (const name of sharedNames) {
        const spec = sharedFields[name]!;
        sharedProperties[name] = withDescription(spec.codec.schema(definitions), spec.description);
        if (spec.presence === 'required') sharedRequired.push(name);
      }
      for (const name of variantNames) {
        alternatives.push({
          type: 'object',
          properties: { ...sharedProperties, [name]: options.variants[name]!.schema(definitions) },
          required: [...sharedRequired, name],
          additionalProperties: false,
        });
      }
      const schema: JsonSchema = { oneOf: alternatives };
      if (options.description !== undefined) schema.description = options.description;
      return schema;
    },
  };
}

/**
 * A map whose `tag` key (`type`) picks the variant codec that decodes the whole map, as ECS spells
 * `placementStrategy: [{ type: binpack, field: memory }]`. Each variant should declare the tag itself.
 */
export function tagged<V>(tag: string, variants: Readonly<Record<string, Codec<V>>>, options: { noun: string; description?: string }): Codec<V> {
  const names = Object.keys(variants);
  const expected = `${options.noun}: a map with ${tag}: ${names.join(' | ')}`;
  return {
    expected,
    decode(raw, loc, ctx) {
      const node = ctx.resolve(raw, loc);
      if (node === undefined) return INVALID;
      if (!isMap(node)) return typeError(loc, ctx, expected, node);
      const entry = ctx.entries(node, loc, true).find((candidate) => candidate.key === tag);
      if (entry === undefined) {
        ctx.report(child(loc, tag, loc.offset), 'missing_key', `missing required key ${JSON.stringify(tag)} (one of ${names.join(', ')})`);
        return INVALID;
      }
      const tagLoc = child(loc, tag, entry.valueOffset);
      const tagNode = ctx.resolve(entry.value, tagLoc);
      if (tagNode === undefined) return INVALID;
      if (!isScalar(tagNode) || typeof tagNode.value !== 'string') return typeError(tagLoc, ctx, `one of ${names.join(', ')}`, tagNode);
      const name = tagNode.value;
      if (!Object.hasOwn(variants, name)) {
        ctx.report(tagLoc, 'invalid_enum', `expected one of ${names.join(', ')}, got ${describeNode(tagNode)}${didYouMean(name, names)}`);
        return INVALID;
      }
      return variants[name]!.decode(raw, loc, ctx);
    },
    schema(definitions) {
      const schema: JsonSchema = { oneOf: names.map((name) => variants[name]!.schema(definitions)) };
      if (options.description !== undefined) schema.description = options.description;
      return schema;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Adapters

/** Maps a decoded value (may report and return INVALID); the schema is the inner codec's. */
export function transform<A, B>(codec: Codec<A>, fn: (value: A, loc: Loc, ctx: DecodeContext) => B | Invalid): Codec<B> {
  return {
    expected: codec.expected,
    decode(raw, loc, ctx) {
      const value = codec.decode(raw, loc, ctx);
      return value === INVALID ? INVALID : fn(value, loc, ctx);
    },
    schema: (definitions) => codec.schema(definitions),
  };
}

/** Emits the codec's schema once under `#/definitions/<name>` and refers to it from every use. */
export function named<T>(name: string, codec: Codec<T>): Codec<T> {
  return {
    expected: codec.expected,
    decode: (raw, loc, ctx) => codec.decode(raw, loc, ctx),
    schema(definitions) {
      if (!definitions.has(name)) {
        definitions.set(name, {}); // Reserve the name first, so a self-reference cannot recurse forever.
        definitions.set(name, codec.schema(definitions));
      }
      return { $ref: `#/definitions/${name}` };
    },
  };
}
