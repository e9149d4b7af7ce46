// Which shard a process runs: --shard I/N, or a batch engine's array index with its count; --shard
// wins; an index without a count, a count that disagrees, or an index out of range is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dealKey } from '../../../src/experiment/merge.js';
import { inShard, parseShard, resolveShard, WHOLE, type Shard } from '../../../src/experiment/shard.js';

describe('resolveShard', () => {
  const cases: { name: string; flags: { shard?: string; shards?: number }; env: Record<string, string>; want: Shard }[] = [
    { name: 'nothing: the whole sweep', flags: {}, env: {}, want: WHOLE },
    { name: '--shard I/N', flags: { shard: '2/5' }, env: {}, want: { index: 2, count: 5 } },
    { name: 'Kubernetes Indexed Job with --shards', flags: { shards: 4 }, env: { JOB_COMPLETION_INDEX: '3' }, want: { index: 3, count: 4 } },
    { name: 'Slurm array: index and count from the environment', flags: {}, env: { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3' }, want: { index: 1, count: 3 } },
    { name: 'Slurm array from 1 (--array=1-3)', flags: {}, env: { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' }, want: { index: 2, count: 3 } },
    {
      name: 'Slurm array with a step (--array=0-8:4)',
      flags: {},
      env: { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '4' },
      want: { index: 2, count: 3 },
    },
    { name: 'Slurm with a matching --shards', flags: { shards: 3 }, env: { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' }, want: { index: 0, count: 3 } },
    { name: 'AWS Batch array job with --shards', flags: { shards: 10 }, env: { AWS_BATCH_JOB_ARRAY_INDEX: '9' }, want: { index: 9, count: 10 } },
    { name: '--shard wins over the environment', flags: { shard: '0/2' }, env: { JOB_COMPLETION_INDEX: '5', SLURM_ARRAY_TASK_ID: '1' }, want: { index: 0, count: 2 } },
    { name: 'an empty variable is not set', flags: {}, env: { JOB_COMPLETION_INDEX: '' }, want: WHOLE },
  ];
  it.each(cases)('$name', ({ flags, env, want }) => expect(resolveShard(flags, env)).toEqual(want));

  const refused: { name: string; flags: { shard?: string; shards?: number }; env: Record<string, string>; want: RegExp }[] = [
    { name: 'Kubernetes index without --shards', flags: {}, env: { JOB_COMPLETION_INDEX: '1' }, want: /^JOB_COMPLETION_INDEX=1 \(Kubernetes Indexed Job\) names this shard but not how many there are: add --shards N$/ },
    { name: 'AWS Batch index without --shards', flags: {}, env: { AWS_BATCH_JOB_ARRAY_INDEX: '0' }, want: /AWS_BATCH_JOB_ARRAY_INDEX=0 \(AWS Batch array job\).*add --shards N/ },
    { name: 'Slurm index without a count', flags: {}, env: { SLURM_ARRAY_TASK_ID: '0' }, want: /SLURM_ARRAY_TASK_COUNT is not set/ },
    { name: '--shards without an index', flags: { shards: 3 }, env: {}, want: /--shards 3 needs this shard's index/ },
    { name: '--shard and --shards disagree', flags: { shard: '1/3', shards: 4 }, env: {}, want: /disagree/ },
    { name: '--shards and SLURM_ARRAY_TASK_COUNT disagree', flags: { shards: 4 }, env: { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' }, want: /--shards 4 disagrees with SLURM_ARRAY_TASK_COUNT=3/ },
    { name: 'an index past the count', flags: { shards: 3 }, env: { JOB_COMPLETION_INDEX: '3' }, want: /is shard 3, but there are only 3 shards \(0–2\)/ },
    { name: 'an index that is no integer', flags: { shards: 3 }, env: { JOB_COMPLETION_INDEX: 'one' }, want: /JOB_COMPLETION_INDEX=one is not a non-negative integer/ },
    { name: 'a Slurm index off its step', flags: {}, env: { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_STEP: '2' }, want: /does not fit/ },
  ];
  it.each(refused)('refuses $name', ({ flags, env, want }) => expect(() => resolveShard(flags, env)).toThrow(want));
});

describe('parseShard', () => {
  it.each(['0/1', '3/4', ' 1 / 2 '])('reads %s', (t) => expect(parseShard(t).count).toBeGreaterThan(parseShard(t).index));
  it.each([
    ['1/1', /below N/],
    ['0/0', /at least 1/],
    ['1', /expected I\/N/],
    ['-1/3', /expected I\/N/],
    ['a/b', /expected I\/N/],
  ])('refuses %s', (t, want) => expect(() => parseShard(t)).toThrow(want));
});

describe('dealing', () => {
  it('puts every job in exactly one shard, and each strategy of a replication in the same one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('compare' as const, 'plan' as const), (rows, reps, n, kind) => {
        for (let job = 0; job < rows * reps; job++) {
          const owners = Array.from({ length: n }, (_, index) => index).filter((index) => inShard(dealKey(kind, job, reps), { index, count: n }));
          expect(owners).toHaveLength(1);
          if (kind === 'compare') expect(owners[0]).toBe((job % reps) % n);
        }
      }),
    );
  });
});
