// Services and zones in scenario files: what loads, what it normalizes to, and what validate
// rejects (with the line and column) because run would.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/scenario/load.js';

const base = `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 2, type: m4.large, zone: us-east-1a }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: web, image: web, cpu: 256, memory: 512 }]
    placementConstraints: [{ type: memberOf, expression: "attribute:ecs.instance-type == m4.large" }]
  - family: web
    containerDefinitions: [{ name: web, image: web2, cpu: 256, memory: 512 }]
services:
`;

function errors(text: string): string[] {
  const r = loadScenario(base + text, 's.yaml');
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`);
}

describe('services in scenario files', () => {
  it('normalizes a service: revisions resolved, ECS defaults filled in, each revision\'s own constraints carried apart from the service\'s', () => {
    const r = loadScenario(
      `${base}  - name: web
    cluster: prod
    taskDefinition: web:1
    desiredCount: 4
    scale: [{ at: 10m, desiredCount: 6 }]
    deployments: [{ at: 20m, taskDefinition: web }]
`,
      's.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.scenario.clusters[0]!.instances[0]!.zone).toBe('us-east-1a');
    expect(r.scenario.services).toEqual([
      {
        name: 'web',
        cluster: 'prod',
        taskDefinition: 'web:1',
        desiredCount: 4,
        placementStrategy: [],
        placementConstraints: [],
        // web:1's own constraint, for its tasks only; web:2 (deployed at 20m) has none
        definitionConstraints: { 'web:1': [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == m4.large' }] },
        scale: [{ at: 600_000, desiredCount: 6 }],
        deployments: [{ at: 1_200_000, taskDefinition: 'web:2', minimumHealthyPercent: 100, maximumPercent: 200 }],
      },
    ]);
  });

  it('rejects an unknown revision, percents out of range and a deployment before the service exists, at their line and column', () => {
    expect(
      errors(`  - name: web
    cluster: prod
    taskDefinition: web:3
    desiredCount: 4
    deployments:
      - { at: 0s, taskDefinition: web:2, minimumHealthyPercent: 101, maximumPercent: 99 }
      - { at: 10m, taskDefinition: web:9 }
`),
    ).toEqual([
      '16:21 services[0].taskDefinition: task definition "web:3" is not registered: the file registers revisions 1 to 2 of "web"',
      '19:15 services[0].deployments[0].at: a deployment at 0s comes before the service exists (it is created at 0s); give the service its starting values instead, or a later time',
      '19:65 services[0].deployments[0].minimumHealthyPercent: expected an integer from 0 to 100, got 101',
      '19:86 services[0].deployments[0].maximumPercent: expected an integer from 100 to 1000, got 99',
      '20:36 services[0].deployments[1].taskDefinition: task definition "web:9" is not registered: the file registers revisions 1 to 2 of "web"',
    ]);
  });

  it('rejects an unknown cluster, a repeated name, scale changes out of order and an unknown key', () => {
    const got = errors(`  - { name: web, cluster: prd, taskDefinition: web, desiredCount: 2, scale: [{ at: 20m, desiredCount: 3 }, { at: 10m, desiredCount: 1 }] }
  - { name: web, cluster: prod, taskDefinition: web, desiredCount: 2, desired: 3 }
`);
    expect(got.some((e) => /services\[0\]\.cluster: unknown cluster "prd" \(did you mean "prod"\?\)/.test(e))).toBe(true);
    expect(got.some((e) => /services\[0\]\.scale\[1\]\.at: expected scale changes in time order/.test(e))).toBe(true);
    expect(got.some((e) => /services\[1\]\.name: service "web" is already defined at services\[0\]/.test(e))).toBe(true);
    expect(got.some((e) => /^15:\d+ services\[1\]/.test(e) && /desired/.test(e))).toBe(true);
  });

  it("a stopTasks event names a service of the file, in the event's cluster, and not beside a workload", () => {
    const svc = `  - { name: web, cluster: prod, taskDefinition: web, desiredCount: 2 }
`;
    expect(errors(`${svc}events:\n  - { at: 10m, stopTasks: { cluster: prod, count: 1, service: web } }\n`)).toEqual([]);
    expect(errors(`${svc}events:\n  - { at: 10m, stopTasks: { cluster: prod, count: 1, service: wbe } }\n`)).toEqual([
      '16:63 events[0].stopTasks.service: unknown service "wbe" (did you mean "web"?); defined: "web" in services',
    ]);
    const twoClusters = loadScenario(
      `${base.replace('clusters:\n', 'clusters:\n  - { name: other, instances: [{ count: 1, type: m4.large }] }\n')}${svc}events:\n  - { at: 10m, stopTasks: { cluster: other, count: 1, service: web } }\n`,
      's.yaml',
    );
    expect(twoClusters.ok ? [] : twoClusters.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`)).toEqual([
      '17:64 events[0].stopTasks.service: service "web" runs in cluster "prod", not "other"',
    ]);
    const both = errors(`${svc}workloads:\n  - { name: w, cluster: prod, taskDefinition: web, arrival: { at: 1m }, lifetime: forever }\nevents:\n  - { at: 10m, stopTasks: { cluster: prod, count: 1, service: web, workload: w } }\n`);
    expect(both).toEqual(['18:63 events[0].stopTasks.service: expected workload or service, not both: a task is started by one or the other']);
  });
});
