import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenario/runner.js';
import { REASON_NO_INSTANCES } from '../../../src/scenario/workload-driver.js';
import { scenarioOf, small } from './runner-helpers.js';

const web = `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { poisson: { ratePerMinute: 6 } }
    lifetime: { lognormal: { median: 2m, sigma: 0.8 } }`;

describe('runScenario', () => {
  it('gives the same result for the same scenario and seed, and a different one for another seed', () => {
    const s = small({ instances: 4, workloads: web });
    const a = runScenario(s, { recordTasks: true });
    const b = runScenario(s, { recordTasks: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = runScenario(s, { seed: 2, recordTasks: true });
    expect(JSON.stringify(c.tasks)).not.toBe(JSON.stringify(a.tasks));
    expect(a.seed).toBe(1);
    expect(c.seed).toBe(2);
  });

  it('replays the same arrivals and lifetimes under another placement strategy (only placement differs)', () => {
    const s = small({ instances: 20, workloads: web, duration: '2h' });
    const random = runScenario(s, { recordTasks: true });
    const binpack = runScenario(s, { recordTasks: true, strategy: 'binpack:memory' });
    const shape = (r: typeof random) => r.tasks!.map((t) => [t.requestedAt, t.stoppedAt === undefined ? null : t.stoppedAt - t.runningAt!]);
    expect(random.total.tasks.failed).toBe(0);
    expect(shape(binpack)).toEqual(shape(random));
    // …while the instances chosen differ: binpack packs, random spreads
    expect(binpack.total.instances.inUse.mean).toBeLessThan(random.total.instances.inUse.mean);
  });

  it('ends a task when its lifetime is over by its essential container exiting', () => {
    const s = small({
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [0s, 10m] }
    lifetime: { fixed: 5m }`,
    });
    const r = runScenario(s, { recordTasks: true });
    expect(r.tasks!.map((t) => [t.placedAt, t.runningAt, t.stoppedAt, t.stoppedReason])).toEqual([
      [0, 1000, 301_000, 'Essential container in task exited'],
      [600_000, 601_000, 901_000, 'Essential container in task exited'],
    ]);
    expect(r.total.tasks).toMatchObject({ requested: 2, placed: 2, completed: 2, stopped: 2 });
    expect(r.total.pendingToRunningMs).toMatchObject({ count: 2, p50: 1000, max: 1000 });
  });

  it('re-submits what failed to place after the backoff, and gives up when attempts run out', () => {
    // one instance holds two tasks; five arrive at once and live forever
    const s = small({
      instances: 1,
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [0s] }
    count: 5
    lifetime: forever
    retry: { attempts: 2, backoff: 1m }`,
    });
    const r = runScenario(s, { recordTasks: true });
    expect(r.total.tasks).toMatchObject({ requested: 5, placed: 2, failed: 3, retried: 6, awaitingRetry: 0 });
    expect(r.total.failuresByReason).toEqual({ 'RESOURCE:CPU': 3 });
    expect(r.total.attemptFailuresByReason).toEqual({ 'RESOURCE:CPU': 9 });
    expect(r.total.placementRate).toBe(0.4);
    const failed = r.tasks!.filter((t) => t.failureReason !== '');
    expect(failed).toHaveLength(3);
    // given up after the second retry, at 2m; the request time stays that of the arrival
    expect(failed.every((t) => t.requestedAt === 0 && t.taskArn === '')).toBe(true);
  });

  it('counts the wait for a successful retry in request → RUNNING', () => {
    const s = small({
      instances: 1,
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [0s] }
    count: 3
    lifetime: { fixed: 1m }
    retry: { attempts: 5, backoff: 45s }`,
    });
    const r = runScenario(s, { recordTasks: true });
    // two start at 1 s and stop at 61 s; the third is retried at 45 s (no room) and 90 s (placed), RUNNING at 91 s
    expect(r.total.tasks).toMatchObject({ placed: 3, failed: 0, retried: 2 });
    expect(r.total.pendingToRunningMs).toMatchObject({ p50: 1000, max: 91_000 });
  });

  it('leaves tasks awaiting retry when the retry would come after the horizon', () => {
    const s = small({
      instances: 1,
      duration: '1m',
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [30s] }
    count: 3
    lifetime: forever
    retry: { attempts: 1, backoff: 1m }`,
    });
    const r = runScenario(s);
    expect(r.total.tasks).toMatchObject({ requested: 3, placed: 2, failed: 0, awaitingRetry: 1, retried: 0 });
  });

  it('places launch: startTask workloads with the first-fit scheduler through StartTask', () => {
    const s = small({
      instances: 3,
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    launch: startTask
    arrival: { at: [0s, 1s, 2s] }
    count: 2
    lifetime: forever`,
    });
    const r = runScenario(s, { recordTasks: true });
    const byInstance = new Map<string, number>();
    for (const t of r.tasks!) byInstance.set(t.containerInstanceArn, (byInstance.get(t.containerInstanceArn) ?? 0) + 1);
    // each instance takes two tasks; first-fit fills them in registration order
    expect([...byInstance.values()]).toEqual([2, 2, 2]);
    expect(r.total.tasks).toMatchObject({ placed: 6, failed: 0 });
  });

  it('accepts a custom StartTask scheduler per workload', () => {
    const s = small({
      instances: 3,
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    launch: startTask
    arrival: { at: [0s] }
    count: 2
    lifetime: forever`,
    });
    const seen: string[] = [];
    const r = runScenario(s, {
      recordTasks: true,
      scheduler: () => ({
        name: 'last-instance',
        start(launch, { sim, view }) {
          seen.push(launch.startedBy);
          const last = view.arn(view.size - 1);
          return sim.ecs.startTask({ cluster: launch.cluster, taskDefinition: launch.taskDefinition, containerInstances: [last], startedBy: launch.startedBy });
        },
      }),
    });
    expect(seen).toEqual(['w']);
    expect(r.total.tasks).toMatchObject({ requested: 2, placed: 1, failed: 1 });
    expect(r.total.failuresByReason).toEqual({ UNKNOWN: 1 });
  });

  it('overrides instance group counts (for capacity searches) and rejects a group the scenario lacks', () => {
    const s = small({ instances: 2, workloads: web });
    expect(runScenario(s, { groupCounts: { 'c/0': 7 } }).total.instances.registered).toBe(7);
    expect(() => runScenario(s, { groupCounts: { 'c/1': 7 } })).toThrow(/instance group "c\/1" is not in the scenario/);
    expect(() => runScenario(s, { groupCounts: { 'c/0': -1 } })).toThrow(RangeError);
  });

  it('samples the time series every sampleEvery and at the end', () => {
    const r = runScenario(small({ workloads: web, duration: '10m' }), { sampleEvery: 240_000 });
    expect(r.timeseries.times).toEqual([0, 240_000, 480_000, 600_000]);
    expect(r.timeseries.clusters.map((c) => c.name)).toEqual(['c', '*']);
    expect(r.timeseries.clusters[0]!.rows[0]!.registered).toEqual([2048, 4096]);
    expect(() => runScenario(small({ workloads: web }), { sampleEvery: 0 })).toThrow(RangeError);
    expect(() => runScenario(small({ workloads: web, duration: '1d' }), { sampleEvery: 1 })).toThrow(/more than/);
  });

  it('records NO_CONTAINER_INSTANCES when the cluster has no ACTIVE instance left', () => {
    const s = small({
      instances: 1,
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [10m] }
    lifetime: forever`,
      events: `  - { at: 5m, deregisterInstances: { cluster: c, count: 1 } }`,
    });
    const r = runScenario(s);
    expect(r.total.failuresByReason).toEqual({ [REASON_NO_INSTANCES]: 1 });
  });

  it("passes a runTask workload's placementStrategy and constraints (and its task definition's) to RunTask", () => {
    const s = scenarioOf(`
version: 1
duration: 30m
clusters:
  - name: c
    instances:
      - { count: 4, resources: { CPU: 4096, MEMORY: 8192 }, attributes: { zone: a } }
      - { count: 4, resources: { CPU: 4096, MEMORY: 8192 }, attributes: { zone: b } }
taskDefinitions:
  - family: f
    containerDefinitions: [{ name: a, image: b, cpu: 256, memory: 256 }]
    placementConstraints: [{ type: memberOf, expression: "attribute:zone == b" }]
workloads:
  - name: one-per-instance
    cluster: c
    taskDefinition: f
    arrival: { at: [0s] }
    count: 6
    lifetime: forever
    placementConstraints: [{ type: distinctInstance }]
`);
    const r = runScenario(s, { recordTasks: true });
    // zone b has four instances and each takes one task: two of the six cannot be placed
    expect(r.total.tasks).toMatchObject({ placed: 4, failed: 2 });
    expect(new Set(r.tasks!.filter((t) => t.taskArn).map((t) => t.containerInstanceArn)).size).toBe(4);
  });

  it('refuses constraints on a startTask workload whose scheduler (first-fit) cannot evaluate them, when loading', () => {
    // Checked when the file loads, so `ecsim validate` refuses it too.
    const load = (): unknown => small({
      workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    launch: startTask
    arrival: { at: [0s] }
    lifetime: forever
    placementConstraints: [{ type: distinctInstance }]`,
    });
    expect(load).toThrow(/workloads\[0\]: the built-in first-fit StartTask scheduler does not evaluate placementConstraints/);
  });

  it("runs the issue's example file as written", () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/issue-4-example.yaml'), 'utf8');
    const r = runScenario(scenarioOf(text));
    expect(r).toMatchObject({ scenario: 'web-peak', seed: 42, durationMs: 21_600_000 });
    expect(r.events.map((e) => [e.action, e.reached, e.affected])).toEqual([
      ['disconnectAgents', true, 5],
      ['deregisterInstances', true, 5],
      ['addInstances', true, 10],
    ]);
    expect(r.total.instances).toMatchObject({ registered: 50, deregistered: 5, active: { end: 45 } });
    expect(r.total.tasks.requested).toBeGreaterThan(10_000);
    expect(Object.keys(r.total.utilization)).toEqual(['CPU', 'MEMORY', 'GPU']);
  });

  it('refuses a workload strategy it cannot honour, naming the field, when loading', () => {
    const load = (): unknown => scenarioOf(`
version: 1
duration: 1h
clusters: [{ name: c, instances: [{ count: 1, type: m4.large }] }]
taskDefinitions: [{ family: f, containerDefinitions: [{ name: a, image: b, cpu: 1, memory: 8 }] }]
workloads:
  - { name: w, cluster: c, taskDefinition: f, arrival: { at: [0s] }, lifetime: forever, strategy: binpack:cpu }
`);
    expect(load).toThrow(/workloads\[0\]\.strategy/);
  });
});
