// The building blocks every part of the scenario schema is written with: zod schemas that carry the
// loader's wording. Each one says what it expects ("an integer from 1 to 10") once, and its error
// function turns any zod issue into `expected …, got …`. `GOT` stands for what the file holds at that
// place; the loader replaces it with a description of the YAML node ("the string "abc"", "a list",
// "nothing"), which only the document knows. Issues this module cannot express as zod checks are
// `custom` issues whose params carry the loader's error code.

import { z } from 'zod';

import type { ScenarioErrorCode } from '../errors.js';
import { DURATION_PATTERN, tryParseDuration } from '../duration.js';
import { didYouMean } from '../suggest.js';

/** Placeholder in messages for what the file holds at the issue's path (see the module comment). */
export const GOT = '\u0000';

/** What a custom issue carries: the loader's code, and whether it points at the key instead of the value. */
export interface IssueParams {
  code: ScenarioErrorCode;
  at?: 'key';
  /** Keys of which the issue is about the second in file order (`{ every: 30s, at: 1m }`): the loader picks it. */
  among?: string[];
}

/** Placeholder for the `among` keys, in file order, joined with " and ". */
export const AMONG = '\u0002';

/** The zod issue shape an error function receives (the parts read here). */
interface RawIssue {
  readonly code: string;
  readonly input?: unknown;
  readonly keys?: readonly string[];
}

type ErrorFn = (issue: RawIssue) => string | undefined;

/**
 * For a refinement of one part (an instance group, a container): run it only when the part itself
 * parsed cleanly, so one mistake gives one message rather than a cascade.
 */
export const whenClean = { when: (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0 };

/** Reports a custom issue at `path` (relative to the value being refined). */
export function report(ctx: z.RefinementCtx, path: PropertyKey[], code: ScenarioErrorCode, message: string, at?: 'key'): void {
  const params: IssueParams = at === undefined ? { code } : { code, at };
  ctx.addIssue({ code: 'custom', message, path, params });
}

/** ` (write the number without quotes)` for a numeric string where a number belongs. */
const numericStringHint = (input: unknown): string =>
  typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input)) ? ' (write the number without quotes)' : '';

/** `expected X, got GOT`, leaving an absent value to the loader's "missing required key". */
export const expecting =
  (expected: string, hint: (input: unknown) => string = () => ''): ErrorFn =>
  (issue) =>
    issue.input === undefined ? undefined : `expected ${expected}, got ${GOT}${hint(issue.input)}`;

export interface NumberBounds {
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  /** Overrides the generated `an integer from 1 to 10`. */
  expected?: string;
}

function rangeText({ min, max, above }: NumberBounds): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (above !== undefined) return ` above ${above}`;
  if (min !== undefined) return ` of ${min} or more`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function numberError(expected: string): ErrorFn {
  return (issue) => {
    if (issue.input === undefined) return undefined;
    if (issue.code === 'invalid_type') return `expected ${expected}, got ${GOT}${numericStringHint(issue.input)}`;
    return `expected ${expected}, got ${String(issue.input)}`;
  };
}

/** A safe integer, optionally bounded. */
export function int(bounds: NumberBounds = {}): z.ZodNumber {
  const error = numberError(bounds.expected ?? `an integer${rangeText(bounds)}`);
  let schema = z.int({ error });
  if (bounds.min !== undefined) schema = schema.min(bounds.min, { error });
  if (bounds.max !== undefined) schema = schema.max(bounds.max, { error });
  return schema;
}

/** A finite number, optionally bounded. */
export function num(bounds: NumberBounds = {}): z.ZodNumber {
  const error = numberError(bounds.expected ?? `a number${rangeText(bounds)}`);
  let schema = z.number({ error });
  if (bounds.min !== undefined) schema = schema.min(bounds.min, { error });
  if (bounds.above !== undefined) schema = schema.gt(bounds.above, { error });
  if (bounds.max !== undefined) schema = schema.max(bounds.max, { error });
  return schema;
}

const quoteHint = (input: unknown): string =>
  typeof input === 'number' || typeof input === 'boolean' ? ` (quote it to make it a string: "${String(input)}")` : '';

export interface StringRules {
  /** An ECMA-262 source, also the JSON Schema `pattern`. */
  pattern?: string;
  /** What the pattern allows, for its message. */
  patternHint?: string;
  maxLength?: number;
}

