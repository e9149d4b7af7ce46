// End to end: `ecsim plan --minimize cost` on a constant load of 12 vCPU (fixtures/constant-load.yaml):
// the table with the cheapest marked, --json, a candidates file, and every refusal (exit 2, before
// any run). Answers by hand: m5.large × 6 = $0.576/h, m5.xlarge × 3 = $0.576/h, c5.xlarge × 3 = $0.51/h.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const FILE = 'test/e2e/fixtures/constant-load.yaml';
const BASE = ['plan', FILE, '--group', 'c/0', '--target', 'placementRate>=1', '-w', '1'];
beforeAll(() => ensureBuilt(), 180_000);

const dir = mkdtempSync(join(tmpdir(), 'ecsim-cost-plan-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

interface CostDoc {
  minimize: string;
  cheapest: string | null;
  seeds: number[];
  candidates: { label: string; searched: string; answer: number | null; meets: boolean; pricePerHour: number; cost: { overHorizon: number; perMonth: number } | null; below: { count: number } | null }[];
}

describe('ecsim plan --minimize cost', () => {
  it('prints one row per candidate, the cheapest marked, with its cost and margin', () => {
    const r = ecsim([...BASE, '--minimize', 'cost', '--types', 'm5.large,m5.xlarge,c5.xlarge']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ m5\.large +│ count +│ +6 │ +0\.096 │ +6 │ +\$0\.58 │ +\$420\.48 │ +100\.00% \(\+0\.000 points\) │ yes +│/);
    expect(r.stdout).toMatch(/│ c5\.xlarge ★ +│ count +│ +3 │ +0\.17 │ +3 │ +\$0\.51 │ +\$372\.30 │/);
    expect(r.stdout).toMatch(/^cheapest: c5\.xlarge, 3 instances: \$0\.51 over the 1 h horizon \(\$0\.51\/h, \$372\.30 a month\)$/m);
    expect(r.stdout).toMatch(/^ {2}2 misses placementRate>=1$/m);
    expect(r.stdout).toMatch(/^ {2}next: m5\.large at 6 costs \$0\.07 more over the horizon \(\+12\.9%\)$/m);
    // each probe on stderr, named by its candidate
    expect(r.stderr).toMatch(/^c5\.xlarge probe 3: placementRate=100\.00% → meets$/m);
    expect(r.stderr).toMatch(/^c5\.xlarge probe 2: placementRate=66\.67% → misses$/m);
  });

  it('--report draws the cheapest candidate\'s search', () => {
    const report = join(dir, 'report.html');
    const r = ecsim([...BASE, '--minimize', 'cost', '--types', 'm5.large,c5.xlarge', '--report', report, '-q']);
    expect(r.code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>Capacity search</h2>');
    expect(html).toContain('c/0 as c5.xlarge');
  });

  it('--json carries every candidate, its search and its cost', () => {
    const r = ecsim([...BASE, '--minimize', 'cost', '--types', 'm5.large,c5.xlarge', '--json', '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as CostDoc;
    expect(doc.minimize).toBe('cost');
    expect(doc.cheapest).toBe('c5.xlarge');
    expect(doc.candidates.map((c) => [c.label, c.searched, c.answer, c.cost?.overHorizon, c.below?.count])).toEqual([
      ['m5.large', 'count', 6, 0.58, 5],
      ['c5.xlarge', 'count', 3, 0.51, 2],
    ]);
  });

  it('takes whole groups from a candidates file, and exits 1 with advice when none meets', () => {
    const candidates = file('c.yaml', '- { resources: { CPU: 6144, MEMORY: 8192 }, pricePerHour: 0.2 }\n- type: m5.large\n');
    // 2 × 6 vCPU at $0.20 = $0.40/h beats m5.large × 6 = $0.576/h
    const r = ecsim([...BASE, '--minimize', 'cost', '--candidates', candidates, '--json', '-q']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CostDoc;
    expect(doc.candidates.map((c) => [c.label, c.answer, c.cost?.overHorizon])).toEqual([
      ['#1 (CPU 6144, MEMORY 8192)', 2, 0.4],
      ['m5.large', 6, 0.58],
    ]);
    expect(doc.cheapest).toBe('#1 (CPU 6144, MEMORY 8192)');

    const none = ecsim([...BASE, '--minimize', 'cost', '--candidates', candidates, '--max', '1', '-q']);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/│ m5\.large +│ count +│ +none ≤ 1 │/);
    expect(none.stdout).toMatch(/^m5\.large: no count in 1–1 meets the targets; widen the search with --max \(e\.g\. --max 17\)$/m);
    expect(none.stdout).toMatch(/^no candidate meets placementRate>=1$/m);
  });

  it('says why no count of a type too small for the tasks can meet, instead of advising a wider search', () => {
    // t2.micro registers 1,024 CPU units but only 1,003 MiB; the job needs 512 MiB, so it fits. t2.nano: 501 MiB, it does not
    const r = ecsim([...BASE, '--minimize', 'cost', '--types', 't2.nano,m5.large', '--max', '8', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^t2\.nano: no count can meet the targets: workload load: job:1 can never be placed in cluster c: it needs 512 MiB \(the most any instance registers is 501 MiB, t2\.nano\)$/m);
    expect(r.stdout).not.toMatch(/t2\.nano: .*--max/);
    const doc = JSON.parse(ecsim([...BASE, '--minimize', 'cost', '--types', 't2.nano,m5.large', '--max', '8', '--json', '-q']).stdout) as { candidates: { label: string; neverPlaced: string[] }[] };
    expect(doc.candidates.map((c) => [c.label, c.neverPlaced.length])).toEqual([['t2.nano', 1], ['m5.large', 0]]);
  });

  it.each([
    [['--minimize', 'cost', '--types', 'm5.large,m5.larg'], /^ecsim plan: --types: unknown instance type "m5\.larg" \(did you mean "m5\.large"\?\)/],
    [['--minimize', 'cost', '--types', 'm5.large', '--candidates', 'x.yaml'], /--types and --candidates are two ways to give the candidates; give one/],
    [['--minimize', 'cost', '--types', 'm5.large', '--grid', '1..8'], /--minimize cost searches each candidate by bisection; it does not take --grid/],
    [['--minimize', 'cost', '--types', 'm5.large', '--grid', '1..8', '--shard', '0/2'], /it does not take --grid/],
    [['--minimize', 'cost', '--types', 'm5.large', '--shard', '0/2'], /it does not take --shard/],
    [['--minimize', 'cost', '--types', 'm5.large', '--price', '0.1'], /--price prices a candidate type: TYPE=USD/],
    [['--minimize', 'cost'], /--minimize cost needs candidates: --types m5\.large,c5\.xlarge or --candidates FILE/],
    [['--minimize', 'money', '--types', 'm5.large'], /--minimize must be count or cost, got money/],
    [['--types', 'm5.large'], /--types goes with --minimize cost/],
    [['--minimize', 'cost', '--candidates', '/nonexistent/c.yaml'], /\/nonexistent\/c\.yaml: cannot read the candidates: no such file/],
  ])('refuses %j with exit 2 before any run', (args, message) => {
    const r = ecsim([...BASE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/probe|\n\s+at /);
  });

  it('refuses --price on plain plan of an autoscaled group, whose cost count × price is not', () => {
    const r = ecsim(['plan', 'scenarios/autoscaling/target-tracking-60.yaml', '--group', 'batch/0', '--target', 'placementRate>=0.99', '--price', '0.1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ecsim plan: batch\/0 autoscales, so its cost is what it launches, not its max × --price; use --minimize cost --types TYPE/);
  });

  it('refuses a candidates file with unpriced or unknown groups, each at file:line:col', () => {
    const bad = file('bad.yaml', ['- type: m5.large', '- resources: { CPU: 4096, MEMORY: 8192 }', '- { type: x9.huge, resources: { CPU: 4096, MEMORY: 8192 } }', '- type: c5.xlarg', ''].join('\n'));
    const r = ecsim([...BASE, '--minimize', 'cost', '--candidates', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown instance type "c5\.xlarg" \(did you mean "c5\.xlarge"\?\)/);
    const priced = ecsim([...BASE, '--minimize', 'cost', '--candidates', file('unpriced.yaml', ['- type: m5.large', '- resources: { CPU: 4096, MEMORY: 8192 }', '- { type: x9.huge, resources: { CPU: 4096, MEMORY: 8192 } }', ''].join('\n'))]);
    expect(priced.code).toBe(2);
    expect(priced.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/unpriced\.yaml:2:14 \[1\]\.resources: a group given by its resources: give its pricePerHour/),
      expect.stringMatching(/unpriced\.yaml:3:11 \[2\]\.type: instance type x9\.huge is not in the built-in price table: give its pricePerHour/),
    ]);
  });
});
