// Property: over random call sequences, after every call (accepted or rejected), for every
// container instance and resource: registered = remaining + what live (not STOPPED) tasks hold;
// nothing is negative; no host port is held twice. The counters on clusters and instances agree
// with the tasks. Runs in both agent modes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENT_PORTS,
  EcsError,
  heldByLiveTasks,
  newSim,
  registerTd,
  setValue,
  totalResources,
  type Res,
  type Sim,
} from '../helpers/fixtures.js';

const CLUSTERS = ['default', 'blue'] as const;
const TDS = ['small', 'web', 'dyn', 'gpu', 'big', 'multi', 'dns'] as const;

function setupTds(sim: Sim): void {
  registerTd(sim, 'small', [{ cpu: 128, memory: 256 }]);
  registerTd(sim, 'web', [{ cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] }]);
  registerTd(sim, 'dyn', [
    { name: 'app', cpu: 64, memory: 128, portMappings: [{ containerPort: 8080 }] },
    { name: 'side', cpu: 16, memory: 32, essential: false, portMappings: [{ containerPort: 9000, hostPort: 0 }] },
  ]);
  registerTd(sim, 'gpu', [{ cpu: 100, memory: 64, resourceRequirements: [{ type: 'GPU', value: '1' }] }]);
  registerTd(sim, 'big', [{ cpu: 2048, memory: 4096 }]);
  registerTd(sim, 'multi', [
    { name: 'a', cpu: 10, memory: 100, portMappings: [{ containerPort: 81, hostPort: 81 }, { containerPort: 1000 }] },
    { name: 'b', cpu: 10, memory: 100, essential: false, portMappings: [{ containerPort: 82, hostPort: 82 }] },
  ]);
  // later API: a UDP mapping, held in PORTS_UDP; some instances reserve UDP 53 themselves
  registerTd(sim, 'dns', [{ cpu: 10, memory: 32, portMappings: [{ containerPort: 53, hostPort: 53, protocol: 'udp' }, { containerPort: 53, hostPort: 53 }] }]);
}

type Cmd =
  | { k: 'register'; cluster: number; cpu: number; memory: number; gpu: number; reserve80: boolean }
  | { k: 'deregister'; i: number; force: boolean }
  | { k: 'run'; cluster: number; td: number; count: number }
  | { k: 'start'; td: number; is: number[] }
  | { k: 'stop'; t: number }
  | { k: 'disconnect'; i: number }
  | { k: 'connect'; i: number }
  | { k: 'advance'; ms: number }
  | { k: 'taskState'; t: number; status: string }
  | { k: 'containerState'; t: number; c: number; status: string; exitCode: number }
  | { k: 'deregisterTd'; td: number };

const nat = fc.nat({ max: 1000 });
const status = fc.constantFrom('PENDING', 'RUNNING', 'STOPPED');
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('register' as const), cluster: fc.nat({ max: 1 }), cpu: fc.constantFrom(256, 1024, 2048, 4096), memory: fc.constantFrom(512, 1024, 4096, 8192), gpu: fc.nat({ max: 2 }), reserve80: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('deregister' as const), i: nat, force: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('run' as const), cluster: fc.nat({ max: 1 }), td: fc.nat({ max: TDS.length - 1 }), count: fc.integer({ min: 1, max: 10 }) }), weight: 5 },
  { arbitrary: fc.record({ k: fc.constant('start' as const), td: fc.nat({ max: TDS.length - 1 }), is: fc.array(nat, { minLength: 1, maxLength: 4 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('stop' as const), t: nat }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('disconnect' as const), i: nat }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('connect' as const), i: nat }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('taskState' as const), t: nat, status }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('containerState' as const), t: nat, c: fc.nat({ max: 1 }), status, exitCode: fc.integer({ min: 0, max: 2 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('deregisterTd' as const), td: fc.nat({ max: TDS.length - 1 }) }), weight: 1 },
);

interface Model {
  sim: Sim;
  instances: { arn: string; cluster: string }[];
  tasks: { taskArn: string; cluster: string; containers: string[] }[];
  tdCache: Map<string, never[]>;
}

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

