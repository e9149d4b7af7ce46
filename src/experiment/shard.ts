// Which part of a sweep one process runs: shard I of N, from `--shard I/N` or from the batch
// engine's environment (a Kubernetes Indexed Job, a Slurm array, an AWS Batch array job), and the
// rule that deals the work. Every replication is fully determined by (scenario, strategy, seed), so
// dealing by index and merging by index gives exactly the figures of one unsharded run.

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Runs everything: what an unsharded run is. */
export const WHOLE: Shard = { index: 0, count: 1 };

/** The environment variables a batch engine sets on each task of an array, and what names its size. */
export const SHARD_ENV = [
  { index: 'JOB_COMPLETION_INDEX', engine: 'Kubernetes Indexed Job', count: undefined },
  { index: 'SLURM_ARRAY_TASK_ID', engine: 'Slurm array job', count: 'SLURM_ARRAY_TASK_COUNT' },
  { index: 'AWS_BATCH_JOB_ARRAY_INDEX', engine: 'AWS Batch array job', count: undefined },
] as const;

const INT = /^\d+$/;

/**
 * Parses `I/N` (0 <= I < N).
 * @throws RangeError saying what is wrong.
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RangeError(`--shard ${text}: expected I/N (shard I of N, counted from 0), e.g. 0/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`--shard ${text}: N must be at least 1`);
  if (index >= count) throw new RangeError(`--shard ${text}: I counts from 0, so it must be below N (${count})`);
  return { index, count };
}

function envInt(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return undefined;
  if (!INT.test(v) || !Number.isSafeInteger(Number(v))) throw new RangeError(`${name}=${env[name]} is not a non-negative integer`);
  return Number(v);
}

/**
 * The shard this process runs. `--shard` wins over the environment; otherwise the first index
 * variable set (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX) with its
 * count: `--shards N`, or SLURM_ARRAY_TASK_COUNT for Slurm. A Slurm array that does not start at 0
 * or steps (`--array=1-8`, `--array=0-14:2`) is renumbered from SLURM_ARRAY_TASK_MIN and _STEP.
 * Returns WHOLE when neither flag nor environment names a shard.
 * @throws RangeError for an index without its count, a count that disagrees, or an index out of range.
 */
export function resolveShard(flags: { shard?: string; shards?: number }, env: Readonly<Record<string, string | undefined>>): Shard {
  if (flags.shard !== undefined) {
    const s = parseShard(flags.shard);
    if (flags.shards !== undefined && flags.shards !== s.count) throw new RangeError(`--shard ${flags.shard} and --shards ${flags.shards} disagree on the number of shards`);
    return s;
  }
  for (const v of SHARD_ENV) {
    const raw = envInt(env, v.index);
    if (raw === undefined) continue;
    let index = raw;
    let count = flags.shards;
    if (v.count !== undefined) {
      const fromEnv = envInt(env, v.count);
      if (fromEnv !== undefined && count !== undefined && fromEnv !== count) {
        throw new RangeError(`--shards ${count} disagrees with ${v.count}=${fromEnv} (${v.engine})`);
      }
      count ??= fromEnv;
      const min = envInt(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
      const step = envInt(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
      if (raw < min || step < 1 || (raw - min) % step !== 0) {
        throw new RangeError(`${v.index}=${raw} does not fit SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_STEP=${step}; give --shard I/N`);
      }
      index = (raw - min) / step;
    }
    if (count === undefined) {
      const how = v.count === undefined ? `--shards N` : `--shards N (${v.count} is not set)`;
      throw new RangeError(`${v.index}=${raw} (${v.engine}) names this shard but not how many there are: add ${how}`);
    }
    if (count < 1) throw new RangeError(`the number of shards must be at least 1, got ${count}`);
    if (index >= count) throw new RangeError(`${v.index}=${raw} is shard ${index}, but there are only ${count} shards (0–${count - 1})`);
    return { index, count };
  }
  if (flags.shards !== undefined) {
    throw new RangeError(`--shards ${flags.shards} needs this shard's index: --shard I/${flags.shards}, or one of ${SHARD_ENV.map((v) => v.index).join(', ')}`);
  }
  return WHOLE;
}

/**
 * Whether job `jobIndex` belongs to `shard`: job i goes to shard i mod N. Compare deals by
 * replication (so each strategy's replication r lands in the same shard), plan by its flat
 * (count, replication) index.
 */
export function inShard(jobIndex: number, shard: Shard): boolean {
  return jobIndex % shard.count === shard.index;
}
