// Services over random fleets: a launch never takes a service above maximumPercent of desired,
// and once the fleet has room every service reaches desired on its latest revision. The oracle
// reads the control plane (ListTasks/DescribeTasks), not the scheduler's own counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/rng.js';
import { createSimulation, type Simulation } from '../../src/ecs/simulation.js';
import { ServiceWorld } from '../../src/scenario/services/service-world.js';
import type { ServiceSpec } from '../../src/scenario/services/spec.js';

const S = 1000;
const ROOM_AT = 900 * S;

const deployment = fc.record({
  at: fc.integer({ min: 1, max: 600 }).map((s) => s * S),
  revision: fc.constantFrom(1, 2, 3),
  minimumHealthyPercent: fc.integer({ min: 0, max: 100 }),
  maximumPercent: fc.integer({ min: 100, max: 200 }),
});
const serviceArb = fc.record({
  desiredCount: fc.integer({ min: 0, max: 12 }),
  strategy: fc.constantFrom<ServiceSpec['placementStrategy']>([], [{ type: 'binpack', field: 'cpu' }], [{ type: 'spread', field: 'instanceId' }], [{ type: 'random' }]),
  scale: fc.array(fc.record({ at: fc.integer({ min: 1, max: 600 }).map((s) => s * S), desiredCount: fc.integer({ min: 0, max: 12 }) }), { maxLength: 2 }),
  deployments: fc.array(deployment, { maxLength: 2 }),
  cpu: fc.constantFrom(128, 256, 512),
});
const scenarioArb = fc.record({
  instances: fc.array(fc.record({ cpu: fc.constantFrom(512, 1024, 2048), zone: fc.constantFrom('a', 'b', 'c', undefined) }), { minLength: 0, maxLength: 5 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 2 }),
  losses: fc.array(fc.integer({ min: 1, max: 700 }).map((s) => s * S), { maxLength: 2 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

type Drawn = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function register(sim: Simulation, cpu: number, zone: string | undefined): string {
  const req: Parameters<Simulation['ecs']['registerContainerInstance']>[0] = {
    cluster: 'prod',
    totalResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: cpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 16384 },
    ],
  };
  if (zone !== undefined) req.instanceIdentityDocument = JSON.stringify({ availabilityZone: `us-east-1${zone}` });
  return sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn;
}

/** Live tasks (PENDING or RUNNING) of each service group, from the control plane. */
function liveByGroup(sim: Simulation): Map<string, { live: number; revisions: Set<string>; pending: number }> {
  const arns = (['RUNNING', 'STOPPED'] as const).flatMap((desiredStatus) => sim.ecs.listTasks({ cluster: 'prod', desiredStatus }).taskArns);
  const out = new Map<string, { live: number; revisions: Set<string>; pending: number }>();
  for (let i = 0; i < arns.length; i += 100) {
    for (const t of sim.ecs.describeTasks({ cluster: 'prod', tasks: arns.slice(i, i + 100) }).tasks) {
      if (t.lastStatus === 'STOPPED' || t.group === undefined) continue;
      let g = out.get(t.group);
      if (!g) out.set(t.group, (g = { live: 0, revisions: new Set(), pending: 0 }));
      g.live++;
      if (t.lastStatus === 'PENDING') g.pending++;
      g.revisions.add(t.taskDefinitionArn.slice(t.taskDefinitionArn.lastIndexOf('/') + 1));
    }
  }
  return out;
}

function play(d: Drawn): void {
  const sim = createSimulation({ seed: d.seed, agent: { startDelayMs: S, stopDelayMs: S } });
  sim.ecs.createCluster({ clusterName: 'prod' });
  const specs: ServiceSpec[] = d.services.map((s, i) => {
    const family = `svc${i}`;
    for (let r = 1; r <= 3; r++) sim.ecs.registerTaskDefinition({ family, containerDefinitions: [{ name: 'c', image: `i:${r}`, cpu: s.cpu, memory: 256 }] });
    return {
      name: family,
      cluster: 'prod',
      taskDefinition: `${family}:1`,
      desiredCount: s.desiredCount,
      placementStrategy: s.strategy,
      placementConstraints: [],
      scale: s.scale,
      deployments: s.deployments.map((x) => ({ at: x.at, taskDefinition: `${family}:${x.revision}`, minimumHealthyPercent: x.minimumHealthyPercent, maximumPercent: x.maximumPercent })),
    };
  });
  const arns = d.instances.map((i) => register(sim, i.cpu, i.zone));
  const world = new ServiceWorld(sim, specs, { streams: new RandomStreams(String(d.seed)) });
  world.start();

  // the bound in force at `now`: the latest deployment started (ECS's default before any)
  const maxPercentAt = (spec: ServiceSpec, now: number): number => {
    let max = 200;
    for (const x of [...spec.deployments].sort((a, b) => a.at - b.at)) if (x.at <= now) max = x.maximumPercent;
    return max;
  };
  const violations: string[] = [];
  sim.observe({
    taskPlaced: (task) => {
      const svc = world.services.find((s) => s.group === task.group);
      if (!svc) return;
      const live = liveByGroup(sim).get(svc.group)?.live ?? 0;
      const bound = Math.floor((svc.desiredCount * maxPercentAt(svc.spec, sim.now())) / 100);
      if (live > bound) violations.push(`${svc.spec.name} at ${sim.now()}: ${live} live > ${bound}`);
    },
  });
  for (const at of d.losses) {
    sim.schedule(at, () => {
      const victim = arns.shift();
      if (victim) sim.ecs.deregisterContainerInstance({ cluster: 'prod', containerInstance: victim, force: true });
    });
  }
  sim.runUntil(ROOM_AT);
  // room for every service at twice its largest desired count
  const need = d.services.reduce((a, s) => a + 2 * 12 * s.cpu, 0);
  register(sim, need, 'a');
  sim.runUntil(ROOM_AT + 60 * S);
  expect(violations).toEqual([]);
  const live = liveByGroup(sim);
  for (const svc of world.services) {
    const last = [...svc.spec.deployments].sort((a, b) => a.at - b.at).at(-1);
    const revision = last?.taskDefinition ?? svc.spec.taskDefinition;
    const g = live.get(svc.group) ?? { live: 0, revisions: new Set<string>(), pending: 0 };
    expect({ service: svc.spec.name, live: g.live, pending: g.pending }).toEqual({ service: svc.spec.name, live: svc.desiredCount, pending: 0 });
    // bounds that neither add one task nor remove one (⌊max% × d⌋ = d = ⌈min% × d⌉) hold a deployment still
    // on old tasks, and it says so; anything else ends on the latest revision
    if (g.live > 0 && !(g.revisions.size === 1 && g.revisions.has(revision))) {
      const d = svc.desiredCount;
      expect(Math.floor((d * last!.maximumPercent) / 100) <= d && Math.ceil((d * last!.minimumHealthyPercent) / 100) >= d).toBe(true);
      expect(svc.metrics.deployments.at(-1)).toMatchObject({ stuck: true, stuckReason: 'maximumPercent' });
    }
    expect(svc.waitingTasks()).toBe(0);
  }
}

describe('services over random fleets', () => {
  it('never launch above maximumPercent of desired, and reach desired on the latest revision once there is room', () => {
    fc.assert(fc.property(scenarioArb, play), { numRuns: 80, seed: 13 });
  });
});
