// End to end: what `run --csv` and `run --report` add for a scenario that autoscales or prices a
// group — fleet.csv (sizes beside the reservation), scaling.csv, cost.csv, the JSON's reservation
// series, the report's Fleet section — and that a scenario with neither gets none of it. The
// autoscaled scenario is the hand-worked one of test/unit/scenario/autoscaling/scaling.test.ts:
// 8 tasks of 256 CPU on 1024-CPU instances, target 50%: 1→2 at 1m (registers at 4m), 2→4 at 6m
// (register at 9m), then 50% on target for good. Budget: about 4 s.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-fleet-outputs-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenario = (group: string) => `version: 1
name: fleet-outputs
duration: 30m
clusters:
  - name: c
    instances:
${group}
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 256, memory: 256 }
workloads:
  - name: load
    cluster: c
    taskDefinition: job
    arrival: { burst: { at: 0s, count: 8 } }
    lifetime: forever
    retry: { attempts: 100, backoff: 30s }
`;
const AUTOSCALED = `      - count: 1
        resources: { CPU: 1024, MEMORY: 4096 }
        pricePerHour: 0.1
        autoscaling:
          min: 1
          max: 20
          policy: { targetTracking: { metric: CPUReservation, target: 50 } }
          period: 1m
          scaleOutCooldown: 5m
          scaleInCooldown: 1m
          bootTime: 3m`;
const FIXED = `      - count: 4
        resources: { CPU: 1024, MEMORY: 4096 }`;
const PRICED = `${FIXED}
        pricePerHour: 0.1`;

const files = { autoscaled: join(tmp, 'autoscaled.yaml'), fixed: join(tmp, 'fixed.yaml'), priced: join(tmp, 'priced.yaml') };
writeFileSync(files.autoscaled, scenario(AUTOSCALED));
writeFileSync(files.fixed, scenario(FIXED));
writeFileSync(files.priced, scenario(PRICED));

const csv = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
const sections = (html: string) => [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);

describe('run --csv of an autoscaled scenario', () => {
  const dir = join(tmp, 'csv-autoscaled');
  const r = ecsim(['run', files.autoscaled, '--csv', dir, '--sample-every', '1m', '-q']);

  it('writes fleet.csv, scaling.csv and cost.csv beside the usual files', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['timeseries.csv', 'tasks.csv', 'fleet.csv', 'scaling.csv', 'cost.csv']) expect(existsSync(join(dir, f))).toBe(true);
  });

  it('fleet.csv: desired, booting and registered per group and for the cluster, beside the reservation', () => {
    const rows = csv(join(dir, 'fleet.csv'));
    expect(rows[0]).toEqual(['time_ms', 'cluster', 'group', 'desired', 'booting', 'registered', 'cpu_reservation_pct', 'memory_reservation_pct']);
    const at = (t: number, group: string) => rows.find((row) => row[0] === String(t) && row[2] === group)!.slice(3);
    // 2m: asked for 2 at 1m, one booting until 4m; the one registered instance is full (1024 of 1024 CPU, 1024 of 4096 MiB)
    expect(at(120_000, 'c/0')).toEqual(['2', '1', '1', '100', '25']);
    expect(at(120_000, '(cluster)')).toEqual(['2', '1', '1', '100', '25']);
    // 7m: asked for 4 at 6m, two booting; two registered, full
    expect(at(420_000, 'c/0')).toEqual(['4', '2', '2', '100', '25']);
    // 10m: all four registered, 2048 of 4096 CPU reserved: on target
    expect(at(600_000, 'c/0')).toEqual(['4', '0', '4', '50', '12.5']);
    // one row per group and one for the cluster per sample (0, 1m, …, 30m)
    expect(rows.length - 1).toBe(31 * 2);
  });

  it('scaling.csv: each action with its time, group, from, to and why', () => {
    const rows = csv(join(dir, 'scaling.csv'));
    expect(rows[0]).toEqual(['time_ms', 'group', 'cluster', 'from', 'to', 'reason']);
    expect(rows.slice(1)).toEqual([
      ['60000', 'c/0', 'c', '1', '2', 'CPUReservation 100% against target 50%'],
      ['360000', 'c/0', 'c', '2', '4', 'CPUReservation 100% against target 50%'],
    ]);
  });

  it('cost.csv: the group, the cluster and the total, cost = instance-hours × price', () => {
    const rows = csv(join(dir, 'cost.csv'));
    expect(rows[0]).toEqual(['scope', 'name', 'cluster', 'price_per_hour', 'instance_hours', 'cost', 'cost_per_hour', 'cost_per_1000_task_hours', 'task_hours', 'peak_instances', 'policy', 'tasks_waited', 'mean_wait_ms', 'max_wait_ms']);
    expect(rows.map((row) => `${row[0]} ${row[1]}`).slice(1)).toEqual(['group c/0', 'cluster c', 'total (all)']);
    // 1 instance for 30m, 1 from 1m, 2 from 6m (billed from launch): 0.5 + 29/60 + 2 × 24/60 = 1.783333 h
    const group = rows[1]!;
    expect(Number(group[4])).toBeCloseTo(0.5 + 29 / 60 + (2 * 24) / 60, 5);
    expect(group[5]).toBe('0.18');
    expect(group[9]).toBe('4');
    expect(group[10]).toBe('targetTracking CPUReservation 50%');
    // the tasks that found no room waited for the new instances: the cluster and the total agree
    expect(Number(rows[2]![11])).toBe(Number(rows[3]![11]));
    expect(Number(rows[2]![11])).toBeGreaterThan(0);
  });

  it('--json carries the reservation beside the groups\' sizes, aligned with the same times', () => {
    const j = ecsim(['run', files.autoscaled, '--json', '--sample-every', '1m', '-q']);
    const fleet = JSON.parse(j.stdout).fleet;
    const i = fleet.timeseries.times.indexOf(600_000);
    expect(fleet.timeseries.groups[0].rows[i]).toEqual({ desired: 4, booting: 0, registered: 4 });
    expect(fleet.timeseries.clusters).toEqual([{ cluster: 'c', CPUReservation: expect.any(Array), MemoryReservation: expect.any(Array) }]);
    expect(fleet.timeseries.clusters[0].CPUReservation[i]).toBe(50);
    // fleet.csv says the same as the JSON at every sample
    const rows = csv(join(dir, 'fleet.csv')).filter((row) => row[2] === 'c/0');
    expect(rows.map((row) => Number(row[3]))).toEqual(fleet.timeseries.groups[0].rows.map((x: { desired: number }) => x.desired));
    expect(rows.map((row) => Number(row[6]))).toEqual(fleet.timeseries.clusters[0].CPUReservation);
  });
});

describe('run --csv without autoscaling', () => {
  it('a scenario that neither prices nor autoscales writes none of the fleet files', () => {
    const dir = join(tmp, 'csv-fixed');
    expect(ecsim(['run', files.fixed, '--csv', dir, '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'timeseries.csv'))).toBe(true);
    for (const f of ['fleet.csv', 'scaling.csv', 'cost.csv']) expect(existsSync(join(dir, f))).toBe(false);
  });

  it('a priced fixed fleet writes cost.csv only', () => {
    const dir = join(tmp, 'csv-priced');
    expect(ecsim(['run', files.priced, '--csv', dir, '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'cost.csv'))).toBe(true);
    for (const f of ['fleet.csv', 'scaling.csv']) expect(existsSync(join(dir, f))).toBe(false);
    const rows = csv(join(dir, 'cost.csv'));
    // 4 instances × 0.5 h × $0.1
    expect(rows[1]!.slice(0, 6)).toEqual(['group', 'c/0', 'c', '0.1', '2', '0.2']);
    expect(rows[1]![10]).toBe('fixed');
  });
});

describe('run --report: the Fleet section', () => {
  it('an autoscaled scenario: cost, waits, and the group against its reservation with the actions on hover', () => {
    const out = join(tmp, 'autoscaled.html');
    expect(ecsim(['run', files.autoscaled, '--report', out, '-q']).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // the answer to the policy's question first: right after the key figures and workloads
    expect(sections(html)).toEqual(['figures', 'workloads', 'fleet', 'utilization', 'pending', 'stranded', 'failures', 'scenario']);
    const fleet = html.slice(html.indexOf('<section id="fleet">'));
    expect(fleet).toContain('<h3>Cost</h3>');
    expect(fleet).toContain('<h3>Tasks that waited for a scale-out</h3>');
    expect(fleet).toContain('c/0: instances against CPUReservation');
    expect(fleet).toContain('<title>scale-out at 0:01: 1→2 (CPUReservation 100% against target 50%)</title>');
    expect(fleet).toContain('<title>scale-out at 0:06: 2→4 (CPUReservation 100% against target 50%)</title>');
    expect(fleet).toContain('<title>target 50%</title>');
    expect(fleet).toContain('$0.18');
    expect(html).toContain('<a href="#fleet">Fleet</a>');
  });

  it('a priced fixed fleet: the cost table, no fleet chart', () => {
    const out = join(tmp, 'priced.html');
    expect(ecsim(['run', files.priced, '--report', out, '-q']).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(sections(html)).toContain('fleet');
    expect(html).toContain('<h3>Cost</h3>');
    expect(html).not.toContain('Fleet size against the tracked reservation');
    expect(html).not.toContain('Tasks that waited for a scale-out');
  });

  it('a scenario that neither prices nor autoscales: no Fleet section', () => {
    const out = join(tmp, 'fixed.html');
    expect(ecsim(['run', files.fixed, '--report', out, '-q']).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(sections(html)).not.toContain('fleet');
    expect(html).not.toContain('href="#fleet"');
  });
});
