// The per-task rows (tasks.csv) name a task definition the same way whether the task was placed or
// never placed: family:revision, the revision the workload resolved to.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenario/runner.js';
import { small } from './runner-helpers.js';

describe('task rows', () => {
  it('placed and unplaced tasks both carry family:revision', () => {
    // a second revision of `job`, too big for the instances: every other request fails to place
    const extraTd = `
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 512, memory: 1536 }`;
    const s = small({
      instances: 1,
      extraTd,
      workloads: `
  - name: v1
    cluster: c
    taskDefinition: job:1
    arrival: { every: 10m }
    lifetime: { fixed: 30m }
  - name: v2
    cluster: c
    taskDefinition: job:2
    arrival: { every: 10m }
    lifetime: { fixed: 30m }`,
    });
    const rows = runScenario(s, { recordTasks: true }).tasks!;
    const placed = rows.filter((r) => r.taskArn !== '');
    const unplaced = rows.filter((r) => r.taskArn === '');
    expect(placed.length).toBeGreaterThan(0);
    expect(unplaced.length).toBeGreaterThan(0);
    expect(new Set(rows.filter((r) => r.workload === 'v1').map((r) => r.taskDefinition))).toEqual(new Set(['job:1']));
    expect(new Set(rows.filter((r) => r.workload === 'v2').map((r) => r.taskDefinition))).toEqual(new Set(['job:2']));
    expect(unplaced.every((r) => /^job:[12]$/.test(r.taskDefinition))).toBe(true);
  });
});

describe('the retry backlog over time', () => {
  it('counts tasks that failed to place and wait for a retry at each sample, and matches the summary at the end', () => {
    const s = small({
      instances: 1,
      workloads: `
  - name: batch
    cluster: c
    taskDefinition: job
    arrival: { burst: { at: 0s, count: 6 } }
    lifetime: { fixed: 20m }
    retry: { attempts: 100, backoff: 5m }`,
    });
    const r = runScenario(s, { sampleEvery: '1m' });
    const total = r.timeseries.clusters.find((c) => c.name === '*')!;
    const backlog = total.rows.map((row) => row.awaitingRetry);
    // one instance holds two tasks: four wait for their retry until the first two finish
    expect(backlog[1]).toBe(4);
    expect(Math.max(...backlog)).toBe(4);
    expect(backlog.at(-1)).toBe(r.total.tasks.awaitingRetry);
    expect(total.rows.every((row) => row.awaitingRetry + row.runningTasks + row.pendingTasks <= 6)).toBe(true);
  });
});
