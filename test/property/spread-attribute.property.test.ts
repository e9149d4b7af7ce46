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
import { idOf, newSim, totalResources, type SimOptions } from '../helpers/fixtures.js';
import { commonCmdArbs, playCommon, playRegister, registrationFields, setupPlacementFixture, type CommonCmd, type Side } from '../helpers/placement-history.js';

const zone = spreadAttributeScorer('zone');
const STRATEGIES: readonly (readonly [string, readonly Scorer[]])[] = [
  ['spread:zone', [zone]],
  ['spread:zone then binpack:memory', [zone, binpackScorer('memory')]],
  ['spread:zone then binpack:cpu', [zone, binpackScorer('cpu')]],
  ['spread:zone then spread:instanceId', [zone, spreadInstanceScorer]],
  ['spread:zone then first-fit', [zone, firstFitScorer]],
];
/** Zones an instance may be in: undefined registers none, '' an empty value (a value of its own). */
const ZONES = ['a', 'b', 'c', undefined, ''] as const;

type Cmd =
  | { k: 'register'; cluster: number; cpu: number; memory: number; gpu: number; zone: number }
  | CommonCmd
  | { k: 'rezone'; which: number; zone: number };

const registerArb = fc.record({ ...registrationFields, zone: fc.integer({ min: 0, max: ZONES.length - 1 }) });

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 2, arbitrary: registerArb },
  ...commonCmdArbs,
  // a zone that is set cannot be removed by a re-registration: it moves among the values ('' included)
  { weight: 3, arbitrary: fc.record({ k: fc.constant('rezone' as const), which: fc.nat(), zone: fc.constantFrom(0, 1, 2, 4) }) },
);

/** A starting fleet, then a history. */
const historyArb: fc.Arbitrary<Cmd[]> = fc
  .tuple(fc.array(registerArb, { minLength: 2, maxLength: 14 }), fc.array(cmdArb, { minLength: 1, maxLength: 120 }))
  .map(([fleet, cmds]) => [...fleet, ...cmds]);

/** Plays one command; returns what it answered (placements and failures), for comparison. */
function play(side: Side, cmd: Cmd): unknown {
  switch (cmd.k) {
    case 'register': {
      const z = ZONES[cmd.zone];
      return playRegister(side, cmd, z === undefined ? undefined : [{ name: 'zone', value: z }]);
    }
    case 'rezone': {
      if (side.instances.length === 0) return null;
      const inst = side.instances[cmd.which % side.instances.length]!;
      side.sim.ecs.registerContainerInstance({ cluster: inst.cluster, containerInstanceArn: inst.arn, attributes: [{ name: 'zone', value: ZONES[cmd.zone]! }] });
      return inst.arn;
    }
    default:
      return playCommon(side, cmd);
  }
}

function side(strategy: NonNullable<SimOptions['strategy']>): Side {
  const sim = newSim({ strategy });
  setupPlacementFixture(sim);
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
