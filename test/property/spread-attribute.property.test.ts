// Property: spread by an attribute, alone and followed by binpack, spread by instance or first-fit,
// picks exactly what the plain pipeline picks, draw for draw. Two control planes with the same
// seed run the same random history — registrations in two clusters with a zone attribute drawn
// from a few values (some instances without it, some with an empty value), RunTask calls in several
// groups, StopTask, time passing, lost and regained agents, forced deregistrations, re-registrations
// that move an instance to another zone — one placing with the built-in strategy (per-value counts
// and trees), the other with pipelineStrategy over the same scorers. Every RunTask answers the same,
// and the final snapshots (which hold every random stream) are equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pipelineStrategy } from '../../src/placement/pipeline.js';
import { binpackScorer, firstFitScorer, spreadAttributeScorer, spreadInstanceScorer } from '../../src/placement/scorers.js';
import type { Scorer } from '../../src/placement/types.js';
import { EcsError, idOf, newSim, registerTd, totalResources, type Sim, type SimOptions } from '../helpers/fixtures.js';

const zone = spreadAttributeScorer('zone');
const STRATEGIES: readonly (readonly [string, readonly Scorer[]])[] = [
  ['spread:zone', [zone]],
  ['spread:zone then binpack:memory', [zone, binpackScorer('memory')]],
  ['spread:zone then binpack:cpu', [zone, binpackScorer('cpu')]],
  ['spread:zone then spread:instanceId', [zone, spreadInstanceScorer]],
  ['spread:zone then first-fit', [zone, firstFitScorer]],
];
const CLUSTERS = ['default', 'blue'] as const;
const TDS = ['small', 'twin', 'web', 'gpu', 'big', 'none'] as const;
/** Zones an instance may be in: undefined registers none, '' an empty value (a value of its own). */
const ZONES = ['a', 'b', 'c', undefined, ''] as const;

function setup(sim: Sim): void {
  for (const c of CLUSTERS) sim.ecs.createCluster({ clusterName: c });
  registerTd(sim, 'small', [{ cpu: 128, memory: 256 }]);
  // the same demand as small under another family: a tree may be shared, the groups differ
  registerTd(sim, 'twin', [{ cpu: 128, memory: 256 }]);
  registerTd(sim, 'web', [{ cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] }]);
  registerTd(sim, 'gpu', [{ cpu: 100, memory: 64, resourceRequirements: [{ type: 'GPU', value: '1' }] }]);
  registerTd(sim, 'big', [{ cpu: 2048, memory: 4096 }]);
  registerTd(sim, 'none', [{ cpu: 0, memory: 4 }]);
}

type Cmd =
  | { k: 'register'; cluster: number; cpu: number; memory: number; gpu: number; zone: number }
  | { k: 'run'; cluster: number; td: number; count: number; group: number }
  | { k: 'stop'; which: number }
  | { k: 'advance'; ms: number }
  | { k: 'agent'; which: number }
  | { k: 'deregister'; which: number }
  | { k: 'rezone'; which: number; zone: number };

