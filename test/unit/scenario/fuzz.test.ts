// Property tests: loadScenario answers every input — arbitrary strings, damaged YAML, well-formed YAML
// of the wrong shape — with a scenario or positioned errors, never an exception; and the published JSON
// Schema never rejects what the loader accepts.

import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import type { ScenarioErrorCode } from '../../../src/scenario/errors.js';
import { loadScenario } from '../../../src/scenario/load.js';
import type { LoadResult } from '../../../src/scenario/load.js';
import { jsonSchemaErrors } from '../../helpers/json-schema.js';

const example = readFileSync(new URL('./fixtures/issue-4-example.yaml', import.meta.url), 'utf8');

const CODES: readonly ScenarioErrorCode[] = [
  'invalid_yaml', 'unknown_key', 'missing_key', 'invalid_type', 'too_small', 'too_big', 'invalid_duration',
  'invalid_enum', 'invalid_union', 'invalid_value', 'duplicate', 'unknown_reference', 'unknown_revision',
  'unknown_instance_type',
];

/** Loads and checks the answer is well-formed: never throws, errors positioned inside the text. */
function loadChecked(text: string): LoadResult {
  const result = loadScenario(text, 'fuzz.yaml');
  if (result.ok) return result;
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const error of result.errors) {
    expect(CODES, error.message).toContain(error.code); // never 'internal'
    expect(error.file).toBe('fuzz.yaml');
    expect(Number.isInteger(error.line) && error.line >= 1 && error.line <= lines + 1).toBe(true);
    expect(Number.isInteger(error.column) && error.column >= 1).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toContain('\n');
  }
  return result;
}

const yamlish = fc.constantFrom(...'-:[]{}#&*!|>\'"%@`, ?\n\t0123456789.abcmshd<'.split(''), '<<: ', '*a', '&a ', '---\n', '...\n', '  ', 'null', '~');

describe('loadScenario never throws', () => {
  it('for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void loadChecked(text)), { numRuns: 500 });
  });

  it('for arbitrary unicode and control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void loadChecked(text)), { numRuns: 300 });
  });

  it('for strings made of YAML punctuation', () => {
    fc.assert(fc.property(fc.array(yamlish, { maxLength: 80 }), (parts) => void loadChecked(parts.join(''))), { numRuns: 500 });
  });

  it('for the example damaged by edits', () => {
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.array(yamlish, { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = example;
        for (const { at, length, insert } of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert.join('') + text.slice(start + length);
        }
        loadChecked(text);
      }),
      { numRuns: 300 },
    );
  });

  it('for the example with lines shuffled, dropped, duplicated or re-indented', () => {
    const lines = example.split('\n');
    const op = fc.record({ kind: fc.constantFrom('drop', 'dup', 'swap', 'indent', 'dedent'), a: fc.nat(), b: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 5 }), (ops) => {
        const current = [...lines];
        for (const { kind, a, b } of ops) {
          const i = a % current.length;
          const j = b % current.length;
          if (kind === 'drop') current.splice(i, 1);
          else if (kind === 'dup') current.splice(i, 0, current[i]!);
          else if (kind === 'swap') [current[i], current[j]] = [current[j]!, current[i]!];
          else if (kind === 'indent') current[i] = `  ${current[i]!}`;
          else current[i] = current[i]!.replace(/^ {1,2}/, '');
          if (current.length === 0) current.push('');
        }
        loadChecked(current.join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('for arbitrary JSON-like values written as YAML', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => void loadChecked(stringify(value))), { numRuns: 300 });
  });

  it('for a value that is not a string at all', () => {
    const result = loadScenario(undefined as unknown as string, 'nothing.yaml');
    expect(result.ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Structured mutations of the example: replace, delete or add one value somewhere in the tree.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in the document, as keys and indices. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) out.push(...paths(inner, [...prefix, key]));
  return out;
}

function mutate(doc: Json, path: (string | number)[], kind: 'replace' | 'delete' | 'add', replacement: Json, key: string): Json {
  if (path.length === 0) return kind === 'replace' ? replacement : doc;
  const clone = structuredClone(doc) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = clone;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (kind === 'replace') parent[last] = replacement;
  else if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (Array.isArray(target)) target.push(replacement);
    else if (typeof target === 'object' && target !== null) (target as Record<string, Json>)[key] = replacement;
    else parent[last] = replacement;
  }
  return clone;
}

const exampleDoc = parse(example) as Json;
const examplePaths = paths(exampleDoc);

/** Values a mutation writes: anything JSON, plus values close to the format's own. */
const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 0, 1, 10, 11, 1.5, '30s', '-5m', '0s', 'forever', 'prod', 'web', 'web:2', 'm4.large', 'm4.larg', true, null, [], {}),
);

const mutation = fc.record({
  path: fc.constantFrom(...examplePaths),
  kind: fc.constantFrom('replace', 'delete', 'add') as fc.Arbitrary<'replace' | 'delete' | 'add'>,
  value: replacement,
  key: fc.constantFrom('count', 'name', 'at', 'every', 'type', 'extra', 'GPU', 'cluster', 'poisson'),
});

/** Codes for checks JSON Schema cannot express (references, cross-field rules); all else it must catch too. */
const SEMANTIC: readonly ScenarioErrorCode[] = ['unknown_reference', 'unknown_revision', 'duplicate', 'unknown_instance_type', 'invalid_value', 'missing_key', 'invalid_duration'];

/** A duration string of zero ("0s") where a positive one is needed: the schema's string pattern cannot tell. */
function isZeroDurationString(error: { code: string; message: string }): boolean {
  return error.code === 'too_small' && error.message.startsWith('expected a duration above 0');
}

describe('mutated scenarios', () => {
  it('a zero duration string ("0s") where a positive one is needed is a loader-only error (found by this property)', () => {
    const text = stringify({ ...(exampleDoc as object), workloads: [{ ...((exampleDoc as { workloads: object[] }).workloads[0] as object), lifetime: { lognormal: { median: '0s', sigma: 1 } } }] });
    const result = loadChecked(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.every(isZeroDurationString)).toBe(true);
    expect(jsonSchemaErrors(parse(text))).toEqual([]);
  });

  it('load or fail with positioned errors, and the JSON Schema never rejects what loads', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let doc = exampleDoc;
        for (const { path, kind, value, key } of mutations) {
          try {
            doc = mutate(doc, path, kind, value, key);
          } catch {
            // An earlier mutation removed this path; skip it.
          }
        }
        const text = stringify(doc);
        const result = loadChecked(text);
        const schemaErrors = jsonSchemaErrors(parse(text));
        if (result.ok) expect(schemaErrors, text).toEqual([]);
        else if (schemaErrors.length === 0) {
          // The schema passed it: then every loader error must be one the schema cannot express.
          for (const error of result.errors) {
            if (isZeroDurationString(error)) continue;
            expect(SEMANTIC, `${error.path}: ${error.message}\n${text}`).toContain(error.code);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
