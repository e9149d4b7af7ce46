// RegisterContainerInstance, DeregisterContainerInstance, ListContainerInstances,
// DescribeContainerInstances (issue 2 §4 "Resources", "Container instances").
import { describe, expect, it } from 'vitest';
import {
  AGENT_PORTS,
  arnRe,
  describeInstance,
  describeTask,
  expectEcsError,
  idOf,
  newSim,
  numValue,
  registerInstance,
  remaining,
  resValue,
  setValue,
  simpleTd,
  totalResources,
} from '../../helpers/fixtures.js';

describe('RegisterContainerInstance', () => {
  it('returns an ACTIVE, connected instance with a container-instance ARN holding a UUID', () => {
    const sim = newSim();
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({ totalResources: totalResources() });
    expect(ci.containerInstanceArn).toMatch(arnRe('container-instance'));
    expect(ci.status).toBe('ACTIVE');
    expect(ci.agentConnected).toBe(true);
  });

  it('echoes totalResources as registeredResources, and remaining equals registered before any task', () => {
    const sim = newSim();
    const total = totalResources({ cpu: 2048, memory: 3768, ports: [22, 80], udpPorts: [53], integers: { GPU: 4 } });
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({ totalResources: total });
    const norm = (rs: readonly { name: string }[]) => [...rs].sort((a, b) => a.name.localeCompare(b.name));
    expect(norm(ci.registeredResources)).toEqual(norm(total));
    expect(resValue(ci.remainingResources, 'CPU')).toBe(2048);
    expect(resValue(ci.remainingResources, 'MEMORY')).toBe(3768);
    expect(resValue(ci.remainingResources, 'GPU')).toBe(4);
    expect(setValue(ci.remainingResources, 'PORTS')).toEqual([22, 80]);
    expect(setValue(ci.remainingResources, 'PORTS_UDP')).toEqual([53]);
  });

  it('spells resource entries with name, type and exactly one value key for its type', () => {
    const sim = newSim();
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({
      totalResources: totalResources({
        extra: [
          { name: 'SSD', type: 'LONG', longValue: 500 },
          { name: 'BW', type: 'DOUBLE', doubleValue: 2.5 },
        ],
      }),
    });
    const valueKey: Record<string, string> = {
      INTEGER: 'integerValue',
      LONG: 'longValue',
      DOUBLE: 'doubleValue',
      STRINGSET: 'stringSetValue',
    };
    for (const list of [ci.registeredResources, ci.remainingResources]) {
      for (const r of list) {
        const keys = Object.keys(r).sort();
        expect(keys, JSON.stringify(r)).toEqual(['name', 'type', valueKey[r.type]!].sort());
      }
    }
    const ssd = ci.remainingResources.find((r) => r.name === 'SSD');
    expect(ssd).toEqual({ name: 'SSD', type: 'LONG', longValue: 500 });
    expect(ci.remainingResources.find((r) => r.name === 'BW')).toEqual({ name: 'BW', type: 'DOUBLE', doubleValue: 2.5 });
  });

  it('gives documented defaults without totalResources: INTEGER CPU and MEMORY, STRINGSET PORTS', () => {
    const sim = newSim();
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({});
    const byName = new Map(ci.registeredResources.map((r) => [r.name, r]));
    expect(byName.get('CPU')?.type).toBe('INTEGER');
    expect(byName.get('CPU')?.integerValue).toBeGreaterThan(0);
    expect(byName.get('MEMORY')?.type).toBe('INTEGER');
    expect(byName.get('MEMORY')?.integerValue).toBeGreaterThan(0);
    expect(byName.get('PORTS')?.type).toBe('STRINGSET');
  });

  it('(real ECS) reserves the agent ports 22, 2375, 2376 and 51678 by default', () => {
    const { containerInstance: ci } = newSim().ecs.registerContainerInstance({});
    const ports = setValue(ci.registeredResources, 'PORTS');
    for (const p of AGENT_PORTS) expect(ports).toContain(p);
  });

  it('derives CPU as 1024 per vCPU from the identity document instanceType (m4.large: 2 vCPU)', () => {
    const sim = newSim();
    const doc = JSON.stringify({ instanceId: 'i-0123456789abcdef0', instanceType: 'm4.large', region: 'us-east-1' });
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({ instanceIdentityDocument: doc });
    expect(resValue(ci.registeredResources, 'CPU')).toBe(2048);
    const mem = numValue(ci.registeredResources, 'MEMORY');
    expect(mem).toBeGreaterThan(4096);
    expect(mem).toBeLessThanOrEqual(8192);
  });

  it('(real ECS) takes ec2InstanceId from the identity document', () => {
    const sim = newSim();
    const doc = JSON.stringify({ instanceId: 'i-0123456789abcdef0', instanceType: 'm4.large', region: 'us-east-1' });
    const { containerInstance: ci } = sim.ecs.registerContainerInstance({ instanceIdentityDocument: doc });
    expect(ci.ec2InstanceId).toBe('i-0123456789abcdef0');
  });

  it('registers into a named cluster, and only that cluster lists it', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    const inst = registerInstance(sim, { cluster: 'a' });
    expect(sim.ecs.listContainerInstances({ cluster: 'a' }).containerInstanceArns).toEqual([inst]);
    expect(sim.ecs.listContainerInstances({ cluster: 'b' }).containerInstanceArns).toEqual([]);
  });

  it('reports the later-API task counters on the instance', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    expect(describeInstance(sim, inst)).toMatchObject({ runningTasksCount: 0, pendingTasksCount: 0 });
    sim.ecs.runTask({ taskDefinition: 'web', count: 2 });
    expect(describeInstance(sim, inst)).toMatchObject({ runningTasksCount: 0, pendingTasksCount: 2 });
    sim.runUntilIdle();
    expect(describeInstance(sim, inst)).toMatchObject({ runningTasksCount: 2, pendingTasksCount: 0 });
  });
});

