// Determinism: the same seed and the same calls give identical responses (compared as JSON);
// a different seed gives different ARNs; named random streams do not shift one another; the
// control plane never reads Math.random or the wall clock.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EcsError,
  newSim,
  registerTd,
  totalResources,
  type Sim,
} from '../helpers/fixtures.js';

/** A fixed scenario touching every action; returns the transcript of responses and errors. */
function scenario(sim: Sim): string {
  const out: unknown[] = [];
  const rec = (label: string, fn: () => unknown) => {
    try {
      out.push([label, fn()]);
    } catch (e) {
      if (!(e instanceof EcsError) || e.name === 'ServerException') throw e;
      out.push([label, 'error', e.name, e.message]);
    }
  };
  rec('createCluster', () => sim.ecs.createCluster({ clusterName: 'prod' }));
  const insts: string[] = [];
  for (let i = 0; i < 6; i++) {
    rec('register', () => {
      const r = sim.ecs.registerContainerInstance({
        cluster: 'prod',
        totalResources: totalResources({ cpu: 1024 * (1 + (i % 3)), memory: 2048 * (1 + (i % 2)), integers: { GPU: i % 2 } }),
      });
      insts.push(r.containerInstance.containerInstanceArn);
      return r;
    });
  }
  rec('registerDefault', () => sim.ecs.registerContainerInstance({}));
  rec('td web', () => sim.ecs.registerTaskDefinition({
    family: 'web',
    containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }] }],
  }));
  rec('td gpu', () => sim.ecs.registerTaskDefinition({
    family: 'gpu',
    containerDefinitions: [{ name: 'train', image: 'tf', memory: 256, resourceRequirements: [{ type: 'GPU', value: '1' }] }],
  }));
  const tasks: string[] = [];
  const run = (label: string, req: Parameters<Sim['ecs']['runTask']>[0]) =>
    rec(label, () => {
      const r = sim.ecs.runTask(req);
      tasks.push(...r.tasks.map((t) => t.taskArn));
      return r;
    });
  run('run web', { cluster: 'prod', taskDefinition: 'web', count: 10 });
  run('run gpu', { cluster: 'prod', taskDefinition: 'gpu', count: 5 });
  rec('start', () => sim.ecs.startTask({ cluster: 'prod', taskDefinition: 'gpu', containerInstances: insts.slice(0, 3) }));
  rec('runUntil', () => {
    sim.runUntil(150);
    return sim.now();
  });
  rec('stop', () => sim.ecs.stopTask({ cluster: 'prod', task: tasks[0]! }));
  rec('bad count', () => sim.ecs.runTask({ cluster: 'prod', taskDefinition: 'web', count: 11 }));
  rec('disconnect', () => sim.disconnectAgent(insts[1]!));
  run('run web again', { cluster: 'prod', taskDefinition: 'web', count: 10 });
  rec('scheduled', () => {
    sim.schedule(500, () => {
      run('run in schedule', { cluster: 'prod', taskDefinition: 'gpu', count: 3 });
    });
    sim.runUntilIdle();
    return sim.now();
  });
  rec('force deregister', () => sim.ecs.deregisterContainerInstance({ cluster: 'prod', containerInstance: insts[2]!, force: true }));
  rec('idle', () => {
    sim.runUntilIdle();
    return sim.now();
  });
  rec('listTasks', () => sim.ecs.listTasks({ cluster: 'prod', maxResults: 4 }));
  rec('describeTasks', () => sim.ecs.describeTasks({ cluster: 'prod', tasks }));
  rec('describeInstances', () => sim.ecs.describeContainerInstances({ cluster: 'prod', containerInstances: insts }));
  rec('clusters', () => sim.ecs.describeClusters({ clusters: ['prod', 'default'] }));
  rec('poll', () => sim.ecs.discoverPollEndpoint({ containerInstance: insts[0]! }));
  return JSON.stringify(out);
}

const arnsIn = (transcript: string, kind: string): string[] =>
  [...transcript.matchAll(new RegExp(`arn:aws:ecs:[^"]*:${kind}/[0-9a-f-]{36}`, 'g'))].map((m) => m[0]);

