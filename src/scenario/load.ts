// Loading a scenario file: YAML text in, a normalized Scenario or every problem with its line and column
// out. This is the one entry point the CLI and library users call; it never throws, whatever the input.

import { LineCounter, parseDocument } from 'yaml';

import { INVALID } from './codec.js';
import { DecodeContext, offsetOf } from './context.js';
import type { Issue, Loc } from './context.js';
import { formatPath } from './errors.js';
import type { ScenarioError } from './errors.js';
import { collectSymbols } from './references.js';
import { scenarioCodec } from './schema.js';
import type { Scenario } from './types.js';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/**
 * How deeply brackets and block indicators may nest before the text is refused unparsed. yaml's
 * parser recurses per level, and far past any real scenario (they nest under 15 levels) a deep
 * enough input exhausts the stack inside V8 in ways that cannot be caught.
 */
export const MAX_NESTING = 500;

/**
 * Parses and validates a scenario. `file` is only used in the errors' `file` field and, without a
 * `name` key, for the scenario's name (its base name without extension).
 *
 * Every problem is reported, sorted by position: YAML syntax errors alone when the text is not
 * well-formed YAML, else every type, key, value and reference error. Never throws.
 */
export function loadScenario(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const toError = (issue: Issue): ScenarioError => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(issue.offset, text.length)));
    return { file, line, column: col, path: formatPath(issue.path), code: issue.code, message: issue.message };
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
    const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const issues = doc.errors.map((error): Issue => ({ path: [], offset: error.pos[0], code: 'invalid_yaml', message: yamlMessage(error.message, error.code) }));
      return { ok: false, errors: sortErrors(issues.map(toError)) };
    }
    const ctx = new DecodeContext(doc);
    const root: unknown = doc.contents;
    const rootLoc: Loc = { path: [], offset: offsetOf(root, 0) };
    const symbols = collectSymbols(root, rootLoc, ctx);
    const scenario = scenarioCodec({ symbols, defaultName: baseName(file) }).decode(root, rootLoc, ctx);
    if (ctx.issues.length > 0 || scenario === INVALID) {
      if (ctx.issues.length === 0) ctx.report(rootLoc, 'internal', 'the scenario was rejected without a reason (a loader bug)');
      return { ok: false, errors: sortErrors(ctx.issues.map(toError)) };
    }
    return { ok: true, scenario };
  } catch (error) {
    // A bug, or an input that broke a library: still an answer, never a crash.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', code: 'internal', message: `the loader failed (${message.slice(0, 200)})` }] };
  }
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
