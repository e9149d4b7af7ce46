// ecsim's own minimal trace: a header naming the columns (time, lifetime, cpu, memory required;
// count, family, group optional; any order), then one row per submission. Times and lifetimes in
// the scenario duration syntax (`90s`, `1h30m`) or bare milliseconds; an empty lifetime means the
// task never ends. cpu in CPU units, memory in MiB. Rows are split on commas; a row with a quote
// goes through csv-parse, so spreadsheet exports with quoted names read too.
import { parse } from 'csv-parse/sync';
import { tryParseDuration } from '../duration.js';
import { allowed } from './fields.js';
import type { ReaderSettings, RowReader } from './row-reader.js';
import { RowError } from './trace-error.js';
import { DROP_REASONS, type TraceRow } from './types.js';

const REQUIRED = ['time', 'lifetime', 'cpu', 'memory'] as const;
const OPTIONAL = ['count', 'family', 'group'] as const;
const KNOWN: readonly string[] = [...REQUIRED, ...OPTIONAL];

/** The csv format's header, in the order {@link csvRow} writes rows. */
export const CSV_HEADER = 'time,lifetime,cpu,memory,count,family,group';

function split(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  try {
    const rows = parse(line, { relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch (e) {
    throw new RowError(`expected comma-separated values, got a badly quoted row (${e instanceof Error ? e.message : String(e)})`);
  }
}

function duration(text: string, column: string): number {
  let ms = 0;
  let digits = text.length > 0;
  for (let i = 0; i < text.length && digits; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) digits = false;
    else ms = ms * 10 + (c - 48);
  }
  if (digits) return ms; // bare milliseconds, the common case in an export
  if (/^\s*-/.test(text)) throw new RowError(`expected a non-negative ${column}, got ${JSON.stringify(text)}`);
  const r = tryParseDuration(text);
  if (!r.ok) throw new RowError(`${column}: ${r.message}`);
  return r.ms;
}

function whole(text: string, column: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < 0) throw new RowError(`expected a non-negative whole number in ${column}, got ${JSON.stringify(text)}`);
  return v;
}

export function csvTasks({ where }: ReaderSettings): RowReader<TraceRow> {
  const { family: families, group: groups } = where;
  let index: Record<string, number> | undefined;
  let width = 0;
  return (line) => {
    if (line.trim() === '') return null;
    if (index === undefined) {
      const names = split(line).map((n) => n.trim());
      const seen: Record<string, number> = {};
      names.forEach((n, i) => {
        if (!KNOWN.includes(n)) throw new RowError(`expected a header of ${REQUIRED.join(', ')} and optionally ${OPTIONAL.join(', ')}; ${JSON.stringify(n)} is not one of them`);
        if (n in seen) throw new RowError(`the header names ${JSON.stringify(n)} twice`);
        seen[n] = i;
      });
      const missing = REQUIRED.filter((n) => !(n in seen));
      if (missing.length > 0) throw new RowError(`expected a header with ${REQUIRED.join(', ')} (optionally ${OPTIONAL.join(', ')}); missing ${missing.join(', ')}`);
      index = seen;
      width = names.length;
      return null;
    }
    const c = split(line);
    if (c.length !== width) throw new RowError(`expected ${width} columns as in the header, got ${c.length}`);
    const family = index.family === undefined ? '' : c[index.family]!;
    const group = index.group === undefined ? '' : c[index.group]!;
    if (!allowed(families, family) || !allowed(groups, group)) return DROP_REASONS.filtered;
    const lifeText = c[index.lifetime!]!;
    const lifetime = lifeText === '' ? Infinity : duration(lifeText, 'lifetime');
    if (lifetime === 0) return DROP_REASONS.zeroLifetime;
    const count = index.count === undefined || c[index.count] === '' ? 1 : whole(c[index.count]!, 'count');
    if (count === 0) return DROP_REASONS.otherRecord;
    return {
      kind: 'task',
      time: duration(c[index.time!]!, 'time'),
      lifetime,
      cpu: whole(c[index.cpu!]!, 'cpu'),
      memory: whole(c[index.memory!]!, 'memory'),
      count,
      family,
      group,
    };
  };
}

/** One row of the csv format for a task (the inverse of the reader; lifetime Infinity → empty). */
export function csvRow(t: { time: number; lifetime: number; cpu: number; memory: number; count: number; family: string; group: string }): string {
  for (const s of [t.family, t.group]) if (/[",\n]/.test(s)) throw new RangeError(`csv trace names cannot hold commas, quotes or line breaks: ${JSON.stringify(s)}`);
  return `${t.time},${t.lifetime === Infinity ? '' : t.lifetime},${t.cpu},${t.memory},${t.count},${t.family},${t.group}`;
}
