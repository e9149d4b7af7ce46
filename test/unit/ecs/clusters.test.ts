// CreateCluster, ListClusters, DescribeClusters, DeleteCluster (issue 2 §4 "Clusters", "ARNs").
import { describe, expect, it } from 'vitest';
import {
  clusterArn,
  expectEcsError,
  newSim,
  registerInstance,
  simpleTd,
} from '../../helpers/fixtures.js';

describe('CreateCluster', () => {
  it('creates a named ACTIVE cluster with the documented ARN', () => {
    const sim = newSim();
    const { cluster } = sim.ecs.createCluster({ clusterName: 'prod' });
    expect(cluster.clusterArn).toBe('arn:aws:ecs:us-east-1:012345678910:cluster/prod');
    expect(cluster.clusterName).toBe('prod');
    expect(cluster.status).toBe('ACTIVE');
  });

  it('reports the later-API counters as zero on a new cluster', () => {
    const { cluster } = newSim().ecs.createCluster({ clusterName: 'prod' });
    expect(cluster).toMatchObject({ registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0 });
  });

  it('creates "default" when called without a name', () => {
    const sim = newSim();
    expect(sim.ecs.createCluster().cluster.clusterName).toBe('default');
    expect(newSim().ecs.createCluster({}).cluster.clusterArn).toBe(clusterArn('default'));
  });

  it('uses the region and account from the options in ARNs', () => {
    const sim = newSim({ region: 'eu-west-1', accountId: '111122223333' });
    expect(sim.ecs.createCluster({ clusterName: 'x' }).cluster.clusterArn).toBe('arn:aws:ecs:eu-west-1:111122223333:cluster/x');
  });

  it('does not enforce the preview two-cluster limit', () => {
    const sim = newSim();
    for (let i = 0; i < 5; i++) sim.ecs.createCluster({ clusterName: `c${i}` });
    expect(sim.ecs.listClusters().clusterArns).toHaveLength(5);
  });

  it('(real ECS) creating an existing name again returns that same ACTIVE cluster, not a second one', () => {
    const sim = newSim();
    const a = sim.ecs.createCluster({ clusterName: 'prod' }).cluster;
    const b = sim.ecs.createCluster({ clusterName: 'prod' }).cluster;
    expect(b.clusterArn).toBe(a.clusterArn);
    expect(sim.ecs.listClusters().clusterArns).toEqual([a.clusterArn]);
  });
});

describe('the default cluster', () => {
  it('is created implicitly by the first registerContainerInstance without a cluster', () => {
    const sim = newSim();
    expect(sim.ecs.listClusters().clusterArns).toEqual([]);
    registerInstance(sim);
    expect(sim.ecs.listClusters().clusterArns).toEqual([clusterArn('default')]);
    const d = sim.ecs.describeClusters({ clusters: ['default'] }).clusters[0]!;
    expect(d.status).toBe('ACTIVE');
    expect(d.registeredContainerInstancesCount).toBe(1);
  });

  it('is what an omitted cluster means in other actions', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    expect(task.clusterArn).toBe(clusterArn('default'));
    expect(task.containerInstanceArn).toBe(inst);
    expect(sim.ecs.listTasks().taskArns).toEqual([task.taskArn]);
    expect(sim.ecs.listContainerInstances().containerInstanceArns).toEqual([inst]);
  });

  it('is what describeClusters describes when no cluster is named', () => {
    const sim = newSim();
    sim.ecs.createCluster();
    sim.ecs.createCluster({ clusterName: 'other' });
    const res = sim.ecs.describeClusters();
    expect(res.clusters.map((c) => c.clusterName)).toEqual(['default']);
  });
});

