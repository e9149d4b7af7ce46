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
import { EcsError, newSim, registerTd, totalResources, type Sim, type SimOptions } from '../helpers/fixtures.js';

const STRATEGIES: readonly (readonly [string, Scorer])[] = [
  ['binpack:cpu', binpackScorer('cpu')],
  ['binpack:memory', binpackScorer('memory')],
  ['spread:instanceId', spreadInstanceScorer],
  ['spread:host', spreadInstanceScorer],
  ['first-fit', firstFitScorer],
];
const CLUSTERS = ['default', 'blue'] as const;
const TDS = ['small', 'twin', 'web', 'gpu', 'big', 'none'] as const;

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
  | { k: 'register'; cluster: number; cpu: number; memory: number; gpu: number }
  | { k: 'run'; cluster: number; td: number; count: number; group: number }
  | { k: 'stop'; which: number }
  | { k: 'advance'; ms: number }
  | { k: 'agent'; which: number }
  | { k: 'deregister'; which: number };

const registerArb = fc.record({
  k: fc.constant('register' as const),
  cluster: fc.integer({ min: 0, max: 1 }),
  // few distinct sizes, so scores tie often and the draw matters
  cpu: fc.constantFrom(512, 1024, 2048, 4096),
  memory: fc.constantFrom(1024, 2048, 8192),
  gpu: fc.integer({ min: 0, max: 2 }),
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
      const arn = sim.ecs.registerContainerInstance({ cluster, totalResources: totalResources({ cpu: cmd.cpu, memory: cmd.memory, integers }) })
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
  }
}

function side(strategy: NonNullable<SimOptions['strategy']>): Side {
  const sim = newSim({ strategy });
  setup(sim);
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
