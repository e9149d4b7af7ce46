// `ecsim merge`: checks that shard files belong together — one ecsim version, one scenario and
// strategy modules, the
// same seeds, strategies or grid and options, one number of shards, each shard once, each
// replication once and in the shard it was dealt to — and puts their results back in job order,
// the order an unsharded run holds them in. The figures are then summarised by the very functions
// the unsharded command uses, so the output is the same bytes whatever the number of shards, the
// order the files are given in, or the workers each shard had.
import type { JobResult } from './job.js';
import { gridCounts } from './plan-grid.js';
import type { ShardEntry, ShardFile, ShardHeader } from './shard-file.js';
import { inShard } from './shard.js';

export interface MergedShards {
  /** The header of shard 0 (its command and scenario path are what the report shows). */
  header: ShardHeader;
  /** One per job, in job order. */
  results: JobResult[];
}

/** compare or plan. */
export const shardKind = (h: ShardHeader): 'compare' | 'plan' => (h.compare ? 'compare' : 'plan');

/** The rows of the sweep: strategy labels (compare) or grid counts (plan). */
function rowsOf(h: ShardHeader): (string | number)[] {
  return h.compare ? h.compare.labels : gridCounts(h.plan!.grid);
}

/**
 * Which shard a job goes to is decided by this key: compare deals by replication (every
 * strategy's replication r in the same shard, so common random numbers hold within a shard),
 * plan by the flat (count, replication) index, so a short grid still spreads over many shards.
 */
export function dealKey(kind: 'compare' | 'plan', job: number, replications: number): number {
  return kind === 'compare' ? job % replications : job;
}

const seedText = (s: readonly number[]): string => (s.length === 1 ? `seed ${s[0]}` : `seeds ${s[0]}–${s[s.length - 1]} (${s.length})`);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** How the header of `f` differs from the reference's, one line per difference. */
function differences(f: ShardFile, ref: ShardFile, version: string): string[] {
  const h = f.header;
  const r = ref.header;
  const out: string[] = [];
  // every shard is held to this ecsim's version, so two shards of different versions are both named
  if (h.version !== version) out.push(`${f.file}: written by ecsim ${h.version}, but this is ecsim ${version}: merge with the version that ran the shards`);
  if (f === ref) return out;
  const vs = `${ref.file}'s`;
  if (shardKind(h) !== shardKind(r)) {
    out.push(`${f.file}: a ${shardKind(h)} shard, ${ref.file} a ${shardKind(r)} shard`);
    return out;
  }
  if (h.scenario.sha256 !== r.scenario.sha256) {
    out.push(`${f.file}: scenario ${h.scenario.path} (sha256 ${h.scenario.sha256.slice(0, 12)}…) is not ${vs} ${r.scenario.path} (sha256 ${r.scenario.sha256.slice(0, 12)}…)`);
  }
  for (const key of new Set([...Object.keys(h.modules), ...Object.keys(r.modules)])) {
    const a = h.modules[key];
    const b = r.modules[key];
    if (a === b) continue;
    const hash = (x: string | undefined) => (x === undefined ? 'not loaded' : `sha256 ${x.slice(0, 12)}…`);
    out.push(`${f.file}: strategy module ${key} (${hash(a)}) is not ${vs} (${hash(b)})`);
  }
  if (!same(h.seeds, r.seeds)) out.push(`${f.file}: ${seedText(h.seeds)}, ${vs} ${seedText(r.seeds)}`);
  if (h.compare && r.compare && !same(h.compare.specs, r.compare.specs)) {
    out.push(`${f.file}: strategies ${h.compare.specs.join(',')}, ${vs} ${r.compare.specs.join(',')}`);
  }
  if (h.plan && r.plan && !same(h.plan, r.plan)) out.push(`${f.file}: plan ${JSON.stringify(h.plan)}, ${vs} ${JSON.stringify(r.plan)}`);
  if (!same(h.options, r.options)) out.push(`${f.file}: options ${JSON.stringify(h.options)}, ${vs} ${JSON.stringify(r.options)}`);
  if (h.shard.count !== r.shard.count) out.push(`${f.file}: shard ${h.shard.index} of ${h.shard.count}, ${ref.file} is of ${r.shard.count}`);
  return out;
}

