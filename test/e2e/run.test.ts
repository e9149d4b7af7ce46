// End to end: every bundled scenario through the built CLI, checking the outputs' shape and that
// the same seed gives identical bytes while another seed changes the outcome. Budget: about 10 s.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt, ROOT } from './cli-helpers.js';

const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);
const tmp = mkdtempSync(join(tmpdir(), 'ecsim-e2e-'));

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function csvLines(dir: string, file: string): string[] {
  return readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
}

describe('ecsim run on the bundled scenarios', () => {
  it('ships the quickstart and at least four real scenarios', () => {
    expect(scenarios).toContain('scenarios/quickstart.yaml');
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  it.each(scenarios)('%s: same seed → identical JSON and CSV bytes; another seed → another outcome', (file) => {
    const dirA = join(tmp, `${file.replace(/\W/g, '_')}-a`);
    const dirB = join(tmp, `${file.replace(/\W/g, '_')}-b`);
    const a = ecsim(['run', file, '--json', '--csv', dirA]);
    expect(a.stderr).not.toMatch(/Error|at .*\.js/);
    expect(a.code).toBe(0);
    const b = ecsim(['run', file, '--json', '--csv', dirB, '--quiet']);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    for (const f of ['timeseries.csv', 'tasks.csv']) expect(readFileSync(join(dirB, f), 'utf8')).toBe(readFileSync(join(dirA, f), 'utf8'));

    const doc = JSON.parse(a.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['scenario', 'seed', 'tasks', 'failuresByReason', 'placementRate', 'utilization', 'pendingToRunningMs', 'instances', 'events']));
    expect(doc).not.toHaveProperty('timing');
    expect(doc.tasks).toEqual(expect.objectContaining({ requested: expect.any(Number), placed: expect.any(Number), failed: expect.any(Number), completed: expect.any(Number) }));
    expect(doc.tasks.requested).toBeGreaterThan(0);
    // service tasks are placed in the cluster but requested by no workload: the services count them
    const byServices = Object.values((doc.services ?? {}) as Record<string, { launched: number }>).reduce((a, s) => a + s.launched, 0);
    expect(doc.tasks.placed - byServices + doc.tasks.failed + doc.tasks.awaitingRetry).toBe(doc.tasks.requested);
    expect(Object.values(doc.failuresByReason as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(doc.tasks.failed);
    expect(doc.placementRate).toBeGreaterThanOrEqual(0);
    expect(doc.placementRate).toBeLessThanOrEqual(1);
    for (const dim of ['CPU', 'MEMORY']) {
      expect(doc.utilization[dim].mean).toBeGreaterThan(0);
      expect(doc.utilization[dim].mean).toBeLessThanOrEqual(doc.utilization[dim].peak);
      expect(doc.utilization[dim].peak).toBeLessThanOrEqual(1);
    }
    const p = doc.pendingToRunningMs;
    expect(p.p50).toBeLessThanOrEqual(p.p95);
    expect(p.p95).toBeLessThanOrEqual(p.p99);
    expect(doc.instances.registered).toBeGreaterThan(0);
    expect(doc.instances.inUse.mean).toBeLessThanOrEqual(doc.instances.inUse.peak);
    expect(doc.events.processed).toBeGreaterThan(doc.tasks.placed);
    expect(Array.isArray(doc.events.scenario)).toBe(true);

    const series = csvLines(dirA, 'timeseries.csv');
    expect(series[0]).toMatch(/^time_ms,cluster,reserved_CPU,registered_CPU,reserved_MEMORY,registered_MEMORY,.*running_tasks,pending_tasks,active_instances,instances_in_use/);
    expect(series.length).toBeGreaterThan(2);
    const tasks = csvLines(dirA, 'tasks.csv');
    expect(tasks[0]).toBe('task_arn,workload,cluster,task_definition,requested_ms,placed_ms,running_ms,stopped_ms,container_instance_arn,stopped_reason,failure_reason');
    expect(tasks.length - 1).toBe(doc.tasks.placed + doc.tasks.failed);

    const other = ecsim(['run', file, '--json', '--quiet', '--seed', '987654']);
    expect(other.code).toBe(0);
    const otherDoc = JSON.parse(other.stdout);
    expect(otherDoc.seed).toBe(987654);
    expect(JSON.stringify({ ...otherDoc, seed: doc.seed })).not.toBe(JSON.stringify(doc));
  });
});

describe('ecsim run output', () => {
  it('prints the summary table to stdout and nothing to stderr when stderr is not a terminal', () => {
    const r = ecsim(['run', 'scenarios/quickstart.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Scenario quickstart: seed 1, 2h simulated/);
    for (const label of ['tasks requested', 'placement rate', 'request → RUNNING p99', 'CPU utilization mean / peak', 'instances in use mean / peak', 'simulation events in']) {
      expect(r.stdout).toContain(label);
    }
  });

  it('adds wall-clock timing to the JSON only with --timing, and --duration changes the horizon', () => {
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--json', '--timing', '--duration', '30m', '--sample-every', '5m']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.timing).toEqual({ wallMs: expect.any(Number), eventsPerSecond: expect.any(Number) });
    expect(doc).toMatchObject({ duration: '30m', durationMs: 1_800_000, sampleEveryMs: 300_000 });
  });

  it('with --quiet and --csv writes the files and prints nothing', () => {
    const dir = join(tmp, 'quiet');
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--quiet', '--csv', dir]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['tasks.csv', 'timeseries.csv']);
  });
});

describe('several clusters', () => {
  it('reports each cluster and all of them together, in the table, the JSON and timeseries.csv', () => {
    const dir = join(tmp, 'two-clusters');
    const r = ecsim(['run', 'test/e2e/fixtures/two-clusters.yaml', '--csv', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│\s+│\s+all clusters │\s+web │\s+batch │/);
    const doc = JSON.parse(ecsim(['run', 'test/e2e/fixtures/two-clusters.yaml', '--json', '--quiet']).stdout);
    expect(Object.keys(doc.clusters)).toEqual(['web', 'batch']);
    expect(doc.clusters.web.tasks.requested + doc.clusters.batch.tasks.requested).toBe(doc.tasks.requested);
    expect(doc.clusters.web.instances.registered + doc.clusters.batch.instances.registered).toBe(doc.instances.registered);
    expect(doc.workloads.b.cluster).toBe('batch');
    const rows = csvLines(dir, 'timeseries.csv').slice(1, 4).map((l) => l.split(',').slice(0, 4));
    expect(rows).toEqual([
      ['0', 'web', '0', '8192'],
      ['0', 'batch', '2048', '8192'],
      ['0', '(all)', '2048', '16384'],
    ]);
  });
});

describe('a 2,000-instance fleet', () => {
  it('runs an hour of the large-fleet fixture and reports events processed and wall time', () => {
    // the full day (503,831 tasks, 1.37 million events) is measured by hand: see README, "At scale"
    const r = ecsim(['run', 'test/e2e/fixtures/large-fleet.yaml', '--duration', '1h', '--json', '--timing', '--quiet']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.instances.registered).toBe(2000);
    expect(doc.tasks.requested).toBeGreaterThan(20_000);
    expect(doc.placementRate).toBe(1);
    expect(doc.events.processed).toBeGreaterThan(50_000);
    expect(doc.timing.wallMs).toBeGreaterThan(0);
    expect(doc.timing.eventsPerSecond).toBeGreaterThan(0);
  });
});

describe('ecsim validate and ecsim schema', () => {
  it('validates every bundled scenario', () => {
    const r = ecsim(['validate', ...scenarios]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(scenarios.length);
    expect(r.stdout).toMatch(/scenarios\/quickstart\.yaml: ok \(quickstart: 1 cluster, 10 instances, 2 task definitions, 2 workloads, 2 events, 2h\)/);
  });

  it('prints the JSON Schema the bundled scenarios point their editors at', () => {
    const r = ecsim(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // scenarios/scenario.schema.json must be regenerated (ecsim schema -o …) when the format changes
    expect(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8')).toBe(r.stdout);
    for (const file of scenarios) expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/scenario\.schema\.json$/m);
  });
});
