// The service scheduler against a bare simulation: every answer here is worked out by hand from
// the fleet (instances of 1024 CPU units, tasks of 256: four to an instance) and the agent's
// delays (1 s to start, 1 s to stop).
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/engine/rng.js';
import { createSimulation, type Simulation } from '../../../../src/ecs/simulation.js';
import { ServiceWorld } from '../../../../src/scenario/services/service-world.js';
import type { ServiceSpec } from '../../../../src/scenario/services/spec.js';

const S = 1000;

interface Fleet {
  sim: Simulation;
  /** Registers an instance in zone `zone` (none when undefined); returns its ARN. */
  add(zone: string | undefined, cpu?: number, memory?: number): string;
}

function fleet(seed = 1): Fleet {
  const sim = createSimulation({ seed, agent: { startDelayMs: S, stopDelayMs: S } });
  sim.ecs.createCluster({ clusterName: 'prod' });
  for (const image of ['web:1', 'web:2']) {
    sim.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web', image, cpu: 256, memory: 512 }] });
  }
  sim.ecs.registerTaskDefinition({ family: 'big', containerDefinitions: [{ name: 'big', image: 'big', cpu: 256, memory: 1024 }] });
  return {
    sim,
    add(zone, cpu = 1024, memory = 8192) {
      const req: Parameters<Simulation['ecs']['registerContainerInstance']>[0] = {
        cluster: 'prod',
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: cpu },
          { name: 'MEMORY', type: 'INTEGER', integerValue: memory },
        ],
      };
      if (zone !== undefined) req.instanceIdentityDocument = JSON.stringify({ availabilityZone: zone, instanceType: 'm4.large' });
      return sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn;
    },
  };
}

function service(over: Partial<ServiceSpec> = {}): ServiceSpec {
  return { name: 'web', cluster: 'prod', taskDefinition: 'web:1', desiredCount: 6, placementStrategy: [], placementConstraints: [], scale: [], deployments: [], ...over };
}

function world(sim: Simulation, specs: ServiceSpec[], end = Infinity): ServiceWorld {
  const w = new ServiceWorld(sim, specs, { streams: new RandomStreams('1'), end });
  w.start();
  return w;
}

/** Live tasks of the cluster per instance ARN, and per task definition revision. */
function live(sim: Simulation): { byInstance: Map<string, number>; byRevision: Map<string, number>; byZone: Map<string, number> } {
  const arns = [...sim.ecs.listTasks({ cluster: 'prod', desiredStatus: 'RUNNING' }).taskArns];
  const byInstance = new Map<string, number>();
  const byRevision = new Map<string, number>();
  const byZone = new Map<string, number>();
  if (arns.length === 0) return { byInstance, byRevision, byZone };
  const zoneOf = new Map<string, string>();
  const cis = sim.ecs.listContainerInstances({ cluster: 'prod' }).containerInstanceArns;
  for (const ci of sim.ecs.describeContainerInstances({ cluster: 'prod', containerInstances: cis }).containerInstances) {
    zoneOf.set(ci.containerInstanceArn, ci.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value ?? '-');
  }
  for (let i = 0; i < arns.length; i += 100) {
    for (const t of sim.ecs.describeTasks({ cluster: 'prod', tasks: arns.slice(i, i + 100) }).tasks) {
      if (t.lastStatus === 'STOPPED') continue;
      byInstance.set(t.containerInstanceArn, (byInstance.get(t.containerInstanceArn) ?? 0) + 1);
      const rev = t.taskDefinitionArn.slice(t.taskDefinitionArn.lastIndexOf('/') + 1);
      byRevision.set(rev, (byRevision.get(rev) ?? 0) + 1);
      const z = zoneOf.get(t.containerInstanceArn) ?? '-';
      byZone.set(z, (byZone.get(z) ?? 0) + 1);
    }
  }
  return { byInstance, byRevision, byZone };
}

