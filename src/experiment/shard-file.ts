// The shard file (`--out shard-I.jsonl`): JSON Lines. Line 1 is a header naming everything the
// results depend on — the scenario (with its text and content hash), the content hashes of the
// strategy modules loaded, the seeds, the strategies or the plan's grid and targets, the options
// that change results, the ecsim version and the shard — then one line per (strategy or count, replication) with that replication's raw result, then an
// end line with the number of results, so a file cut short is told from one with work missing.
// Numbers JSON cannot spell (NaN, ±Infinity, -0) are written as {"$num": "NaN"} so they come back
// exactly: a merge must see the very values an unsharded run saw.
import type { JobResult } from './job.js';
import type { Grid } from './plan-grid.js';
import type { Criterion } from './plan.js';
import type { Shard } from './shard.js';

/** The format this ecsim writes and reads; a newer one is refused. */
export const SHARD_FORMAT = 1;

export interface CompareShardSpec {
  /** Strategies as typed. */
  specs: string[];
  /** Their column labels (a module by its strategy's name). */
  labels: string[];
}

export interface PlanShardSpec {
  group: string;
  /** Targets as written, parsed again by merge. */
  targets: string[];
  criterion: Criterion;
  grid: Grid;
  /** The RunTask strategy as typed, when not the scenario's. */
  strategy?: string;
  pricePerHour?: number;
}

export interface ShardHeader {
  ecsimShard: number;
  /** ecsim's version. */
  version: string;
  shard: Shard;
  scenario: { name: string; path: string; sha256: string; text: string };
  /** sha256 of each strategy module loaded, by spec (`scenario: SPEC` for the scenario's own). */
  modules: Record<string, string>;
  seeds: number[];
  /** Options that change results (absent: the scenario's). */
  options: { duration?: number; sampleEvery?: number };
  compare?: CompareShardSpec;
  plan?: PlanShardSpec;
  /** The command as typed, without the shard's own options: what the report shows. */
  command: string;
}

/** One replication's result: `strategy` (compare) or `count` (plan) and the replication index. */
export interface ShardEntry {
  strategy?: string;
  count?: number;
  replication: number;
  result: JobResult;
}

export interface ShardFile {
  file: string;
  header: ShardHeader;
  entries: { line: number; entry: ShardEntry }[];
}

const NUM = '$num';

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [NUM]: Object.is(v, -0) ? '-0' : String(v) };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const n = (v as Record<string, unknown>)[NUM];
    if (keys.length === 1 && typeof n === 'string') return Number(n);
  }
  return v;
}

/** The whole file's text: header, entries in the order given, end line. */
export function shardText(header: ShardHeader, entries: readonly ShardEntry[]): string {
  const lines = [JSON.stringify(header, replacer), ...entries.map((e) => JSON.stringify(e, replacer)), JSON.stringify({ end: true, results: entries.length })];
  return `${lines.join('\n')}\n`;
}

type Check = (v: unknown) => boolean;
const isInt: Check = (v) => Number.isSafeInteger(v);
const isStr: Check = (v) => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const arrayOf = (c: Check): Check => (v) => Array.isArray(v) && v.every(c);

/** The first header field that is missing or of the wrong type, as a path; undefined when sound. */
function headerFault(h: Record<string, unknown>): string | undefined {
  const fields: [string, Check][] = [
    ['version', isStr],
    ['shard.index', isInt],
    ['shard.count', isInt],
    ['scenario.name', isStr],
    ['scenario.path', isStr],
    ['scenario.sha256', isStr],
    ['scenario.text', isStr],
    ['modules', isObj],
    ['seeds', arrayOf(isInt)],
    ['options', isObj],
    ['command', isStr],
  ];
  if (h.compare !== undefined) fields.push(['compare.specs', arrayOf(isStr)], ['compare.labels', arrayOf(isStr)]);
  if (h.plan !== undefined) {
    fields.push(['plan.group', isStr], ['plan.targets', arrayOf(isStr)], ['plan.criterion', isStr], ['plan.grid.lo', isInt], ['plan.grid.hi', isInt], ['plan.grid.step', isInt]);
  }
  for (const [path, ok] of fields) {
    const v = path.split('.').reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), h);
    if (!ok(v)) return path;
  }
  if ((h.compare === undefined) === (h.plan === undefined)) return 'compare or plan';
  return undefined;
}

function entryFault(e: Record<string, unknown>): string | undefined {
  if (!isInt(e.replication)) return 'replication';
  if (e.strategy !== undefined ? !isStr(e.strategy) : !isInt(e.count)) return 'strategy or count';
  const r = e.result;
  if (!isObj(r) || !isInt(r.seed) || !isObj(r.metrics) || !isObj(r.failuresByReason)) return 'result';
  return undefined;
}

/**
 * Reads a shard file's text. Problems are one line each, `file:line: what is wrong`.
 * Never throws.
 */
export function parseShardFile(file: string, text: string): { ok: true; shard: ShardFile } | { ok: false; problems: string[] } {
  const fail = (problem: string) => ({ ok: false as const, problems: [problem] });
  if (text === '') return fail(`${file}: empty, not an ecsim shard file`);
  const complete = text.endsWith('\n');
  const lines = (complete ? text.slice(0, -1) : text).split('\n');
  const parse = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]!, reviver);
    } catch {
      return undefined;
    }
  };
  const head = parse(0);
  if (!isObj(head) || typeof head.ecsimShard !== 'number') {
    if (lines.length === 1 && !complete) return fail(`${file}: truncated inside its header line`);
    return fail(`${file}:1: not an ecsim shard file (the first line is no shard header)`);
  }
  if (head.ecsimShard > SHARD_FORMAT) return fail(`${file}:1: shard format ${head.ecsimShard} is newer than this ecsim reads (${SHARD_FORMAT}); merge with the ecsim that wrote it`);
  const fault = headerFault(head);
  if (fault !== undefined) return fail(`${file}:1: the shard header has no valid ${fault}`);
  const header = head as unknown as ShardHeader;
  const entries: ShardFile['entries'] = [];
  const truncated = () => fail(`${file}: truncated after line ${lines.length - (complete ? 0 : 1)} (${entries.length} result${entries.length === 1 ? '' : 's'} and no end line): copy it again or rerun shard ${header.shard.index}/${header.shard.count}`);
  for (let i = 1; i < lines.length; i++) {
    const v = parse(i);
    // the last line cut short, or a file that stops before its end line
    if (v === undefined && i === lines.length - 1 && !complete) return truncated();
    if (!isObj(v)) return fail(`${file}:${i + 1}: not a JSON object`);
    if (v.end === true) {
      if (i !== lines.length - 1) return fail(`${file}:${i + 2}: text after the end line`);
      if (v.results !== entries.length) return fail(`${file}:${i + 1}: the end line counts ${String(v.results)} results, the file holds ${entries.length}`);
      return { ok: true, shard: { file, header, entries } };
    }
    const bad = entryFault(v);
    if (bad !== undefined) return fail(`${file}:${i + 1}: not a result line (no valid ${bad})`);
    entries.push({ line: i + 1, entry: v as unknown as ShardEntry });
  }
  return truncated();
}