const registerArb = fc.record({
  k: fc.constant('register' as const),
  cluster: fc.integer({ min: 0, max: 1 }),
  // few distinct sizes, so scores tie often and the draw matters
  cpu: fc.constantFrom(512, 1024, 2048, 4096),
  memory: fc.constantFrom(1024, 2048, 8192),
  gpu: fc.integer({ min: 0, max: 2 }),
  zone: fc.integer({ min: 0, max: ZONES.length - 1 }),
});

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 2, arbitrary: registerArb },
  {
    weight: 8,
    arbitrary: fc.record({
      k: fc.constant('run' as const),
      cluster: fc.integer({ min: 0, max: 1 }),
      td: fc.integer({ min: 0, max: TDS.length - 1 }),
      count: fc.integer({ min: 1, max: 10 }),
      group: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('stop' as const), which: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('agent' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deregister' as const), which: fc.nat() }) },
  // a zone that is set cannot be removed by a re-registration: it moves among the values ('' included)
  { weight: 3, arbitrary: fc.record({ k: fc.constant('rezone' as const), which: fc.nat(), zone: fc.constantFrom(0, 1, 2, 4) }) },
);

/** A starting fleet, then a history. */
const historyArb: fc.Arbitrary<Cmd[]> = fc
  .tuple(fc.array(registerArb, { minLength: 2, maxLength: 14 }), fc.array(cmdArb, { minLength: 1, maxLength: 120 }))
  .map(([fleet, cmds]) => [...fleet, ...cmds]);

/** One control plane under test and what the history needs to name its objects. */
interface Side {
  sim: Sim;
  instances: { arn: string; cluster: string; connected: boolean }[];
  live: { arn: string; cluster: string }[];
}


/** Plays one command; returns what it answered (placements and failures), for comparison. */
function play(side: Side, cmd: Cmd): unknown {
  const { sim } = side;
  switch (cmd.k) {
    case 'register': {
      const cluster = CLUSTERS[cmd.cluster]!;
      const integers = cmd.gpu > 0 ? { GPU: cmd.gpu } : {};
      const z = ZONES[cmd.zone];
      const attributes = z === undefined ? {} : { attributes: [{ name: 'zone', value: z }] };
      const arn = sim.ecs.registerContainerInstance({ cluster, totalResources: totalResources({ cpu: cmd.cpu, memory: cmd.memory, integers }), ...attributes })
        .containerInstance.containerInstanceArn;
      side.instances.push({ arn, cluster, connected: true });
      return arn;
    }
    case 'run': {
      const cluster = CLUSTERS[cmd.cluster]!;
      const group = cmd.group === 0 ? undefined : `g${cmd.group}`;
      try {
        const res = sim.ecs.runTask({ cluster, taskDefinition: TDS[cmd.td]!, count: cmd.count, ...(group ? { group } : {}) });
        for (const t of res.tasks) side.live.push({ arn: t.taskArn, cluster });
        return { placed: res.tasks.map((t) => t.containerInstanceArn), failures: res.failures };
      } catch (e) {
        if (e instanceof EcsError) return e.name;
        throw e;
      }
    }
    case 'stop': {
      if (side.live.length === 0) return null;
      const [t] = side.live.splice(cmd.which % side.live.length, 1);
      try {
        sim.ecs.stopTask({ cluster: t!.cluster, task: t!.arn });
      } catch (e) {
        if (!(e instanceof EcsError)) throw e;
      }
      return t!.arn;
    }
    case 'advance':
      sim.runUntil(sim.now() + cmd.ms);
      return sim.now();
    case 'agent': {
      if (side.instances.length === 0) return null;
      const inst = side.instances[cmd.which % side.instances.length]!;
      try {
        if (inst.connected) sim.disconnectAgent(inst.arn);
        else sim.connectAgent(inst.arn);
        inst.connected = !inst.connected;
      } catch (e) {
        if (!(e instanceof EcsError)) throw e;
      }
      return inst.arn;
    }
    case 'deregister': {
      if (side.instances.length === 0) return null;
      const [inst] = side.instances.splice(cmd.which % side.instances.length, 1);
      sim.ecs.deregisterContainerInstance({ cluster: inst!.cluster, containerInstance: inst!.arn, force: true });
      return inst!.arn;
    }
    case 'rezone': {
      if (side.instances.length === 0) return null;
      const inst = side.instances[cmd.which % side.instances.length]!;
      sim.ecs.registerContainerInstance({ cluster: inst.cluster, containerInstanceArn: inst.arn, attributes: [{ name: 'zone', value: ZONES[cmd.zone]! }] });
      return inst.arn;
    }
  }
}

function side(strategy: NonNullable<SimOptions['strategy']>): Side {
  const sim = newSim({ strategy });
  setup(sim);
  return { sim, instances: [], live: [] };
}

/** Registers `n` instances of one size in the default cluster, zones from `zoneOf`. */
function fleet(s: Side, n: number, zoneOf: (i: number) => string): void {
  for (let i = 0; i < n; i++) {
    const arn = s.sim.ecs.registerContainerInstance({ totalResources: totalResources({ cpu: 4096, memory: 8192 }), attributes: [{ name: 'zone', value: zoneOf(i) }] })
      .containerInstance.containerInstanceArn;
    s.instances.push({ arn, cluster: 'default', connected: true });
  }
}

describe('spread by an attribute', () => {
  it.each(STRATEGIES)('%s picks what the pipeline picks, draw for draw, after any history', (text, scorers) => {
    fc.assert(
      fc.property(historyArb, (cmds) => {
        const indexed = side(text);
        const plain = side(pipelineStrategy(text, scorers));
        for (const cmd of cmds) expect(play(indexed, cmd)).toEqual(play(plain, cmd));
        expect(indexed.sim.snapshot()).toEqual(plain.sim.snapshot());
      }),
      { numRuns: 40 },
    );
  });

  it('picks what the pipeline picks when more groups spread than the counts keep, and over more values than the trees stand for', () => {
    // 80 groups (more per-value counts than a cluster keeps) over 40 zones (more than MAX_VALUES):
    // some placements go to the pipeline, the rest must agree with it
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.record({ group: fc.integer({ min: 0, max: 79 }), count: fc.integer({ min: 1, max: 4 }), rezone: fc.nat() }), { minLength: 1, maxLength: 120 }),
        (zones, calls) => {
          const text = 'spread:zone then binpack:memory';
          const indexed = side(text);
          const plain = side(pipelineStrategy(text, [zone, binpackScorer('memory')]));
          for (const s of [indexed, plain]) fleet(s, 45, (i) => `z${i % zones}`);
          for (const c of calls) {
            const run = (s: Side): unknown => {
              const placed = s.sim.ecs.runTask({ taskDefinition: 'small', count: c.count, group: `g${c.group}` }).tasks.map((t) => t.containerInstanceArn);
              const inst = s.instances[c.rezone % s.instances.length]!;
              s.sim.ecs.registerContainerInstance({ containerInstanceArn: inst.arn, attributes: [{ name: 'zone', value: `z${c.rezone % (zones + 1)}` }] });
              return placed;
            };
            expect(run(indexed)).toEqual(run(plain));
          }
          expect(indexed.sim.snapshot()).toEqual(plain.sim.snapshot());
        },
      ),
      { numRuns: 15 },
    );
  });

  // A re-registration that changes an instance's attributes: the control plane logs its position,
  // and the per-value structures re-read its zone (this failed before container-instances.ts did).
  it('follows a re-registration that moves an instance to another zone without being told', () => {
    const text = 'spread:zone';
    const indexed = side(text);
    const plain = side(pipelineStrategy(text, [zone]));
    for (const s of [indexed, plain]) {
      fleet(s, 3, (i) => ['a', 'b', 'c'][i]!);
      // two tasks in two zones; then the third zone's instance joins one of them
      const first = s.sim.ecs.runTask({ taskDefinition: 'small', count: 2 }).tasks[0]!.containerInstanceArn;
      const moved = s.instances.findIndex((i) => s.sim.controlPlane.instancesByUuid.get(idOf(i.arn))!.liveTasks.size === 0);
      const to = ['a', 'b', 'c'][s.instances.findIndex((i) => i.arn === first)]!;
      s.sim.ecs.registerContainerInstance({ containerInstanceArn: s.instances[moved]!.arn, attributes: [{ name: 'zone', value: to }] });
    }
    const run = (s: Side): unknown => s.sim.ecs.runTask({ taskDefinition: 'small', count: 3 }).tasks.map((t) => t.containerInstanceArn);
    expect(run(indexed)).toEqual(run(plain));
    expect(indexed.sim.snapshot()).toEqual(plain.sim.snapshot());
  });
});
