// Simulation controls disconnectAgent / connectAgent: a lost agent is reported, skipped by
// RunTask and refused by StartTask with AGENT (issue 2 §3).
import { describe, expect, it } from 'vitest';
import { describeInstance, newSim, registerInstance, simpleTd } from '../../helpers/fixtures.js';

describe('agent connection', () => {
  it('disconnectAgent makes the instance report agentConnected false; connectAgent restores it', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    sim.disconnectAgent(inst);
    expect(describeInstance(sim, inst).agentConnected).toBe(false);
    expect(describeInstance(sim, inst).status).toBe('ACTIVE');
    sim.connectAgent(inst);
    expect(describeInstance(sim, inst).agentConnected).toBe(true);
  });

  it('a disconnected instance stays listed', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    sim.disconnectAgent(inst);
    expect(sim.ecs.listContainerInstances().containerInstanceArns).toEqual([inst]);
  });

  it('RunTask skips a disconnected instance and uses the connected ones', () => {
    const sim = newSim();
    const off = registerInstance(sim, { memory: 100_000 });
    const on = registerInstance(sim, { memory: 100_000 });
    sim.disconnectAgent(off);
    simpleTd(sim, 'web', { memory: 4 });
    for (let i = 0; i < 5; i++) {
      const res = sim.ecs.runTask({ taskDefinition: 'web', count: 10 });
      expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual(Array(10).fill(on));
      expect(res.failures ?? []).toEqual([]);
    }
  });

  it('RunTask uses the instance again after connectAgent', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    sim.disconnectAgent(inst);
    simpleTd(sim, 'web');
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).failures).toEqual([{ arn: inst, reason: 'AGENT' }]);
    sim.connectAgent(inst);
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks.map((t) => t.containerInstanceArn)).toEqual([inst]);
  });

  it('StartTask fails on a disconnected instance with AGENT, and succeeds after connectAgent', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    sim.disconnectAgent(inst);
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [inst] }).failures).toEqual([
      { arn: inst, reason: 'AGENT' },
    ]);
    sim.connectAgent(inst);
    expect(sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [inst] }).tasks).toHaveLength(1);
  });

  it('a disconnected instance keeps the tasks it already runs and what they hold', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 1000 });
    simpleTd(sim, 'web', { cpu: 300 });
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    sim.disconnectAgent(inst);
    sim.runUntil(sim.now() + 100_000);
    expect(sim.ecs.describeTasks({ tasks: [t.taskArn] }).tasks[0]!.lastStatus).toBe('RUNNING');
    expect(describeInstance(sim, inst).remainingResources.find((r) => r.name === 'CPU')!.integerValue).toBe(700);
  });

  it('(real ECS) a stop requested while the agent is away completes after it reconnects', () => {
    const sim = newSim({ agent: { mode: 'auto', stopDelayMs: 50 } });
    const inst = registerInstance(sim);
    simpleTd(sim, 'web');
    const t = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.runUntilIdle();
    sim.disconnectAgent(inst);
    sim.ecs.stopTask({ task: t.taskArn });
    sim.runUntil(sim.now() + 100_000);
    expect(sim.ecs.describeTasks({ tasks: [t.taskArn] }).tasks[0]).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED' });
    sim.connectAgent(inst);
    sim.runUntilIdle();
    expect(sim.ecs.describeTasks({ tasks: [t.taskArn] }).tasks[0]!.lastStatus).toBe('STOPPED');
  });
});
