// Test harness for the issue-2 contract: builds simulations, instances and task definitions
// through the public API only, and reads back what live tasks hold so tests can check the
// accounting from the outside.
import { expect } from 'vitest';
import { createSimulation, EcsError } from '../../src/index.js';

export { createSimulation, EcsError };

export type Sim = ReturnType<typeof createSimulation>;
export type SimOptions = NonNullable<Parameters<typeof createSimulation>[0]>;
export type Ecs = Sim['ecs'];

/** The ECS methods with their request types erased, for calls that are meant to be rejected. */
export type LooseEcs = { [K in keyof Ecs]: (req?: unknown) => ReturnType<Ecs[K]> };
export const loose = (sim: Sim): LooseEcs => sim.ecs as unknown as LooseEcs;

export const REGION = 'us-east-1';
export const ACCOUNT = '012345678910';
export const UUID_RE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const AGENT_PORTS = [22, 2375, 2376, 51678];

export function arnRe(kind: string, id: string = UUID_RE, region = REGION, account = ACCOUNT): RegExp {
  return new RegExp(`^arn:aws:ecs:${region}:${account}:${kind}/${id}$`);
}
export const clusterArn = (name: string, region = REGION, account = ACCOUNT): string =>
  `arn:aws:ecs:${region}:${account}:cluster/${name}`;
export const tdArn = (family: string, rev: number, region = REGION, account = ACCOUNT): string =>
  `arn:aws:ecs:${region}:${account}:task-definition/${family}:${rev}`;
/** The UUID at the end of an ARN. */
export const idOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** A simulation with a fixed seed and short, explicit agent delays unless told otherwise. */
export function newSim(opts: SimOptions = {}): Sim {
  return createSimulation({
    seed: 'fixture-seed',
    ...opts,
    agent: { mode: 'auto', startDelayMs: 100, stopDelayMs: 50, ...(opts.agent ?? {}) },
  });
}

export interface Res {
  name: string;
  type: string;
  integerValue?: number;
  longValue?: number;
  doubleValue?: number;
  stringSetValue?: string[];
}

export interface InstanceSpec {
  cluster?: string;
  cpu?: number;
  memory?: number;
  /** Reserved TCP host ports (PORTS). Default: the agent's 22, 2375, 2376, 51678. */
  ports?: number[];
  udpPorts?: number[];
  /** User-defined INTEGER resources, e.g. `{ GPU: 4 }`. */
  integers?: Record<string, number>;
  /** Any further totalResources entries, as given. */
  extra?: Res[];
}

export function totalResources(spec: InstanceSpec = {}): Res[] {
  const out: Res[] = [
    { name: 'CPU', type: 'INTEGER', integerValue: spec.cpu ?? 1024 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: spec.memory ?? 2048 },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: (spec.ports ?? AGENT_PORTS).map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: (spec.udpPorts ?? []).map(String) },
  ];
  for (const [name, v] of Object.entries(spec.integers ?? {})) out.push({ name, type: 'INTEGER', integerValue: v });
  out.push(...(spec.extra ?? []));
  return out;
}

/** Registers a container instance with explicit totalResources; returns its ARN. */
export function registerInstance(sim: Sim, spec: InstanceSpec = {}): string {
  const req: { cluster?: string; totalResources: Res[] } = { totalResources: totalResources(spec) };
  if (spec.cluster !== undefined) req.cluster = spec.cluster;
  return sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn;
}

export interface ContainerSpec {
  name?: string;
  image?: string;
  cpu?: number;
  memory?: number;
  essential?: boolean;
  portMappings?: { containerPort?: number; hostPort?: number; protocol?: 'tcp' | 'udp' }[];
  command?: string[];
  resourceRequirements?: { type: string; value: string }[];
}

/** Registers a task definition; containers get name c0, c1…, image busybox and 128 MiB unless given. */
export function registerTd(sim: Sim, family: string, containers: ContainerSpec[] = [{}]): string {
  const defs = containers.map((c, i) => ({ name: `c${i}`, image: 'busybox', memory: 128, ...c }));
  return sim.ecs.registerTaskDefinition({ family, containerDefinitions: defs }).taskDefinition.taskDefinitionArn;
}

/** One-container task definition with the given demand. */
export function simpleTd(
  sim: Sim,
  family: string,
  demand: { cpu?: number; memory?: number; hostPorts?: number[]; gpu?: number } = {},
): string {
  const c: ContainerSpec = { cpu: demand.cpu ?? 0, memory: demand.memory ?? 128 };
  if (demand.hostPorts) c.portMappings = demand.hostPorts.map((p) => ({ containerPort: p, hostPort: p }));
  if (demand.gpu) c.resourceRequirements = [{ type: 'GPU', value: String(demand.gpu) }];
  return registerTd(sim, family, [c]);
}

export function describeInstance(sim: Sim, arn: string, cluster?: string) {
  const req: { containerInstances: string[]; cluster?: string } = { containerInstances: [arn] };
  if (cluster !== undefined) req.cluster = cluster;
  const res = sim.ecs.describeContainerInstances(req);
  const ci = res.containerInstances[0];
  if (!ci) throw new Error(`instance ${arn} not described: ${JSON.stringify(res.failures)}`);
  return ci;
}

export function describeTask(sim: Sim, arn: string, cluster?: string) {
  const req: { tasks: string[]; cluster?: string } = { tasks: [arn] };
  if (cluster !== undefined) req.cluster = cluster;
  const res = sim.ecs.describeTasks(req);
  const t = res.tasks[0];
  if (!t) throw new Error(`task ${arn} not described: ${JSON.stringify(res.failures)}`);
  return t;
}

