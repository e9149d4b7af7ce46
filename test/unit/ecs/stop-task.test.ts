// StopTask: desired STOPPED now, STOPPED after stopDelayMs in auto mode, resources released
// exactly once (issue 2 §4 "Lifecycle", "Resources").
import { describe, expect, it } from 'vitest';
import {
  AGENT_PORTS,
  describeInstance,
  describeTask,
  expectEcsError,
  idOf,
  newSim,
  registerInstance,
  remaining,
  resValue,
  setValue,
  simpleTd,
} from '../../helpers/fixtures.js';

function running(opts: { startDelayMs?: number; stopDelayMs?: number } = {}) {
  const sim = newSim({ agent: { mode: 'auto', startDelayMs: opts.startDelayMs ?? 100, stopDelayMs: opts.stopDelayMs ?? 50 } });
  const inst = registerInstance(sim, { cpu: 1024, memory: 2048 });
  simpleTd(sim, 'web', { cpu: 256, memory: 512, hostPorts: [80] });
  const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
  return { sim, inst, task };
}

describe('StopTask', () => {
  it('returns the task with desiredStatus STOPPED; lastStatus moves to STOPPED after stopDelayMs', () => {
    const { sim, task } = running({ stopDelayMs: 50 });
    sim.runUntil(1000);
    const res = sim.ecs.stopTask({ task: task.taskArn });
    expect(res.task.taskArn).toBe(task.taskArn);
    expect(res.task.desiredStatus).toBe('STOPPED');
    expect(res.task.lastStatus).toBe('RUNNING');
    sim.runUntil(1049);
    expect(describeTask(sim, task.taskArn).lastStatus).toBe('RUNNING');
    sim.runUntil(1050);
    const d = describeTask(sim, task.taskArn);
    expect(d.lastStatus).toBe('STOPPED');
    expect(d.stoppedAt).toBe(1050);
    expect(d.containers.every((c) => c.lastStatus === 'STOPPED')).toBe(true);
  });

  it('sets stoppedReason "Task stopped by user"', () => {
    const { sim, task } = running();
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    expect(describeTask(sim, task.taskArn).stoppedReason).toBe('Task stopped by user');
  });

  it('(later API) uses the reason given to stopTask as stoppedReason', () => {
    const { sim, task } = running();
    sim.ecs.stopTask({ task: task.taskArn, reason: 'scaling in' });
    sim.runUntilIdle();
    expect(describeTask(sim, task.taskArn).stoppedReason).toBe('scaling in');
  });

  it('(real ECS) reports exit codes on the stopped containers', () => {
    const { sim, task } = running();
    sim.runUntil(500);
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    for (const c of describeTask(sim, task.taskArn).containers) expect(typeof c.exitCode).toBe('number');
  });

  it('accepts the task UUID', () => {
    const { sim, task } = running();
    expect(sim.ecs.stopTask({ task: idOf(task.taskArn) }).task.desiredStatus).toBe('STOPPED');
  });

  it('keeps holding the resources until the task is STOPPED, then releases them', () => {
    const { sim, inst, task } = running({ stopDelayMs: 50 });
    sim.runUntil(1000);
    sim.ecs.stopTask({ task: task.taskArn });
    let rem = remaining(sim, inst);
    expect(resValue(rem, 'CPU')).toBe(768);
    expect(resValue(rem, 'MEMORY')).toBe(1536);
    expect(setValue(rem, 'PORTS')).toContain(80);
    sim.runUntil(1050);
    rem = remaining(sim, inst);
    expect(resValue(rem, 'CPU')).toBe(1024);
    expect(resValue(rem, 'MEMORY')).toBe(2048);
    expect(setValue(rem, 'PORTS')).toEqual(AGENT_PORTS);
  });

  it('stops a PENDING task: PENDING → STOPPED without ever being RUNNING', () => {
    const { sim, task } = running({ startDelayMs: 1000, stopDelayMs: 10 });
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    const d = describeTask(sim, task.taskArn);
    expect(d.lastStatus).toBe('STOPPED');
    expect(d).not.toHaveProperty('startedAt');
    expect(sim.now()).toBeLessThan(1000);
  });

  it('stopping a STOPPED task changes nothing and releases nothing twice', () => {
    const { sim, inst, task } = running();
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    const before = JSON.stringify([describeTask(sim, task.taskArn), describeInstance(sim, inst)]);
    const res = sim.ecs.stopTask({ task: task.taskArn });
    expect(res.task.lastStatus).toBe('STOPPED');
    sim.runUntilIdle();
    expect(JSON.stringify([describeTask(sim, task.taskArn), describeInstance(sim, inst)])).toBe(before);
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024);
  });

  it('stopping twice before the agent answers stops the task once', () => {
    const { sim, inst, task } = running();
    sim.ecs.stopTask({ task: task.taskArn });
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    expect(describeTask(sim, task.taskArn).lastStatus).toBe('STOPPED');
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048);
  });

  it('the freed host port can be used by the next task', () => {
    const { sim, inst, task } = running();
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).failures).toEqual([{ arn: inst, reason: 'RESOURCE:PORTS' }]);
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks.map((t) => t.containerInstanceArn)).toEqual([inst]);
  });

  it('updates the cluster and instance counters when the task stops', () => {
    const { sim, inst, task } = running();
    sim.runUntil(500);
    expect(sim.ecs.describeClusters().clusters[0]).toMatchObject({ runningTasksCount: 1, pendingTasksCount: 0 });
    sim.ecs.stopTask({ task: task.taskArn });
    sim.runUntilIdle();
    expect(sim.ecs.describeClusters().clusters[0]).toMatchObject({ runningTasksCount: 0, pendingTasksCount: 0 });
    expect(describeInstance(sim, inst)).toMatchObject({ runningTasksCount: 0, pendingTasksCount: 0 });
  });

  it('rejects an unknown task (ClientException or InvalidParameterException)', () => {
    const { sim } = running();
    // Real ECS: InvalidParameterException "The referenced task was not found."; the issue is silent.
    expectEcsError(() => sim.ecs.stopTask({ task: '00000000-0000-4000-8000-000000000000' }), 'ClientException', 'InvalidParameterException');
  });

  it('does not find a task of another cluster', () => {
    const { sim, task } = running();
    sim.ecs.createCluster({ clusterName: 'other' });
    expectEcsError(() => sim.ecs.stopTask({ cluster: 'other', task: task.taskArn }), 'ClientException', 'InvalidParameterException');
    expect(describeTask(sim, task.taskArn).desiredStatus).toBe('RUNNING');
  });
});
