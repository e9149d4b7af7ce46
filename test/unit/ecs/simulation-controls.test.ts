// Simulation controls: now, runUntil, runUntilIdle, schedule (issue 2 §3).
import { describe, expect, it } from 'vitest';
import { createSimulation, describeTask, newSim, registerInstance, simpleTd } from '../../helpers/fixtures.js';

describe('simulation controls', () => {
  it('the clock starts at 0', () => {
    expect(createSimulation().now()).toBe(0);
  });

  it('runUntil(t) sets the clock to t even when nothing happens', () => {
    const sim = newSim();
    sim.runUntil(500);
    expect(sim.now()).toBe(500);
    sim.runUntil(500);
    expect(sim.now()).toBe(500);
  });

  it('runUntil refuses to go back in time', () => {
    const sim = newSim();
    sim.runUntil(500);
    expect(() => sim.runUntil(499)).toThrow();
    expect(sim.now()).toBe(500);
  });

  it('schedule(delay, fn) runs fn at now + delay, seeing that time as now()', () => {
    const sim = newSim();
    sim.runUntil(100);
    const seen: number[] = [];
    sim.schedule(250, () => seen.push(sim.now()));
    sim.runUntil(349);
    expect(seen).toEqual([]);
    sim.runUntil(350);
    expect(seen).toEqual([350]);
  });

  it('runUntil(t) runs events at exactly t but not after', () => {
    const sim = newSim();
    const seen: string[] = [];
    sim.schedule(10, () => seen.push('a'));
    sim.schedule(11, () => seen.push('b'));
    sim.runUntil(10);
    expect(seen).toEqual(['a']);
    expect(sim.now()).toBe(10);
  });

  it('events at the same instant run in the order they were scheduled', () => {
    const sim = newSim();
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) sim.schedule(i % 2 === 0 ? 5 : 3, () => seen.push(i));
    sim.runUntilIdle();
    expect(seen).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('runUntilIdle runs everything, including events scheduled by events, and stops at the last one', () => {
    const sim = newSim();
    const seen: number[] = [];
    sim.schedule(10, () => {
      seen.push(sim.now());
      sim.schedule(30, () => seen.push(sim.now()));
    });
    sim.runUntilIdle();
    expect(seen).toEqual([10, 40]);
    expect(sim.now()).toBe(40);
  });

  it('runUntilIdle with nothing to do leaves the clock where it is', () => {
    const sim = newSim();
    sim.runUntil(77);
    sim.runUntilIdle();
    expect(sim.now()).toBe(77);
  });

  it('a scheduled function can drive the control plane (a scripted scenario)', () => {
    const sim = newSim({ agent: { mode: 'auto', startDelayMs: 100, stopDelayMs: 50 } });
    registerInstance(sim);
    simpleTd(sim, 'web');
    let arn = '';
    sim.schedule(1000, () => {
      arn = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!.taskArn;
    });
    sim.schedule(2000, () => {
      sim.ecs.stopTask({ task: arn });
    });
    sim.runUntilIdle();
    const t = describeTask(sim, arn);
    expect(t).toMatchObject({ createdAt: 1000, startedAt: 1100, stoppedAt: 2050, lastStatus: 'STOPPED' });
    expect(sim.now()).toBe(2050);
  });

  it('(STYLE) an exception thrown by a scheduled function is not swallowed', () => {
    const sim = newSim();
    sim.schedule(5, () => {
      throw new Error('boom');
    });
    expect(() => sim.runUntilIdle()).toThrow('boom');
  });
});
