// Small helpers the row readers share: splitting a headerless CSV row into a known number of
// columns, reading numbers strictly, and turning normalised requests into whole CPU units and MiB.
import { RowError } from './trace-error.js';

/**
 * Where the fields of a comma-separated row end: `ends[i]` is the index just past field i (so
 * field i is `line.slice(i === 0 ? 0 : ends[i - 1] + 1, ends[i])`). Throws unless there are
 * exactly `n` fields. Trick, for speed: the hot readers find fields by index and parse numbers
 * in place instead of splitting the row into strings (split made parsing GC-bound).
 */
export function fieldEnds(line: string, n: number, ends: Int32Array, what: string): void {
  // a charCodeAt loop: indexOf on the sliced strings lines are was several times slower
  let k = 0;
  const len = line.length;
  for (let j = 0; j < len; j++) {
    if (line.charCodeAt(j) === 44) {
      if (k === n - 1) throw new RowError(`expected ${n} comma-separated columns (${what}), got ${line.split(',').length}`);
      ends[k++] = j;
    }
  }
  if (k !== n - 1) throw new RowError(`expected ${n} comma-separated columns (${what}), got ${k + 1}`);
  ends[k] = len;
}

/** Field `i` of a row whose ends `fieldEnds` found, as a number; NaN when empty and `optional`. */
export function numField(line: string, ends: Int32Array, i: number, column: string, optional = false): number {
  const a = i === 0 ? 0 : ends[i - 1]! + 1;
  const b = ends[i]!;
  if (a === b) {
    if (optional) return NaN;
    throw new RowError(`expected a number in column ${column}, got an empty value`);
  }
  // whole non-negative numbers, the common case, without making a string
  let v = 0;
  let j = a;
  for (; j < b; j++) {
    const c = line.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (j === b && v <= Number.MAX_SAFE_INTEGER) return v;
  return num(line.slice(a, b), column, optional);
}

/** Field `i` as a string (see {@link fieldEnds}). */
export function textField(line: string, ends: Int32Array, i: number): string {
  return line.slice(i === 0 ? 0 : ends[i - 1]! + 1, ends[i]);
}

/** The columns of a comma-separated row; throws unless there are exactly `n`. */
export function columns(line: string, n: number, what: string): string[] {
  const cols = line.split(',');
  if (cols.length !== n) throw new RowError(`expected ${n} comma-separated columns (${what}), got ${cols.length}`);
  return cols;
}

/** A number column; NaN when empty and `optional`, else a RowError naming the column. */
export function num(text: string | undefined, column: string, optional = false): number {
  if (text === undefined || text === '') {
    if (optional) return NaN;
    throw new RowError(`expected a number in column ${column}, got an empty value`);
  }
  const v = +text;
  if (!Number.isFinite(v)) throw new RowError(`expected a number in column ${column}, got ${JSON.stringify(text.slice(0, 40))}`);
  return v;
}

/** A time column: a non-negative number (in the file's unit). */
export function time(text: string | undefined, column: string): number {
  const v = num(text, column);
  if (v < 0) throw new RowError(`expected a non-negative time in column ${column}, got ${text}`);
  return v;
}

/**
 * `request × scale` rounded up to a whole unit; NaN stays NaN (a missing request). The product is
 * nudged down by a billionth first, so 0.1 × 10240 = 1024.0000000000002 is 1024, not 1025:
 * binary floating point, not the trace, put that fraction there.
 */
export function scaled(request: number, scale: number): number {
  if (Number.isNaN(request)) return NaN;
  const v = request * scale;
  return Math.max(0, Math.ceil(v - 1e-9 * Math.max(1, v)));
}

/** Whether `value` passes the filter `allowed` (absent: everything passes); `*` at the end of an allowed string is a prefix match. */
export function allowed(values: readonly (string | number)[] | undefined, value: string | number): boolean {
  if (values === undefined) return true;
  const s = String(value);
  for (const v of values) {
    const a = String(v);
    if (a.endsWith('*') ? s.startsWith(a.slice(0, -1)) : a === s) return true;
  }
  return false;
}

/**
 * A task's name from its job and index: a number when both are whole numbers small enough
 * (job × 10^6 + index stays exact below 2^53), else a string. Trick, for speed: Map lookups on
 * number keys cost a fraction of those on strings sliced from a large chunk of text.
 */
export function taskKey(job: number, index: number, jobText: () => string, indexText: () => string): string | number {
  if (Number.isInteger(job) && Number.isInteger(index) && index >= 0 && index < 1e6 && job >= 0 && job < 9e9) return job * 1e6 + index;
  return `${jobText()}/${indexText()}`;
}
