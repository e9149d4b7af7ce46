// Services in a scenario run: one world with the workloads and events, figures worked out by hand.
// The scenarios here are built in code (services and zones set on a loaded scenario), so the run
// is tested apart from the loader.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../src/scenario/runner.js';
import type { Scenario } from '../../../../src/scenario/types.js';
import type { ServiceSpec } from '../../../../src/scenario/services/spec.js';
import { scenarioOf } from '../runner-helpers.js';

const H = 3_600_000;

function zoned(yamlExtra: string, services: ServiceSpec[]): Scenario {
  const s = scenarioOf(`
version: 1
name: svc
seed: 3
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 1, resources: { CPU: 1024, MEMORY: 8192 } }
      - { count: 1, resources: { CPU: 1024, MEMORY: 8192 } }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: web, image: web, cpu: 256, memory: 512 }]
  - family: web
    containerDefinitions: [{ name: web, image: web2, cpu: 256, memory: 512 }]
  - family: batch
    containerDefinitions: [{ name: job, image: job, cpu: 512, memory: 512 }]
${yamlExtra}
`);
  s.clusters[0]!.instances[0]!.zone = 'us-east-1a';
  s.clusters[0]!.instances[1]!.zone = 'us-east-1b';
  s.services = services;
  return s;
}

const web = (over: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: 'web',
  cluster: 'prod',
  taskDefinition: 'web:1',
  desiredCount: 4,
  placementStrategy: [],
  placementConstraints: [],
  scale: [],
  deployments: [],
  ...over,
});

describe('services in a run', () => {
  it('replaces the tasks of a force-deregistered instance; availability as worked by hand', () => {
    const r = runScenario(zoned(`events:\n  - { at: 10m, deregisterInstances: { cluster: prod, count: 1, force: true } }`, [web()]));
    const s = r.services!.web!;
    // 2 tasks per zone; the lost instance's 2 are replaced on the other within the 1 s start delay
    expect(s.launched).toBe(6);
    expect(s.replaced).toBe(2);
    expect(s.belowDesiredMs).toBe(2000);
    // 4 missing for 1 s at creation, 2 for 1 s after the loss, over 4 desired for an hour
    expect(s.availability).toBe(Number((1 - 6000 / (4 * H)).toFixed(6)));
    expect(s.running.end).toBe(4);
    expect(r.total.stoppedByReason['Container instance deregistration forced by user']).toBe(2);
    // the time series: one row per sample, desired 4 throughout, running 0 at time 0
    const rows = r.timeseries.services![0]!.rows;
    expect(rows).toHaveLength(r.timeseries.times.length);
    expect(rows[0]).toEqual({ desired: 4, running: 0, pending: 4 });
    expect(rows.at(-1)).toEqual({ desired: 4, running: 4, pending: 0 });
  });

  it("competes with a workload for the same fleet: the service's replacements wait for the batch to finish", () => {
    // the batch fills what the service leaves (8 slots of 256: service 4, batch 2 × 512); the lost
    // instance takes 2 service tasks and a batch task; the survivor has no room until the batch ends at 30m
    const r = runScenario(
      zoned(
        `workloads:
  - { name: batch, cluster: prod, taskDefinition: batch, arrival: { at: [1s] }, count: 2, lifetime: { fixed: 30m } }
events:
  - { at: 10m, deregisterInstances: { cluster: prod, count: 1, force: true } }`,
        [web()],
      ),
    );
    const s = r.services!.web!;
    expect(s.replaced).toBe(2);
    expect(s.placementFailuresByReason['RESOURCE:CPU']).toBeGreaterThan(0);
    expect(s.running.end).toBe(4);
    expect(s.events.some((e) => /was unable to place a task because no container instance met all of its requirements\. The closest matching container-instance \S+ has insufficient CPU units available\./.test(e.message))).toBe(true);
  });

  it('a deployment in a run: reported with its start, end and lowest running count', () => {
    const r = runScenario(zoned('', [web({ deployments: [{ at: 20 * 60_000, taskDefinition: 'web:2', minimumHealthyPercent: 50, maximumPercent: 200 }] })]));
    const [d] = r.services!.web!.deployments;
    expect(d).toMatchObject({ taskDefinition: 'web:2', startedAt: 20 * 60_000, outcome: 'COMPLETED', lowestRunning: 2, stuckAt: null });
    // stop 2 old and start 4 new at 20m; at +1 s the new run and the last 2 old stop; done at +2 s
    expect(d!.completedAt).toBe(20 * 60_000 + 2000);
    expect(d!.minutes).toBe(Number((2 / 60).toFixed(3)));
  });

  it('is deterministic: the same scenario and seed give the same result', () => {
    const make = () => zoned(`events:\n  - { at: 10m, stopTasks: { cluster: prod, count: 2 } }`, [web({ taskLifetime: { kind: 'exponential', mean: 5 * 60_000 } })]);
    expect(JSON.stringify(runScenario(make()))).toBe(JSON.stringify(runScenario(make())));
  });
});

describe('a stopTasks event aimed at a service', () => {
  // the service written in the file, so the loader checks the event's reference to it
  const scenario = (event: string): Scenario =>
    scenarioOf(`
version: 1
seed: 3
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 1, resources: { CPU: 1024, MEMORY: 8192 }, zone: us-east-1a }
      - { count: 1, resources: { CPU: 1024, MEMORY: 8192 }, zone: us-east-1b }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: web, image: web, cpu: 256, memory: 512 }]
  - family: batch
    containerDefinitions: [{ name: job, image: job, cpu: 128, memory: 512 }]
services:
  - { name: web, cluster: prod, taskDefinition: web, desiredCount: 4 }
workloads:
  - { name: batch, cluster: prod, taskDefinition: batch, arrival: { at: [1s] }, count: 2, lifetime: forever }
events:
  - ${event}
`);

  it("stops only the service's tasks, which the service replaces; the workload's keep running", () => {
    const r = runScenario(scenario('{ at: 10m, stopTasks: { cluster: prod, count: 3, service: web } }'));
    expect(r.events[0]).toMatchObject({ requested: 3, affected: 3 });
    expect(r.total.stoppedByReason['Stopped by scenario event']).toBe(3);
    const s = r.services!.web!;
    expect(s.replaced).toBe(3);
    expect(s.launched).toBe(7);
    expect(s.running.end).toBe(4);
    // the batch's two tasks were never candidates (without service: they are, and this seed stops both)
    expect(r.workloads['batch']!.tasks.stopped).toBe(0);
    expect(runScenario(scenario('{ at: 10m, stopTasks: { cluster: prod, count: 3 } }')).workloads['batch']!.tasks.stopped).toBe(2);
  });

  it('asks for more than the service runs: stops what there is', () => {
    const r = runScenario(scenario('{ at: 10m, stopTasks: { cluster: prod, count: 9, service: web } }'));
    expect(r.events[0]).toMatchObject({ requested: 9, affected: 4 });
    expect(r.workloads['batch']!.tasks.stopped).toBe(0);
    expect(r.services!.web!.replaced).toBe(4);
  });
});
