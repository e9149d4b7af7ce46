import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { createSimulation } from '../../../src/ecs/simulation.js';
import { applyEvent, pickUniform, REASON_EVENT_STOP } from '../../../src/scenario/events.js';
import { registerInstances } from '../../../src/scenario/fleet.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { small } from './runner-helpers.js';

const forever = (name = 'w', at = '[0s]', count = 1, extra = '') => `
  - name: ${name}
    cluster: c
    taskDefinition: job
    arrival: { at: ${at} }
    count: ${count}
    lifetime: forever${extra}`;

describe('scenario events', () => {
  it('disconnects the asked number of agents and reconnects all of them when no count is given', () => {
    const r = runScenario(
      small({
        instances: 6,
        workloads: forever(),
        events: `
  - { at: 10m, disconnectAgents: { cluster: c, count: 4 } }
  - { at: 20m, reconnectAgents: { cluster: c } }`,
      }),
      { sampleEvery: 300_000 },
    );
    expect(r.events.map((e) => [e.action, e.requested, e.affected, e.reached])).toEqual([
      ['disconnectAgents', 4, 4, true],
      ['reconnectAgents', null, 4, true],
    ]);
    const disconnected = r.timeseries.clusters[0]!.rows.map((row) => row.agentsDisconnected);
    expect(disconnected).toEqual([0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.total.instances.agentsDisconnected).toEqual({ mean: 0.667, peak: 4 });
  });

  it('does what it can when fewer instances qualify than asked', () => {
    const r = runScenario(small({ instances: 2, workloads: forever(), events: `  - { at: 1m, disconnectAgents: { cluster: c, count: 5 } }` }));
    expect(r.events[0]).toMatchObject({ requested: 5, affected: 2 });
  });

  it('reports a lifetime that ended while the agent was away when the agent reconnects', () => {
    const r = runScenario(
      small({
        instances: 1,
        workloads: `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { at: [0s] }
    lifetime: { fixed: 10m }`,
        events: `
  - { at: 5m, disconnectAgents: { cluster: c, count: 1 } }
  - { at: 30m, reconnectAgents: { cluster: c, count: 1 } }`,
      }),
      { recordTasks: true },
    );
    expect(r.tasks![0]).toMatchObject({ runningAt: 1000, stoppedAt: 1_800_000, stoppedReason: 'Essential container in task exited' });
  });

  it('deregisters only idle instances without force, and stops the tasks of forced ones', () => {
    const gentle = runScenario(small({ instances: 3, workloads: forever('w', '[0s]', 2), events: `  - { at: 10m, deregisterInstances: { cluster: c, count: 3 } }` }), { recordTasks: true });
    const busy = new Set(gentle.tasks!.map((t) => t.containerInstanceArn)).size;
    expect(gentle.events[0]).toMatchObject({ requested: 3, affected: 3 - busy, tasksStopped: 0 });
    expect(gentle.total.tasks.runningAtEnd).toBe(2);

    const forced = runScenario(small({ instances: 3, workloads: forever('w', '[0s]', 2), events: `  - { at: 10m, deregisterInstances: { cluster: c, count: 3, force: true } }` }));
    expect(forced.events[0]).toMatchObject({ affected: 3, tasksStopped: 2 });
    expect(forced.total.stoppedByReason).toEqual({ 'Container instance deregistration forced by user': 2 });
    expect(forced.total.instances).toMatchObject({ deregistered: 3, active: { end: 0 } });
  });

  it('adds instances that take tasks from then on', () => {
    const r = runScenario(
      small({
        instances: 1,
        workloads: forever('w', '[0s, 20m]', 4, '\n    retry: { attempts: 0 }'),
        events: `  - { at: 10m, addInstances: { cluster: c, count: 1, resources: { CPU: 1024, MEMORY: 2048 } } }`,
      }),
    );
    // at 0s two of four fit; at 20m the added instance takes two more
    expect(r.total.tasks).toMatchObject({ requested: 8, placed: 4, failed: 4 });
    expect(r.total.instances).toMatchObject({ registered: 2, active: { end: 2 } });
    expect(r.events[0]).toMatchObject({ action: 'addInstances', affected: 1 });
  });

  it('stops tasks of the named workload only, with its own reason', () => {
    const r = runScenario(
      small({
        instances: 4,
        workloads: forever('a', '[0s]', 3) + forever('b', '[0s]', 3),
        events: `  - { at: 10m, stopTasks: { cluster: c, count: 2, workload: b } }`,
      }),
    );
    expect(r.workloads.a!.tasks.stopped).toBe(0);
    expect(r.workloads.b!.tasks.stopped).toBe(2);
    expect(r.total.stoppedByReason).toEqual({ [REASON_EVENT_STOP]: 2 });
    expect(r.events[0]).toMatchObject({ affected: 2, tasksStopped: 2 });
  });

  it('marks events at or after the horizon as not reached', () => {
    const r = runScenario(small({ duration: '1h', workloads: forever(), events: `  - { at: 1h, disconnectAgents: { cluster: c, count: 1 } }` }));
    expect(r.events[0]).toMatchObject({ reached: false, affected: 0 });
  });

  it('chooses the same instances for the same seed, whatever placement did before', () => {
    const disconnected = (strategy: string) => {
      const sim = createSimulation({ seed: 9, strategy });
      sim.ecs.createCluster({ clusterName: 'c' });
      const group = { count: 10, resources: { CPU: 1024, MEMORY: 2048 }, reservedPorts: [], reservedUdpPorts: [], attributes: {} };
      const arns = registerInstances(sim, 'c', group, 10);
      sim.ecs.registerTaskDefinition({ family: 'f', containerDefinitions: [{ name: 'a', image: 'b', cpu: 256, memory: 256 }] });
      sim.ecs.runTask({ cluster: 'c', taskDefinition: 'f', count: 6 });
      applyEvent({ at: 0, kind: 'disconnectAgents', cluster: 'c', count: 3 }, { sim, rng: new RandomStreams('9').stream('events') });
      const described = sim.ecs.describeContainerInstances({ cluster: 'c', containerInstances: arns }).containerInstances;
      return described.filter((i) => !i.agentConnected).map((i) => i.containerInstanceArn);
    };
    const a = disconnected('random');
    expect(a).toHaveLength(3);
    expect(disconnected('binpack:cpu')).toEqual(a);
  });
});

describe('pickUniform', () => {
  it('picks each item equally often', () => {
    const rng = new RandomStreams('u').stream('events');
    const hits = [0, 0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) for (const x of pickUniform([0, 1, 2, 3, 4], 2, rng)) hits[x]!++;
    // each is picked with probability 2/5: 8000 ± ~4 sd (≈ 280)
    for (const h of hits) expect(Math.abs(h - 8000)).toBeLessThan(300);
  });
});
