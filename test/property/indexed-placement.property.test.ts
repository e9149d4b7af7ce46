// Property: the indexed single-scorer strategies (binpack, spread by instance or host, first-fit)
// pick exactly what the plain pipeline picks, draw for draw. Two control planes with the same
// seed run the same random history — registrations in two clusters, RunTask calls of task
// definitions with ports, GPUs, shared and zero demands in several groups, StopTask, time passing
// (tasks reach RUNNING and STOPPED), lost and regained agents, forced deregistrations — one placing
// with the built-in strategy, the other with pipelineStrategy over the same scorer. Every RunTask
// answers the same, and the final snapshots (which hold every random stream) are equal.
// Budget: about two seconds on 2 cores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pipelineStrategy } from '../../src/placement/pipeline.js';
import { binpackScorer, firstFitScorer, spreadInstanceScorer } from '../../src/placement/scorers.js';
import type { Scorer } from '../../src/placement/types.js';
import { newSim, type SimOptions } from '../helpers/fixtures.js';
import { commonCmdArbs, playCommon, playRegister, registrationFields, setupPlacementFixture, type CommonCmd, type Side } from '../helpers/placement-history.js';

const STRATEGIES: readonly (readonly [string, Scorer])[] = [
  ['binpack:cpu', binpackScorer('cpu')],
  ['binpack:memory', binpackScorer('memory')],
  ['spread:instanceId', spreadInstanceScorer],
  ['spread:host', spreadInstanceScorer],
  ['first-fit', firstFitScorer],
];
type Cmd = ({ k: 'register' } & { cluster: number; cpu: number; memory: number; gpu: number }) | CommonCmd;

const registerArb = fc.record(registrationFields);

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof({ weight: 2, arbitrary: registerArb }, ...commonCmdArbs);

/** A starting fleet, then a history. */
const historyArb: fc.Arbitrary<Cmd[]> = fc
  .tuple(fc.array(registerArb, { minLength: 2, maxLength: 14 }), fc.array(cmdArb, { minLength: 1, maxLength: 120 }))
  .map(([fleet, cmds]) => [...fleet, ...cmds]);

/** Plays one command; returns what it answered (placements and failures), for comparison. */
function play(side: Side, cmd: Cmd): unknown {
  return cmd.k === 'register' ? playRegister(side, cmd) : playCommon(side, cmd);
}

function side(strategy: NonNullable<SimOptions['strategy']>): Side {
  const sim = newSim({ strategy });
  setupPlacementFixture(sim);
  return { sim, instances: [], live: [] };
}

describe('indexed strategies', () => {
  it.each(STRATEGIES)('%s picks what the pipeline picks, draw for draw, after any history', (text, scorer) => {
    fc.assert(
      fc.property(historyArb, (cmds) => {
        const indexed = side(text);
        const plain = side(pipelineStrategy(text, [scorer]));
        for (const cmd of cmds) expect(play(indexed, cmd)).toEqual(play(plain, cmd));
        expect(indexed.sim.snapshot()).toEqual(plain.sim.snapshot());
      }),
      { numRuns: 40 },
    );
  });

  it('picks what the pipeline picks when more groups spread than the tree cache keeps', () => {
    // 40 groups on one demand: more trees than a cluster keeps, so some placements go to the pipeline
    fc.assert(
      fc.property(fc.array(fc.record({ group: fc.integer({ min: 0, max: 39 }), count: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 150 }), (calls) => {
        const indexed = side('spread:instanceId');
        const plain = side(pipelineStrategy('spread:instanceId', [spreadInstanceScorer]));
        for (const s of [indexed, plain]) for (let i = 0; i < 12; i++) play(s, { k: 'register', cluster: 0, cpu: 4096, memory: 8192, gpu: 0 });
        for (const c of calls) {
          const run = (s: Side): unknown => s.sim.ecs.runTask({ taskDefinition: 'small', count: c.count, group: `g${c.group}` }).tasks.map((t) => t.containerInstanceArn);
          expect(run(indexed)).toEqual(run(plain));
        }
        expect(indexed.sim.snapshot()).toEqual(plain.sim.snapshot());
      }),
      { numRuns: 15 },
    );
  });
});
