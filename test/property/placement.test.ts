// Properties of the placement strategies (issue 5 acceptance): binpack never picks an instance
// with more remaining of its field than another feasible one; spread keeps per-value counts
// within one of each other while every value is feasible; constraints are never violated;
// every strategy is deterministic under a seed. Budget: about 1 s on 2 cores (a few hundred runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/rng.js';
import { builtinStrategy } from '../../src/placement/builtin.js';
import { loadStrategy } from '../../src/placement/load-strategy.js';
import { makeRequest } from '../../src/placement/pipeline.js';
import type { PlacementStrategy } from '../../src/placement/types.js';
import { newSim, simpleTd, type Sim } from '../helpers/fixtures.js';
import { demand, mockCluster, type MockInstance } from '../unit/placement/mock-view.js';

const ZONES = ['a', 'b', 'c'] as const;

const instanceArb: fc.Arbitrary<MockInstance> = fc.record({
  cpu: fc.integer({ min: 0, max: 4096 }),
  memory: fc.integer({ min: 0, max: 8192 }),
  attributes: fc.constantFrom(...ZONES).map((zone) => ({ zone })),
  groups: fc.integer({ min: 0, max: 3 }).map((n) => ({ svc: n })),
  active: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
  connected: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
});

describe('binpack', () => {
  it.each(['cpu', 'memory'] as const)('never picks an instance with more remaining %s than another feasible one', (field) => {
    const strategy = builtinStrategy(`binpack:${field}`);
    fc.assert(
      fc.property(fc.array(instanceArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 2048 }), fc.integer({ min: 0, max: 4096 }), fc.string(), (nodes, cpu, mem, seed) => {
        const { view } = mockCluster(nodes);
        const request = makeRequest({ demand: demand(cpu, mem), family: 'web' });
        const feasible = view.candidates(request);
        const pick = strategy.place(request, view, new RandomStreams(seed).stream('placement'));
        if (feasible.length === 0) return pick === -1;
        const resource = field === 'cpu' ? 'CPU' : 'MEMORY';
        return feasible.includes(pick) && feasible.every((p) => view.remaining(pick, resource) <= view.remaining(p, resource));
      }),
      { numRuns: 200 },
    );
  });
});

describe('spread', () => {
  it('keeps per-zone task counts within one of each other while every zone has room', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ZONES), { minLength: 3, maxLength: 12 }).filter((zs) => ZONES.every((z) => zs.includes(z))),
        fc.integer({ min: 1, max: 40 }),
        fc.string(),
        (zones, tasks, seed) => {
          const cluster = mockCluster(zones.map((zone) => ({ cpu: 1e6, memory: 1e6, attributes: { zone } })));
          const strategy = builtinStrategy('spread:zone then binpack:memory');
          const rng = new RandomStreams(seed).stream('placement');
          const request = makeRequest({ demand: demand(1, 1), family: 'web', group: 'svc' });
          const perZone = new Map<string, number>(ZONES.map((z) => [z, 0]));
          for (let i = 0; i < tasks; i++) {
            const pos = strategy.place(request, cluster.view, rng);
            if (pos < 0) return false;
            cluster.place(pos, request.demand, 'svc');
            const z = zones[pos]!;
            perZone.set(z, perZone.get(z)! + 1);
            const counts = [...perZone.values()];
            if (Math.max(...counts) - Math.min(...counts) > 1) return false;
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });

  it('by instanceId keeps per-instance counts within one of each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 40 }), fc.string(), (n, tasks, seed) => {
        const cluster = mockCluster(Array.from({ length: n }, () => ({ cpu: 1e6, memory: 1e6 })));
        const strategy = builtinStrategy('spread:instanceId');
        const rng = new RandomStreams(seed).stream('placement');
        const request = makeRequest({ demand: demand(1, 1), family: 'web' });
        const per = new Array<number>(n).fill(0);
        for (let i = 0; i < tasks; i++) {
          const pos = strategy.place(request, cluster.view, rng);
          cluster.place(pos, request.demand, request.group);
          per[pos]!++;
          if (Math.max(...per) - Math.min(...per) > 1) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

// ---- through RunTask: constraints and determinism ----

function zonedFleet(sim: Sim, n: number, memory: number): Map<string, string> {
  const zoneOf = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const zone = ZONES[i % ZONES.length]!;
    const arn = sim.ecs.registerContainerInstance({
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 4096 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: memory },
      ],
      attributes: [{ name: 'zone', value: zone }],
    }).containerInstance.containerInstanceArn;
    zoneOf.set(arn, zone);
  }
  return zoneOf;
}

