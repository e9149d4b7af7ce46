// Reading a parsed YAML document node by node while collecting issues: the one place that knows about
// yaml's node classes, aliases, merge keys (`<<: *defaults`) and source offsets. Codecs ask it for a
// node's scalar value or a map's entries and never touch yaml directly.

import { isAlias, isMap, isNode, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

import type { Path, ScenarioErrorCode } from './errors.js';

/** A problem found while decoding, positioned by source offset (turned into line/column later). */
export interface Issue {
  path: Path;
  offset: number;
  code: ScenarioErrorCode;
  message: string;
}

/** Where a value sits: its path in the document and the source offset to report problems at. */
export interface Loc {
  readonly path: Path;
  readonly offset: number;
}

/** One key of a map after merge keys are applied, with the positions of key and value. */
export interface Entry {
  readonly key: string;
  readonly keyOffset: number;
  /** The raw value node (possibly an alias), or null when the key has no value. */
  readonly value: unknown;
  /** The value's offset, or the key's when the value is empty (`key:` with nothing after it). */
  readonly valueOffset: number;
}

/** A resolved node: aliases followed. */
export type Resolved = Node | null;

/** Shown in messages for a value of the wrong type: `a list`, `the string "abc"`, `nothing`. */
export function describeNode(node: Resolved): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (value === null) return isEmptyScalar(node) ? 'nothing' : 'null';
    if (typeof value === 'string') {
      const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
      return `the string ${shown}`;
    }
    if (typeof value === 'number') return `the number ${String(value)}`;
    if (typeof value === 'boolean') return String(value);
    return `a ${typeof value}`;
  }
  return 'an unsupported YAML node';
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.range == null || node.range[0] === node.range[1]);
}

/** Offset of a raw node, or `fallback` when it has none or is an empty value. */
export function offsetOf(raw: unknown, fallback: number): number {
  if (!isNode(raw) || isEmptyScalar(raw)) return fallback;
  const range = raw.range;
  return range == null ? fallback : range[0];
}

/** Decoding state for one document: the collected issues and the document's anchors. */
export class DecodeContext {
  readonly issues: Issue[] = [];
  /** Each alias mapped to the node it names: the last anchor of that name before it (YAML's rule). */
  private readonly aliasTargets = new Map<Alias, Node>();
  /**
   * Alias resolutions left. A schema-shaped walk cannot loop, but aliases of aliases multiply work
   * (the "billion laughs" shape), so a document that needs more than this is refused.
   */
  private aliasBudget: number;
  private aliasBudgetReported = false;

  constructor(doc: Document | null, options: { aliasBudget?: number } = {}) {
    this.aliasBudget = options.aliasBudget ?? 10_000;
    if (doc === null) return;
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target !== undefined) this.aliasTargets.set(node, target);
        } else if (typeof node.anchor === 'string') {
          anchors.set(node.anchor, node);
        }
      },
    });
  }

  report(loc: Loc, code: ScenarioErrorCode, message: string): void {
    this.issues.push({ path: loc.path, offset: loc.offset, code, message });
  }

  /**
   * Follows aliases. Returns the node (null for an absent or empty value), or `undefined` after reporting
   * when the alias names no anchor or the alias budget is spent.
   */
  resolve(raw: unknown, loc: Loc, quiet = false): Resolved | undefined {
    if (raw === null || raw === undefined) return null;
    if (isAlias(raw)) {
      const target = this.aliasTargets.get(raw);
      if (target === undefined) {
        if (!quiet) this.report(loc, 'invalid_yaml', `alias *${raw.source} names no anchor defined before it`);
        return undefined;
      }
      this.aliasBudget -= 1;
      if (this.aliasBudget < 0) {
        if (!this.aliasBudgetReported && !quiet) {
          this.aliasBudgetReported = true;
          this.report(loc, 'invalid_yaml', 'too many alias expansions; the document expands to an unreasonable size');
        }
        return undefined;
      }
      return isEmptyScalar(target) ? null : target;
    }
    if (isNode(raw)) return isEmptyScalar(raw) ? null : raw;
    return null;
  }

  /**
   * The entries of a map with merge keys applied: the map's own keys first, then keys from `<<` maps
   * (earlier merged maps win over later ones, as YAML's merge-key spec says). Keys must be scalars;
   * others are reported and skipped unless `quiet`.
   */
  entries(map: Node, loc: Loc, quiet = false): Entry[] {
    const out: Entry[] = [];
    const seen = new Set<string>();
    this.collectEntries(map, loc, quiet, out, seen, new Set());
    return out;
  }

  private collectEntries(map: Node, loc: Loc, quiet: boolean, out: Entry[], seen: Set<string>, visiting: Set<Node>): void {
    if (!isMap(map) || visiting.has(map)) return;
    visiting.add(map);
    const merges: { value: unknown; offset: number }[] = [];
    for (const pair of map.items) {
      const rawKey: unknown = pair.key;
      const keyOffset = offsetOf(rawKey, offsetOf(pair.value, loc.offset));
      const key = this.resolve(rawKey, { path: loc.path, offset: keyOffset }, quiet);
      if (key === undefined) continue;
      if (isScalar(key) && key.value === '<<' && (!isScalar(rawKey) || rawKey.type === 'PLAIN')) {
        merges.push({ value: pair.value, offset: keyOffset });
        continue;
      }
      let name: string;
      if (key === null) name = '';
      else if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number' || typeof key.value === 'boolean')) {
        name = String(key.value);
      } else {
        if (!quiet) this.report({ path: loc.path, offset: keyOffset }, 'invalid_type', `expected a plain string key, got ${describeNode(key)} as a key`);
        continue;
      }
      if (seen.has(name)) continue; // yaml reports duplicate keys itself; merged keys lose to own keys.
      seen.add(name);
      out.push({ key: name, keyOffset, value: pair.value, valueOffset: offsetOf(pair.value, keyOffset) });
    }
    for (const merge of merges) {
      const mergeLoc: Loc = { path: [...loc.path, '<<'], offset: offsetOf(merge.value, merge.offset) };
      const value = this.resolve(merge.value, mergeLoc, quiet);
      if (value === undefined) continue;
      const sources: unknown[] = isSeq(value) ? value.items : [merge.value];
      for (const source of sources) {
        const sourceLoc: Loc = { path: mergeLoc.path, offset: offsetOf(source, mergeLoc.offset) };
        const resolved = source === merge.value ? value : this.resolve(source, sourceLoc, quiet);
        if (resolved === undefined) continue;
        if (!isMap(resolved)) {
          if (!quiet) this.report(sourceLoc, 'invalid_type', `expected a map (or a list of maps) to merge with <<, got ${describeNode(resolved)}`);
          continue;
        }
        this.collectEntries(resolved, loc, quiet, out, seen, visiting);
      }
    }
    visiting.delete(map);
  }
}
