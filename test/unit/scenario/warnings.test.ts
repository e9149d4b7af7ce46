// Warnings about a valid scenario that will not do what was meant: a task definition no instance
// of its cluster could hold (naming the resource), arrivals and events at or after the horizon, a
// workload whose cluster never has an instance. A scenario without such things gets none.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioWarnings } from '../../../src/scenario/warnings.js';
import { scenarioOf } from './runner-helpers.js';

const ROOT = join(import.meta.dirname, '../../..');

function scenario(body: { instances?: string; td?: string; workload?: string; events?: string; clusters?: string }) {
  return scenarioOf(`
version: 1
duration: 2h
clusters:
  - name: prod
    instances:
      - ${body.instances ?? '{ count: 2, type: m4.large }'}
${body.clusters ?? ''}
taskDefinitions:
  - family: app
    containerDefinitions:
      - ${body.td ?? '{ name: app, image: x, cpu: 256, memory: 512 }'}
workloads:
  - { name: w, cluster: prod, taskDefinition: app, lifetime: { fixed: 5m }, ${body.workload ?? 'arrival: { every: 1m }'} }
${body.events ? `events:\n${body.events}` : ''}
`);
}

const messages = (s: ReturnType<typeof scenario>) => scenarioWarnings(s).map((w) => `${w.path.join('.')}: ${w.message}`);

describe('scenarioWarnings', () => {
  it('none for a scenario that can do what it says', () => {
    expect(scenarioWarnings(scenario({}))).toEqual([]);
  });

  it('none for the bundled scenarios', () => {
    for (const dir of ['scenarios', 'scenarios/strategies']) {
      for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.yaml'))) {
        expect(scenarioWarnings(scenarioOf(readFileSync(join(ROOT, dir, f), 'utf8'))), f).toEqual([]);
      }
    }
  });

  it('a task definition bigger than any instance, naming the resource and the largest instance', () => {
    expect(messages(scenario({ td: '{ name: app, image: x, cpu: 4096, memory: 512 }' }))).toEqual([
      'workloads.0.taskDefinition: app:1 can never be placed in cluster prod: it needs 4,096 CPU units (the most any instance registers is 2,048 CPU units, m4.large)',
    ]);
  });

  it('a resource no instance registers', () => {
    expect(messages(scenario({ td: '{ name: app, image: x, cpu: 256, memory: 512, resources: { GPU: 1 } }' }))[0]).toMatch(/needs 1 GPU \(no instance registers GPU\)/);
  });

  it('an instance added by an event counts', () => {
    const s = scenario({ td: '{ name: app, image: x, cpu: 4096, memory: 512 }', events: '  - { at: 1h, addInstances: { cluster: prod, count: 1, type: m4.xlarge } }' });
    expect(scenarioWarnings(s)).toEqual([]);
  });

  it('a static host port every big-enough instance reserves', () => {
    const s = scenario({ instances: '{ count: 2, type: m4.large, reservedPorts: [80] }', td: '{ name: app, image: x, cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] }' });
    expect(messages(s)).toEqual(['workloads.0.taskDefinition: app:1 can never be placed in cluster prod: it needs host port 80, which every instance big enough for it reserves']);
  });

  it('arrivals at or after the horizon', () => {
    expect(messages(scenario({ workload: 'arrival: { at: [1h, 3h] }' }))).toEqual(['workloads.0.arrival: 1 of 2 arrival times is at or after the horizon (2h): it never happens']);
    expect(messages(scenario({ workload: 'arrival: { burst: { at: 2h, count: 5 } }' }))).toEqual([
      'workloads.0.arrival: the burst at 2h is at or after the horizon (2h): the workload never launches',
    ]);
    expect(messages(scenario({ workload: 'arrival: { every: 1m }, start: 3h' }))).toEqual(['workloads.0.start: start 3h is at or after the horizon (2h): the workload never launches']);
  });

  it('events at or after the horizon', () => {
    expect(messages(scenario({ events: '  - { at: 2h, stopTasks: { cluster: prod, count: 1 } }' }))).toEqual(['events.0.at: stopTasks at 2h is at or after the horizon (2h): it never happens']);
  });

  it('a workload whose cluster never has an instance', () => {
    const s = scenario({ instances: '{ count: 0, type: m4.large }' });
    expect(messages(s)).toEqual(['workloads.0.cluster: cluster prod never has an instance (none at the start, no addInstances event): the workload can never launch a task']);
  });
});
