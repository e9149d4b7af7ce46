// `ecsim serve` driven by the real @aws-sdk/client-ecs: the library's expectations through the wire
// (placement with failures, the lifecycle on a manual clock, pagination with the SDK's paginator,
// typed exceptions), regions kept apart, reset, and the protocol's own errors.
import {
  ClientException,
  ClusterNotFoundException,
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListClustersCommand,
  ListTaskDefinitionsCommand,
  paginateListTasks,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  StopTaskCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/index.js';
import { rawCall, rejection, resources, startTestServer, type TestServer } from './server-helpers.js';


async function fleet(ecs: ECSClient, cluster: string, n: number, cpu = 1024, memory = 2048): Promise<string[]> {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const arns: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await ecs.send(new RegisterContainerInstanceCommand({ cluster, totalResources: resources(cpu, memory) }));
    arns.push(r.containerInstance!.containerInstanceArn!);
  }
  return arns;
}

const web = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 256, memory: 1024 }] };

describe('ecsim serve through @aws-sdk/client-ecs', () => {
  let s: TestServer;
  let ecs: ECSClient;
  beforeAll(async () => {
    s = await startTestServer();
    ecs = s.client();
  });
  afterAll(async () => s.close());

  it('places by resources, reports failures, and moves tasks through their lifecycle on the manual clock', async () => {
    await s.admin('reset');
    const instances = await fleet(ecs, 'prod', 2);
    const td = await ecs.send(new RegisterTaskDefinitionCommand(web));
    expect(td.taskDefinition!.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:012345678910:task-definition/web:1');
    // two instances of 2048 MiB hold two 1024 MiB tasks each: five asked, four placed
    const run = await ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'web', count: 5, startedBy: 'ci' }));
    expect(run.tasks).toHaveLength(4);
    expect(run.failures).toEqual(instances.map((arn) => ({ arn, reason: 'RESOURCE:MEMORY' })));
    const counts = new Map<string, number>();
    for (const t of run.tasks!) counts.set(t.containerInstanceArn!, (counts.get(t.containerInstanceArn!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2]);
    expect(run.tasks![0]!.lastStatus).toBe('PENDING');
    expect(run.tasks![0]!.createdAt).toEqual(new Date(0));
    expect(run.tasks![0]!.startedBy).toBe('ci');

    const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: instances }));
    for (const ci of described.containerInstances!) {
      expect(ci.remainingResources!.find((r) => r.name === 'MEMORY')!.integerValue).toBe(0);
      expect(ci.pendingTasksCount).toBe(2);
    }
    // nothing moves until the clock does
    expect(await s.admin('advance', { ms: 999 })).toEqual({ now: 999 });
    const arns = run.tasks!.map((t) => t.taskArn!);
    expect((await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks!.map((t) => t.lastStatus)).toEqual(Array(4).fill('PENDING'));
    expect(await s.admin('advance', { until: 1500 })).toEqual({ now: 1500 });
    const running = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }));
    expect(running.tasks!.map((t) => t.lastStatus)).toEqual(Array(4).fill('RUNNING'));
    expect(running.tasks![0]!.startedAt).toEqual(new Date(1000));

    const stopped = await ecs.send(new StopTaskCommand({ cluster: 'prod', task: arns[0], reason: 'scale in' }));
    expect(stopped.task!.desiredStatus).toBe('STOPPED');
    expect(stopped.task!.stoppedReason).toBe('scale in');
    await s.admin('advance', { ms: 1000 });
    const after = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arns[0]!, 'no-such-task'] }));
    expect(after.tasks![0]!.lastStatus).toBe('STOPPED');
    expect(after.tasks![0]!.stoppedAt).toEqual(new Date(2500));
    expect(after.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:012345678910:task/no-such-task', reason: 'MISSING' }]);

    // StartTask on a named instance: the freed room takes one, the full one says why not
    const host = run.tasks![0]!.containerInstanceArn!;
    const other = instances.find((a) => a !== host)!;
    const start = await ecs.send(new StartTaskCommand({ cluster: 'prod', taskDefinition: 'web:1', containerInstances: [host, other] }));
    expect(start.tasks!.map((t) => t.containerInstanceArn)).toEqual([host]);
    expect(start.failures).toEqual([{ arn: other, reason: 'RESOURCE:MEMORY' }]);
  });

  it('pages ListTasks with the SDK paginator, each task exactly once', async () => {
    await s.admin('reset');
    await fleet(ecs, 'batch', 3, 4096, 8192);
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: [{ name: 'j', image: 'busybox', memory: 128 }] }));
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await ecs.send(new RunTaskCommand({ cluster: 'batch', taskDefinition: 'job', count: 10 }));
      placed.push(...r.tasks!.map((t) => t.taskArn!));
    }
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListTasks({ client: ecs, pageSize: 7 }, { cluster: 'batch' })) {
      pages.push(page.taskArns!.length);
      seen.push(...page.taskArns!);
    }
    expect(pages).toEqual([7, 7, 7, 7, 2]);
    expect(seen).toEqual(placed);
  });

  it('raises the SDK’s typed exceptions with status 400', async () => {
    await s.admin('reset');
    const missing = await rejection(ecs.send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'web' })));
    expect(missing).toBeInstanceOf(ClusterNotFoundException);
    expect((missing as ClusterNotFoundException).$metadata.httpStatusCode).toBe(400);
    expect((missing as Error).message).toBe('Cluster not found.');
    const badCount = await rejection(ecs.send(new RunTaskCommand({ taskDefinition: 'web', count: 11 })));
    expect(badCount).toBeInstanceOf(ClusterNotFoundException); // no default cluster yet
    await ecs.send(new CreateClusterCommand({}));
    await ecs.send(new RegisterContainerInstanceCommand({ totalResources: resources(1024, 1024) }));
    await ecs.send(new RegisterTaskDefinitionCommand(web));
    expect(await rejection(ecs.send(new RunTaskCommand({ taskDefinition: 'web', count: 11 })))).toBeInstanceOf(InvalidParameterException);
    expect(await rejection(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:3' })))).toBeInstanceOf(ClientException);
    const state = await s.get('state');
    // a rejected call changes nothing
    await rejection(ecs.send(new RegisterTaskDefinitionCommand({ family: 'bad', containerDefinitions: [{ name: 'x', image: 'y' }] })));
    expect(await s.get('state')).toEqual(state);
  });

  it('keeps regions apart: clusters, revisions and ARNs per region, one clock', async () => {
    await s.admin('reset');
    const eu = s.client('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'shared-name' }));
    const euCluster = await eu.send(new CreateClusterCommand({ clusterName: 'eu-only' }));
    expect(euCluster.cluster!.clusterArn).toBe('arn:aws:ecs:eu-west-1:012345678910:cluster/eu-only');
    expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual(['arn:aws:ecs:us-east-1:012345678910:cluster/shared-name']);
    expect((await eu.send(new ListClustersCommand({}))).clusterArns).toEqual(['arn:aws:ecs:eu-west-1:012345678910:cluster/eu-only']);
    const failures = (await eu.send(new DescribeClustersCommand({ clusters: ['shared-name'] }))).failures;
    expect(failures).toEqual([{ arn: 'arn:aws:ecs:eu-west-1:012345678910:cluster/shared-name', reason: 'MISSING' }]);
    await ecs.send(new RegisterTaskDefinitionCommand(web));
    await ecs.send(new RegisterTaskDefinitionCommand(web));
    const euTd = await eu.send(new RegisterTaskDefinitionCommand(web));
    expect(euTd.taskDefinition!.revision).toBe(1);
    // ids are drawn per region
    const a = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'shared-name', totalResources: resources(1, 4) }));
    const b = await eu.send(new RegisterContainerInstanceCommand({ cluster: 'eu-only', totalResources: resources(1, 4) }));
    const id = (arn: string | undefined): string => arn!.slice(arn!.lastIndexOf('/') + 1);
    expect(id(a.containerInstance!.containerInstanceArn)).not.toBe(id(b.containerInstance!.containerInstanceArn));
    await s.admin('advance', { ms: 5000 });
    const state = (await s.get('state')) as { now: number; regions: Record<string, { now: number }> };
    expect(Object.keys(state.regions)).toEqual(['eu-west-1', 'us-east-1']);
    expect([state.now, state.regions['eu-west-1']!.now, state.regions['us-east-1']!.now]).toEqual([5000, 5000, 5000]);
  });

  it('reset forgets every region, revision counters included (also at /moto-api/reset)', async () => {
    const eu = s.client('eu-west-1');
    await eu.send(new CreateClusterCommand({ clusterName: 'x' }));
    await ecs.send(new RegisterTaskDefinitionCommand(web));
    await s.admin('advance', { ms: 10 });
    const res = await fetch(`${s.server.url}/moto-api/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await s.get('state')) as { now: number }).toMatchObject({ now: 0 });
    expect((await eu.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    expect((await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns).toEqual([]);
    expect((await ecs.send(new RegisterTaskDefinitionCommand(web))).taskDefinition!.revision).toBe(1);
  });

  it('answers what the SDKs never send with the protocol’s errors', async () => {
    const url = s.server.url;
    const unknown = await rawCall(url, 'CreateService', '{}');
    expect([unknown.status, unknown.headers.get('x-amzn-errortype'), JSON.parse(unknown.text).__type]).toEqual([400, 'UnknownOperationException', 'UnknownOperationException']);
    const noTarget = await rawCall(url, undefined, '{}');
    expect(JSON.parse(noTarget.text).__type).toBe('UnknownOperationException');
    const notJson = await rawCall(url, 'ListClusters', '{"maxResults":');
    expect([notJson.status, notJson.headers.get('x-amzn-errortype')]).toEqual([400, 'SerializationException']);
    const wrongType = await rawCall(url, 'RunTask', '{"taskDefinition":"web","count":"3"}');
    expect(JSON.parse(wrongType.text)).toEqual({ __type: 'SerializationException', message: 'count must be an integer.' });
    const huge = await rawCall(url, 'ListClusters', `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
    const health = await fetch(`${url}/_ecsim/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(health.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    // the region comes from the credential scope of the signature
    const signed = await rawCall(url, 'CreateCluster', '{"clusterName":"signed"}', {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-south-1/ecs/aws4_request, SignedHeaders=host, Signature=00',
    });
    expect(JSON.parse(signed.text).cluster.clusterArn).toBe('arn:aws:ecs:ap-south-1:012345678910:cluster/signed');
    const badScope = await rawCall(url, 'ListClusters', '{}', { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/../ecs/aws4_request' });
    expect(JSON.parse(badScope.text).__type).toBe('IncompleteSignatureException');
  });

  it('holds the same state as a library simulation given the same calls', async () => {
    await s.admin('reset');
    const lib = createSimulation({ seed: 0 });
    const calls: [string, Record<string, unknown>][] = [
      ['createCluster', { clusterName: 'c' }],
      ['registerContainerInstance', { cluster: 'c', totalResources: resources(2048, 4096) }],
      ['registerContainerInstance', { cluster: 'c', totalResources: resources(1024, 1024) }],
      ['registerTaskDefinition', { family: 'w', containerDefinitions: [{ name: 'a', image: 'i', memory: 512, portMappings: [{ containerPort: 80 }] }] }],
      ['runTask', { cluster: 'c', taskDefinition: 'w', count: 7 }],
    ];
    for (const [method, req] of calls) {
      (lib.ecs as unknown as Record<string, (r: unknown) => unknown>)[method]!(req);
      const action = method[0]!.toUpperCase() + method.slice(1);
      expect((await rawCall(s.server.url, action, JSON.stringify(req))).status).toBe(200);
    }
    await s.admin('advance', { ms: 3000 });
    lib.runUntil(3000);
    const state = (await s.get('state')) as { regions: Record<string, Record<string, unknown>> };
    const { echoed: _echoed, ...wire } = state.regions['us-east-1']!;
    expect(wire).toEqual(JSON.parse(JSON.stringify(lib.snapshot())));
  });
});

describe('ecsim serve: a strategy that breaks', () => {
  it('answers 500 ServerException and goes on serving', async () => {
    const s = await startTestServer({ strategies: { strategy: { name: 'broken', place: () => { throw new Error('boom'); } } } });
    try {
      const ecs = s.client();
      await ecs.send(new CreateClusterCommand({}));
      await ecs.send(new RegisterContainerInstanceCommand({ totalResources: resources(1024, 1024) }));
      await ecs.send(new RegisterTaskDefinitionCommand(web));
      const r = await rawCall(s.server.url, 'RunTask', '{"taskDefinition":"web"}');
      expect([r.status, r.headers.get('x-amzn-errortype')]).toEqual([500, 'ServerException']);
      expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});
