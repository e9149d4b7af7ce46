// What the fuzzer generates: the per-sequence setting (agent mode and delays, seed, strategy) and the
// command arbitraries, drawn from a "universe" of names and shapes — a built-in one that aims at the
// corners (ports in the dynamic range, UDP, user-defined INTEGER and DOUBLE resources, invalid
// requests), or one seeded from a scenario's fleet and task definitions.
import fc from 'fast-check';
import { containerDefinitionsOf } from '../scenario/fleet.js';
import type { Scenario } from '../scenario/types.js';
import {
  Advance,
  ConnectAgent,
  CreateCluster,
  DeleteCluster,
  DeregisterInstance,
  DeregisterTaskDefinition,
  DisconnectAgent,
  RegisterInstance,
  RegisterTaskDefinition,
  RunTask,
  StartTask,
  StopTask,
  SubmitContainerStateChange,
  SubmitTaskStateChange,
  type ExtraResource,
  type FuzzCommand,
  type InstanceRef,
  type RegisterInstanceArgs,
  type TdRef,
} from './commands.js';
import type { ContainerSpec, PortMappingSpec } from './model.js';

/** The names and shapes commands are drawn from. */
export interface FuzzUniverse {
  /** Cluster names the commands use (they may or may not exist at any moment). */
  readonly clusters: readonly string[];
  /** Registrations to draw from; undefined: the built-in generator of odd and ordinary instances. */
  readonly instances?: readonly Omit<RegisterInstanceArgs, 'bad'>[];
  /** Task definitions to draw from; undefined: the built-in generator. */
  readonly taskDefinitions?: readonly { family: string; containers: ContainerSpec[] }[];
  /** Commands every sequence starts with (not shrunk away): the initial fleet. */
  readonly prelude: readonly FuzzCommand[];
}

/** One sequence's setting. */
export interface FuzzSetting {
  mode: 'auto' | 'manual';
  startDelayMs: number;
  stopDelayMs: number;
  /** Seed of the simulation's random streams. */
  simSeed: number;
  /** Built-in strategy text for RunTask ('random' is the 2015 path); ignored with a fixed strategy. */
  strategy: string;
  /** Run the sequence a second time on a fresh simulation and compare every response. */
  replay: boolean;
  /** RunTask's failure detail (createSimulation's option); absent means 'instances'. */
  failureDetail?: 'instances' | 'summary';
}

/** The built-in strategies the fuzzer cycles through when none is given. */
export const BUILTIN_STRATEGIES = ['random', 'binpack:cpu', 'binpack:memory', 'spread:instanceId', 'first-fit'] as const;

export function settingArbitrary(strategies: readonly string[] = BUILTIN_STRATEGIES): fc.Arbitrary<FuzzSetting> {
  return fc.record({
    mode: fc.constantFrom('auto', 'manual'),
    startDelayMs: fc.constantFrom(0, 100, 1000),
    stopDelayMs: fc.constantFrom(0, 60, 1000),
    simSeed: fc.nat({ max: 0x7fffffff }),
    // random, the 2015 behaviour, twice as often as each of the others
    strategy: fc.oneof({ arbitrary: fc.constant(strategies[0]!), weight: 2 }, fc.constantFrom(...strategies)),
    replay: fc.boolean(),
    failureDetail: fc.oneof({ arbitrary: fc.constant<'instances'>('instances'), weight: 4 }, fc.constant<'summary'>('summary')),
  });
}

// ---------- the built-in universe ----------

const RESERVED_TCP = [22, 80, 443, 2375, 49153, 49154];
const RESERVED_UDP = [53, 49153, 49155];
const HOST_PORTS = [0, 0, 0, 80, 443, 8080, 53, 49153, 49154, 49155];

const extraArb: fc.Arbitrary<ExtraResource> = fc.oneof(
  fc.tuple(fc.constant('GPU'), fc.constant<'INTEGER'>('INTEGER'), fc.constantFrom(1, 2, 4)),
  // decimals that binary floating point cannot hold exactly (0.3 = 0.1 + 0.2 only in decimal)
  fc.tuple(fc.constant('FPGA'), fc.constant<'DOUBLE'>('DOUBLE'), fc.constantFrom(0.3, 0.5, 1.5, 2)),
);