/** A non-empty string (a YAML number or boolean gets a "quote it" hint). */
export function str(rules: StringRules = {}): z.ZodString {
  const expected = 'a non-empty string';
  let schema = z.string({ error: expecting(expected, quoteHint) }).min(1, { error: `expected ${expected}, got an empty string`, abort: true });
  if (rules.maxLength !== undefined) {
    const max = rules.maxLength;
    schema = schema.max(max, { error: (issue) => `expected at most ${max} characters, got ${String((issue.input as string).length)}`, abort: true });
  }
  if (rules.pattern !== undefined) schema = schema.regex(new RegExp(rules.pattern), { error: expecting(rules.patternHint ?? expected) });
  return schema;
}

/** `true` or `false` (YAML 1.2: `yes` and `on` are strings). */
export const bool = (): z.ZodBoolean => z.boolean({ error: expecting('true or false') });

/** One of a fixed set of strings, with a "did you mean" for near misses. */
export function choice<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  const expected = `one of ${values.join(', ')}`;
  return z.enum(values, {
    error: (issue) => {
      if (issue.input === undefined) return undefined;
      const hint = typeof issue.input === 'string' ? didYouMean(issue.input, values) : '';
      return `expected ${expected}, got ${GOT}${hint}`;
    },
  });
}

/** A list; `noun` names it in messages (`a list of clusters`). */
export function list<T extends z.ZodType>(item: T, options: { minItems?: number; maxItems?: number; noun?: string } = {}): z.ZodArray<T> {
  let schema = z.array(item, { error: expecting(options.noun ?? 'a list') });
  const { minItems, maxItems } = options;
  if (minItems !== undefined) {
    schema = schema.min(minItems, { error: (issue) => `expected at least ${minItems} item${minItems === 1 ? '' : 's'}, got ${(issue.input as unknown[]).length}` });
  }
  if (maxItems !== undefined) schema = schema.max(maxItems, { error: (issue) => `expected at most ${maxItems} items, got ${(issue.input as unknown[]).length}` });
  return schema;
}

/**
 * zod drops a `__proto__` key from what it parses (a guard against prototype pollution), but in a
 * scenario it is just a name (an attribute, a resource). The loader renames such keys to this
 * before parsing; dictionaries rename them back as data, and messages and paths show the original.
 */
export const PROTO_KEY = '\u0001__proto__';
export const unescapeKey = (key: string): string => (key === PROTO_KEY ? '__proto__' : key);

/** `unknown key "x" (did you mean "y"?)`, else the keys it could have been. */
export function unknownKeyMessage(key: string, known: readonly string[], expected?: string): string {
  const hint = didYouMean(key, known);
  if (expected !== undefined) return `unknown key ${JSON.stringify(key)}${hint}; expected ${expected}`;
  return `unknown key ${JSON.stringify(key)}${hint === '' ? `; expected one of ${known.join(', ')}` : hint}`;
}

/**
 * A map with exactly these keys (zod's strict object): an unknown key is an error with a suggestion.
 * `expected` names it in type errors: `a cluster (a map with name and instances)`. The messages of
 * several unknown keys are joined by newlines, one per key in the issue's `keys` order.
 */
export function strictMap<S extends z.ZodRawShape>(shape: S, expected: string, unknownKeyHint?: string): z.ZodObject<S, z.core.$strict> {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return (issue.keys ?? []).map((key) => unknownKeyMessage(unescapeKey(key), known, unknownKeyHint)).join('\n');
      return expecting(expected)(issue);
    },
  });
}

/** A map with free-form keys (resources, attributes); `checkKey` rejects a key with a message. */
export function dictionary<V extends z.ZodType>(
  value: V,
  options: { expected: string; keyPattern: string; keyHint: string; checkKey?: (key: string) => string | undefined },
): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  const keyRe = new RegExp(options.keyPattern);
  return z
    .record(z.string(), value, { error: expecting(options.expected) })
    .superRefine((map, ctx) => {
      for (const escaped of Object.keys(map)) {
        const key = unescapeKey(escaped);
        if (!keyRe.test(key)) report(ctx, [escaped], 'invalid_value', `expected ${options.keyHint}, got ${JSON.stringify(key)}`, 'key');
        else {
          const rejected = options.checkKey?.(key);
          if (rejected !== undefined) report(ctx, [escaped], 'invalid_value', rejected, 'key');
        }
      }
    })
    .transform((map) => {
      const out: Record<string, z.output<V>> = {};
      // defineProperty: a key such as "__proto__" must become data, never the object's prototype.
      for (const [key, item] of Object.entries(map)) Object.defineProperty(out, unescapeKey(key), { value: item, enumerable: true, writable: true, configurable: true });
      return out;
    }) as unknown as z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>>;
}

const DURATION_EXAMPLES = '500ms, 30s, 5m, 2h, 1d or 1h30m';

/**
 * A duration (`500ms`, `30s`, `1h30m`, or a number of ms), decoded to whole milliseconds; with
 * `positive`, 0 is refused.
 */
