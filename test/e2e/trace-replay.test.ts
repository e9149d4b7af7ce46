// Acceptance, per format: a small trace with known submissions, starts and ends, replayed by a
// scenario, gives exactly the arrival times, lifetimes, demands and per-family counts it implies.
// Tasks run from the agent's 2 s start delay after their arrival, for their trace lifetime.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { RunResult } from '../../src/scenario/run-result.js';
import { traceDir, writeTrace } from '../helpers/trace-files.js';

const START = 2_000;

/** Runs a scenario (text) written next to its traces; every task recorded. */
function run(dir: string, yaml: string): RunResult {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, yaml);
  const loaded = loadScenario(yaml, file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return runScenario(loaded.scenario, { recordTasks: true, sampleEvery: 1000 });
}

function scenario(trace: string, instances = '{ count: 2, resources: { CPU: 8192, MEMORY: 16384 } }', extra = ''): string {
  return `version: 1
name: t
duration: 1h
agent: { startDelay: 2s }
clusters:
  - name: c
    instances:
      - ${instances}
workloads:
  - name: w
    cluster: c
    trace: ${trace}
${extra}`;
}

/** [arrival, lifetime (stopped − running; null: still running at the end), family] per placed task, by arrival. */
function lives(r: RunResult): [number, number | null, string][] {
  return r
    .tasks!.filter((t) => t.failureReason === '')
    .map((t): [number, number | null, string] => {
      expect(t.runningAt! - t.requestedAt).toBe(START);
      return [t.requestedAt, t.stoppedAt === undefined ? null : t.stoppedAt - t.runningAt!, t.taskDefinition.split(':')[0]!];
    })
    .sort((a, b) => a[0] - b[0] || (a[1] ?? Infinity) - (b[1] ?? Infinity));
}

/** CPU and MEMORY reserved in cluster c at simulated time `at` (a sample time). */
function reservedAt(r: RunResult, at: number): number[] {
  const i = r.timeseries.times.indexOf(at);
  return r.timeseries.clusters.find((c) => c.name === 'c')!.rows[i]!.reserved.slice(0, 2);
}