describe('service scheduler: steady state', () => {
  it('launches desired in RunTask batches of at most 10 and spreads them across zones by default', () => {
    const f = fleet();
    for (const z of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) f.add(`us-east-1${z}`);
    const w = world(f.sim, [service({ desiredCount: 25 })]);
    f.sim.runUntil(2 * S);
    const m = w.services[0]!.metrics;
    expect(m.running).toBe(25);
    expect(m.launched).toBe(25);
    const started = m.events.filter((e) => / has started /.test(e.message)).map((e) => Number(/has started (\d+) tasks/.exec(e.message)![1]));
    expect(started).toEqual([10, 10, 5]);
    // 25 over three zones: 9, 8, 8 in some order
    expect([...live(f.sim).byZone.values()].sort()).toEqual([8, 8, 9]);
    expect(m.events.at(-1)!.message).toBe('service web has reached a steady state.');
  });

  it('replaces the tasks of an instance lost with its agent', () => {
    const f = fleet();
    const lost = f.add('us-east-1a');
    f.add('us-east-1b');
    f.add('us-east-1c');
    const w = world(f.sim, [service({ desiredCount: 6 })]);
    f.sim.runUntil(60 * S);
    expect(live(f.sim).byInstance.get(lost)).toBe(2);
    f.sim.disconnectAgent(lost);
    f.sim.runUntil(70 * S);
    // the agent is gone but ECS still counts its tasks RUNNING: nothing is replaced yet
    expect(w.services[0]!.metrics.running).toBe(6);
    f.sim.ecs.deregisterContainerInstance({ cluster: 'prod', containerInstance: lost, force: true });
    const m = w.services[0]!.metrics;
    expect(m.running).toBe(4);
    f.sim.runUntil(71 * S);
    expect(m.running).toBe(6);
    expect(m.replaced).toBe(2);
    expect(m.launched).toBe(8);
    expect([...live(f.sim).byZone.values()].sort()).toEqual([3, 3]);
    // below desired for exactly the 1 s the replacements took to start
    f.sim.runUntil(100 * S);
    w.finish(100 * S);
    expect(m.belowDesiredMs()).toBe(2 * S); // 1 s at creation (0 → 6) and 1 s after the loss
  });

  it('retries with a doubling backoff when the fleet is full and says why as ECS does', () => {
    const f = fleet();
    const only = f.add('us-east-1a');
    const w = world(f.sim, [service({ desiredCount: 6 })]);
    const s = w.services[0]!;
    f.sim.runUntil(200 * S);
    const m = s.metrics;
    expect(m.running).toBe(4);
    // attempts at 0, 15 s, 45 s, 105 s (waits 15, 30, 60; the next is at 225 s)
    const failures = m.events.filter((e) => /unable to place/.test(e.message));
    expect(failures.map((e) => e.at)).toEqual([0, 15 * S, 45 * S, 105 * S]);
    expect(failures[0]!.message).toBe(
      `service web was unable to place a task because no container instance met all of its requirements. The closest matching container-instance ${only.slice(only.lastIndexOf('/') + 1)} has insufficient CPU units available. For more information, see the Troubleshooting section.`,
    );
    expect(Object.fromEntries(m.failuresByReason)).toEqual({ 'RESOURCE:CPU': 8 });
    expect(s.waitingTasks()).toBe(2);
    expect(w.waitingTasks('prod')).toBe(2);
    // capacity arrives: the throttled launch tries at once
    f.add('us-east-1b');
    f.sim.runUntil(201 * S);
    expect(m.running).toBe(6);
    expect(s.waitingTasks()).toBe(0);
    f.sim.runUntil(400 * S);
    expect(m.events.filter((e) => /unable to place/.test(e.message))).toHaveLength(4);
  });

  it('names the binding resource when memory, not CPU, runs out', () => {
    const f = fleet();
    f.add(undefined, 4096, 2048);
    const w = world(f.sim, [service({ taskDefinition: 'big:1', desiredCount: 3 })]);
    f.sim.runUntil(S);
    expect(w.services[0]!.metrics.events.find((e) => /unable/.test(e.message))!.message).toMatch(/has insufficient memory available\./);
  });

  it('tasks with a lifetime die on their own and are replaced', () => {
    const f = fleet();
    f.add('us-east-1a');
    const w = world(f.sim, [service({ desiredCount: 2, taskLifetime: { kind: 'fixed', duration: 60 * S } })]);
    // running at 1 s, die at 61 s (exit reported), STOPPED then, replacements RUNNING at 62 s, die at 122 s
    f.sim.runUntil(61 * S);
    const m = w.services[0]!.metrics;
    expect(m.replaced).toBe(2);
    expect(m.running).toBe(0);
    f.sim.runUntil(62 * S);
    expect(m.running).toBe(2);
    f.sim.runUntil(130 * S);
    expect(m.replaced).toBe(4);
    expect(m.launched).toBe(6);
  });
});