export function duration(options: { positive?: boolean } = {}): z.ZodType<number, string | number> {
  const positive = options.positive === true;
  const expected = `a ${positive ? 'positive ' : ''}duration like ${DURATION_EXAMPLES}`;
  return z
    .union([z.string(), z.number()], { error: expecting(expected) })
    .transform((value, ctx) => {
      const parsed = tryParseDuration(value);
      if (!parsed.ok) {
        report(ctx, [], 'invalid_duration', parsed.message);
        return z.NEVER;
      }
      if (positive && parsed.ms === 0) {
        report(ctx, [], 'too_small', `expected a duration above 0, got ${GOT}`);
        return z.NEVER;
      }
      return parsed.ms;
    })
    .meta({
      anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { type: 'integer', minimum: positive ? 1 : 0 }],
      description: 'A duration: 500ms, 30s, 5m, 2h, 1d, 1h30m, or a number of milliseconds.',
    }) as unknown as z.ZodType<number, string | number>;
}

/** One value or a list of them (`at: 5m` or `at: [0s, 5m]`), decoded to a list. */
export function oneOrMany<T extends z.ZodType>(item: T, options: { minItems?: number } = {}): z.ZodType<z.output<T>[], z.input<T> | z.input<T>[]> {
  return z.union([item.transform((value) => [value]), list(item, options)]) as unknown as z.ZodType<z.output<T>[], z.input<T> | z.input<T>[]>;
}

/**
 * A value written as a map with exactly one of several keys, the key saying which form it is
 * (`arrival: { every: 30s }`), optionally beside shared keys (an event's `at`). Each variant's schema
 * builds the output (tagged with `kind`); the shared keys are merged in. The JSON Schema is a `oneOf`
 * with one strict object per variant (see ../schema.ts, which reads the `keyedUnion` meta).
 */
export function keyedUnion<V extends Record<string, z.ZodType>, S extends z.ZodRawShape = Record<never, never>>(options: {
  noun: string;
  variants: V;
  shared?: S;
}): z.ZodType<z.output<V[keyof V]> & { [K in keyof S]: z.output<S[K]> }, unknown> {
  const variantNames = Object.keys(options.variants);
  const sharedShape = (options.shared ?? {}) as S;
  const optionalVariants = Object.fromEntries(variantNames.map((name) => [name, options.variants[name]!.optional()]));
  const withOne = `${options.noun} with one of ${variantNames.join(', ')}`;
  const forms = variantNames.map((name) => `{ ${name}: … }`).join(' | ');
  return strictMap({ ...sharedShape, ...optionalVariants }, `${options.noun}: ${forms}`, withOne)
    .superRefine((value, ctx) => {
      const present = variantNames.filter((name) => (value as Record<string, unknown>)[name] !== undefined);
      if (present.length === 0) report(ctx, [], 'invalid_union', `expected ${withOne}`);
      else if (present.length > 1) {
        const params: IssueParams = { code: 'invalid_union', at: 'key', among: present };
        ctx.addIssue({ code: 'custom', path: [], params, message: `expected ${options.noun} with exactly one of ${variantNames.join(', ')}, got ${AMONG}` });
      }
    }, whenClean)
    .transform((value) => {
      const out: Record<string, unknown> = {};
      let variant: unknown;
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        if (Object.hasOwn(options.variants, key)) variant = inner;
        else out[key] = inner;
      }
      return { ...out, ...(variant as object) };
    })
    .meta({ keyedUnion: variantNames, sharedKeys: Object.keys(sharedShape) }) as unknown as z.ZodType<
    z.output<V[keyof V]> & { [K in keyof S]: z.output<S[K]> },
    unknown
  >;
}

/**
 * A map whose `tag` key picks the form (zod's discriminated union), as ECS spells
 * `placementStrategy: [{ type: binpack, field: memory }]`.
 */
export function tagged<const O extends readonly [z.ZodObject, ...z.ZodObject[]]>(tag: string, options: O, noun: string): z.ZodDiscriminatedUnion<[...O]> {
  const values = options.map((option) => String((option.shape[tag] as z.ZodLiteral<string>).value));
  const choices = values.join(', ');
  return z.discriminatedUnion(tag, [...options] as [...O], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return expecting(`${noun}: a map with ${tag}: ${values.join(' | ')}`)(issue);
      const value = (issue.input as Record<string, unknown> | undefined)?.[tag];
      if (value === undefined) return `missing required key ${JSON.stringify(tag)} (one of ${choices})`;
      return `expected one of ${choices}, got ${GOT}${typeof value === 'string' ? didYouMean(value, values) : ''}`;
    },
  });
}