function builtinInstanceArb(clusters: readonly string[]): fc.Arbitrary<Omit<RegisterInstanceArgs, 'bad'>> {
  return fc.record({
    cluster: fc.oneof(fc.constant(null), fc.constantFrom(...clusters)),
    cpu: fc.constantFrom(256, 512, 1024, 2048),
    memory: fc.constantFrom(512, 1024, 2048, 4096),
    ports: fc.subarray(RESERVED_TCP),
    udpPorts: fc.subarray(RESERVED_UDP, { maxLength: 2 }),
    extras: fc.uniqueArray(extraArb, { maxLength: 2, selector: (e) => e[0] }),
  });
}

const portMappingArb: fc.Arbitrary<PortMappingSpec> = fc.record({
  containerPort: fc.constantFrom(53, 80, 8080, 9000),
  hostPort: fc.constantFrom(...HOST_PORTS),
  protocol: fc.oneof({ arbitrary: fc.constant<'tcp'>('tcp'), weight: 3 }, fc.constant<'udp'>('udp')),
});

const containerArb = (name: string): fc.Arbitrary<ContainerSpec> =>
  fc.record({
    name: fc.oneof({ arbitrary: fc.constant(name), weight: 20 }, fc.constant('c0')),
    cpu: fc.constantFrom(0, 64, 128, 256, 512, 1024),
    // 2 MiB is below ECS's minimum: the registration must be rejected
    memory: fc.oneof({ arbitrary: fc.constantFrom(64, 128, 256, 512, 1024), weight: 20 }, fc.constant(2)),
    essential: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
    portMappings: fc.array(portMappingArb, { maxLength: 2 }),
    resources: fc.oneof(
      { arbitrary: fc.constant([] as [string, number][]), weight: 4 },
      fc.tuple(fc.tuple(fc.constant('GPU'), fc.constantFrom(1, 2))).map((x) => x as [string, number][]),
      fc.tuple(fc.tuple(fc.constant('FPGA'), fc.constantFrom(0.1, 0.2, 0.5, 1))).map((x) => x as [string, number][]),
    ),
  });

const builtinContainersArb: fc.Arbitrary<ContainerSpec[]> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => containerArb(`c${i}`))));

// ---------- commands ----------

const tdRefArb: fc.Arbitrary<TdRef> = fc.record({
  pick: fc.nat({ max: 50 }),
  form: fc.oneof({ arbitrary: fc.constantFrom<TdRef['form']>('family', 'revision', 'arn'), weight: 12 }, fc.constant<TdRef['form']>('unknown')),
});

const instanceRefArb: fc.Arbitrary<InstanceRef> = fc.oneof(
  { arbitrary: fc.record({ pick: fc.nat({ max: 50 }), form: fc.constantFrom<'arn' | 'uuid'>('arn', 'uuid') }), weight: 8 },
  fc.constant<InstanceRef>({ unknown: true }),
);

const statusArb = fc.constantFrom<'PENDING' | 'RUNNING' | 'STOPPED' | 'BOGUS'>('PENDING', 'RUNNING', 'RUNNING', 'STOPPED', 'STOPPED', 'BOGUS');
const index = fc.nat({ max: 200 });
/** A flag that is on one time in ten. */
const rarely = fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, fc.constant(true));