describe('service scheduler: scale', () => {
  it('spread: scale-in keeps the zones balanced', () => {
    const f = fleet();
    f.add('us-east-1a');
    f.add('us-east-1a');
    f.add('us-east-1b');
    f.add('us-east-1b');
    f.add('us-east-1c', 256); // room for one task
    const w = world(f.sim, [service({ desiredCount: 9, scale: [{ at: 60 * S, desiredCount: 6 }] })]);
    f.sim.runUntil(30 * S);
    expect(Object.fromEntries(live(f.sim).byZone)).toEqual({ 'us-east-1a': 4, 'us-east-1b': 4, 'us-east-1c': 1 });
    f.sim.runUntil(90 * S);
    const z = live(f.sim).byZone;
    // three stopped from the fullest zones: c keeps its one, a and b end 3 and 2
    expect(z.get('us-east-1c')).toBe(1);
    expect([z.get('us-east-1a'), z.get('us-east-1b')].sort()).toEqual([2, 3]);
    expect(w.services[0]!.metrics.stoppedByScheduler).toBe(3);
    expect(w.services[0]!.metrics.replaced).toBe(0);
  });

  it('binpack: scale-in stops tasks from the instance with the most of the resource left', () => {
    const f = fleet();
    f.add(undefined, 4096, 4096);
    f.add(undefined, 4096, 4096);
    const w = world(f.sim, [
      service({ taskDefinition: 'big:1', desiredCount: 6, placementStrategy: [{ type: 'binpack', field: 'memory' }], scale: [{ at: 60 * S, desiredCount: 4 }] }),
    ]);
    f.sim.runUntil(30 * S);
    // binpack fills one instance (4 × 1024 MiB) and puts the other 2 on the second
    expect([...live(f.sim).byInstance.values()].sort()).toEqual([2, 4]);
    f.sim.runUntil(90 * S);
    // the half-empty instance gives up both: the full one keeps all four
    expect([...live(f.sim).byInstance.values()]).toEqual([4]);
    expect(w.services[0]!.metrics.running).toBe(4);
  });

  it('scale-out launches the difference', () => {
    const f = fleet();
    f.add('us-east-1a');
    f.add('us-east-1b');
    const w = world(f.sim, [service({ desiredCount: 2, scale: [{ at: 10 * S, desiredCount: 7 }] })]);
    f.sim.runUntil(12 * S);
    expect(w.services[0]!.metrics.running).toBe(7);
    expect(w.services[0]!.metrics.launched).toBe(7);
  });
});