/** The value of resource `name`: a number for numeric types, a sorted number list for STRINGSETs. */
export function resValue(resources: readonly Res[] | undefined, name: string): number | number[] | undefined {
  const r = (resources ?? []).find((x) => x.name === name);
  if (!r) return undefined;
  if (r.type === 'STRINGSET') return (r.stringSetValue ?? []).map(Number).sort((a, b) => a - b);
  return r.integerValue ?? r.longValue ?? r.doubleValue;
}
export function numValue(resources: readonly Res[] | undefined, name: string): number {
  const v = resValue(resources, name);
  if (typeof v !== 'number') throw new Error(`resource ${name} is not numeric: ${JSON.stringify(v)}`);
  return v;
}
export function setValue(resources: readonly Res[] | undefined, name: string): number[] {
  const v = resValue(resources, name);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`resource ${name} is not a STRINGSET`);
  return v;
}

export const remaining = (sim: Sim, arn: string, cluster?: string) => describeInstance(sim, arn, cluster).remainingResources;

/** Runs `fn` and returns the EcsError it throws; fails the test if it does not throw one. */
export function catchEcs(fn: () => unknown): EcsError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected the call to throw').toBeDefined();
  expect(caught).toBeInstanceOf(EcsError);
  return caught as EcsError;
}

/** Asserts `fn` throws an EcsError whose name is one of `names`. */
export function expectEcsError(fn: () => unknown, ...names: string[]): EcsError {
  const e = catchEcs(fn);
  expect(names, `got ${e.name}: ${e.message}`).toContain(e.name);
  return e;
}

/** Follows every page of a list call, returning all items and the page sizes. */
export function allPages<R extends { nextToken?: string }>(
  call: (token: string | undefined) => R,
  items: (r: R) => string[],
): { items: string[]; pages: number[] } {
  const out: string[] = [];
  const pages: number[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const r = call(token);
    const got = items(r);
    out.push(...got);
    pages.push(got.length);
    token = r.nextToken;
    if (token === undefined || token === null) return { items: out, pages };
  }
  throw new Error('pagination did not end');
}

// ---- what live tasks hold ----

interface ContainerDef {
  name?: string;
  cpu?: number;
  memory?: number;
  portMappings?: { containerPort?: number; hostPort?: number; protocol?: string }[];
  resourceRequirements?: { type: string; value: string }[];
  essential?: boolean;
}

export interface Held {
  cpu: number;
  memory: number;
  /** Fixed TCP host ports (counted in PORTS). */
  tcp: number[];
  /** Fixed UDP host ports (counted in PORTS_UDP). */
  udp: number[];
  /** Dynamic host ports seen in networkBindings (not counted in PORTS). */
  dynamic: number[];
  /** User-defined resources by name. */
  custom: Record<string, number>;
  liveTasks: number;
}

const emptyHeld = (): Held => ({ cpu: 0, memory: 0, tcp: [], udp: [], dynamic: [], custom: {}, liveTasks: 0 });

/**
 * Sums, per container instance ARN, what the given tasks hold while their lastStatus is not
 * STOPPED, using their task definitions (cached by ARN in `tdCache`).
 */
export function heldByLiveTasks(
  sim: Sim,
  tasks: readonly { taskArn: string; cluster: string }[],
  tdCache: Map<string, ContainerDef[]> = new Map(),
): Map<string, Held> {
  const out = new Map<string, Held>();
  const byCluster = new Map<string, string[]>();
  for (const t of tasks) {
    const list = byCluster.get(t.cluster) ?? [];
    list.push(t.taskArn);
    byCluster.set(t.cluster, list);
  }
  for (const [cluster, arns] of byCluster) {
    for (let i = 0; i < arns.length; i += 100) {
      const res = sim.ecs.describeTasks({ cluster, tasks: arns.slice(i, i + 100) });
      for (const task of res.tasks) {
        if (task.lastStatus === 'STOPPED') continue;
        let defs = tdCache.get(task.taskDefinitionArn);
        if (!defs) {
          defs = sim.ecs.describeTaskDefinition({ taskDefinition: task.taskDefinitionArn }).taskDefinition
            .containerDefinitions as ContainerDef[];
          tdCache.set(task.taskDefinitionArn, defs);
        }
        const h = out.get(task.containerInstanceArn) ?? emptyHeld();
        out.set(task.containerInstanceArn, h);
        h.liveTasks++;
        for (const d of defs) {
          h.cpu += d.cpu ?? 0;
          h.memory += d.memory ?? 0;
          for (const rr of d.resourceRequirements ?? []) h.custom[rr.type] = (h.custom[rr.type] ?? 0) + Number(rr.value);
          const container = task.containers.find((c) => c.name === d.name);
          for (const pm of d.portMappings ?? []) {
            if (pm.hostPort) (pm.protocol === 'udp' ? h.udp : h.tcp).push(pm.hostPort);
            else {
              const b = (container?.networkBindings ?? []).find(
                (nb) => nb.containerPort === pm.containerPort && (nb.protocol ?? 'tcp') === (pm.protocol ?? 'tcp'),
              );
              if (b?.hostPort !== undefined) h.dynamic.push(b.hostPort);
            }
          }
        }
      }
    }
  }
  return out;
}

/** Every container instance ARN of a cluster (following all pages). */
export function listInstances(sim: Sim, cluster?: string): string[] {
  return allPages(
    (nextToken) => {
      const req: { cluster?: string; nextToken?: string } = {};
      if (cluster !== undefined) req.cluster = cluster;
      if (nextToken !== undefined) req.nextToken = nextToken;
      return sim.ecs.listContainerInstances(req);
    },
    (r) => r.containerInstanceArns,
  ).items;
}

/** Tally of a list of keys. */
export function tally(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
