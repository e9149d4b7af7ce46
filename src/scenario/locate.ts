// Where a path into a scenario's value sits in its YAML text, and what the file holds there: the
// bridge from zod's issue paths to `file:line:col`. yaml has already applied aliases and merge keys
// to the value zod saw; this walks the document's nodes the same way (an alias to its anchor, a key
// missing from a map to the maps it merges) to find the node a path names.

import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair } from 'yaml';

/** A place in the text: the offset to report at, and the node there (`undefined` when the path is absent). */
export interface Located {
  offset: number;
  node: Node | null | undefined;
}

const isEmptyScalar = (node: unknown): boolean => isScalar(node) && node.value === null && (node.range == null || node.range[0] === node.range[1]);

const startOf = (node: unknown, fallback: number): number => (isNode(node) && !isEmptyScalar(node) && node.range ? node.range[0] : fallback);

/** The key of a pair as a path segment; undefined for a merge key (`<<`) or a key that is not a scalar. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  const value: unknown = key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

const isMergeKey = (pair: Pair): boolean => isScalar(pair.key) && typeof pair.key.value === 'symbol';

/** Follows aliases to the node they name (undefined when the anchor is missing). */
function resolve(doc: Document, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops += 1) current = current.resolve(doc);
  return current;
}

/** The pair for `key` in a map: its own pairs first, then those of the maps it merges (earlier wins). */
function findPair(doc: Document, map: unknown, key: string, depth = 0): Pair | undefined {
  if (!isMap(map) || depth > 50) return undefined;
  for (const pair of map.items) if (isPair(pair) && !isMergeKey(pair) && keyName(pair) === key) return pair;
  for (const pair of map.items) {
    if (!isPair(pair) || !isMergeKey(pair)) continue;
    const source = resolve(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((item) => resolve(doc, item)) : [source];
    for (const merged of sources) {
      const found = findPair(doc, merged, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Locates `path` in the document: the start of the value there (or of its key, with `atKey`), or,
 * when the path leads past what the file holds, the start of the deepest map or list it does hold.
 */
export function locate(doc: Document, path: readonly PropertyKey[], atKey = false): Located {
  let node: unknown = resolve(doc, doc.contents);
  let offset = startOf(node, 0);
  for (const [index, segment] of path.entries()) {
    let next: unknown;
    let nextOffset = offset;
    if (isMap(node)) {
      const pair = findPair(doc, node, String(segment));
      if (pair === undefined) return { offset, node: undefined };
      const keyOffset = startOf(pair.key, offset);
      if (atKey && index === path.length - 1) return { offset: keyOffset, node: pair.key as Node };
      next = pair.value;
      nextOffset = startOf(next, keyOffset);
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      next = node.items[segment];
      nextOffset = startOf(next, offset);
    } else {
      return { offset, node: undefined };
    }
    node = resolve(doc, next);
    offset = nextOffset;
  }
  return { offset, node: node === undefined || node === null || isEmptyScalar(node) ? null : (node as Node) };
}

/** What a node is, for "got …" in messages: `a list`, `the string "abc"`, `nothing`. */
export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return describeValue(node.value);
  return 'an unsupported YAML node';
}

/** The same for a plain value (where the document has no node, e.g. after a transform). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}
