// Loading a scenario file: YAML text in, a normalized Scenario or every problem with its line and column
// out. This is the one entry point the CLI and library users call; it never throws, whatever the input.
//
// yaml parses the text (merge keys on, duplicate keys refused) and builds the value, following
// aliases; the zod schema (format/scenario.ts) validates and normalizes it, collecting every issue;
// each issue's path is then looked up in the document for its line and column (locate.ts).

import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';

import { formatPath } from './errors.js';
import type { ScenarioError, ScenarioErrorCode } from './errors.js';
import { missingKeyMessage, problemsOf } from './issues.js';
import type { Problem } from './issues.js';
import { describeNode, describeValue, keyName, locate } from './locate.js';
import { AMONG, GOT, PROTO_KEY, unescapeKey } from './format/primitives.js';
import { scenarioSchema } from './format/scenario.js';
import { resolveTracePaths, traceFileProblems } from './format/traces.js';
import { closest } from './suggest.js';
import type { Scenario } from './types.js';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/**
 * How deeply brackets and block indicators may nest before the text is refused unparsed. yaml's
 * parser recurses per level, and far past any real scenario (they nest under 15 levels) a deep
 * enough input exhausts the stack inside V8 in ways that cannot be caught.
 */
export const MAX_NESTING = 500;

/**
 * Alias expansions a document may need (yaml's `maxAliasCount`). Aliases of aliases multiply work
 * (the "billion laughs" shape), so a document that needs more is refused.
 */
const MAX_ALIAS_COUNT = 10_000;

/** A problem found in the document before validation, already positioned. */
interface Positioned {
  path: PropertyKey[];
  offset: number;
  code: ScenarioErrorCode;
  message: string;
}

/**
 * Parses and validates a scenario. `file` is only used in the errors' `file` field and, without a
 * `name` key, for the scenario's name (its base name without extension).
 *
 * Every problem is reported, sorted by position: YAML syntax errors alone when the text is not
 * well-formed YAML, else every type, key, value and reference error. Never throws.
 */
export function loadScenario(text: string, file: string): LoadResult {
  const parsed = loadDocument(text, file, scenarioSchema);
  if (!parsed.ok) return parsed;
  try {
    const scenario = { ...parsed.value, name: parsed.value.name ?? baseName(file) };
    // trace files are named relative to the scenario, and checked as far as their first records
    resolveTracePaths(scenario, file);
    const unreadable = traceFileProblems(scenario).map((p) => parsed.at({ path: p.path, code: 'invalid_value', message: p.message, atKey: false, input: undefined }));
    if (unreadable.length > 0) return { ok: false, errors: sortErrors(unreadable) };
    return { ok: true, scenario };
  } catch (error) {
    return { ok: false, errors: [loaderFailure(file, error)] };
  }
}

/** A validated document, and how to position a further problem found in it; or every problem found. */
export type DocumentResult<T> = { ok: true; value: T; at: (problem: Problem) => ScenarioError } | { ok: false; errors: ScenarioError[] };

/**
 * Parses YAML text (JSON too) and validates it with a zod schema of the scenario format, as
 * loadScenario does for a whole scenario: every problem with its line and column, sorted. Never throws.
 */
export function loadDocument<T>(text: string, file: string, schema: z.ZodType<T, unknown>): DocumentResult<T> {
  const lineCounter = new LineCounter();
  const toError = (problem: Positioned): ScenarioError => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(problem.offset, text.length)));
    return { file, line, column: col, path: formatPath(problem.path as (string | number)[]), code: problem.code, message: problem.message };
  };
  try {
    if (typeof text !== 'string') {
      return { ok: false, errors: [{ file, line: 1, column: 1, path: '', code: 'invalid_type', message: 'expected the text of a YAML document' }] };
    }
    const depth = nestingDepth(text);
    if (depth.depth > MAX_NESTING) {
      lineCounter.addNewLine(0);
      countLines(text, lineCounter);
      return { ok: false, errors: [toError({ path: [], offset: depth.offset, code: 'invalid_yaml', message: `YAML nested more than ${MAX_NESTING} levels deep` })] };
    }
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
    if (doc.errors.length > 0) {
      const problems = doc.errors.map((error): Positioned => ({ path: [], offset: error.pos[0], code: 'invalid_yaml', message: yamlMessage(error.message, error.code) }));
      return { ok: false, errors: sortErrors(problems.map(toError)) };
    }
    const found = repairDocument(doc);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      found.problems.push({ path: [], offset: 0, code: 'invalid_yaml', message: 'too many alias expansions; the document expands to an unreasonable size' });
      return { ok: false, errors: sortErrors(found.problems.map(toError)) };
    }
    const parsed = schema.safeParse(escapeProtoKeys(value, new Map()), { reportInput: true, error: missingKeyMessage });
    const problems = parsed.success ? [] : withoutEchoes(parsed.error.issues.flatMap((issue) => problemsOf(issue)), found.suppressed);
    const errors = [...found.problems, ...problems.map((problem) => position(doc, problem))].map(toError);
    if (!parsed.success || errors.length > 0) {
      if (errors.length === 0) errors.push({ file, line: 1, column: 1, path: '', code: 'internal', message: 'the scenario was rejected without a reason (a loader bug)' });
      return { ok: false, errors: sortErrors(errors) };
    }
    return { ok: true, value: parsed.data, at: (problem) => toError(position(doc, problem)) };
  } catch (error) {
    return { ok: false, errors: [loaderFailure(file, error)] };
  }
}

