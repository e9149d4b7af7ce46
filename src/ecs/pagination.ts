// Opaque, stable pagination. Items are listed in creation order (every record carries a
// sequence number), and a nextToken remembers the last sequence returned, so following every
// page yields each item exactly once even if items are added between pages.
import { invalidParameter } from './errors.js';

const PREFIX = 'ecsim1.';

function encode(kind: string, seq: number): string {
  return PREFIX + Buffer.from(`${kind}:${seq}`, 'utf8').toString('base64url');
}

/** The last sequence number a token stands for; -1 without a token. */
function decode(kind: string, token: unknown): number {
  if (token === undefined || token === null) return -1;
  if (typeof token === 'string' && token.startsWith(PREFIX)) {
    const text = Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8');
    const m = /^([a-z-]+):(\d{1,15})$/.exec(text);
    if (m && m[1] === kind) return Number(m[2]);
  }
  throw invalidParameter('Invalid nextToken.');
}

/**
 * Validates `maxResults` (1..100, default 100).
 * @throws InvalidParameterException otherwise.
 */
export function maxResults(value: unknown): number {
  if (value === undefined || value === null) return 100;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw invalidParameter('maxResults must be an integer between 1 and 100.');
  }
  return value;
}

/**
 * One page of `items` (sorted by `seq`) that pass `keep`, after the token's position.
 * @throws InvalidParameterException on a bad maxResults or nextToken.
 */
export function page<T extends { seq: number }>(
  kind: string,
  items: readonly T[],
  keep: (item: T) => boolean,
  req: { nextToken?: string | undefined; maxResults?: number | undefined } | undefined,
): { items: T[]; nextToken?: string } {
  const max = maxResults(req?.maxResults);
  const after = decode(kind, req?.nextToken);
  // binary search for the first item with seq > after
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.seq <= after) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < items.length; i++) {
    const item = items[i]!;
    if (!keep(item)) continue;
    if (out.length === max) {
      return { items: out, nextToken: encode(kind, out[out.length - 1]!.seq) };
    }
    out.push(item);
  }
  return { items: out };
}
