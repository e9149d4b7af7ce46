// The command-line side of sharding, shared by compare, plan and merge: which shard this process
// runs (flags, then the batch engine's environment), running only its jobs on the worker pool,
// writing the shard file (all or nothing, so a shard that dies leaves nothing a merge could
// mistake for its output), and reading shard files back with their scenario hash
// checked against their scenario text.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Job } from '../experiment/job.js';
import { dealKey } from '../experiment/merge.js';
import type { ReplicationPool } from '../experiment/pool.js';
import { parseShardFile, SHARD_FORMAT, shardText, type ShardEntry, type ShardFile, type ShardHeader } from '../experiment/shard-file.js';
import { inShard, resolveShard, type Shard } from '../experiment/shard.js';
import { isModuleSpec } from '../placement/builtin.js';
import type { ReportSource } from '../report/html-input.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_USAGE } from './cli-error.js';
import { checkOutputFile, writeAll } from './outputs.js';

/** The flags that make a run a shard. */
export interface ShardFlags {
  shard?: string;
  shards?: number;
  out?: string;
}

/** Whether the flags ask for a shard file (then the environment may name the shard). */
export const isSharded = (f: ShardFlags): boolean => f.shard !== undefined || f.shards !== undefined || f.out !== undefined;

/**
 * The shard to run; with `--out` alone and no index in the environment, the whole sweep in one file.
 * Checks `--out` can be written before anything runs.
 * @throws CliError (exit 2) for a bad shard, an index without its count, or an --out that cannot be written.
 */
export function shardOf(command: string, flags: ShardFlags & { json?: boolean; csv?: boolean; report?: string }): Shard {
  const presentation = flags.json ? '--json' : flags.csv ? '--csv' : flags.report !== undefined ? '--report' : undefined;
  if (presentation !== undefined) throw new CliError(`ecsim ${command}: a shard writes raw results; give ${presentation} to ecsim merge`, EXIT_USAGE);
  if (flags.out !== undefined && flags.out !== '-') checkOutputFile(command, '--out', flags.out);
  try {
    return resolveShard(flags, process.env);
  } catch (e) {
    throw new CliError(`ecsim ${command}: ${e instanceof Error ? e.message : String(e)}`, EXIT_USAGE);
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The sha256 of every strategy module the runs load: those named on the command line (keyed by
 * the spec as typed, from the current directory) and in the scenario (`scenario: SPEC`, from its
 * directory). Only the module's own file is hashed, not what it imports. A module that cannot be
 * read is left out: loading it fails before anything runs.
 */
export function moduleDigests(scenario: Scenario, scenarioDir: string, specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (key: string, spec: string, baseDir: string): void => {
    if (!isModuleSpec(spec)) return;
    try {
      out[key] = sha256(readFileSync(isAbsolute(spec) ? spec : resolve(baseDir, spec), 'utf8'));
    } catch {
      // reported by loadStrategy
    }
  };
  for (const s of specs) add(s.trim(), s.trim(), process.cwd());
  const inScenario = [scenario.strategy, ...scenario.workloads.map((w) => (w.launch === 'startTask' ? w.strategy : undefined))];
  for (const s of inScenario) if (s !== undefined) add(`scenario: ${s}`, s, scenarioDir);
  return out;
}

/** The header fields every shard carries, from the report's provenance. */
export function headerBase(
  src: ReportSource,
  shard: Shard,
  seeds: readonly number[],
  options: ShardHeader['options'],
  modules: Record<string, string>,
): Omit<ShardHeader, 'compare' | 'plan'> {
  return {
    ecsimShard: SHARD_FORMAT,
    version: src.version,
    shard,
    scenario: { name: src.scenarioName, path: src.scenarioPath, sha256: sha256(src.scenarioText), text: src.scenarioText },
    modules,
    seeds: [...seeds],
    options,
    command: src.command,
  };
}

/**
 * Runs the jobs of `shard` on the pool, in job order. `describe` names job i's row (a strategy or
 * a count); `replications` is the number of seeds.
 */
export async function runShardJobs(
  pool: ReplicationPool,
  kind: 'compare' | 'plan',
  jobs: readonly Job[],
  replications: number,
  shard: Shard,
  row: (job: number) => Pick<ShardEntry, 'strategy' | 'count'>,
  onProgress: (done: number, total: number) => void,
): Promise<ShardEntry[]> {
  const mine = jobs.flatMap((job, i) => (inShard(dealKey(kind, i, replications), shard) ? [{ job, i }] : []));
  let done = 0;
  const results = await pool.run(
    mine.map((m) => m.job),
    () => onProgress(++done, mine.length),
  );
  return mine.map((m, k) => ({ ...row(m.i), replication: m.i % replications, result: results[k]! }));
}

/**
 * Writes the shard file to `out` (all or nothing, see writeAll) or, without `out` or with `-`, to
 * stdout. @throws CliError when it cannot be written.
 */
export async function writeShard(command: string, out: string | undefined, header: ShardHeader, entries: readonly ShardEntry[], quiet: boolean): Promise<void> {
  const text = shardText(header, entries);
  if (out === undefined || out === '-') {
    process.stdout.write(text);
    return;
  }
  await writeAll(command, [{ path: out, write: (to) => writeFile(to, text) }]);
  if (!quiet) process.stderr.write(`wrote ${out}: shard ${header.shard.index} of ${header.shard.count}, ${entries.length} runs\n`);
}

/** Reads and parses shard files; every problem of every file, one line each. */
export function readShardFiles(files: readonly string[]): { shards: ShardFile[]; problems: string[] } {
  const shards: ShardFile[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code;
      problems.push(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const parsed = parseShardFile(file, text);
    if (!parsed.ok) problems.push(...parsed.problems);
    else if (sha256(parsed.shard.header.scenario.text) !== parsed.shard.header.scenario.sha256) {
      problems.push(`${file}:1: the scenario text does not match its sha256: the header was edited or damaged`);
    } else shards.push(parsed.shard);
  }
  return { shards, problems };
}