/** The command arbitraries, with repetitions as weights (fc.commands picks among them uniformly). */
export function commandArbitraries(u: FuzzUniverse): fc.Arbitrary<FuzzCommand>[] {
  const cluster = fc.constantFrom(...u.clusters);
  const bad = fc.oneof(
    { arbitrary: fc.constant(null), weight: 12 },
    fc.constantFrom<RegisterInstanceArgs['bad']>('port', 'duplicate', 'negative', 'type'),
  );
  const instanceArb = u.instances && u.instances.length > 0 ? fc.constantFrom(...u.instances) : builtinInstanceArb(u.clusters);
  const tdArb =
    u.taskDefinitions && u.taskDefinitions.length > 0
      ? fc.constantFrom(...u.taskDefinitions)
      : fc.record({ family: fc.constantFrom('web', 'worker', 'batch'), containers: builtinContainersArb });
  const register = fc.tuple(instanceArb, bad, rarely).map(([a, b, defaults]) => {
    const args: RegisterInstanceArgs = { cluster: a.cluster, cpu: a.cpu, memory: a.memory, ports: a.ports, udpPorts: a.udpPorts, extras: a.extras, bad: b };
    // now and then no totalResources at all: the documented defaults
    if (defaults) args.defaults = true;
    return new RegisterInstance(args) as FuzzCommand;
  });
  const registerTd = fc
    .tuple(tdArb, fc.boolean())
    .map(([td, omit]) => new RegisterTaskDefinition({ family: td.family, containers: td.containers, omitZeroHostPort: omit }) as FuzzCommand);
  const runTask = fc
    .record({
      cluster,
      td: tdRefArb,
      count: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 10 }), weight: 15 }, fc.constantFrom(0, 11)),
      badOverride: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, fc.constant(true)),
      distinct: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true)),
      clusterArn: rarely,
    })
    // flags that are off are left out, so script lines stay short
    .map(({ distinct, clusterArn, ...a }) => new RunTask({ ...a, ...(distinct ? { distinct } : {}), ...(clusterArn ? { clusterArn } : {}) }) as FuzzCommand);
  const startTask = fc
    .record({
      cluster,
      td: tdRefArb,
      instances: fc.oneof({ arbitrary: fc.array(instanceRefArb, { minLength: 1, maxLength: 10 }), weight: 15 }, fc.constant([] as InstanceRef[])),
      clusterArn: rarely,
    })
    .map(({ clusterArn, ...a }) => new StartTask({ ...a, ...(clusterArn ? { clusterArn } : {}) }) as FuzzCommand);
  const stopTask = fc
    .record({
      task: index,
      wrongCluster: fc.oneof({ arbitrary: fc.constant(false), weight: 8 }, fc.constant(true)),
      reason: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, fc.constantFrom<'short' | 'long'>('short', 'long')),
    })
    .map((a) => new StopTask(a) as FuzzCommand);
  const taskState = fc.record({ task: index, status: statusArb, reason: fc.boolean() }).map((a) => new SubmitTaskStateChange(a) as FuzzCommand);
  const containerState = fc
    .record({
      task: index,
      container: fc.nat({ max: 5 }),
      unknownContainer: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, fc.constant(true)),
      status: statusArb,
      exitCode: fc.constantFrom(0, 1, 137),
    })
    .map((a) => new SubmitContainerStateChange(a) as FuzzCommand);
  const advance = fc.constantFrom(0, 30, 60, 100, 500, 1000, 2500).map((ms) => new Advance({ ms }) as FuzzCommand);
  const deregister = fc.record({ instance: index, force: fc.boolean() }).map((a) => new DeregisterInstance(a) as FuzzCommand);
  const deregisterTd = fc
    .record({ td: index, form: fc.constantFrom<TdRef['form']>('revision', 'revision', 'arn', 'family', 'unknown') })
    .map((a) => new DeregisterTaskDefinition(a) as FuzzCommand);
  const disconnect = index.map((i) => new DisconnectAgent({ instance: i }) as FuzzCommand);
  const connect = index.map((i) => new ConnectAgent({ instance: i }) as FuzzCommand);
  const create = cluster.map((c) => new CreateCluster({ cluster: c }) as FuzzCommand);
  const del = cluster.map((c) => new DeleteCluster({ cluster: c }) as FuzzCommand);
  return [
    ...Array<fc.Arbitrary<FuzzCommand>>(5).fill(runTask),
    ...Array<fc.Arbitrary<FuzzCommand>>(3).fill(startTask),
    ...Array<fc.Arbitrary<FuzzCommand>>(3).fill(stopTask),
    ...Array<fc.Arbitrary<FuzzCommand>>(3).fill(advance),
    ...Array<fc.Arbitrary<FuzzCommand>>(3).fill(containerState),
    ...Array<fc.Arbitrary<FuzzCommand>>(2).fill(taskState),
    ...Array<fc.Arbitrary<FuzzCommand>>(2).fill(register),
    registerTd,
    deregister,
    deregisterTd,
    disconnect,
    connect,
    create,
    del,
  ];
}

