// Describe* actions report unknown ids as failures with reason MISSING, next to what they found
// (issue 2 §4 "Lists", "Clusters").
import { describe, expect, it } from 'vitest';
import { idOf, newSim, registerInstance, simpleTd } from '../../helpers/fixtures.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('describe failures: MISSING', () => {
  it('describeTasks: found tasks in order, unknown ids as MISSING', () => {
    const sim = newSim();
    registerInstance(sim);
    simpleTd(sim, 'web');
    const [a, b] = sim.ecs.runTask({ taskDefinition: 'web', count: 2 }).tasks;
    const res = sim.ecs.describeTasks({ tasks: [b!.taskArn, UNKNOWN, idOf(a!.taskArn)] });
    expect(res.tasks.map((t) => t.taskArn)).toEqual([b!.taskArn, a!.taskArn]);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.reason).toBe('MISSING');
    expect(res.failures[0]!.arn).toContain(UNKNOWN);
  });

  it('describeTasks: a task of another cluster is MISSING', () => {
    const sim = newSim();
    registerInstance(sim);
    sim.ecs.createCluster({ clusterName: 'other' });
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    const res = sim.ecs.describeTasks({ cluster: 'other', tasks: [t.taskArn] });
    expect(res.tasks).toEqual([]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
  });

  it('describeTasks: a STOPPED task is still described', () => {
    const sim = newSim();
    registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.ecs.stopTask({ task: t.taskArn });
    sim.runUntilIdle();
    const res = sim.ecs.describeTasks({ tasks: [t.taskArn] });
    expect(res.tasks.map((x) => x.lastStatus)).toEqual(['STOPPED']);
    expect(res.failures ?? []).toEqual([]);
  });

  it('describeContainerInstances: unknown ids are MISSING, a deregistered one is still described', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    const gone = registerInstance(sim);
    sim.ecs.deregisterContainerInstance({ containerInstance: gone });
    const res = sim.ecs.describeContainerInstances({ containerInstances: [a, UNKNOWN, gone] });
    expect(res.containerInstances.map((c) => [c.containerInstanceArn, c.status])).toEqual([
      [a, 'ACTIVE'],
      [gone, 'INACTIVE'],
    ]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
    expect(res.failures[0]!.arn).toContain(UNKNOWN);
  });

  it('describeClusters: unknown names are MISSING, a deleted cluster is described INACTIVE', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'live' });
    sim.ecs.createCluster({ clusterName: 'dead' });
    sim.ecs.deleteCluster({ cluster: 'dead' });
    const res = sim.ecs.describeClusters({ clusters: ['live', 'ghost', 'dead'] });
    expect(res.clusters.map((c) => [c.clusterName, c.status])).toEqual([
      ['live', 'ACTIVE'],
      ['dead', 'INACTIVE'],
    ]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
    expect(res.failures[0]!.arn).toContain('ghost');
  });

  it('describeClusters: the default cluster, before it exists, is MISSING', () => {
    const res = newSim().ecs.describeClusters();
    expect(res.clusters).toEqual([]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
  });
});