/** A bug, or an input that broke a library: still an answer, never a crash. */
function loaderFailure(file: string, error: unknown): ScenarioError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { file, line: 1, column: 1, path: '', code: 'internal', message: `the loader failed (${message.slice(0, 200)})` };
}

/** Positions a problem and puts what the file holds there into its message. */
function position(doc: Document, problem: Problem): Positioned {
  let path = problem.path.map((segment) => (typeof segment === 'string' ? unescapeKey(segment) : segment));
  let message = problem.message;
  if (problem.among !== undefined) {
    // "Exactly one of these keys": point at the second one the file wrote, and name them in its order.
    const offsetOf = (key: string): number => locate(doc, [...path, key], true).offset;
    const inFileOrder = [...problem.among].sort((a, b) => offsetOf(a) - offsetOf(b));
    path = [...path, inFileOrder[1]!];
    message = message.split(AMONG).join(inFileOrder.join(' and '));
  }
  const at = locate(doc, path, problem.atKey);
  const got = at.node === undefined ? describeValue(problem.input) : describeNode(at.node);
  return { path, offset: at.offset, code: problem.code, message: message.split(GOT).join(got) };
}

/**
 * The value with every `__proto__` key renamed to PROTO_KEY (see there), copying only the objects that
 * hold one. `seen` maps each object to its result, so an object shared through aliases is walked once.
 */
function escapeProtoKeys(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  seen.set(value, value);
  if (Array.isArray(value)) {
    const items = value.map((item) => escapeProtoKeys(item, seen));
    const out = items.every((item, i) => item === value[i]) ? value : items;
    seen.set(value, out);
    return out;
  }
  const entries = Object.entries(value).map(([key, inner]) => [key === '__proto__' ? PROTO_KEY : key, escapeProtoKeys(inner, seen)] as const);
  const changed = entries.some(([key, inner]) => key === PROTO_KEY || inner !== (value as Record<string, unknown>)[key]);
  const out = changed ? Object.fromEntries(entries) : value;
  seen.set(value, out);
  return out;
}

/**
 * Drops what follows from another problem: anything under a value already reported as broken YAML,
 * and a missing required key that an unknown key beside it misspells (reported once, as the unknown key).
 */
function withoutEchoes(problems: Problem[], suppressed: readonly PropertyKey[][]): Problem[] {
  const under = (path: PropertyKey[], prefix: PropertyKey[]): boolean => prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
  const sameParent = (a: PropertyKey[], b: PropertyKey[]): boolean => a.length === b.length && under(a.slice(0, -1), b.slice(0, -1));
  const unknown = problems.filter((p) => p.code === 'unknown_key');
  return problems.filter((problem) => {
    if (suppressed.some((prefix) => under(problem.path, prefix))) return false;
    if (problem.code !== 'missing_key') return true;
    const key = String(problem.path[problem.path.length - 1]);
    return !unknown.some((u) => sameParent(u.path, problem.path) && closest(String(u.path[u.path.length - 1]), [key]) === key);
  });
}

/**
 * Finds what yaml would otherwise turn into a confusing value, reports it, and takes it out of the
 * document: an alias to no anchor (it becomes null, and nothing under its path is reported again) and
 * a key that is not a scalar (the pair is dropped).
 */