describe('DescribeContainerInstances', () => {
  it('accepts the UUID or the full ARN', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    const res = sim.ecs.describeContainerInstances({ containerInstances: [idOf(inst), inst] });
    expect(res.containerInstances.map((c) => c.containerInstanceArn)).toEqual([inst, inst]);
  });

  it('reports unknown ids as MISSING failures', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    const res = sim.ecs.describeContainerInstances({
      containerInstances: [inst, '00000000-0000-4000-8000-000000000000'],
    });
    expect(res.containerInstances.map((c) => c.containerInstanceArn)).toEqual([inst]);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.reason).toBe('MISSING');
    expect(res.failures[0]!.arn).toContain('00000000-0000-4000-8000-000000000000');
  });

  it('does not find an instance of another cluster', () => {
    const sim = newSim();
    sim.ecs.createCluster({ clusterName: 'a' });
    sim.ecs.createCluster({ clusterName: 'b' });
    const inst = registerInstance(sim, { cluster: 'a' });
    const res = sim.ecs.describeContainerInstances({ cluster: 'b', containerInstances: [inst] });
    expect(res.containerInstances).toEqual([]);
    expect(res.failures.map((f) => f.reason)).toEqual(['MISSING']);
  });
});

describe('DeregisterContainerInstance', () => {
  it('makes an idle instance INACTIVE: no longer listed, still described', () => {
    const sim = newSim();
    const keep = registerInstance(sim);
    const inst = registerInstance(sim);
    const { containerInstance: ci } = sim.ecs.deregisterContainerInstance({ containerInstance: inst });
    expect(ci.containerInstanceArn).toBe(inst);
    expect(ci.status).toBe('INACTIVE');
    expect(sim.ecs.listContainerInstances().containerInstanceArns).toEqual([keep]);
    expect(describeInstance(sim, inst).status).toBe('INACTIVE');
    expect(sim.ecs.describeClusters().clusters[0]!.registeredContainerInstancesCount).toBe(1);
  });

  it('accepts the UUID', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    expect(sim.ecs.deregisterContainerInstance({ containerInstance: idOf(inst) }).containerInstance.status).toBe('INACTIVE');
  });

  it('refuses with ClientException while live tasks run there and force is not given; nothing changes', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web', { cpu: 100 });
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    const before = JSON.stringify([describeInstance(sim, inst), describeTask(sim, task.taskArn)]);
    expectEcsError(() => sim.ecs.deregisterContainerInstance({ containerInstance: inst }), 'ClientException');
    expectEcsError(() => sim.ecs.deregisterContainerInstance({ containerInstance: inst, force: false }), 'ClientException');
    expect(JSON.stringify([describeInstance(sim, inst), describeTask(sim, task.taskArn)])).toBe(before);
  });

  it('with force, makes the instance INACTIVE and stops its tasks with the forced-deregistration reason', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web', { cpu: 100 });
    const tasks = sim.ecs.runTask({ taskDefinition: 'web', count: 2 }).tasks;
    sim.runUntil(500);
    const { containerInstance: ci } = sim.ecs.deregisterContainerInstance({ containerInstance: inst, force: true });
    expect(ci.status).toBe('INACTIVE');
    for (const t of tasks) {
      const d = describeTask(sim, t.taskArn);
      expect(d.desiredStatus).toBe('STOPPED');
      expect(d.stoppedReason).toBe('Container instance deregistration forced by user');
    }
    sim.runUntilIdle();
    for (const t of tasks) expect(describeTask(sim, t.taskArn).lastStatus).toBe('STOPPED');
  });

  it('succeeds without force when every task there has already STOPPED', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    expect(sim.ecs.deregisterContainerInstance({ containerInstance: inst }).containerInstance.status).toBe('INACTIVE');
  });

  it('releases what the force-stopped tasks held once they reach STOPPED', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 1024, memory: 2048 });
    simpleTd(sim, 'web', { cpu: 256, memory: 512, hostPorts: [80] });
    sim.ecs.runTask({ taskDefinition: 'web' });
    sim.ecs.deregisterContainerInstance({ containerInstance: inst, force: true });
    sim.runUntilIdle();
    const rem = remaining(sim, inst);
    expect(resValue(rem, 'CPU')).toBe(1024);
    expect(resValue(rem, 'MEMORY')).toBe(2048);
    expect(setValue(rem, 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('an INACTIVE instance is never chosen by RunTask', () => {
    const sim = newSim();
    const keep = registerInstance(sim);
    const gone = registerInstance(sim);
    sim.ecs.deregisterContainerInstance({ containerInstance: gone });
    simpleTd(sim, 'web', { memory: 4 });
    const res = sim.ecs.runTask({ taskDefinition: 'web', count: 10 });
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual(Array(10).fill(keep));
  });
});