describe('determinism', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('same seed, same calls → identical JSON responses (string seed)', () => {
    const a = scenario(newSim({ seed: 'alpha' }));
    const b = scenario(newSim({ seed: 'alpha' }));
    expect(b).toBe(a);
    expect(arnsIn(a, 'task').length).toBeGreaterThan(10);
  });

  it('same seed, same calls → identical JSON responses (numeric seed)', () => {
    expect(scenario(newSim({ seed: 12345 }))).toBe(scenario(newSim({ seed: 12345 })));
  });

  it('a different seed gives different ARNs', () => {
    const a = scenario(newSim({ seed: 'alpha' }));
    const b = scenario(newSim({ seed: 'beta' }));
    for (const kind of ['container-instance', 'task', 'container']) {
      const ia = arnsIn(a, kind);
      const ib = new Set(arnsIn(b, kind));
      expect(ia.length, kind).toBeGreaterThan(0);
      expect(ia.filter((x) => ib.has(x)), kind).toEqual([]);
    }
  });

  it('a different seed gives different placements on identical instances', () => {
    const placements = (seed: string) => {
      const sim = newSim({ seed });
      for (let i = 0; i < 10; i++) sim.ecs.registerContainerInstance({ totalResources: totalResources({ memory: 100_000 }) });
      const order = sim.ecs.listContainerInstances().containerInstanceArns;
      registerTd(sim, 'web', [{ memory: 4 }]);
      return sim.ecs.runTask({ taskDefinition: 'web', count: 10 }).tasks.map((t) => order.indexOf(t.containerInstanceArn));
    };
    expect(placements('one')).toEqual(placements('one'));
    expect(placements('one')).not.toEqual(placements('two'));
  });

  it('drawing more ids (extra StartTask / registrations elsewhere) does not shift placement draws', () => {
    const build = (extra: boolean) => {
      const sim = newSim({ seed: 'streams' });
      sim.ecs.createCluster({ clusterName: 'side' });
      for (let i = 0; i < 8; i++) sim.ecs.registerContainerInstance({ totalResources: totalResources({ memory: 100_000 }) });
      const order = sim.ecs.listContainerInstances().containerInstanceArns;
      registerTd(sim, 'web', [{ memory: 4 }]);
      if (extra) {
        for (let i = 0; i < 5; i++) sim.ecs.registerContainerInstance({ cluster: 'side', totalResources: totalResources() });
        sim.ecs.startTask({ taskDefinition: 'web', containerInstances: order.slice(0, 4) });
      }
      return Array.from({ length: 4 }, () =>
        sim.ecs.runTask({ taskDefinition: 'web', count: 10 }).tasks.map((t) => order.indexOf(t.containerInstanceArn)),
      ).flat();
    };
    expect(build(true)).toEqual(build(false));
  });

  it('never reads Math.random, Date.now or performance.now while simulating', () => {
    const sim = newSim({ seed: 'clock' });
    const boom = () => {
      throw new Error('nondeterministic source used');
    };
    vi.spyOn(Math, 'random').mockImplementation(boom);
    vi.spyOn(Date, 'now').mockImplementation(boom);
    vi.spyOn(performance, 'now').mockImplementation(boom);
    let transcript = '';
    try {
      transcript = scenario(sim);
    } finally {
      vi.restoreAllMocks();
    }
    expect(transcript).toBe(scenario(newSim({ seed: 'clock' })));
  });

  it('property: any call sequence replays identically under the same seed', () => {
    type Op =
      | { k: 'register'; mem: number }
      | { k: 'run'; count: number }
      | { k: 'stop'; i: number }
      | { k: 'advance'; ms: number }
      | { k: 'disconnect'; i: number; on: boolean };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constant('register' as const), mem: fc.constantFrom(512, 2048, 8192) }),
      fc.record({ k: fc.constant('run' as const), count: fc.integer({ min: 0, max: 11 }) }),
      fc.record({ k: fc.constant('stop' as const), i: fc.nat() }),
      fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ k: fc.constant('disconnect' as const), i: fc.nat(), on: fc.boolean() }),
    );
    const replay = (seed: number, ops: Op[]) => {
      const sim = newSim({ seed });
      registerTd(sim, 'web', [{ cpu: 100, memory: 400, portMappings: [{ containerPort: 80 }] }]);
      const insts: string[] = [];
      const tasks: string[] = [];
      const out: unknown[] = [];
      for (const o of ops) {
        try {
          if (o.k === 'register') {
            const r = sim.ecs.registerContainerInstance({ totalResources: totalResources({ memory: o.mem }) });
            insts.push(r.containerInstance.containerInstanceArn);
            out.push(r);
          } else if (o.k === 'run') {
            const r = sim.ecs.runTask({ taskDefinition: 'web', count: o.count });
            tasks.push(...r.tasks.map((t) => t.taskArn));
            out.push(r);
          } else if (o.k === 'stop' && tasks.length) {
            out.push(sim.ecs.stopTask({ task: tasks[o.i % tasks.length]! }));
          } else if (o.k === 'advance') {
            sim.runUntil(sim.now() + o.ms);
            out.push(sim.now());
          } else if (o.k === 'disconnect' && insts.length) {
            const arn = insts[o.i % insts.length]!;
            if (o.on) sim.connectAgent(arn);
            else sim.disconnectAgent(arn);
          }
        } catch (e) {
          if (!(e instanceof EcsError) || e.name === 'ServerException') throw e;
          out.push([e.name, e.message]);
        }
      }
      sim.runUntilIdle();
      if (tasks.length) out.push(sim.ecs.describeTasks({ tasks: tasks.slice(-100) }));
      return JSON.stringify(out);
    };
    fc.assert(
      fc.property(fc.nat(), fc.array(op, { maxLength: 30, size: 'max' }), (seed, ops) => {
        expect(replay(seed, ops)).toBe(replay(seed, ops));
      }),
      { numRuns: 40, seed: 1 },
    );
  });
});