function repairDocument(doc: Document): { problems: Positioned[]; suppressed: PropertyKey[][] } {
  const problems: Positioned[] = [];
  const suppressed: PropertyKey[][] = [];
  const resolveAlias = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  /** What yaml merges: a map, or a list of maps, each possibly through an alias. */
  const mergeable = (node: unknown): boolean => {
    const source = resolveAlias(node);
    return isMap(source) || (isSeq(source) && source.items.every((item) => isMap(resolveAlias(item))));
  };
  const visitNode = (node: unknown, path: PropertyKey[], depth: number): unknown => {
    if (depth > MAX_NESTING) return node;
    if (isAlias(node)) {
      if (node.resolve(doc) !== undefined) return node;
      problems.push({ path, offset: node.range?.[0] ?? 0, code: 'invalid_yaml', message: `alias *${node.source} names no anchor defined before it` });
      suppressed.push(path);
      return new Scalar(null);
    }
    if (isMap(node)) {
      node.items = node.items.filter((pair) => {
        if (!isPair(pair)) return true;
        if (isAlias(pair.key)) pair.key = pair.key.resolve(doc) ?? pair.key;
        // yaml merges on `<<` resolved as its merge tag (a symbol), and also on a plain `<<` whose
        // tag kept it a string (`! <<:`): both must be checked here, or toJS throws on a bad source
        const key = pair.key;
        const isMerge =
          isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && (key.type === undefined || key.type === Scalar.PLAIN)));
        const name = keyName(pair);
        if (!isMerge && name === undefined && !(isScalar(pair.key) && pair.key.value === null)) {
          const what = isMap(pair.key) ? 'a map' : isSeq(pair.key) ? 'a list' : 'a value';
          const keyNode = pair.key as { range?: [number, number, number] } | null;
          problems.push({ path, offset: keyNode?.range?.[0] ?? 0, code: 'invalid_type', message: `expected a plain string key, got ${what} as a key` });
          return false;
        }
        if (isMerge && !mergeable(pair.value)) {
          const source = resolveAlias(pair.value);
          const offset = (pair.value as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
          const got = isNode(source) ? describeNode(source) : 'nothing';
          problems.push({ path: [...path, '<<'], offset, code: 'invalid_type', message: `expected a map (or a list of maps) to merge with <<, got ${got}` });
          return false;
        }
        pair.value = visitNode(pair.value, isMerge ? path : [...path, name ?? ''], depth + 1) as typeof pair.value;
        return true;
      });
    } else if (isSeq(node)) {
      node.items = node.items.map((item, index) => visitNode(item, [...path, index], depth + 1));
    }
    return node;
  };
  doc.contents = visitNode(doc.contents, [], 0) as typeof doc.contents;
  return { problems, suppressed };
}

/** yaml's messages name the error; drop its trailing position (we give our own) and keep one line. */
function yamlMessage(message: string, code: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  const text = firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
  return `invalid YAML: ${text.length > 0 ? lowerFirst(text) : code}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Stable sort by line, then column: errors read top to bottom, ties in the order found. */
function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => a.error.line - b.error.line || a.error.column - b.error.column || a.index - b.index)
    .map(({ error }) => error);
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  const stem = last.replace(/\.[^.]*$/, '');
  return stem.length > 0 ? stem : 'scenario';
}

function countLines(text: string, lineCounter: LineCounter): void {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1);
}

/**
 * An upper bound on how deeply the text nests: flow brackets still open, plus block indicators
 * (`- `, `? `, `: `) and indentation on the current line. Quotes are ignored, so brackets inside
 * strings count too: the bound only has to be generous, not exact.
 */
function nestingDepth(text: string): { depth: number; offset: number } {
  let flow = 0;
  let line = 0;
  let atIndent = true;
  let max = 0;
  let offset = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line = 0;
      atIndent = true;
      continue;
    }
    if (c === 32 && atIndent) line += 1;
    else {
      atIndent = false;
      if (c === 91 || c === 123) flow += 1; // [ {
      else if ((c === 93 || c === 125) && flow > 0) flow -= 1; // ] }
      else if ((c === 45 || c === 63 || c === 58) && (i + 1 === text.length || text.charCodeAt(i + 1) === 32)) line += 1; // "- " "? " ": "
    }
    if (flow + line > max) {
      max = flow + line;
      offset = i;
    }
  }
  return { depth: max, offset };
}
