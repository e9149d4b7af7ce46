// Bad input through the wire: random bodies (JSON of every shape, near-miss requests, bytes that
// are not JSON), random targets, random headers and sizes, a malformed HTTP line now and then,
// against a live server. It must answer every request (never a 500, never a dropped connection
// for a well-formed request), and afterwards the resource invariants hold in its state, and that
// state equals the state of a fresh world given only the accepted requests, at the same times.
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsService } from '../../src/server/service.js';
import { startTestServer, type TestServer } from './server-helpers.js';

const PREFIX = 'AmazonEC2ContainerServiceV20141113';
const ACTIONS = [
  'CreateCluster', 'ListClusters', 'DescribeClusters', 'DeleteCluster', 'RegisterContainerInstance', 'DeregisterContainerInstance',
  'ListContainerInstances', 'DescribeContainerInstances', 'RegisterTaskDefinition', 'DeregisterTaskDefinition', 'ListTaskDefinitions',
  'DescribeTaskDefinition', 'RunTask', 'StartTask', 'StopTask', 'ListTasks', 'DescribeTasks', 'SubmitTaskStateChange',
  'SubmitContainerStateChange', 'DiscoverPollEndpoint',
];

/** ARNs seen in responses, so that later requests can name real resources. */
interface Pool {
  instances: string[];
  tasks: string[];
}

type Req = { kind: 'ecs'; target: string; body: string; headers: Record<string, string> } | { kind: 'advance'; ms: number } | { kind: 'garbage'; bytes: string };

const cluster = fc.constantFrom(undefined, undefined, 'default', 'a', 'b', 'nope');
const anyJson = fc.jsonValue({ maxDepth: 3 });
const pick = fc.nat(50);

/** A plausible request of each action, from which mutations stray. */
function plausible(pool: Pool): fc.Arbitrary<[string, Record<string, unknown>]> {
  const inst = pick.map((i) => pool.instances[i % Math.max(1, pool.instances.length)] ?? 'unknown');
  const task = pick.map((i) => pool.tasks[i % Math.max(1, pool.tasks.length)] ?? 'unknown');
  const res = fc.record({ cpu: fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constant(-1)), memory: fc.integer({ min: 0, max: 8192 }) });
  return fc.oneof(
    fc.record({ clusterName: cluster }).map((b) => ['CreateCluster', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, r: res }).map(({ cluster: c, r }) => ['RegisterContainerInstance', { cluster: c, totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: r.cpu }, { name: 'MEMORY', type: 'INTEGER', integerValue: r.memory }] }] as [string, Record<string, unknown>]),
    fc.record({ family: fc.constantFrom('web', 'job', 'bad name'), memory: fc.integer({ min: 0, max: 3000 }), cpu: fc.integer({ min: 0, max: 2048 }), hostPort: fc.option(fc.constantFrom(80, 8080)), reservation: fc.boolean() }).map(
      ({ family, memory, cpu, hostPort, reservation }) =>
        ['RegisterTaskDefinition', { family, containerDefinitions: [{ name: 'c0', image: 'busybox', cpu, ...(reservation ? { memoryReservation: memory } : { memory }), ...(hostPort ? { portMappings: [{ containerPort: 80, hostPort }] } : {}) }] }] as [string, Record<string, unknown>],
    ),
    fc.record({ cluster, taskDefinition: fc.constantFrom('web', 'job', 'web:1', 'job:2', 'none'), count: fc.integer({ min: -1, max: 12 }), launchType: fc.constantFrom(undefined, 'EC2', 'FARGATE') }).map((b) => ['RunTask', b] as [string, Record<string, unknown>]),
    fc.record({ taskDefinition: fc.constantFrom('web', 'job'), count: fc.integer({ min: 1, max: 10 }) }).map((b) => ['RunTask', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, taskDefinition: fc.constantFrom('web', 'job'), containerInstances: fc.array(inst, { minLength: 0, maxLength: 3 }) }).map((b) => ['StartTask', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, task, reason: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }) }).map((b) => ['StopTask', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, containerInstance: inst, force: fc.boolean() }).map((b) => ['DeregisterContainerInstance', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, task, containerName: fc.constantFrom('c0', 'x'), status: fc.constantFrom('RUNNING', 'STOPPED', 'PENDING', 'BOGUS'), exitCode: fc.integer({ min: 0, max: 2 }) }).map((b) => ['SubmitContainerStateChange', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, tasks: fc.array(task, { maxLength: 3 }) }).map((b) => ['DescribeTasks', b] as [string, Record<string, unknown>]),
    fc.record({ cluster, maxResults: fc.integer({ min: 0, max: 101 }), desiredStatus: fc.constantFrom(undefined, 'RUNNING', 'STOPPED') }).map((b) => ['ListTasks', b] as [string, Record<string, unknown>]),
    fc.record({ cluster: fc.constantFrom('a', 'b', 'nope') }).map((b) => ['DeleteCluster', b] as [string, Record<string, unknown>]),
  );
}

