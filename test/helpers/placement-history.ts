// Random control-plane histories for the placement equivalence properties (indexed strategies
// against the plain pipeline): the fixture both sides start from, the commands every such history
// is made of, and how one side plays them. A property adds its own commands (registration with
// attributes, re-registration) around these.
import fc from 'fast-check';
import { EcsError, registerTd, totalResources, type Sim } from './fixtures.js';

export const CLUSTERS = ['default', 'blue'] as const;
export const TDS = ['small', 'twin', 'web', 'gpu', 'big', 'none'] as const;

/** Two clusters and task definitions with ports, GPUs, shared and zero demands. */
export function setupPlacementFixture(sim: Sim): void {
  for (const c of CLUSTERS) sim.ecs.createCluster({ clusterName: c });
  registerTd(sim, 'small', [{ cpu: 128, memory: 256 }]);
  // the same demand as small under another family: a tree may be shared, the groups differ
  registerTd(sim, 'twin', [{ cpu: 128, memory: 256 }]);
  registerTd(sim, 'web', [{ cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] }]);
  registerTd(sim, 'gpu', [{ cpu: 100, memory: 64, resourceRequirements: [{ type: 'GPU', value: '1' }] }]);
  registerTd(sim, 'big', [{ cpu: 2048, memory: 4096 }]);
  registerTd(sim, 'none', [{ cpu: 0, memory: 4 }]);
}

/** The commands every history has besides registrations. */
export type CommonCmd =
  | { k: 'run'; cluster: number; td: number; count: number; group: number }
  | { k: 'stop'; which: number }
  | { k: 'advance'; ms: number }
  | { k: 'agent'; which: number }
  | { k: 'deregister'; which: number };

/** A registration's size: few distinct sizes, so scores tie often and the draw matters. */
export const registrationFields = {
  k: fc.constant('register' as const),
  cluster: fc.integer({ min: 0, max: 1 }),
  cpu: fc.constantFrom(512, 1024, 2048, 4096),
  memory: fc.constantFrom(1024, 2048, 8192),
  gpu: fc.integer({ min: 0, max: 2 }),
};

/** The common commands with their weights, for fc.oneof. */
export const commonCmdArbs: fc.WeightedArbitrary<CommonCmd>[] = [
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
];

/** One control plane under test and what the history needs to name its objects. */
export interface Side {
  sim: Sim;
  instances: { arn: string; cluster: string; connected: boolean }[];
  live: { arn: string; cluster: string }[];
}

/** Registers an instance of the given size (and attributes) in cluster `cluster`; returns its ARN. */
export function playRegister(side: Side, cmd: { cluster: number; cpu: number; memory: number; gpu: number }, attributes?: { name: string; value: string }[]): string {
  const cluster = CLUSTERS[cmd.cluster]!;
  const integers = cmd.gpu > 0 ? { GPU: cmd.gpu } : {};
  const arn = side.sim.ecs.registerContainerInstance({
    cluster,
    totalResources: totalResources({ cpu: cmd.cpu, memory: cmd.memory, integers }),
    ...(attributes ? { attributes } : {}),
  }).containerInstance.containerInstanceArn;
  side.instances.push({ arn, cluster, connected: true });
  return arn;
}

/** Plays one common command; returns what it answered (placements and failures), for comparison. */
export function playCommon(side: Side, cmd: CommonCmd): unknown {
  const { sim } = side;
  switch (cmd.k) {
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