// ---------- universes ----------

/** The built-in universe: three clusters and a small fleet to start from. */
export function builtinUniverse(): FuzzUniverse {
  // existing clusters more often than the one that starts out missing
  const clusters = ['default', 'default', 'default', 'c1', 'c1', 'c2'];
  const instance = (cluster: string | null, cpu: number, memory: number, ports: number[], udpPorts: number[], extras: ExtraResource[] = []): FuzzCommand =>
    new RegisterInstance({ cluster, cpu, memory, ports, udpPorts, extras, bad: null });
  return {
    clusters,
    prelude: [
      new CreateCluster({ cluster: 'c1' }),
      instance(null, 1024, 2048, [22], []),
      instance(null, 2048, 4096, [22, 80], [], [['GPU', 'INTEGER', 2]]),
      instance('c1', 1024, 2048, [], [53]),
      new RegisterTaskDefinition({
        family: 'web',
        containers: [{ name: 'app', cpu: 256, memory: 512, essential: true, portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }], resources: [] }],
        omitZeroHostPort: false,
      }),
      new RegisterTaskDefinition({
        family: 'worker',
        containers: [
          { name: 'main', cpu: 128, memory: 256, essential: true, portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }], resources: [] },
          { name: 'side', cpu: 64, memory: 128, essential: false, portMappings: [{ containerPort: 53, hostPort: 0, protocol: 'udp' }], resources: [] },
        ],
        omitZeroHostPort: true,
      }),
    ],
  };
}

/** Most instances of one scenario group that the prelude registers (the fleet stays small). */
const MAX_PER_GROUP = 3;

/**
 * A universe seeded from a scenario: its clusters (and `default`), its instance groups as the
 * registrations to draw from, its task definitions as the definitions to draw from. The prelude
 * creates the clusters, registers the definitions in file order and up to three instances per group.
 */
export function scenarioUniverse(s: Scenario): FuzzUniverse {
  const clusters = [...new Set([...s.clusters.map((c) => c.name), 'default'])];
  const instances: Omit<RegisterInstanceArgs, 'bad'>[] = [];
  const prelude: FuzzCommand[] = s.clusters.map((c) => new CreateCluster({ cluster: c.name }));
  const taskDefinitions = s.taskDefinitions.map((td) => ({
    family: td.family,
    containers: containerDefinitionsOf(td).map(
      (c): ContainerSpec => ({
        name: c.name!,
        cpu: c.cpu ?? 0,
        memory: c.memory ?? 0,
        essential: c.essential !== false,
        portMappings: (c.portMappings ?? []).map((p) => ({ containerPort: p.containerPort!, hostPort: p.hostPort ?? 0, protocol: p.protocol ?? 'tcp' })),
        resources: (c.resourceRequirements ?? []).map((rr) => [rr.type, Number(rr.value)] as [string, number]),
      }),
    ),
  }));
  for (const td of taskDefinitions) prelude.push(new RegisterTaskDefinition({ ...td, omitZeroHostPort: false }));
  for (const c of s.clusters) {
    for (const g of c.instances) {
      const { CPU, MEMORY, ...rest } = g.resources;
      const args: Omit<RegisterInstanceArgs, 'bad'> = {
        cluster: c.name,
        cpu: CPU,
        memory: MEMORY,
        ports: [...g.reservedPorts],
        udpPorts: [...g.reservedUdpPorts],
        extras: Object.entries(rest).map(([name, v]): ExtraResource => [name, 'INTEGER', v]),
      };
      instances.push(args);
      for (let i = 0; i < Math.min(g.count, MAX_PER_GROUP); i++) prelude.push(new RegisterInstance({ ...args, bad: null }));
    }
  }
  return { clusters, instances, taskDefinitions, prelude };
}
