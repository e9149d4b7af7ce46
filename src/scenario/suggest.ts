// "Did you mean …?" for misspelled keys, choices and references: the closest candidate by edit
// distance, when it is close enough to be a plausible typo rather than a different word.

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, so `arrvial` is one
 * edit from `arrival`). Stops early and returns `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[n]!;
}

/** Lower case without `-`, `_` and spaces: `Placement_Strategy` and `placementStrategy` are the same key. */
const fold = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The candidate `input` most plausibly misspells, or `undefined`. A candidate that differs only in case
 * or separators wins outright; otherwise the closest one within about a third of its length (at least 1,
 * at most 3 edits). Ties go to the earlier candidate, so results are deterministic.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > 200) return undefined; // Not a typo; not worth the quadratic work.
  const folded = fold(input);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const target = fold(candidate);
    if (target === folded) return candidate;
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(candidate.length, input.length) / 3)));
    const distance = editDistance(folded, target, limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or the empty string, ready to append to a message. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const suggestion = closest(input, candidates);
  return suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`;
}
