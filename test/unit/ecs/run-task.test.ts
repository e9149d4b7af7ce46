// RunTask: shape of the response, count, resource accounting and placement failures
// (issue 2 §4 "RunTask", "Resources").
import { describe, expect, it } from 'vitest';
import {
  AGENT_PORTS,
  arnRe,
  clusterArn,
  describeInstance,
  expectEcsError,
  idOf,
  newSim,
  registerInstance,
  registerTd,
  remaining,
  resValue,
  setValue,
  simpleTd,
  tdArn,
} from '../../helpers/fixtures.js';

describe('RunTask: the response', () => {
  it('describes a PENDING task, desired RUNNING, with containers PENDING and ARNs as documented', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app' }, { name: 'log', essential: false }]);
    const res = sim.ecs.runTask({ taskDefinition: 'web' });
    expect(res.tasks).toHaveLength(1);
    expect(res.failures ?? []).toEqual([]);
    const t = res.tasks[0]!;
    expect(t.taskArn).toMatch(arnRe('task'));
    expect(t.clusterArn).toBe(clusterArn('default'));
    expect(t.taskDefinitionArn).toBe(tdArn('web', 1));
    expect(t.containerInstanceArn).toBe(inst);
    expect(t.lastStatus).toBe('PENDING');
    expect(t.desiredStatus).toBe('RUNNING');
    expect(t.containers.map((c) => c.name)).toEqual(['app', 'log']);
    for (const c of t.containers) {
      expect(c.containerArn).toMatch(arnRe('container'));
      expect(c.taskArn).toBe(t.taskArn);
      expect(c.lastStatus).toBe('PENDING');
      expect(c).not.toHaveProperty('exitCode');
      expect(c).not.toHaveProperty('reason');
    }
    expect(new Set(t.containers.map((c) => c.containerArn)).size).toBe(2);
  });

  it('has createdAt (simulated ms) and no startedAt / stoppedAt / stoppedReason while PENDING', () => {
    const sim = newSim();
    registerInstance(sim);
    simpleTd(sim, 'web');
    sim.runUntil(1234);
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    expect(t.createdAt).toBe(1234);
    expect(t).not.toHaveProperty('startedAt');
    expect(t).not.toHaveProperty('stoppedAt');
    expect(t).not.toHaveProperty('stoppedReason');
  });

  it('echoes container overrides (command) on the task', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web', [{ name: 'app' }]);
    const overrides = { containerOverrides: [{ name: 'app', command: ['echo', 'hi'] }] };
    const t = sim.ecs.runTask({ taskDefinition: 'web', overrides }).tasks[0]!;
    expect(t.overrides).toEqual(overrides);
    expect(sim.ecs.describeTasks({ tasks: [t.taskArn] }).tasks[0]!.overrides).toEqual(overrides);
  });

  it('accepts the task definition as family, family:revision or ARN', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web');
    registerTd(sim, 'web');
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!.taskDefinitionArn).toBe(tdArn('web', 2));
    expect(sim.ecs.runTask({ taskDefinition: 'web:1' }).tasks[0]!.taskDefinitionArn).toBe(tdArn('web', 1));
    expect(sim.ecs.runTask({ taskDefinition: tdArn('web', 1) }).tasks[0]!.taskDefinitionArn).toBe(tdArn('web', 1));
  });

  it('accepts the cluster by name or ARN', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'c' });
    const inst = registerInstance(sim, { cluster: 'c' });
    simpleTd(sim, 'web');
    expect(sim.ecs.runTask({ cluster: 'c', taskDefinition: 'web' }).tasks[0]!.containerInstanceArn).toBe(inst);
    const t = sim.ecs.runTask({ cluster: clusterArn('c'), taskDefinition: 'web' }).tasks[0]!;
    expect(t.clusterArn).toBe(clusterArn('c'));
  });

  it('never places on an instance of another cluster', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    const a = registerInstance(sim, { cluster: 'a' });
    registerInstance(sim, { cluster: 'b', memory: 100_000 });
    simpleTd(sim, 'web', { memory: 4 });
    const res = sim.ecs.runTask({ cluster: 'a', taskDefinition: 'web', count: 10 });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual(Array(10).fill(a));
  });
});

describe('RunTask: count', () => {
  it('defaults to 1 and places up to 10 tasks, each with its own ARN', () => {
    const sim = newSim();
    registerInstance(sim, { memory: 10_000 });
    simpleTd(sim, 'web');
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks).toHaveLength(1);
    const ten = sim.ecs.runTask({ taskDefinition: 'web', count: 10 }).tasks;
    expect(ten).toHaveLength(10);
    expect(new Set(ten.map((t) => t.taskArn)).size).toBe(10);
  });

  it.each([0, 11, -1, 1.5])('rejects count %s with InvalidParameterException', (count) => {
    const sim = newSim();
    registerInstance(sim);
    simpleTd(sim, 'web');
    expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web', count }), 'InvalidParameterException');
    expect(sim.ecs.listTasks().taskArns).toEqual([]);
  });
});