describe('ListClusters and DescribeClusters', () => {
  it('lists every cluster ARN', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    expect([...sim.ecs.listClusters().clusterArns].sort()).toEqual([clusterArn('a'), clusterArn('b')]);
  });

  it('omits nextToken when everything fits in one page', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    expect('nextToken' in sim.ecs.listClusters()).toBe(false);
  });

  it('describes clusters by name or by ARN', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    const res = sim.ecs.describeClusters({ clusters: ['a', clusterArn('b')] });
    expect(res.clusters.map((c) => c.clusterName)).toEqual(['a', 'b']);
    expect(res.failures ?? []).toEqual([]);
  });

  it('reports an unknown cluster as a MISSING failure, next to the clusters it found', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    const res = sim.ecs.describeClusters({ clusters: ['a', 'nope'] });
    expect(res.clusters.map((c) => c.clusterName)).toEqual(['a']);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.reason).toBe('MISSING');
    expect(res.failures[0]!.arn).toContain('nope');
  });

  it('(real ECS) names a MISSING cluster by its full ARN', () => {
    const sim = newSim();
    const res = sim.ecs.describeClusters({ clusters: ['nope'] });
    expect(res.failures).toEqual([{ arn: clusterArn('nope'), reason: 'MISSING' }]);
  });

  it('counts ACTIVE instances and PENDING / RUNNING tasks', () => {
    const sim = newSim({ agent: { startDelayMs: 100 } });
    sim.ecs.createCluster({ clusterName: 'c' });
    registerInstance(sim, { cluster: 'c' });
    const gone = registerInstance(sim, { cluster: 'c' });
    sim.ecs.deregisterContainerInstance({ cluster: 'c', containerInstance: gone });
    simpleTd(sim, 'web');
    sim.ecs.runTask({ cluster: 'c', taskDefinition: 'web', count: 2 });
    let c = sim.ecs.describeClusters({ clusters: ['c'] }).clusters[0]!;
    expect(c).toMatchObject({ registeredContainerInstancesCount: 1, pendingTasksCount: 2, runningTasksCount: 0 });
    sim.runUntil(100);
    c = sim.ecs.describeClusters({ clusters: ['c'] }).clusters[0]!;
    expect(c).toMatchObject({ registeredContainerInstancesCount: 1, pendingTasksCount: 0, runningTasksCount: 2 });
  });
});

describe('DeleteCluster', () => {
  it('refuses while ACTIVE instances are registered', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'c' });
    registerInstance(sim, { cluster: 'c' });
    expectEcsError(() => sim.ecs.deleteCluster({ cluster: 'c' }), 'ClusterContainsContainerInstancesException');
    expect(sim.ecs.describeClusters({ clusters: ['c'] }).clusters[0]!.status).toBe('ACTIVE');
  });

  it('deletes once every instance is deregistered; the cluster is INACTIVE and still described', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'c' });
    const inst = registerInstance(sim, { cluster: 'c' });
    sim.ecs.deregisterContainerInstance({ cluster: 'c', containerInstance: inst });
    const { cluster } = sim.ecs.deleteCluster({ cluster: 'c' });
    expect(cluster.clusterArn).toBe(clusterArn('c'));
    expect(cluster.clusterName).toBe('c');
    expect(cluster.status).toBe('INACTIVE');
    const res = sim.ecs.describeClusters({ clusters: ['c'] });
    expect(res.clusters.map((x) => x.status)).toEqual(['INACTIVE']);
    expect(res.failures ?? []).toEqual([]);
  });

  it('accepts the cluster ARN', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'c' });
    expect(sim.ecs.deleteCluster({ cluster: clusterArn('c') }).cluster.status).toBe('INACTIVE');
  });

  it('rejects an unknown cluster with ClusterNotFoundException "Cluster not found."', () => {
    const e = expectEcsError(() => newSim().ecs.deleteCluster({ cluster: 'nope' }), 'ClusterNotFoundException');
    expect(e.message).toBe('Cluster not found.');
  });

  it('(real ECS) an INACTIVE cluster accepts no new work: RunTask and RegisterContainerInstance say ClusterNotFoundException', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'c' });
    simpleTd(sim, 'web');
    sim.ecs.deleteCluster({ cluster: 'c' });
    expectEcsError(() => sim.ecs.runTask({ cluster: 'c', taskDefinition: 'web' }), 'ClusterNotFoundException');
    expectEcsError(() => registerInstance(sim, { cluster: 'c' }), 'ClusterNotFoundException');
  });
});
