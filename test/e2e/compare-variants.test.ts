// End to end: `ecsim compare a.yaml b.yaml` compares scenario files as variants of one fleet under
// one strategy, on common random numbers — every variant sees the same arrivals, replication by
// replication — with the fleet rows (peak instances, cost, waits) and the per-workload view; it
// refuses variants whose workloads, seed or horizon differ, several strategies and shards, exit 2.
// Budget: about 6 s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-compare-variants-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenario = (o: { name: string; group: string; rate?: number; seed?: number }) => `version: 1
name: ${o.name}
seed: ${o.seed ?? 5}
duration: 2h
clusters:
  - name: c
    instances:
${o.group}
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 512, memory: 512 }
workloads:
  - name: jobs
    cluster: c
    taskDefinition: job
    arrival: { poisson: { ratePerMinute: ${o.rate ?? 3} } }
    lifetime: { exponential: { mean: 10m } }
    retry: { attempts: 30, backoff: 30s }
`;
const tracking = (target: number) => `      - count: 4
        resources: { CPU: 2048, MEMORY: 8192 }
        pricePerHour: 0.1
        autoscaling:
          min: 2
          max: 40
          policy: { targetTracking: { metric: CPUReservation, target: ${target} } }
          bootTime: 2m`;

const file = (name: string, text: string) => {
  const p = join(tmp, `${name}.yaml`);
  writeFileSync(p, text);
  return p;
};
const at50 = file('at50', scenario({ name: 'at50', group: tracking(50) }));
const at90 = file('at90', scenario({ name: 'at90', group: tracking(90) }));
const busier = file('busier', scenario({ name: 'busier', group: tracking(90), rate: 4 }));
const reseeded = file('reseeded', scenario({ name: 'reseeded', group: tracking(90), seed: 6 }));

interface Doc {
  strategies: string[];
  variants: { label: string; file: string; differs: string[] }[];
  seeds: number[];
  metrics: { key: string; best: string[]; byStrategy: Record<string, { values: number[]; mean: number }> }[];
}

describe('compare of variant files', () => {
  const r = ecsim(['compare', at50, at90, '-n', '3', '--json', '-q']);
  const doc = JSON.parse(r.stdout) as Doc;
  const metric = (key: string) => doc.metrics.find((m) => m.key === key)!;

  it('runs each file as a column, on the same seeds', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(doc.strategies).toEqual(['at50', 'at90']);
    expect(doc.seeds).toEqual([5, 6, 7]);
    expect(doc.variants.map((v) => [v.label, v.differs])).toEqual([
      ['at50', []],
      ['at90', ['clusters']],
    ]);
  });

  it('common random numbers: both variants see the same arrivals in every replication, those of a plain run of that seed', () => {
    const requested = metric('tasks.requested').byStrategy;
    expect(requested['at50']!.values).toEqual(requested['at90']!.values);
    // three seeds of a Poisson workload: not the same count by chance
    expect(new Set(requested['at50']!.values).size).toBe(3);
    for (const [i, seed] of doc.seeds.entries()) {
      const run = JSON.parse(ecsim(['run', at90, '--seed', String(seed), '--json', '-q']).stdout);
      expect(run.tasks.requested).toBe(requested['at90']!.values[i]);
      expect(run.fleet.total.cost).toBe(metric('fleet.cost').byStrategy['at90']!.values[i]);
    }
  });

  it('adds the fleet rows, and the lower target pays for more instances and fewer waits', () => {
    const keys = doc.metrics.map((m) => m.key).filter((k) => k.startsWith('fleet.'));
    expect(keys).toEqual(['fleet.peakInstances', 'fleet.cost', 'fleet.costPerHour', 'fleet.costPerMonth', 'fleet.costPer1000TaskHours', 'fleet.waited.tasks', 'fleet.waited.meanMs']);
    expect(metric('fleet.peakInstances').byStrategy['at50']!.mean).toBeGreaterThan(metric('fleet.peakInstances').byStrategy['at90']!.mean);
    expect(metric('fleet.cost').best).toEqual(['at90']);
    expect(metric('fleet.waited.tasks').byStrategy['at50']!.mean).toBeLessThanOrEqual(metric('fleet.waited.tasks').byStrategy['at90']!.mean);
    const month = metric('fleet.costPerMonth').byStrategy['at90']!.values;
    metric('fleet.costPerHour').byStrategy['at90']!.values.forEach((h, i) => expect(month[i]).toBeCloseTo(h * 730, 6));
  });

  it('the table says what is compared; the CSV names the column variant', () => {
    const t = ecsim(['compare', at50, at90, '-q']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('2 variants under its own strategy each, seed 5 (same workloads, arrivals and lifetimes for every variant):');
    expect(t.stdout).toContain(`at90 = ${at90} (differs in clusters)`);
    expect(t.stdout).toMatch(/cost per 1,000 task-hours/);
    const c = ecsim(['compare', at50, at90, '--csv', '-q']);
    expect(c.stdout.split('\n')[0]).toBe('metric,variant,n,mean,ci95_low,ci95_high,sd,best');
    expect(c.stdout).toContain('fleet.waited.tasks,at50,');
  });

  it('one --strategies name applies to every variant', () => {
    const t = ecsim(['compare', at50, at90, '--strategies', 'binpack:cpu', '--json', '-q']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout).strategy).toBe('binpack:cpu');
  });

  it('the report: variants compared, fleet bars, the per-workload view and every variant\'s text', () => {
    const out = join(tmp, 'variants.html');
    expect(ecsim(['compare', at50, at90, '-n', '2', '--report', out, '-q']).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const sections = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sections).toEqual(['figures', 'comparison', 'workloads', 'utilization', 'pending', 'stranded', 'failures', 'scenario']);
    expect(html).toContain('<h2>Variants compared</h2>');
    expect(html).toContain('cost per month (× 730 h) (USD)');
    expect(html).toContain('jobs: placement rate');
    expect(html).toContain('jobs: request→RUNNING p99');
    expect(html).toContain('name: at50');
    expect(html).toContain('name: at90');
    expect(html).toContain('— at90'); // small multiples per variant
    // how each variant's fleet moved, one chart per variant on one scale
    expect(html).toContain('Autoscaled instances: desired, booting, registered — at50');
    expect(html).toContain('Autoscaled instances: desired, booting, registered — at90');
  });
});

describe('compare of strategies', () => {
  it('of a scenario that autoscales gains the fleet rows; of one that neither prices nor autoscales, none', () => {
    const fleet = JSON.parse(ecsim(['compare', at90, '--strategies', 'random,binpack:cpu', '--json', '-q']).stdout) as Doc;
    expect(fleet.metrics.filter((m) => m.key.startsWith('fleet.')).length).toBe(7);
    expect(fleet.variants).toBeUndefined();
    const plain = JSON.parse(ecsim(['compare', 'scenarios/quickstart.yaml', '--strategies', 'random,binpack:cpu', '--duration', '10m', '--json', '-q']).stdout) as Doc;
    expect(plain.metrics.filter((m) => m.key.startsWith('fleet.'))).toEqual([]);
  });
});

describe('compare of variant files refuses what common random numbers cannot hold', () => {
  it('variants whose workloads differ', () => {
    const r = ecsim(['compare', at90, busier, '-q']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`ecsim compare: ${busier}: its workloads differ from ${at90}'s`);
  });

  it('variants of different seeds, unless --seed sets one', () => {
    const r = ecsim(['compare', at90, reseeded, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${reseeded}: seed 6, ${at90}: seed 5; give them one seed or pass --seed`);
    const ok = ecsim(['compare', at90, reseeded, '--seed', '9', '--json', '-q']);
    expect(ok.code).toBe(0);
    // the seed was overridden for both, so nothing else sets them apart
    expect(JSON.parse(ok.stdout).variants[1].differs).toEqual([]);
  });

  it('several strategies, or a shard', () => {
    const r = ecsim(['compare', at50, at90, '--strategies', 'random,binpack:cpu', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several scenario files are compared under one strategy; --strategies lists 2');
    const s = ecsim(['compare', at50, at90, '--shard', '0/2', '-q']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--shard, --shards and --out take one scenario file');
  });
});