/** Strays from a plausible request: a member of another type, one missing, one unknown. */
function mutated(pool: Pool): fc.Arbitrary<[string, string]> {
  return fc
    .tuple(plausible(pool), fc.constantFrom('none', 'none', 'retype', 'drop', 'extra'), fc.nat(10), anyJson)
    .map(([[action, body], how, i, value]) => {
      const keys = Object.keys(body);
      const k = keys[i % Math.max(1, keys.length)];
      const b: Record<string, unknown> = { ...body };
      if (how === 'retype' && k !== undefined) b[k] = value;
      if (how === 'drop' && k !== undefined) delete b[k];
      if (how === 'extra') b.someLaterMember = value;
      return [action, JSON.stringify(b)];
    });
}

function requests(pool: Pool): fc.Arbitrary<Req> {
  const region = fc.oneof({ arbitrary: fc.constant('us-east-1'), weight: 6 }, { arbitrary: fc.constantFrom('eu-west-1', '../x', ''), weight: 1 });
  const headers = fc.record({
    authorization: fc.oneof(
      { arbitrary: region.map((r) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/${r}/ecs/aws4_request, SignedHeaders=host, Signature=ab`), weight: 6 },
      { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    ),
    'content-type': fc.constantFrom('application/x-amz-json-1.1', 'text/plain', 'application/json'),
  }, { requiredKeys: [] });
  const target = fc.oneof(
    { arbitrary: fc.constantFrom(...ACTIONS).map((a) => `${PREFIX}.${a}`), weight: 8 },
    { arbitrary: fc.string({ maxLength: 30 }).map((s) => `${PREFIX}.${s}`), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  );
  const body = fc.oneof(
    { arbitrary: anyJson.map((v) => JSON.stringify(v)), weight: 8 },
    { arbitrary: fc.string({ maxLength: 60 }), weight: 4 },
    { arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"cluster":', '\u0000'), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => `{"x":"${'y'.repeat(n * 600_000)}"}`), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.tuple(mutated(pool), headers).map(([[a, b], h]) => ({ kind: 'ecs' as const, target: `${PREFIX}.${a}`, body: b, headers: h })), weight: 12 },
    { arbitrary: fc.record({ target, body, headers }).map((r) => ({ kind: 'ecs' as const, ...r })), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 3000 }).map((ms) => ({ kind: 'advance' as const, ms })), weight: 2 },
    { arbitrary: fc.constantFrom('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', 'BLAH\r\n\r\n', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n').map((bytes) => ({ kind: 'garbage' as const, bytes })), weight: 1 },
  );
}

function post(url: URL, agent: Agent, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function garbage(url: URL, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(Number(url.port), url.hostname, () => sock.end(bytes));
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    sock.on('close', () => resolve(got));
    sock.on('error', () => resolve(got));
  });
}

interface Accepted {
  t: number;
  region: string;
  action: string;
  body: string;
}

const regionOf = (h: Record<string, string>): string => /Credential=AKID\/20260101\/([a-z0-9-]+)\/ecs\/aws4_request/.exec(h.authorization ?? '')?.[1] ?? 'us-east-1';

type Snapshot = { regions: Record<string, { clusters: ClusterSnap[]; taskDefinitions: { taskDefinitionArn: string; containerDefinitions: { cpu?: number; memory?: number }[] }[] }> };
interface ClusterSnap {
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  instances: { containerInstanceArn: string; status: string; registeredResources: { name: string; integerValue?: number }[]; remainingResources: { name: string; integerValue?: number }[]; runningTasksCount: number; pendingTasksCount: number }[];
  tasks: { containerInstanceArn: string; taskDefinitionArn: string; lastStatus: string }[];
}

/** Registered minus what live tasks hold is what remains, never below zero; counters match a recount. */
function checkAccounting(state: Snapshot): void {
  for (const [region, world] of Object.entries(state.regions)) {
    const demand = new Map(world.taskDefinitions.map((td) => [td.taskDefinitionArn, td.containerDefinitions.reduce((a, c) => [a[0]! + (c.cpu ?? 0), a[1]! + (c.memory ?? 0)], [0, 0])]));
    for (const c of world.clusters) {
      let running = 0;
      let pending = 0;
      for (const i of c.instances) {
        const live = c.tasks.filter((t) => t.containerInstanceArn === i.containerInstanceArn && t.lastStatus !== 'STOPPED');
        const held = live.reduce((a, t) => [a[0]! + demand.get(t.taskDefinitionArn)![0]!, a[1]! + demand.get(t.taskDefinitionArn)![1]!], [0, 0]);
        const value = (list: { name: string; integerValue?: number }[], name: string): number => list.find((r) => r.name === name)!.integerValue!;
        const where = `${region} ${i.containerInstanceArn}`;
        expect(value(i.remainingResources, 'CPU'), where).toBe(value(i.registeredResources, 'CPU') - held[0]!);
        expect(value(i.remainingResources, 'MEMORY'), where).toBe(value(i.registeredResources, 'MEMORY') - held[1]!);
        expect(value(i.remainingResources, 'MEMORY'), where).toBeGreaterThanOrEqual(0);
        expect(value(i.remainingResources, 'CPU'), where).toBeGreaterThanOrEqual(0);
        const r = live.filter((t) => t.lastStatus === 'RUNNING').length;
        expect([i.runningTasksCount, i.pendingTasksCount], where).toEqual([r, live.length - r]);
        running += r;
        pending += live.length - r;
      }
      expect([c.runningTasksCount, c.pendingTasksCount, c.registeredContainerInstancesCount]).toEqual([running, pending, c.instances.filter((i) => i.status === 'ACTIVE').length]);
    }
  }
}

describe('ecsim serve under bad input', () => {
  let s: TestServer;
  let url: URL;
  beforeAll(async () => {
    s = await startTestServer();
    url = new URL(s.server.url);
  });
  afterAll(async () => s.close());

  it('keeps answering; invariants hold; the state is that of the accepted requests replayed alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        await s.admin('reset');
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const pool: Pool = { instances: [], tasks: [] };
        const accepted: (Accepted | { t: number; advance: true })[] = [];
        let now = 0;
        const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { seed, numRuns: 1 })[0]!;
        for (let step = 0; step < 120; step++) {
          const [req] = fc.sample(requests(pool), { seed: rng + step, numRuns: 1 });
          if (req!.kind === 'advance') {
            const r = await post(url, agent, '/_ecsim/advance', JSON.stringify({ ms: req!.ms }), {});
            expect(r.status).toBe(200);
            now += req!.ms;
            accepted.push({ t: now, advance: true });
            continue;
          }
          if (req!.kind === 'garbage') {
            expect(await garbage(url, req!.bytes)).toMatch(/^HTTP\/1\.1 [45]\d\d /);
            continue;
          }
          const { target, body, headers } = req!;
          const r = await post(url, agent, '/', body, { ...headers, 'x-amz-target': target });
          expect([200, 400, 404, 413], r.text.slice(0, 200)).toContain(r.status);
          if (r.status !== 413) {
            const parsed = JSON.parse(r.text) as Record<string, unknown>;
            if (r.status !== 200) expect(typeof parsed.__type).toBe('string');
          }
          if (r.status === 200) {
            accepted.push({ t: now, region: regionOf(headers), action: target.slice(PREFIX.length + 1), body });
            for (const m of r.text.matchAll(/arn:aws:ecs:[a-z0-9-]+:\d+:(container-instance|task)\/[0-9a-f-]{36}/g)) {
              (m[1] === 'task' ? pool.tasks : pool.instances).push(m[0]);
            }
          }
        }
        agent.destroy();
        // the server still answers a plain request
        expect((await fetch(`${s.server.url}/_ecsim/health`)).status).toBe(200);
        const state = (await s.get('state')) as Snapshot;
        checkAccounting(state);
        const alone = new EcsService();
        for (const a of accepted) {
          if ('advance' in a) alone.advanceTo(a.t);
          else expect(alone.call(a.region, a.action, a.body).status).toBe(200);
        }
        expect(JSON.parse(JSON.stringify(alone.state()))).toEqual(state);
      }),
      { numRuns: 4 },
    );
  });
});
