// Stopped-task retention (issue 11): a STOPPED task stays describable for stoppedTaskRetentionMs
// after it stops (default one hour, as ECS), then DescribeTasks reports it MISSING and ListTasks
// no longer lists it. Forgetting adds no event to the queue.
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/index.js';
import { expectEcsError, newSim, registerInstance, simpleTd } from '../../helpers/fixtures.js';

type Opts = Parameters<typeof newSim>[0];

/** A task run at 0 and stopped by the user at 1000; stoppedAt is 1050 (stopDelayMs 50). */
function stoppedTask(opts: Opts = {}) {
  const sim = newSim(opts);
  registerInstance(sim, { cpu: 1024, memory: 2048 });
  simpleTd(sim, 'web', { cpu: 256, memory: 512 });
  const arn = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!.taskArn;
  sim.runUntil(1000);
  sim.ecs.stopTask({ task: arn });
  sim.runUntil(1050);
  return { sim, arn };
}

const listedStopped = (sim: ReturnType<typeof newSim>): string[] => sim.ecs.listTasks({ desiredStatus: 'STOPPED' }).taskArns;

describe('stopped-task retention', () => {
  it('keeps a task describable right after it stopped and up to the end of the retention, then forgets it', () => {
    const { sim, arn } = stoppedTask({ stoppedTaskRetentionMs: 10_000 });
    const now = sim.ecs.describeTasks({ tasks: [arn] });
    expect(now.tasks.map((t) => [t.taskArn, t.lastStatus, t.stoppedAt])).toEqual([[arn, 'STOPPED', 1050]]);
    sim.runUntil(1050 + 10_000);
    expect(sim.ecs.describeTasks({ tasks: [arn] }).tasks).toHaveLength(1);
    expect(listedStopped(sim)).toEqual([arn]);
    sim.runUntil(1050 + 10_001);
    expect(sim.ecs.describeTasks({ tasks: [arn] })).toEqual({ tasks: [], failures: [{ arn, reason: 'MISSING' }] });
    expect(listedStopped(sim)).toEqual([]);
    expectEcsError(() => sim.ecs.stopTask({ task: arn }), 'InvalidParameterException');
  });

  it('defaults to one hour, as ECS', () => {
    const { sim, arn } = stoppedTask();
    sim.runUntil(1050 + 3_600_000);
    expect(listedStopped(sim)).toEqual([arn]);
    sim.runUntil(1050 + 3_600_001);
    expect(listedStopped(sim)).toEqual([]);
    expect(sim.ecs.describeTasks({ tasks: [arn] }).failures).toEqual([{ arn, reason: 'MISSING' }]);
  });

  it('keeps every task with Infinity', () => {
    const { sim, arn } = stoppedTask({ stoppedTaskRetentionMs: Infinity });
    sim.runUntil(1e12);
    expect(sim.ecs.describeTasks({ tasks: [arn] }).tasks[0]!.lastStatus).toBe('STOPPED');
    expect(listedStopped(sim)).toEqual([arn]);
  });

  it('forgets only what is past retention, in creation order for what remains, and never live tasks', () => {
    const sim = newSim({ stoppedTaskRetentionMs: 500 });
    registerInstance(sim, { cpu: 4096, memory: 8192 });
    simpleTd(sim, 'web', { cpu: 256, memory: 512 });
    const a = sim.ecs.runTask({ taskDefinition: 'web', count: 3 }).tasks.map((t) => t.taskArn);
    sim.runUntil(1000);
    sim.ecs.stopTask({ task: a[0]! }); // STOPPED at 1050
    sim.runUntil(1300);
    sim.ecs.stopTask({ task: a[2]! }); // STOPPED at 1350
    sim.runUntil(1600);
    expect(listedStopped(sim)).toEqual([a[2]]);
    expect(sim.ecs.listTasks({}).taskArns).toEqual([a[1]]);
    sim.runUntil(1e9);
    expect(sim.ecs.listTasks({}).taskArns).toEqual([a[1]]);
    expect(sim.ecs.describeTasks({ tasks: [a[1]!] }).tasks[0]!.lastStatus).toBe('RUNNING');
  });

  it('adds no event to the queue: runUntilIdle ends when the work ends, with the same event count as keeping everything', () => {
    const run = (stoppedTaskRetentionMs: number) => {
      const { sim } = stoppedTask({ stoppedTaskRetentionMs });
      sim.runUntilIdle();
      return { now: sim.now(), events: sim.eventsProcessed(), pending: (sim.snapshot() as { pendingEvents: number }).pendingEvents };
    };
    expect(run(1000)).toEqual(run(Infinity));
    expect(run(1000).now).toBe(1050);
  });

  it('refuses a retention that is not a number of ms >= 0', () => {
    for (const bad of [-1, Number.NaN, '1h', null]) {
      expect(() => createSimulation({ stoppedTaskRetentionMs: bad as number })).toThrow(/stoppedTaskRetentionMs must be a number of ms >= 0/);
    }
    expect(() => createSimulation({ stoppedTaskRetentionMs: 0 })).not.toThrow();
  });
});