function apply(m: Model, cmd: Cmd): void {
  const { sim } = m;
  const addTasks = (cluster: string, ts: readonly { taskArn: string; containers: { name: string }[] }[]) => {
    for (const t of ts) m.tasks.push({ taskArn: t.taskArn, cluster, containers: t.containers.map((c) => c.name) });
  };
  switch (cmd.k) {
    case 'register': {
      const cluster = CLUSTERS[cmd.cluster]!;
      const total: Res[] = totalResources({
        cpu: cmd.cpu,
        memory: cmd.memory,
        ports: cmd.reserve80 ? [...AGENT_PORTS, 80] : AGENT_PORTS,
        udpPorts: cmd.reserve80 ? [53] : [],
        integers: cmd.gpu > 0 ? { GPU: cmd.gpu } : {},
      });
      // the default cluster is named by omission, which also creates it on first use
      const req = cluster === 'default' ? { totalResources: total } : { cluster, totalResources: total };
      const arn = sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn;
      m.instances.push({ arn, cluster });
      return;
    }
    case 'deregister': {
      const inst = pick(m.instances, cmd.i);
      if (inst) sim.ecs.deregisterContainerInstance({ cluster: inst.cluster, containerInstance: inst.arn, force: cmd.force });
      return;
    }
    case 'run': {
      const cluster = CLUSTERS[cmd.cluster]!;
      addTasks(cluster, sim.ecs.runTask({ cluster, taskDefinition: TDS[cmd.td]!, count: cmd.count }).tasks);
      return;
    }
    case 'start': {
      const chosen = cmd.is.map((i) => pick(m.instances, i)).filter((x) => x !== undefined);
      const first = chosen[0];
      if (!first) return;
      const same = chosen.filter((x) => x.cluster === first.cluster).map((x) => x.arn);
      addTasks(first.cluster, sim.ecs.startTask({ cluster: first.cluster, taskDefinition: TDS[cmd.td]!, containerInstances: same }).tasks);
      return;
    }
    case 'stop': {
      const t = pick(m.tasks, cmd.t);
      if (t) sim.ecs.stopTask({ cluster: t.cluster, task: t.taskArn });
      return;
    }
    case 'disconnect': {
      const inst = pick(m.instances, cmd.i);
      if (inst) sim.disconnectAgent(inst.arn);
      return;
    }
    case 'connect': {
      const inst = pick(m.instances, cmd.i);
      if (inst) sim.connectAgent(inst.arn);
      return;
    }
    case 'advance':
      sim.runUntil(sim.now() + cmd.ms);
      return;
    case 'taskState': {
      const t = pick(m.tasks, cmd.t);
      if (t) sim.ecs.submitTaskStateChange({ cluster: t.cluster, task: t.taskArn, status: cmd.status });
      return;
    }
    case 'containerState': {
      const t = pick(m.tasks, cmd.t);
      const name = t && pick(t.containers, cmd.c);
      if (t && name) {
        sim.ecs.submitContainerStateChange({ cluster: t.cluster, task: t.taskArn, containerName: name, status: cmd.status, exitCode: cmd.exitCode });
      }
      return;
    }
    case 'deregisterTd':
      sim.ecs.deregisterTaskDefinition({ taskDefinition: `${TDS[cmd.td]!}:1` });
      return;
  }
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

function checkInvariants(m: Model, step: string): void {
  const { sim } = m;
  const held = heldByLiveTasks(sim, m.tasks, m.tdCache as never);
  // live task counts by instance and status, for the counters
  const counts = new Map<string, { PENDING: number; RUNNING: number }>();
  const clusterCounts = new Map<string, { PENDING: number; RUNNING: number }>();
  for (const c of CLUSTERS) {
    const arns = m.tasks.filter((t) => t.cluster === c).map((t) => t.taskArn);
    for (let i = 0; i < arns.length; i += 100) {
      for (const t of sim.ecs.describeTasks({ cluster: c, tasks: arns.slice(i, i + 100) }).tasks) {
        if (t.lastStatus === 'STOPPED') continue;
        const k = t.lastStatus as 'PENDING' | 'RUNNING';
        const ic = counts.get(t.containerInstanceArn) ?? { PENDING: 0, RUNNING: 0 };
        ic[k]++;
        counts.set(t.containerInstanceArn, ic);
        const cc = clusterCounts.get(c) ?? { PENDING: 0, RUNNING: 0 };
        cc[k]++;
        clusterCounts.set(c, cc);
      }
    }
  }

  for (const c of CLUSTERS) {
    const arns = m.instances.filter((i) => i.cluster === c).map((i) => i.arn);
    if (arns.length === 0) continue;
    const described = sim.ecs.describeContainerInstances({ cluster: c, containerInstances: arns }).containerInstances;
    expect(described.length, step).toBe(arns.length);
    for (const ci of described) {
      const where = `${step} @ ${ci.containerInstanceArn}`;
      const h = held.get(ci.containerInstanceArn) ?? { cpu: 0, memory: 0, tcp: [], udp: [], dynamic: [], custom: {}, liveTasks: 0 };
      const reg = new Map(ci.registeredResources.map((r) => [r.name, r]));
      const rem = new Map(ci.remainingResources.map((r) => [r.name, r]));
      // numeric resources: registered = remaining + held, nothing negative
      for (const [name, r] of reg) {
        if (r.type === 'STRINGSET') continue;
        const total = r.integerValue ?? r.longValue ?? r.doubleValue ?? 0;
        const left = rem.get(name);
        const leftValue = left?.integerValue ?? left?.longValue ?? left?.doubleValue;
        const used = name === 'CPU' ? h.cpu : name === 'MEMORY' ? h.memory : (h.custom[name] ?? 0);
        expect(leftValue, `${where}: remaining ${name}`).toBe(total - used);
        expect(leftValue!, `${where}: ${name} negative`).toBeGreaterThanOrEqual(0);
      }
      // a user-defined resource the instance never registered is never held there
      for (const [name, v] of Object.entries(h.custom)) if (!reg.has(name)) expect(v, `${where}: holds unregistered ${name}`).toBe(0);
      // PORTS: remaining lists reserved + fixed host ports held; none held twice
      const reserved = setValue(ci.registeredResources, 'PORTS');
      expect(new Set(h.tcp).size, `${where}: fixed host port held twice ${JSON.stringify(h.tcp)}`).toBe(h.tcp.length);
      for (const p of h.tcp) expect(reserved, `${where}: task holds reserved port ${p}`).not.toContain(p);
      expect(setValue(ci.remainingResources, 'PORTS'), `${where}: PORTS`).toEqual(sorted([...reserved, ...h.tcp]));
      const reservedUdp = setValue(ci.registeredResources, 'PORTS_UDP');
      expect(new Set(h.udp).size, `${where}: fixed UDP host port held twice ${JSON.stringify(h.udp)}`).toBe(h.udp.length);
      for (const p of h.udp) expect(reservedUdp, `${where}: task holds reserved UDP port ${p}`).not.toContain(p);
      expect(setValue(ci.remainingResources, 'PORTS_UDP'), `${where}: PORTS_UDP`).toEqual(sorted([...reservedUdp, ...h.udp]));
      // dynamic ports: in range, unique, never one that is reserved or fixed
      expect(new Set(h.dynamic).size, `${where}: dynamic port held twice`).toBe(h.dynamic.length);
      for (const p of h.dynamic) {
        expect(p).toBeGreaterThanOrEqual(49153);
        expect(p).toBeLessThanOrEqual(65535);
        expect(reserved).not.toContain(p);
        expect(h.tcp).not.toContain(p);
      }
      // counters agree with the tasks
      const ic = counts.get(ci.containerInstanceArn) ?? { PENDING: 0, RUNNING: 0 };
      expect({ pending: ci.pendingTasksCount, running: ci.runningTasksCount }, `${where}: counters`).toEqual({
        pending: ic.PENDING,
        running: ic.RUNNING,
      });
    }
  }
  for (const c of CLUSTERS) {
    const cl = sim.ecs.describeClusters({ clusters: [c] }).clusters[0];
    if (!cl) continue;
    const cc = clusterCounts.get(c) ?? { PENDING: 0, RUNNING: 0 };
    const active = sim.ecs.listContainerInstances({ cluster: c }).containerInstanceArns.length;
    expect(
      { pending: cl.pendingTasksCount, running: cl.runningTasksCount, instances: cl.registeredContainerInstancesCount },
      `${step}: cluster ${c} counters`,
    ).toEqual({ pending: cc.PENDING, running: cc.RUNNING, instances: active });
  }
}

function runSequence(mode: 'auto' | 'manual', seed: number, cmds: Cmd[]): void {
  const sim = newSim({ seed, agent: { mode, startDelayMs: 100, stopDelayMs: 60 } });
  sim.ecs.createCluster({ clusterName: 'blue' });
  setupTds(sim);
  const m: Model = { sim, instances: [], tasks: [], tdCache: new Map() };
  checkInvariants(m, 'start');
  cmds.forEach((cmd, n) => {
    try {
      apply(m, cmd);
    } catch (e) {
      // a rejected call is fine; anything else (ServerException wraps ecsim's own failures) is a bug
      if (!(e instanceof EcsError) || e.name === 'ServerException') throw e;
    }
    checkInvariants(m, `after #${n} ${JSON.stringify(cmd)}`);
  });
  sim.runUntilIdle();
  checkInvariants(m, 'after runUntilIdle');
}

describe.each(['auto', 'manual'] as const)('resource accounting (%s agent)', (mode) => {
  it('registered = remaining + held by live tasks, nothing negative, no host port twice — after every call', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(cmdArb, { minLength: 1, maxLength: 40, size: 'max' }), (seed, cmds) => {
        runSequence(mode, seed, cmds);
      }),
      { numRuns: 100, seed: mode === 'auto' ? 20150108 : 8010512 },
    );
  });
});

describe('resource accounting, a long busy run', () => {
  it('holds through a crowded cluster with many stops and restarts', () => {
    fc.assert(
      fc.property(
        fc.array(cmdArb, { minLength: 150, maxLength: 200, size: 'max' }),
        (cmds) => {
          const regs: Cmd[] = Array.from({ length: 6 }, (_, i) => ({ k: 'register', cluster: i % 2, cpu: 2048, memory: 4096, gpu: i % 3, reserve80: i === 0 }));
          runSequence('auto', 7, [...regs, ...cmds]);
        },
      ),
      { numRuns: 3, seed: 42 },
    );
  });
});