describe('RunTask: no instances', () => {
  it('says "No Container Instances were found in your cluster." when the cluster has none', () => {
    const sim = newSim();
    sim.ecs.createCluster();
    simpleTd(sim, 'web');
    const e = expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web' }), 'InvalidParameterException');
    expect(e.message).toBe('No Container Instances were found in your cluster.');
  });

  it('says the same when every instance is INACTIVE', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    sim.ecs.deregisterContainerInstance({ containerInstance: inst });
    simpleTd(sim, 'web');
    const e = expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web' }), 'InvalidParameterException');
    expect(e.message).toBe('No Container Instances were found in your cluster.');
  });
});

describe('RunTask: resources', () => {
  it('takes CPU, MEMORY, fixed host ports and user-defined resources from the chosen instance', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 1024, memory: 2048, integers: { GPU: 2 } });
    registerTd(sim, 'web', [
      { name: 'app', cpu: 300, memory: 500, portMappings: [{ containerPort: 80, hostPort: 8080 }], resourceRequirements: [{ type: 'GPU', value: '1' }] },
      { name: 'side', cpu: 100, memory: 50 },
    ]);
    sim.ecs.runTask({ taskDefinition: 'web' });
    const rem = remaining(sim, inst);
    expect(resValue(rem, 'CPU')).toBe(624);
    expect(resValue(rem, 'MEMORY')).toBe(1498);
    expect(resValue(rem, 'GPU')).toBe(1);
    expect(setValue(rem, 'PORTS')).toEqual([...AGENT_PORTS, 8080].sort((a, b) => a - b));
    // registered resources never change
    expect(resValue(describeInstance(sim, inst).registeredResources, 'CPU')).toBe(1024);
    expect(setValue(describeInstance(sim, inst).registeredResources, 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('places exactly as many as fit: 3 of 10 when memory holds 3, with one failure for the instance', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 10_000, memory: 1000 });
    simpleTd(sim, 'web', { memory: 300 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 10 });
    expect(res.tasks).toHaveLength(3);
    expect(res.failures).toEqual([{ arn: inst, reason: 'RESOURCE:MEMORY' }]);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(100);
  });

  it('an exact fit places', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 512, memory: 512, integers: { GPU: 1 } });
    simpleTd(sim, 'web', { cpu: 512, memory: 512, gpu: 1 });
    const res = sim.ecs.runTask({ taskDefinition: 'web' });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([inst]);
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(0);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(0);
    expect(resValue(remaining(sim, inst), 'GPU')).toBe(0);
  });

  it('reports RESOURCE:CPU when CPU is short', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 100 });
    simpleTd(sim, 'web', { cpu: 200 });
    expect(sim.ecs.runTask({ taskDefinition: 'web' })).toMatchObject({ tasks: [], failures: [{ arn: inst, reason: 'RESOURCE:CPU' }] });
  });

  it('reports RESOURCE:PORTS when a fixed host port is reserved by the host', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'ssh', { hostPorts: [22] });
    expect(sim.ecs.runTask({ taskDefinition: 'ssh' })).toMatchObject({ tasks: [], failures: [{ arn: inst, reason: 'RESOURCE:PORTS' }] });
  });

  it('reports RESOURCE:PORTS when a live task holds the host port: one task per host port per instance', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    const b = registerInstance(sim);
    simpleTd(sim, 'web', { hostPorts: [80] });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 3 });
    expect(res.tasks.map((t) => t.containerInstanceArn).sort()).toEqual([a, b].sort());
    expect([...res.failures].sort((x, y) => x.arn!.localeCompare(y.arn!))).toEqual(
      [a, b].sort().map((arn) => ({ arn, reason: 'RESOURCE:PORTS' })),
    );
  });

  it('reports RESOURCE:<name> for a user-defined resource (GPU)', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { integers: { GPU: 2 } });
    simpleTd(sim, 'ml', { gpu: 1 });
    const res = sim.ecs.runTask({ taskDefinition: 'ml', count: 3 });
    expect(res.tasks).toHaveLength(2);
    expect(res.failures).toEqual([{ arn: inst, reason: 'RESOURCE:GPU' }]);
    expect(resValue(remaining(sim, inst), 'GPU')).toBe(0);
  });

  it('an instance that does not register a user-defined resource cannot host a task that demands it', () => {
    const sim = newSim();
    const plain = registerInstance(sim);
    const gpu = registerInstance(sim, { integers: { GPU: 8 } });
    simpleTd(sim, 'ml', { gpu: 1 });
    const res = sim.ecs.runTask({ taskDefinition: 'ml', count: 8 });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual(Array(8).fill(gpu));
    expect(res.failures ?? []).toEqual([]);
    const more = sim.ecs.runTask({ taskDefinition: 'ml' });
    expect(more.tasks).toEqual([]);
    expect(new Map(more.failures.map((f) => [f.arn, f.reason]))).toEqual(
      new Map([
        [plain, 'RESOURCE:GPU'],
        [gpu, 'RESOURCE:GPU'],
      ]),
    );
  });

  it('(later API) a fixed UDP host port is held in PORTS_UDP, not PORTS, and only once per instance', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { udpPorts: [123] });
    registerTd(sim, 'dns', [{ portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }] }]);
    const res = sim.ecs.runTask({ taskDefinition: 'dns', count: 2 });
    expect(res.tasks).toHaveLength(1);
    expect(res.failures.map((f) => f.arn)).toEqual([inst]);
    const rem = remaining(sim, inst);
    expect(setValue(rem, 'PORTS_UDP')).toEqual([123, 5353]);
    expect(setValue(rem, 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('(later API) a UDP reservation does not block the same TCP host port', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { udpPorts: [53] });
    simpleTd(sim, 'dns', { hostPorts: [53] });
    expect(sim.ecs.runTask({ taskDefinition: 'dns' }).tasks.map((t) => t.containerInstanceArn)).toEqual([inst]);
  });
});

