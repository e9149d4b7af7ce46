// Durations as scenario files write them ("500ms", "30s", "1h30m") and as the simulator keeps them
// (whole milliseconds). One grammar serves the loader, the JSON Schema pattern and formatDuration.

/** Milliseconds per unit, largest first: the order components must appear in (`1h30m`, not `30m1h`). */
const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

const NUMBER = String.raw`\d+(?:\.\d+)?`;

/**
 * The duration grammar as a regular expression source (ECMA-262, usable as a JSON Schema `pattern`):
 * one to five components `<number><unit>` with units in the order d, h, m, s, ms, each at most once,
 * optionally separated by spaces. A bare number string ("500") is not a duration: it has no unit.
 */
export const DURATION_PATTERN =
  String.raw`^\s*(?=\d)(?:(${NUMBER})d\s*)?(?:(${NUMBER})h\s*)?(?:(${NUMBER})m\s*)?(?:(${NUMBER})s\s*)?(?:(${NUMBER})ms\s*)?$`;

const DURATION_RE = new RegExp(DURATION_PATTERN);

/** The outcome of reading a duration without throwing; `message` says what was expected. */
export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

/**
 * Reads a duration without throwing. Numbers are milliseconds and must be non-negative integers;
 * strings follow {@link DURATION_PATTERN}. The result must be a whole, safe number of milliseconds.
 */
export function tryParseDuration(input: unknown): DurationResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `expected a duration, got ${String(input)}` };
    if (input < 0) return { ok: false, message: `expected a non-negative duration, got ${input}` };
    if (!Number.isInteger(input)) {
      return { ok: false, message: `expected whole milliseconds, got ${input} (numbers are milliseconds; write e.g. 1500ms or 1.5s)` };
    }
    if (!Number.isSafeInteger(input)) return { ok: false, message: `duration ${input}ms is too large` };
    return { ok: true, ms: input };
  }
  if (typeof input !== 'string') {
    return { ok: false, message: 'expected a duration like 500ms, 30s, 5m, 2h, 1d or 1h30m' };
  }
  const shown = input.length > 40 ? `${JSON.stringify(input.slice(0, 40))}…` : JSON.stringify(input);
  const match = DURATION_RE.exec(input);
  if (match === null) {
    const trimmed = input.trim();
    let hint = '';
    if (/^-/.test(trimmed)) hint = ' (durations cannot be negative)';
    else if (/^\d+(?:\.\d+)?$/.test(trimmed)) hint = ` (add a unit, e.g. ${trimmed}ms or ${trimmed}s)`;
    else if (/^\d/.test(trimmed) && /[a-z]/i.test(trimmed)) hint = ' (units are ms, s, m, h, d, largest first, each once)';
    return { ok: false, message: `expected a duration like 500ms, 30s, 5m, 2h, 1d or 1h30m, got ${shown}${hint}` };
  }
  let ms = 0;
  for (let i = 0; i < UNITS.length; i += 1) {
    const text = match[i + 1];
    if (text !== undefined) ms += Number(text) * UNITS[i]![1];
  }
  // Decimal parts are allowed (1.5h) but the simulator's clock ticks in whole milliseconds.
  const rounded = Math.round(ms);
  if (Math.abs(rounded - ms) > 1e-6 * Math.max(1, ms)) {
    return { ok: false, message: `expected whole milliseconds, got ${shown} (${ms}ms)` };
  }
  if (!Number.isSafeInteger(rounded)) return { ok: false, message: `duration ${shown} is too large` };
  return { ok: true, ms: rounded };
}

/**
 * Parses a duration into milliseconds: `500ms`, `30s`, `5m`, `2h`, `1d`, combinations largest unit first
 * (`1h30m`, `1d 12h`), decimals (`1.5h`); a number is already milliseconds.
 *
 * @throws RangeError for anything else: garbage, a negative value, a bare numeric string without a
 *   unit, units out of order, or a value that is not a whole, safe number of milliseconds.
 */
export function parseDuration(text: string | number): number {
  const result = tryParseDuration(text);
  if (!result.ok) throw new RangeError(result.message);
  return result.ms;
}

/**
 * Formats milliseconds in the grammar {@link parseDuration} reads, largest units first and without
 * zero components: 5_400_000 → `1h30m`, 1_500 → `1s500ms`, 0 → `0s`.
 * `parseDuration(formatDuration(ms)) === ms` for every non-negative safe integer.
 *
 * @throws RangeError when `ms` is negative, fractional or not a safe integer.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`formatDuration: expected a non-negative whole number of milliseconds, got ${ms}`);
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