describe('trace workloads replay exactly', () => {
  it('google-2011', () => {
    const dir = traceDir();
    const g = (t: number, job: number, type: number, cpu = '', mem = ''): string => `${t},,${job},0,,${type},u,2,9,${cpu},${mem},0,0`;
    writeTrace(dir, 'events.csv.gz', [
      g(600_000_000, 1, 0, '0.0625', '0.03125'), // 1024 CPU, 2048 MiB
      g(600_500_000, 1, 1),
      g(610_000_000, 2, 0, '0.1', '0.1'), // 1639 CPU, 6554 MiB
      g(611_000_000, 2, 1),
      g(630_500_000, 1, 4), // job 1 ran 30 s
      g(640_000_000, 2, 2), // job 2 evicted after 29 s, resubmitted at 641 s
      g(641_000_000, 2, 0, '0.1', '0.1'),
      g(641_000_000, 2, 1),
      g(701_000_000, 2, 4), // its second life: 60 s
    ]);
    const r = run(dir, scenario('{ format: google-2011, path: events.csv.gz, scale: { CPU: 16384, MEMORY: 65536 } }'));
    expect(lives(r)).toEqual([
      [0, 30_000, 'w'],
      [10_000, 29_000, 'w'],
      [41_000, 60_000, 'w'],
    ]);
    expect(reservedAt(r, 20_000)).toEqual([1024 + 1639, 2048 + 6554]);
    expect(r.traces!.workloads.w!.families).toEqual({ w: { requested: 3, placed: 3, failed: 0, completed: 3, stopped: 0 } });
  });

  it('google-2011 with machines: they register and deregister at their trace times, on the task trace clock', () => {
    const dir = traceDir();
    writeTrace(dir, 'machines.csv', ['0,7,0,p,0.5,0.25', '0,8,0,p,0.5,0.25', '660000000,8,1,p,,']);
    writeTrace(dir, 'tasks.csv', ['600000000,,1,0,,0,u,2,9,0.25,0.125,0,0', '600000000,,1,0,,1,u,2,9,,,0,0']);
    const r = run(
      dir,
      `version: 1
name: m
duration: 5m
agent: { startDelay: 2s }
clusters:
  - name: c
    instances:
      - trace: { format: google-2011-machines, path: machines.csv, scale: { CPU: 16384, MEMORY: 65536 } }
workloads:
  - name: w
    cluster: c
    trace: { format: google-2011, path: tasks.csv, scale: { CPU: 16384, MEMORY: 65536 }, speed: 2 }
`,
    );
    // the task trace starts at 600 s, so the removal at 660 s is 60 s in, 30 s at speed 2
    const active = r.timeseries.clusters.find((c) => c.name === 'c')!.rows.map((row) => row.activeInstances);
    expect(active[0]).toBe(2);
    expect(active.at(-1)).toBe(1);
    const i29 = r.timeseries.times.indexOf(29_000);
    const i30 = r.timeseries.times.indexOf(30_000);
    expect([active[i29], active[i30]]).toEqual([2, 1]);
    expect(r.traces!.machines['c/0']).toMatchObject({ registered: 2, deregistered: 1, active: 1 });
    expect(r.timeseries.clusters[0]!.rows[0]!.registered.slice(0, 2)).toEqual([16384, 32768]);
  });

  it('google-2019', () => {
    const dir = traceDir();
    const e = (o: Record<string, unknown>): string => JSON.stringify({ collection_id: '9', instance_index: 0, priority: 200, ...o });
    writeTrace(dir, 'events.json', [
      e({ type: 'SUBMIT', resource_request: { cpus: 0.125, memory: 0.0625 } }),
      e({ time: '3000000', type: 'SCHEDULE' }),
      e({ time: '5000000', type: 'SUBMIT', instance_index: 1, resource_request: { cpus: 0.25, memory: 0.125 } }),
      e({ time: '6000000', type: 'SCHEDULE', instance_index: 1 }),
      e({ time: '48000000', type: 'FINISH', instance_index: 1 }),
      e({ time: '93000000', type: 'KILL' }),
    ]);
    const r = run(dir, scenario('{ format: google-2019, path: events.json, scale: { CPU: 16384, MEMORY: 65536 } }'));
    expect(lives(r)).toEqual([
      [0, 90_000, 'w'],
      [5_000, 42_000, 'w'],
    ]);
    expect(reservedAt(r, 10_000)).toEqual([2048 + 4096, 4096 + 8192]);
    expect(r.traces!.workloads.w!.families.w).toMatchObject({ requested: 2, placed: 2, completed: 2 });
  });

  it('alibaba-2018', () => {
    const dir = traceDir();
    writeTrace(dir, 'batch_task.csv', ['M1,3,j_1,1,Terminated,1000,1060,50,1', 'R2_1,1,j_1,1,Terminated,1070,1370,200,2', 'M1,1,j_2,1,Waiting,0,0,100,1']);
    const r = run(dir, scenario('{ format: alibaba-2018, path: batch_task.csv, scale: { MEMORY: 102400 } }'));
    expect(lives(r)).toEqual([
      [0, 60_000, 'w'],
      [0, 60_000, 'w'],
      [0, 60_000, 'w'],
      [70_000, 300_000, 'w'],
    ]);
    expect(reservedAt(r, 30_000)).toEqual([3 * 512, 3 * 1024]);
    expect(reservedAt(r, 100_000)).toEqual([2048, 2048]);
    expect(r.traces!.workloads.w!.dropped).toEqual({ 'never-started': 1 });
  });

  it('ecs-events: per-family counts from the task definitions kept', () => {
    const dir = traceDir();
    const ev = (arn: string, td: string, d: Record<string, unknown>): string =>
      JSON.stringify({ 'detail-type': 'ECS Task State Change', time: (d.stoppedAt ?? d.startedAt ?? d.createdAt) as string, detail: { taskArn: arn, taskDefinitionArn: `arn:aws:ecs:us-east-1:1:task-definition/${td}`, ...d } });
    writeTrace(dir, 'events.jsonl', [
      ev('a', 'web:3', { group: 'service:web', cpu: '256', memory: '512', createdAt: '2026-11-03T00:00:00Z' }),
      ev('b', 'web:3', { group: 'service:web', cpu: '256', memory: '512', createdAt: '2026-11-03T00:00:10Z' }),
      ev('a', 'web:3', { group: 'service:web', cpu: '256', memory: '512', createdAt: '2026-11-03T00:00:00Z', startedAt: '2026-11-03T00:00:04Z' }),
      ev('c', 'batch:1', { cpu: '1 vCPU', memory: '2GB', createdAt: '2026-11-03T00:00:20Z', startedAt: '2026-11-03T00:00:21Z', stoppedAt: '2026-11-03T00:01:21Z' }),
      ev('b', 'web:3', { group: 'service:web', cpu: '256', memory: '512', createdAt: '2026-11-03T00:00:10Z', startedAt: '2026-11-03T00:00:15Z', stoppedAt: '2026-11-03T00:05:15Z' }),
    ]);
    const r = run(dir, scenario('{ format: ecs-events, path: events.jsonl, start: 2026-11-03T00:00:00Z }'));
    expect(lives(r)).toEqual([
      [0, null, 'web'],
      [10_000, 300_000, 'web'],
      [20_000, 60_000, 'batch'],
    ]);
    expect(reservedAt(r, 30_000)).toEqual([256 + 256 + 1024, 512 + 512 + 2048]);
    expect(r.traces!.workloads.w!.families).toEqual({
      batch: { requested: 1, placed: 1, failed: 0, completed: 1, stopped: 0 },
      web: { requested: 2, placed: 2, failed: 0, completed: 1, stopped: 0 },
    });
  });

  it('csv: counts, families and groups; what does not fit is counted as failed per family', () => {
    const dir = traceDir();
    writeTrace(dir, 'tasks.csv', ['time,lifetime,cpu,memory,count,family,group', '0,1m,4096,4096,3,etl,batch:etl', '10s,30s,256,512,12,thumbs,', '20s,,8192,8192,1,huge,']);
    const r = run(dir, scenario('{ format: csv, path: tasks.csv, start: 0s }'));
    expect(lives(r)).toEqual([
      [0, 60_000, 'etl'],
      [0, 60_000, 'etl'],
      [0, 60_000, 'etl'],
      ...Array.from({ length: 12 }, (): [number, number, string] => [10_000, 30_000, 'thumbs']),
    ]);
    // 12 tasks in one arrival: two RunTask calls (10 + 2) at the same instant
    expect(reservedAt(r, 15_000)).toEqual([3 * 4096 + 12 * 256, 3 * 4096 + 12 * 512]);
    const f = r.traces!.workloads.w!.families;
    expect(f.etl).toEqual({ requested: 3, placed: 3, failed: 0, completed: 3, stopped: 0 });
    expect(f.thumbs).toEqual({ requested: 12, placed: 12, failed: 0, completed: 12, stopped: 0 });
    // 8192 CPU on instances of 8192 while etl and thumbs hold part of each: it does not fit at 20 s (no retry)
    expect(f.huge).toEqual({ requested: 1, placed: 0, failed: 1, completed: 0, stopped: 0 });
    expect(r.tasks!.filter((t) => t.failureReason !== '').map((t) => t.taskDefinition)).toEqual(['huge:1']);
  });
});
