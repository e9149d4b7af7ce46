// StartTask: one task per named instance, failures MISSING / INACTIVE / AGENT / RESOURCE:*,
// no random placement draw (issue 2 §4 "StartTask").
import { describe, expect, it } from 'vitest';
import {
  arnRe,
  expectEcsError,
  idOf,
  newSim,
  registerInstance,
  registerTd,
  remaining,
  resValue,
  simpleTd,
  tdArn,
} from '../../helpers/fixtures.js';

describe('StartTask', () => {
  it('starts one PENDING task on each named instance, by ARN or UUID', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    const b = registerInstance(sim);
    registerInstance(sim);
    simpleTd(sim, 'web', { cpu: 10 });
    const res = sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [a, idOf(b)] });
    expect(res.failures ?? []).toEqual([]);
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([a, b]);
    for (const t of res.tasks) {
      expect(t.taskArn).toMatch(arnRe('task'));
      expect(t.taskDefinitionArn).toBe(tdArn('web', 1));
      expect(t.lastStatus).toBe('PENDING');
      expect(t.desiredStatus).toBe('RUNNING');
    }
    expect(resValue(remaining(sim, a), 'CPU')).toBe(1014);
    expect(resValue(remaining(sim, b), 'CPU')).toBe(1014);
  });

  it('echoes container overrides', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app' }]);
    const overrides = { containerOverrides: [{ name: 'app', command: ['run', '--fast'] }] };
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [a], overrides }).tasks[0]!.overrides).toEqual(overrides);
  });

  it('reports an unknown instance as MISSING and still starts the others', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    simpleTd(sim, 'web');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [unknown, a] });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([a]);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.reason).toBe('MISSING');
    expect(res.failures[0]!.arn).toContain(unknown);
  });

  it('reports a deregistered instance as INACTIVE', () => {
    const sim = newSim();
    registerInstance(sim);
    const gone = registerInstance(sim);
    sim.ecs.deregisterContainerInstance({ containerInstance: gone });
    simpleTd(sim, 'web');
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [gone] })).toMatchObject({
      tasks: [],
      failures: [{ arn: gone, reason: 'INACTIVE' }],
    });
  });

  it('reports a disconnected instance as AGENT', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    sim.disconnectAgent(a);
    simpleTd(sim, 'web');
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [a] })).toMatchObject({
      tasks: [],
      failures: [{ arn: a, reason: 'AGENT' }],
    });
  });

  it.each([
    ['RESOURCE:CPU', { cpu: 2000 }],
    ['RESOURCE:MEMORY', { memory: 5000 }],
    ['RESOURCE:PORTS', { hostPorts: [22] }],
    ['RESOURCE:GPU', { gpu: 3 }],
  ])('reports an instance without room as %s', (reason, demand) => {
    const sim = newSim();
    const a = registerInstance(sim, { cpu: 1024, memory: 2048, integers: { GPU: 2 } });
    simpleTd(sim, 'big', demand);
    expect(sim.ecs.startTask({ taskDefinition: 'big', containerInstances: [a] })).toMatchObject({
      tasks: [],
      failures: [{ arn: a, reason }],
    });
    expect(resValue(remaining(sim, a), 'CPU')).toBe(1024);
  });

  it('an instance of another cluster is MISSING', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    const inA = registerInstance(sim, { cluster: 'a' });
    registerInstance(sim, { cluster: 'b' });
    simpleTd(sim, 'web');
    const res = sim.ecs.startTask({ cluster: 'b', taskDefinition: 'web', containerInstances: [inA] });
    expect(res.tasks).toEqual([]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
  });

  it.each([0, 11])('rejects %s container instances with InvalidParameterException', (n) => {
    const sim = newSim();
    const a = registerInstance(sim);
    simpleTd(sim, 'web', { memory: 4 });
    expectEcsError(
      () => sim.ecs.startTask({ taskDefinition: 'web', containerInstances: Array(n).fill(a) }),
      'InvalidParameterException',
    );
    expect(sim.ecs.listTasks().taskArns).toEqual([]);
  });

  it('accepts 10 container instances', () => {
    const sim = newSim();
    const arns = Array.from({ length: 10 }, () => registerInstance(sim));
    simpleTd(sim, 'web');
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: arns }).tasks).toHaveLength(10);
  });

  it('does not draw from the placement stream: later RunTask placements match a twin that never started a task', () => {
    const build = () => {
      const sim = newSim({ seed: 'start-twin' });
      const arns = Array.from({ length: 8 }, () => registerInstance(sim, { cpu: 100_000, memory: 100_000 }));
      simpleTd(sim, 'web', { memory: 4 });
      return { sim, arns };
    };
    const one = build();
    const two = build();
    one.sim.ecs.startTask({ taskDefinition: 'web', containerInstances: one.arns.slice(0, 3) });
    const placed = (s: typeof one) =>
      Array.from({ length: 5 }, () => s.sim.ecs.runTask({ taskDefinition: 'web', count: 10 }).tasks.map((t) => t.containerInstanceArn)).flat();
    expect(placed(one)).toEqual(placed(two));
  });
});