describe('RunTask: failure reasons', () => {
  // Instances that each fail for one reason, checked in the order AGENT, CPU, MEMORY, PORTS, <name>.
  function cluster() {
    const sim = newSim();
    simpleTd(sim, 'job', { cpu: 500, memory: 500, hostPorts: [80], gpu: 1 });
    const agent = registerInstance(sim, { cpu: 100, memory: 100, ports: [22, 80] }); // disconnected, and short of everything
    sim.disconnectAgent(agent);
    const cpu = registerInstance(sim, { cpu: 100, memory: 100, ports: [22, 80] });
    const memory = registerInstance(sim, { cpu: 1000, memory: 100, ports: [22, 80] });
    const ports = registerInstance(sim, { cpu: 1000, memory: 1000, ports: [22, 80] });
    const gpu = registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 0 } });
    return { sim, agent, cpu, memory, ports, gpu };
  }

  it('names each ruled-out instance once with the first reason in the order AGENT, CPU, MEMORY, PORTS, <name>', () => {
    const { sim, agent, cpu, memory, ports, gpu } = cluster();
    const res = sim.ecs.runTask({ taskDefinition: 'job', count: 10 });
    expect(res.tasks).toEqual([]);
    expect(res.failures).toHaveLength(5);
    expect(new Map(res.failures.map((f) => [f.arn, f.reason]))).toEqual(
      new Map([
        [agent, 'AGENT'],
        [cpu, 'RESOURCE:CPU'],
        [memory, 'RESOURCE:MEMORY'],
        [ports, 'RESOURCE:PORTS'],
        [gpu, 'RESOURCE:GPU'],
      ]),
    );
  });

  it('lists no failures when every task was placed, even if some instances could not host it', () => {
    const { sim } = cluster();
    const ok = registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 1 } });
    const res = sim.ecs.runTask({ taskDefinition: 'job' });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([ok]);
    expect(res.failures ?? []).toEqual([]);
  });

  it('lists instances that filled up during the call, once each, next to those that never fitted', () => {
    const sim = newSim();
    const small = registerInstance(sim, { memory: 100 });
    const a = registerInstance(sim, { memory: 1000 });
    const b = registerInstance(sim, { memory: 1000 });
    simpleTd(sim, 'web', { memory: 400 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 10 });
    expect(res.tasks).toHaveLength(4);
    expect(res.tasks.every((t) => t.containerInstanceArn !== small)).toBe(true);
    expect(res.failures).toHaveLength(3);
    expect(new Set(res.failures.map((f) => f.arn))).toEqual(new Set([small, a, b]));
    expect(res.failures.every((f) => f.reason === 'RESOURCE:MEMORY')).toBe(true);
  });

  it('skips a disconnected instance even when it has room, and says AGENT if nothing else fits', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    sim.disconnectAgent(inst);
    simpleTd(sim, 'web');
    expect(sim.ecs.runTask({ taskDefinition: 'web' })).toMatchObject({ tasks: [], failures: [{ arn: inst, reason: 'AGENT' }] });
  });

  it('failure ARNs are full container-instance ARNs', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { memory: 10 });
    simpleTd(sim, 'web', { memory: 100 });
    const f = sim.ecs.runTask({ taskDefinition: 'web' }).failures[0]!;
    expect(f.arn).toBe(inst);
    expect(idOf(f.arn!)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