const describe = (e: ShardEntry): string => (e.strategy !== undefined ? `${e.strategy} replication ${e.replication}` : `count ${e.count} replication ${e.replication}`);

/**
 * Checks and merges parsed shard files (any order). `version` is this ecsim's: shards of another
 * version are refused, since its summary could differ. Problems are one line each. Never throws.
 */
export function mergeShards(files: readonly ShardFile[], version: string): { ok: true; merged: MergedShards } | { ok: false; problems: string[] } {
  if (files.length === 0) return { ok: false, problems: ['ecsim merge: no shard files given'] };
  const sorted = [...files].sort((a, b) => a.header.shard.index - b.header.shard.index || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const ref = sorted[0]!;
  const headerProblems = sorted.flatMap((f) => differences(f, ref, version));
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };

  const problems: string[] = [];
  const { count } = ref.header.shard;
  const byIndex = new Map<number, ShardFile[]>();
  for (const f of sorted) byIndex.set(f.header.shard.index, [...(byIndex.get(f.header.shard.index) ?? []), f]);
  for (const [index, fs] of byIndex) if (fs.length > 1) problems.push(`shard ${index} of ${count} is given ${fs.length} times: ${fs.map((f) => f.file).join(', ')}`);
  const given = [...byIndex.keys()];
  for (let i = 0; i < count; i++) if (!byIndex.has(i)) problems.push(`shard ${i} of ${count} is missing (given: ${given.join(', ')})`);

  const kind = shardKind(ref.header);
  const rows = rowsOf(ref.header);
  const { seeds } = ref.header;
  const R = seeds.length;
  const results: (JobResult | undefined)[] = new Array(rows.length * R);
  const seenAt = new Map<number, string>();
  // of a shard given twice, the first file (by name) is read; the other is already reported
  for (const [f] of byIndex.values() as Iterable<[ShardFile]>) {
    const shard = f.header.shard;
    const held = new Set<number>();
    for (const { line, entry } of f.entries) {
      const at = `${f.file}:${line}`;
      const row = rows.indexOf((kind === 'compare' ? entry.strategy : entry.count) as string | number);
      if (row < 0 || (kind === 'compare') !== (entry.strategy !== undefined)) {
        problems.push(`${at}: ${describe(entry)} is not part of this ${kind} (${kind === 'compare' ? 'strategies' : 'counts'}: ${rows.join(', ')})`);
        continue;
      }
      if (entry.replication >= R) {
        problems.push(`${at}: ${describe(entry)} is beyond the ${R} replications of the header`);
        continue;
      }
      const job = row * R + entry.replication;
      const owner = dealKey(kind, job, R) % count;
      if (owner !== shard.index) problems.push(`${at}: ${describe(entry)} belongs to shard ${owner}, not ${shard.index}`);
      else if (entry.result.seed !== seeds[entry.replication]) problems.push(`${at}: ${describe(entry)} ran seed ${entry.result.seed}, the header says ${seeds[entry.replication]}`);
      else if (held.has(job)) problems.push(`${at}: ${describe(entry)} appears twice (also ${seenAt.get(job)})`);
      else {
        held.add(job);
        seenAt.set(job, at);
        results[job] = entry.result;
      }
    }
    const missing: string[] = [];
    for (let job = 0; job < results.length; job++) {
      if (!inShard(dealKey(kind, job, R), shard) || held.has(job)) continue;
      const row = rows[Math.floor(job / R)]!;
      missing.push(`${kind === 'compare' ? row : `count ${row}`} replication ${job % R}`);
    }
    if (missing.length > 0) problems.push(`${f.file}: ${missing.length} result${missing.length === 1 ? '' : 's'} missing: ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, merged: { header: ref.header, results: results as JobResult[] } };
}
