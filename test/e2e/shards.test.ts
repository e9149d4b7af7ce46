// End to end: `compare` and `plan --grid` run unsharded and as 3 shards in separate processes (the
// shard taken from each batch engine's environment form in turn), `ecsim merge` prints the very
// bytes of the unsharded run (table, JSON, CSV, HTML; plan text, JSON, HTML) whatever the number of
// shards, the order of the files or the workers per shard; shards that do not belong together are
// refused with one line each and exit 2. Budget: about 15 s.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, MAIN, ROOT, type CliResult } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ecsim-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENGINE_VARS = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_STEP', 'AWS_BATCH_JOB_ARRAY_INDEX'];

/** Runs `ecsim args…` in its own process, with only `env` of the batch engines' variables set. */
function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENGINE_VARS.includes(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function ok(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await run(args, env);
  expect(r.stderr, `ecsim ${args.join(' ')}`).toBe('');
  return r;
}

const at = (name: string) => join(dir, name);
const read = (name: string) => readFileSync(at(name), 'utf8');

/** Shard i of 3 from each engine's environment form in turn: Kubernetes, Slurm, AWS Batch. */
const ENV_FORMS: ((i: number) => { args: string[]; env: Record<string, string> })[] = [
  (i) => ({ args: ['--shards', '3'], env: { JOB_COMPLETION_INDEX: String(i) } }),
  (i) => ({ args: [], env: { SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '3' } }),
  (i) => ({ args: ['--shards', '3'], env: { AWS_BATCH_JOB_ARRAY_INDEX: String(i) } }),
];

/** Runs shards 0..n-1 of `cmd` in parallel processes; returns their file names. */
async function shards(cmd: string[], prefix: string, n: number, form: (i: number) => { args: string[]; env: Record<string, string> }, extra: string[] = []): Promise<string[]> {
  const names = Array.from({ length: n }, (_, i) => at(`${prefix}-${i}.jsonl`));
  const results = await Promise.all(names.map((out, i) => run([...cmd, ...form(i).args, '--out', out, ...extra], form(i).env)));
  for (const r of results) {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  return names;
}

// one worker unless a test says otherwise: a thread pool costs more to start than these runs take
const COMPARE = ['compare', 'scenarios/quickstart.yaml', '-n', '4', '--strategies', 'random,binpack:memory', '--duration', '1h', '-q', '-w', '1'];
const PLAN = ['plan', 'scenarios/quickstart.yaml', '--group', 'demo/0', '--target', 'placementRate>=0.99', '-n', '2', '--grid', '6..12', '--step', '2', '--duration', '1h', '-q', '-w', '1'];

/** Compare shards 0..2 from the engines' environment forms (one worker), and the same from `--shard I/3` (two workers). */
let files: string[] = [];
let matrix: string[] = [];
const unsharded = { table: '', json: '', csv: '', html: '' };
beforeAll(async () => {
  ensureBuilt();
  const [table, json, csv, sharded, byFlag] = await Promise.all([
    ok([...COMPARE, '--report', at('un.html')]),
    ok([...COMPARE, '--json']),
    ok([...COMPARE, '--csv']),
    shards(COMPARE, 'cmp', 3, (i) => ENV_FORMS[i]!(i)),
    shards(COMPARE, 'matrix', 3, (i) => ({ args: ['--shard', `${i}/3`], env: {} }), ['-w', '2']),
  ]);
  Object.assign(unsharded, { table: table.stdout, json: json.stdout, csv: csv.stdout, html: read('un.html') });
  files = sharded;
  matrix = byFlag;
}, 180_000);

describe('ecsim compare --shard and ecsim merge', () => {
  it('deals replication r to shard r mod 3, each strategy alike', () => {
    const entries = files.map((f) => readFileSync(f, 'utf8').trimEnd().split('\n').slice(1, -1).map((l) => JSON.parse(l) as { strategy: string; replication: number }));
    expect(entries.map((es) => es.map((e) => `${e.strategy}#${e.replication}`))).toEqual([
      ['random#0', 'random#3', 'binpack:memory#0', 'binpack:memory#3'],
      ['random#1', 'binpack:memory#1'],
      ['random#2', 'binpack:memory#2'],
    ]);
  });

  it('merges to the bytes of the unsharded table, JSON, CSV and HTML report', async () => {
    const [table, json, csv] = await Promise.all([ok(['merge', ...files, '--report', at('merged.html'), '-q']), ok(['merge', ...files, '--json']), ok(['merge', ...files, '--csv'])]);
    expect(unsharded.table).toMatch(/^quickstart: 2 strategies, 4 replications/);
    expect(table.stdout).toBe(unsharded.table);
    expect(json.stdout).toBe(unsharded.json);
    expect(csv.stdout).toBe(unsharded.csv);
    expect(read('merged.html')).toBe(unsharded.html);
  });

  it('does not depend on the order of the files, the number of shards or the workers per shard', async () => {
    // the CI-matrix form with 2 workers writes the very files the engine forms wrote with 1
    for (const [i, f] of matrix.entries()) expect(readFileSync(f, 'utf8')).toBe(readFileSync(files[i]!, 'utf8'));
    const [whole, five] = await Promise.all([shards(COMPARE, 'one', 1, () => ({ args: [], env: {} })), shards(COMPARE, 'five', 5, (i) => ({ args: ['--shard', `${i}/5`], env: {} }))]);
    const merged = await Promise.all([ok(['merge', files[1]!, files[2]!, files[0]!, '--json']), ok(['merge', ...whole, '--json']), ok(['merge', ...five.reverse(), '--json'])]);
    for (const m of merged) expect(m.stdout).toBe(unsharded.json);
  });
});

describe('ecsim plan --grid --shard and ecsim merge', () => {
  it('merges to the bytes of the unsharded plan: text, JSON, HTML report and exit code', async () => {
    const [text, json, files] = await Promise.all([
      run([...PLAN, '--report', at('plan.html')]),
      run([...PLAN, '--json']),
      shards(PLAN, 'plan', 3, (i) => ENV_FORMS[(i + 1) % 3]!(i)),
    ]);
    expect(text.stdout).toMatch(/grid 6–12 step 2\n/);
    expect(text.stdout).toMatch(/^answer: \d+ instances in demo\/0$/m);
    const [mText, mJson, mReversed] = await Promise.all([run(['merge', ...files, '--report', at('plan-merged.html'), '-q']), run(['merge', ...files, '--json']), run(['merge', ...[...files].reverse()])]);
    expect(mText.stdout).toBe(text.stdout);
    expect(mReversed.stdout).toBe(text.stdout);
    expect(mJson.stdout).toBe(json.stdout);
    expect(read('plan-merged.html')).toBe(read('plan.html'));
    expect([mText.code, mJson.code]).toEqual([text.code, json.code]);
  });
});

describe('ecsim merge refuses shards that do not belong together', () => {
  /** Merge exits 2 with exactly one line on stderr, matching `want`, and prints nothing. */
  async function refuses(args: string[], want: RegExp): Promise<void> {
    const r = await run(['merge', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(want);
  }

  it('a missing shard', () => refuses([matrix[0]!, matrix[2]!], /^ecsim merge: shard 1 of 3 is missing \(given: 0, 2\)$/));

  it('a shard given twice', async () => {
    writeFileSync(at('copy.jsonl'), readFileSync(matrix[1]!));
    await refuses([...matrix, at('copy.jsonl')], /^ecsim merge: shard 1 of 3 is given 2 times: .*copy\.jsonl, .*matrix-1\.jsonl$/);
  });

  it('shards of different scenarios', async () => {
    writeFileSync(at('other.yaml'), readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace('seed: 1', 'seed: 1 # edited'));
    const [other] = await shards([...COMPARE.slice(0, 1), at('other.yaml'), ...COMPARE.slice(2)], 'other', 1, () => ({ args: ['--shard', '1/3'], env: {} }));
    await refuses([matrix[0]!, other!, matrix[2]!], /other-0\.jsonl: scenario .*other\.yaml \(sha256 [0-9a-f]{12}…\) is not .*matrix-0\.jsonl's scenarios\/quickstart\.yaml/);
  });

  it('shards of different versions', async () => {
    writeFileSync(at('old.jsonl'), readFileSync(matrix[2]!, 'utf8').replace(/"version":"[^"]+"/, '"version":"0.0.1"'));
    await refuses([matrix[0]!, matrix[1]!, at('old.jsonl')], /old\.jsonl: written by ecsim 0\.0\.1, but this is ecsim \d+\.\d+\.\d+/);
  });

  it('a truncated file, cut inside a line or at a line end', async () => {
    const text = readFileSync(matrix[1]!, 'utf8');
    writeFileSync(at('cut.jsonl'), text.slice(0, text.length - 40));
    await refuses([matrix[0]!, at('cut.jsonl'), matrix[2]!], /cut\.jsonl: truncated after line 2 \(1 result and no end line\)/);
    const lines = text.split('\n');
    writeFileSync(at('short.jsonl'), `${lines.slice(0, 2).join('\n')}\n`);
    await refuses([matrix[0]!, at('short.jsonl'), matrix[2]!], /short\.jsonl: truncated after line 2 \(1 result and no end line\)/);
  });

  it('an engine index without its count is a usage error before anything runs', async () => {
    const r = await run([...COMPARE, '--out', at('never.jsonl')], { JOB_COMPLETION_INDEX: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ecsim compare: JOB_COMPLETION_INDEX=1 (Kubernetes Indexed Job) names this shard but not how many there are: add --shards N\n');
    expect(() => readFileSync(at('never.jsonl'))).toThrow();
  });
});