describe('service scheduler: rolling deployments', () => {
  /** Records RUNNING (and RUNNING + PENDING) tasks, as DescribeTasks reports them, after every lifecycle change. */
  function track(sim: Simulation): { running: number[]; total: number[] } {
    const out = { running: [] as number[], total: [] as number[] };
    const read = (): void => {
      {
        // synchronously: a dip that lasts no time at all still counts
        const arns = (['RUNNING', 'STOPPED'] as const).flatMap((desiredStatus) => sim.ecs.listTasks({ cluster: 'prod', desiredStatus }).taskArns);
        const tasks = arns.length === 0 ? [] : sim.ecs.describeTasks({ cluster: 'prod', tasks: arns }).tasks;
        out.running.push(tasks.filter((t) => t.lastStatus === 'RUNNING').length);
        out.total.push(tasks.filter((t) => t.lastStatus !== 'STOPPED').length);
      }
    };
    sim.observe({ taskPlaced: read, taskRunning: read, taskStopped: read });
    return out;
  }

  it('stays within [minimumHealthyPercent, maximumPercent] of desired and ends with only the new revision', () => {
    const f = fleet();
    f.add('us-east-1a');
    f.add('us-east-1b'); // room for 8; desired 4, min 50% = 2, max 150% = 6
    const w = world(f.sim, [service({ desiredCount: 4, deployments: [{ at: 60 * S, taskDefinition: 'web:2', minimumHealthyPercent: 50, maximumPercent: 150 }] })]);
    f.sim.runUntil(30 * S);
    const seen = track(f.sim);
    f.sim.runUntil(120 * S);
    expect(Math.min(...seen.running)).toBe(2);
    expect(Math.max(...seen.total)).toBe(6);
    expect(Object.fromEntries(live(f.sim).byRevision)).toEqual({ 'web:2': 4 });
    const d = w.services[0]!.metrics.deployments[0]!;
    // at 60 s: stop 2 old, start 2 new; at 61 s: those old stop and new run, so stop the other 2 and start 2; done at 62 s
    expect(d.startedAt).toBe(60 * S);
    expect(d.completedAt).toBe(62 * S);
    expect(d.lowestRunning).toBe(2);
    expect(d.stuckAt).toBeUndefined();
    expect(w.services[0]!.metrics.events.some((e) => e.message === `service web (deployment ${d.id}) deployment completed.`)).toBe(true);
  });

  it('with 100% healthy and room it starts the new tasks first, never dropping below desired', () => {
    const f = fleet();
    f.add('us-east-1a');
    f.add('us-east-1b');
    const w = world(f.sim, [service({ desiredCount: 4, deployments: [{ at: 60 * S, taskDefinition: 'web:2', minimumHealthyPercent: 100, maximumPercent: 200 }] })]);
    f.sim.runUntil(30 * S);
    const seen = track(f.sim);
    f.sim.runUntil(120 * S);
    expect(Math.min(...seen.running)).toBe(4);
    expect(Math.max(...seen.total)).toBe(8);
    expect(Object.fromEntries(live(f.sim).byRevision)).toEqual({ 'web:2': 4 });
    // new ones RUNNING at 61 s, old ones stopped at 62 s
    expect(w.services[0]!.metrics.deployments[0]!.completedAt).toBe(62 * S);
  });

  it('is stuck when the fleet has no room for one new task and the minimum keeps every old one', () => {
    const f = fleet();
    f.add('us-east-1a'); // exactly the 4 tasks
    const w = world(f.sim, [service({ desiredCount: 4, deployments: [{ at: 60 * S, taskDefinition: 'web:2', minimumHealthyPercent: 100, maximumPercent: 200 }] })]);
    f.sim.runUntil(600 * S);
    const d = w.services[0]!.metrics.deployments[0]!;
    expect(d.stuckAt).toBe(60 * S);
    expect(d.stuckReason).toBe('RESOURCE:CPU');
    expect(d.completedAt).toBeUndefined();
    expect(Object.fromEntries(live(f.sim).byRevision)).toEqual({ 'web:1': 4 });
    expect(w.services[0]!.waitingTasks()).toBe(4);
    // capacity arrives: it moves and completes
    f.add('us-east-1b');
    f.sim.runUntil(700 * S);
    expect(d.completedAt).toBe(602 * S);
    expect(d.stuck).toBe(false);
  });

  it('is stuck by its own bounds when maximumPercent 100 and minimumHealthyPercent 100 leave no room', () => {
    const f = fleet();
    f.add('us-east-1a');
    f.add('us-east-1b');
    const w = world(f.sim, [service({ desiredCount: 4, deployments: [{ at: 60 * S, taskDefinition: 'web:2', minimumHealthyPercent: 100, maximumPercent: 100 }] })]);
    f.sim.runUntil(120 * S);
    const d = w.services[0]!.metrics.deployments[0]!;
    expect(d.stuckReason).toBe('maximumPercent');
    expect(w.services[0]!.metrics.events.at(-1)!.message).toMatch(/cannot progress: maximumPercent 100 allows 4 tasks of desired 4/);
  });

  it('with minimumHealthyPercent 50 a full fleet still deploys, dropping to half', () => {
    const f = fleet();
    f.add('us-east-1a');
    const w = world(f.sim, [service({ desiredCount: 4, deployments: [{ at: 60 * S, taskDefinition: 'web:2', minimumHealthyPercent: 50, maximumPercent: 200 }] })]);
    f.sim.runUntil(30 * S);
    const seen = track(f.sim);
    f.sim.runUntil(200 * S);
    const d = w.services[0]!.metrics.deployments[0]!;
    expect(Math.min(...seen.running)).toBe(2);
    expect(d.lowestRunning).toBe(2);
    expect(d.completedAt).toBeDefined();
    expect(Object.fromEntries(live(f.sim).byRevision)).toEqual({ 'web:2': 4 });
  });
});
