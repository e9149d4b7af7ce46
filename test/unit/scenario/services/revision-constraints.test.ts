// A service's launches obey the placementConstraints of the revision being deployed: ECS applies the
// task definition's constraints and the service's own together, so a rolling deployment to a
// revision with other constraints places by the new revision's, not the first one's.
import { describe, expect, it } from 'vitest';
import { startScenario } from '../../../../src/scenario/runner.js';
import { scenarioOf } from '../runner-helpers.js';

function zonesOfRunningTasks(yamlTaskDefinitions: string, deployTo: string, scale = ''): Record<string, Record<string, number>> {
  const scenario = scenarioOf(`
version: 1
seed: 5
duration: 2h
clusters:
  - name: prod
    instances:
      - { count: 4, type: m4.large, zone: us-east-1a }
      - { count: 4, type: m4.large, zone: us-east-1b }
taskDefinitions:
${yamlTaskDefinitions}
services:
  - name: web
    cluster: prod
    taskDefinition: web:1
    desiredCount: 8
    deployments:
      - { at: 30m, taskDefinition: ${deployTo} }
${scale}
`);
  const live = startScenario(scenario, { play: true });
  live.advanceTo(2 * 3_600_000 - 1);
  const { ecs } = live.sim;
  const arns = ecs.listTasks({ cluster: 'prod', desiredStatus: 'RUNNING' }).taskArns;
  const tasks = arns.length === 0 ? [] : ecs.describeTasks({ cluster: 'prod', tasks: arns }).tasks;
  const instances = ecs.describeContainerInstances({ cluster: 'prod', containerInstances: [...new Set(tasks.map((t) => t.containerInstanceArn))] }).containerInstances;
  const zoneOf = new Map(instances.map((i) => [i.containerInstanceArn, i.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value ?? '?']));
  const out: Record<string, Record<string, number>> = {};
  for (const t of tasks) {
    const revision = t.taskDefinitionArn.split(':').at(-1)!;
    const zone = zoneOf.get(t.containerInstanceArn)!;
    (out[revision] ??= {})[zone] = (out[revision]?.[zone] ?? 0) + 1;
  }
  return out;
}

const container = (image: string): string => `    containerDefinitions: [{ name: app, image: ${image}, cpu: 256, memory: 512 }]`;

describe("a service deployment places by the deployed revision's constraints", () => {
  it('a constraint that only the new revision has binds its tasks', () => {
    const zones = zonesOfRunningTasks(
      `  - family: web
${container('web:1')}
  - family: web
${container('web:2')}
    placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1b" }]`,
      'web:2',
    );
    expect(zones).toEqual({ '2': { 'us-east-1b': 8 } });
  });

  it("the first revision's constraint no longer binds a revision without it", () => {
    const zones = zonesOfRunningTasks(
      `  - family: web
${container('web:1')}
    placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1a" }]
  - family: web
${container('web:2')}`,
      'web:2',
      '    scale: [{ at: 1h30m, desiredCount: 16 }]',
    );
    // ECS's default service placement spreads across zones: during the rollout the 8 old tasks in
    // 1a send the 8 new ones to 1b; scaled to 16, the next 8 go to the empty 1a (all in 1a before
    // the fix, the first revision's constraint still applied)
    expect(zones).toEqual({ '2': { 'us-east-1a': 8, 'us-east-1b': 8 } });
  });

  it('a constraint both revisions have binds both', () => {
    const scenarioZones = zonesOfRunningTasks(
      `  - family: web
${container('web:1')}
    placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1a" }]
  - family: web
${container('web:2')}
    placementConstraints: [{ type: memberOf, expression: "attribute:ecs.availability-zone == us-east-1a" }]`,
      'web:2',
    );
    expect(scenarioZones).toEqual({ '2': { 'us-east-1a': 8 } });
  });
});
