// The long ARN format (`longArns: true`; ECS's taskLongArnFormat and containerInstanceLongArnFormat
// account settings): task, container instance and container ARNs name their cluster, every action
// reads both forms, and the default stays the 2015 form.
import { describe, expect, it } from 'vitest';
import { ACCOUNT, arnRe, idOf, newSim, REGION, registerInstance, simpleTd, UUID_RE } from '../../helpers/fixtures.js';

const long = (kind: string, cluster: string, id = UUID_RE): RegExp => arnRe(kind, `${cluster}/${id}`);
const shortForm = (kind: string, arn: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:${kind}/${idOf(arn)}`;

describe('long ARNs', () => {
  it('the default is the 2015 form', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    expect(inst).toMatch(arnRe('container-instance'));
    expect(t.taskArn).toMatch(arnRe('task'));
    expect(t.containers[0]!.containerArn).toMatch(arnRe('container'));
  });

  it('task, container instance and container ARNs name the cluster (and the task)', () => {
    const sim = newSim({ longArns: true });
    sim.ecs.createCluster({ clusterName: 'prod' });
    const inst = registerInstance(sim, { cluster: 'prod' });
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ cluster: 'prod', taskDefinition: 'web' }).tasks[0]!;
    expect(inst).toMatch(long('container-instance', 'prod'));
    expect(t.taskArn).toMatch(long('task', 'prod'));
    expect(t.containerInstanceArn).toBe(inst);
    expect(t.containers[0]!.containerArn).toMatch(long('container', 'prod', `${idOf(t.taskArn)}/${UUID_RE}`));
    expect(t.containers[0]!.taskArn).toBe(t.taskArn);
    // clusters and task definitions have one form only
    expect(t.clusterArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`);
    expect(sim.ecs.listTasks({ cluster: 'prod' }).taskArns).toEqual([t.taskArn]);
    expect(sim.ecs.listContainerInstances({ cluster: 'prod' }).containerInstanceArns).toEqual([inst]);
  });

  it('ids and both ARN forms name the same resource; another cluster in the ARN names nothing', () => {
    const sim = newSim({ longArns: true });
    const inst = registerInstance(sim);
    sim.ecs.createCluster({ clusterName: 'other' });
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    for (const ref of [t.taskArn, idOf(t.taskArn), shortForm('task', t.taskArn)]) {
      expect(sim.ecs.describeTasks({ tasks: [ref] }).tasks.map((x) => x.taskArn)).toEqual([t.taskArn]);
    }
    const wrongCluster = t.taskArn.replace('/default/', '/other/');
    expect(sim.ecs.describeTasks({ tasks: [wrongCluster] }).failures).toEqual([{ arn: wrongCluster, reason: 'MISSING' }]);
    for (const ref of [inst, idOf(inst), shortForm('container-instance', inst)]) {
      expect(sim.ecs.describeContainerInstances({ containerInstances: [ref] }).containerInstances.map((x) => x.containerInstanceArn)).toEqual([inst]);
    }
    const started = sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [idOf(inst)] });
    expect(started.tasks.map((x) => x.containerInstanceArn)).toEqual([inst]);
    sim.ecs.stopTask({ task: shortForm('task', t.taskArn) });
    sim.disconnectAgent(inst);
    expect(sim.ecs.describeContainerInstances({ containerInstances: [inst] }).containerInstances[0]!.agentConnected).toBe(false);
    expect(() => sim.connectAgent(inst.replace('/default/', '/other/'))).toThrow(/not found/);
  });

  it('a missing id is reported in the long form', () => {
    const sim = newSim({ longArns: true });
    registerInstance(sim);
    const id = '00000000-0000-4000-8000-000000000000';
    expect(sim.ecs.describeTasks({ tasks: [id] }).failures[0]!.arn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT}:task/default/${id}`);
    expect(sim.ecs.describeContainerInstances({ containerInstances: [id] }).failures[0]!.arn).toBe(
      `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/default/${id}`,
    );
  });

  it('the same seed draws the same ids in either form', () => {
    const ids = (longArns: boolean): string[] => {
      const sim = newSim({ longArns });
      registerInstance(sim);
      simpleTd(sim, 'web');
      return sim.ecs.runTask({ taskDefinition: 'web', count: 3 }).tasks.map((t) => idOf(t.taskArn));
    };
    expect(ids(true)).toEqual(ids(false));
  });
});