const STRATEGIES = [
  [{ type: 'random' }],
  [{ type: 'binpack', field: 'memory' }],
  [{ type: 'binpack', field: 'cpu' }],
  [{ type: 'spread', field: 'instanceId' }],
  [{ type: 'spread', field: 'attribute:zone' }, { type: 'binpack', field: 'memory' }],
] as const;

describe('constraints through RunTask', () => {
  it('are never violated, whatever the strategy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.subarray([...ZONES], { minLength: 1 }),
        fc.boolean(),
        fc.constantFrom(...STRATEGIES),
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 10 }), group: fc.constantFrom('g1', 'g2') }), { minLength: 1, maxLength: 8 }),
        (n, allowed, distinct, strategy, calls) => {
          const sim = newSim();
          const zoneOf = zonedFleet(sim, n, 2048);
          simpleTd(sim, 'web', { memory: 256 });
          const hosts = new Map<string, Set<string>>(); // group -> instances holding one of its tasks
          for (const c of calls) {
            const constraints: { type: 'memberOf' | 'distinctInstance'; expression?: string }[] = [
              { type: 'memberOf', expression: `attribute:zone in [${allowed.join(', ')}]` },
            ];
            if (distinct) constraints.push({ type: 'distinctInstance' });
            const res = sim.ecs.runTask({
              taskDefinition: 'web',
              count: c.count,
              group: c.group,
              placementStrategy: strategy.map((s) => ({ ...s })),
              placementConstraints: constraints as never,
            });
            const held = hosts.get(c.group) ?? new Set<string>();
            hosts.set(c.group, held);
            for (const t of res.tasks) {
              expect(allowed).toContain(zoneOf.get(t.containerInstanceArn));
              if (distinct) expect(held.has(t.containerInstanceArn)).toBe(false);
              held.add(t.containerInstanceArn);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('determinism', () => {
  const texts = ['random', 'binpack:cpu', 'binpack:memory', 'spread:instanceId', 'spread:zone', 'first-fit', 'spread:zone then binpack:memory', 'scenarios/strategies/least-loaded.mjs'];

  it.each(texts)('%s: same seed and calls, same placements', async (text) => {
    const strategy: PlacementStrategy = await loadStrategy(text);
    const run = (seed: string, calls: { count: number; stop: number }[]): string[] => {
      const sim = newSim({ seed, strategy });
      zonedFleet(sim, 7, 2048);
      simpleTd(sim, 'web', { memory: 256 });
      const out: string[] = [];
      for (const c of calls) {
        const res = sim.ecs.runTask({ taskDefinition: 'web', count: c.count });
        out.push(...res.tasks.map((t) => t.containerInstanceArn), ...res.failures.map((f) => `${f.arn} ${f.reason}`));
        if (c.stop > 0 && res.tasks[0]) sim.ecs.stopTask({ task: res.tasks[0].taskArn });
        sim.runUntil(sim.now() + 1000);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.string(), fc.array(fc.record({ count: fc.integer({ min: 1, max: 10 }), stop: fc.integer({ min: 0, max: 1 }) }), { maxLength: 10 }), (seed, calls) => {
        expect(run(seed, calls)).toEqual(run(seed, calls));
      }),
      { numRuns: 25 },
    );
  });
});
