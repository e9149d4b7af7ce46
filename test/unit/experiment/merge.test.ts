// Shard files and their merge: a sweep dealt over any number of shards and merged in any order
// gives back every result in job order, exactly (NaN, -0 and infinities included); a file cut
// anywhere before its end is refused; results in the wrong shard, twice, missing or of the wrong
// seed are each named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobResult } from '../../../src/experiment/job.js';
import { dealKey, mergeShards } from '../../../src/experiment/merge.js';
import { parseShardFile, SHARD_FORMAT, shardText, type ShardEntry, type ShardFile, type ShardHeader } from '../../../src/experiment/shard-file.js';
import { inShard } from '../../../src/experiment/shard.js';

const LABELS = ['random', 'binpack:memory'];
const SEEDS = [7, 8, 9, 10, 11];

function result(job: number): JobResult {
  const seed = SEEDS[job % SEEDS.length]!;
  return {
    seed,
    metrics: { placementRate: 1 - job / 1000, odd: job === 3 ? Number.NaN : job === 4 ? -0 : job === 5 ? Number.POSITIVE_INFINITY : job / 3 },
    failuresByReason: job % 2 ? { RESOURCE: job } : {},
    activeInstances: job * 0.1,
    instanceHours: job * 1.7,
  };
}
const ALL = Array.from({ length: LABELS.length * SEEDS.length }, (_, job) => result(job));

function header(index: number, count: number, patch: Partial<ShardHeader> = {}): ShardHeader {
  return {
    ecsimShard: SHARD_FORMAT,
    version: '1.2.3',
    shard: { index, count },
    scenario: { name: 's', path: 's.yaml', sha256: 'ab'.repeat(32), text: 'name: s\n' },
    modules: { './least-loaded.mjs': 'cd'.repeat(32) },
    seeds: SEEDS,
    options: { sampleEvery: 60_000 },
    compare: { specs: LABELS, labels: LABELS },
    command: 'ecsim compare s.yaml -n 5',
    ...patch,
  };
}

function entriesOf(index: number, count: number): ShardEntry[] {
  const R = SEEDS.length;
  return ALL.flatMap((r, job) => (inShard(dealKey('compare', job, R), { index, count }) ? [{ strategy: LABELS[Math.floor(job / R)]!, replication: job % R, result: r }] : []));
}

function parsed(name: string, text: string): ShardFile {
  const p = parseShardFile(name, text);
  if (!p.ok) throw new Error(p.problems.join('\n'));
  return p.shard;
}

const fileOf = (index: number, count: number): ShardFile => parsed(`shard-${index}.jsonl`, shardText(header(index, count), entriesOf(index, count)));

function problemsOf(files: ShardFile[]): string[] {
  const m = mergeShards(files, '1.2.3');
  return m.ok ? [] : m.problems;
}

describe('mergeShards', () => {
  it('gives back every result in job order, whatever the number of shards and the order of the files', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))),
        ([n, order]) => {
          const m = mergeShards(order.map((i) => fileOf(i, n)), '1.2.3');
          if (!m.ok) throw new Error(m.problems.join('\n'));
          expect(m.merged.results).toEqual(ALL);
          expect(Object.is(m.merged.results[4]!.metrics.odd, -0)).toBe(true);
          expect(m.merged.header.shard.index).toBe(0);
        },
      ),
    );
  });

  it('names a result in the wrong shard, one given twice, one missing and one of the wrong seed', () => {
    const e1 = entriesOf(1, 3);
    const stray = entriesOf(2, 3)[0]!;
    const wrongSeed = { ...e1[1]!, result: { ...e1[1]!.result, seed: 99 } };
    const f1 = parsed('one.jsonl', shardText(header(1, 3), [e1[0]!, e1[0]!, stray, wrongSeed]));
    expect(problemsOf([fileOf(0, 3), f1, fileOf(2, 3)])).toEqual([
      'one.jsonl:3: random replication 1 appears twice (also one.jsonl:2)',
      'one.jsonl:4: random replication 2 belongs to shard 2, not 1',
      'one.jsonl:5: random replication 4 ran seed 99, the header says 11',
      'one.jsonl: 3 results missing: random replication 4, binpack:memory replication 1, binpack:memory replication 4',
    ]);
  });

  it('names headers that differ from shard 0 (seeds, options, strategy modules, kind, version), each on its own line', () => {
    const other = parsed('b.jsonl', shardText(header(1, 3, { seeds: [1, 2, 3, 4, 5], options: { duration: 1 } }), []));
    expect(problemsOf([other, fileOf(0, 3)])).toEqual([
      "b.jsonl: seeds 1–5 (5), shard-0.jsonl's seeds 7–11 (5)",
      'b.jsonl: options {"duration":1}, shard-0.jsonl\'s {"sampleEvery":60000}',
    ]);
    const edited = parsed('m.jsonl', shardText(header(2, 3, { modules: { './least-loaded.mjs': 'ef'.repeat(32) } }), []));
    expect(problemsOf([fileOf(0, 3), edited])).toEqual([
      "m.jsonl: strategy module ./least-loaded.mjs (sha256 efefefefefef…) is not shard-0.jsonl's (sha256 cdcdcdcdcdcd…)",
    ]);
    const { compare: _, ...rest } = header(1, 3);
    const plan = parsed('p.jsonl', shardText({ ...rest, plan: { group: 'g/0', targets: ['placementRate>=1'], criterion: 'mean', grid: { lo: 1, hi: 2, step: 1 } } }, []));
    expect(problemsOf([fileOf(0, 3), plan])).toEqual(['p.jsonl: a plan shard, shard-0.jsonl a compare shard']);
    expect(problemsOf([fileOf(0, 3), fileOf(1, 3), parsed('x.jsonl', shardText(header(2, 3, { version: '1.2.2' }), entriesOf(2, 3)))])).toEqual([
      'x.jsonl: written by ecsim 1.2.2, but this is ecsim 1.2.3: merge with the version that ran the shards',
    ]);
  });
});

describe('parseShardFile', () => {
  const text = shardText(header(1, 2), entriesOf(1, 2));

  it('refuses the file cut anywhere before its last newline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 2 }), (cut) => {
        const p = parseShardFile('f.jsonl', text.slice(0, cut));
        expect(p.ok).toBe(false);
        if (!p.ok) expect(p.problems).toHaveLength(1);
      }),
    );
    expect(parseShardFile('f.jsonl', text.slice(0, -1)).ok).toBe(true);
  });

  it('says what is wrong with a file that is no shard file, or a newer format', () => {
    const lines = text.split('\n');
    expect(parseShardFile('f', '')).toEqual({ ok: false, problems: ['f: empty, not an ecsim shard file'] });
    expect(parseShardFile('f', 'name: s\n')).toEqual({ ok: false, problems: ['f:1: not an ecsim shard file (the first line is no shard header)'] });
    expect(parseShardFile('f', text.replace('"ecsimShard":1', '"ecsimShard":2'))).toMatchObject({ ok: false, problems: [expect.stringMatching(/^f:1: shard format 2 is newer/)] });
    expect(parseShardFile('f', text.replace('"seeds":[', '"seeds":["x",'))).toEqual({ ok: false, problems: ['f:1: the shard header has no valid seeds'] });
    expect(parseShardFile('f', `${lines.slice(0, 2).join('\n')}\n{"end":true,"results":5}\n`)).toEqual({ ok: false, problems: ['f:3: the end line counts 5 results, the file holds 1'] });
    expect(parseShardFile('f', `${text}{"x":1}\n`)).toEqual({ ok: false, problems: [`f:${lines.length}: text after the end line`] });
  });
});
