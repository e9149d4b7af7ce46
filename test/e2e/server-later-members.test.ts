// Later API members the SDKs send: those ecsim models are honoured, those ECS only echoes come back
// where ECS shows them, and what ecsim cannot model (awsvpc, Fargate, capacity providers) is
// refused with the exception ECS uses for that parameter.
import {
  ClientException,
  CreateClusterCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection, resources, startTestServer, type TestServer } from './server-helpers.js';


describe('later request members through the wire', () => {
  let s: TestServer;
  let ecs: ECSClient;
  let instance: string;
  beforeAll(async () => {
    s = await startTestServer();
    ecs = s.client();
  });
  afterAll(async () => s.close());
  beforeEach(async () => {
    await s.admin('reset');
    await ecs.send(new CreateClusterCommand({ clusterName: 'default', tags: [{ key: 'team', value: 'infra' }] }));
    const r = await ecs.send(
      new RegisterContainerInstanceCommand({
        totalResources: resources(2048, 4096),
        attributes: [{ name: 'zone', value: 'a' }],
        tags: [{ key: 'rack', value: '7' }],
      }),
    );
    instance = r.containerInstance!.containerInstanceArn!;
  });

  it('echoes what ECS echoes: roles, network mode, log configuration, tags, launchType', async () => {
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        taskRoleArn: 'arn:aws:iam::012345678910:role/web',
        networkMode: 'bridge',
        tags: [{ key: 'app', value: 'web' }],
        containerDefinitions: [
          { name: 'app', image: 'nginx', memory: 256, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'web' } } },
        ],
      }),
    );
    expect(td.taskDefinition!.taskRoleArn).toBe('arn:aws:iam::012345678910:role/web');
    expect(td.taskDefinition!.networkMode).toBe('bridge');
    expect(td.taskDefinition!.containerDefinitions![0]!.logConfiguration).toEqual({ logDriver: 'awslogs', options: { 'awslogs-group': 'web' } });
    expect(td.tags).toEqual([{ key: 'app', value: 'web' }]);
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }));
    expect(described.taskDefinition!.containerDefinitions![0]!.logConfiguration!.logDriver).toBe('awslogs');
    expect(described.tags).toEqual([{ key: 'app', value: 'web' }]);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))).tags).toBeUndefined();

    const run = await ecs.send(new RunTaskCommand({ taskDefinition: 'web', launchType: 'EC2', tags: [{ key: 'run', value: '1' }], enableExecuteCommand: true }));
    expect(run.tasks![0]!.launchType).toBe('EC2');
    expect(run.tasks![0]!.tags).toEqual([{ key: 'run', value: '1' }]);
    expect(run.tasks![0]!.enableExecuteCommand).toBe(true);
    const t = run.tasks![0]!.taskArn!;
    expect((await ecs.send(new DescribeTasksCommand({ tasks: [t] }))).tasks![0]!.tags).toBeUndefined();
    expect((await ecs.send(new DescribeTasksCommand({ tasks: [t], include: ['TAGS'] }))).tasks![0]!.tags).toEqual([{ key: 'run', value: '1' }]);
    const started = await ecs.send(new StartTaskCommand({ taskDefinition: 'web', containerInstances: [instance] }));
    expect(started.tasks![0]!.launchType).toBe('EC2');
  });

  it('places by memoryReservation when memory is absent, and shows what was registered', async () => {
    const td = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'soft', containerDefinitions: [{ name: 'a', image: 'i', memoryReservation: 1500 }] }));
    expect(td.taskDefinition!.containerDefinitions![0]!.memoryReservation).toBe(1500);
    expect(td.taskDefinition!.containerDefinitions![0]!.memory).toBeUndefined();
    const run = await ecs.send(new RunTaskCommand({ taskDefinition: 'soft', count: 3 }));
    expect([run.tasks!.length, run.failures!.map((f) => f.reason)]).toEqual([2, ['RESOURCE:MEMORY']]);
  });

  it('host network mode binds the container port on the host', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'h', networkMode: 'host', containerDefinitions: [{ name: 'a', image: 'i', memory: 64, portMappings: [{ containerPort: 8080 }] }] }));
    const run = await ecs.send(new RunTaskCommand({ taskDefinition: 'h', count: 2 }));
    expect(run.tasks!.length).toBe(1);
    expect(run.tasks![0]!.containers![0]!.networkBindings![0]!.hostPort).toBe(8080);
    expect(run.failures!.map((f) => f.reason)).toEqual(['RESOURCE:PORTS']);
  });

  it("honours the task definition's memberOf placement constraints and RunTask's own", async () => {
    await ecs.send(new RegisterContainerInstanceCommand({ totalResources: resources(2048, 4096), attributes: [{ name: 'zone', value: 'b' }] }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'pinned',
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == a' }],
        containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }],
      }),
    );
    const run = await ecs.send(new RunTaskCommand({ taskDefinition: 'pinned', count: 10 }));
    expect(new Set(run.tasks!.map((t) => t.containerInstanceArn))).toEqual(new Set([instance]));
    const spread = await ecs.send(new RunTaskCommand({ taskDefinition: 'pinned', count: 2, group: 'fresh', placementConstraints: [{ type: 'distinctInstance' }] }));
    expect(spread.tasks!.length).toBe(1);
  });

  it('refuses awsvpc, Fargate and capacity providers with the exception ECS uses', async () => {
    const awsvpc = await rejection(ecs.send(new RegisterTaskDefinitionCommand({ family: 'v', networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] })));
    expect(awsvpc).toBeInstanceOf(ClientException);
    const fargateTd = await rejection(ecs.send(new RegisterTaskDefinitionCommand({ family: 'f', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] })));
    expect(fargateTd).toBeInstanceOf(ClientException);
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'ok', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }));
    const state = await s.get('state');
    expect(await rejection(ecs.send(new RunTaskCommand({ taskDefinition: 'ok', launchType: 'FARGATE' })))).toBeInstanceOf(InvalidParameterException);
    expect(await rejection(ecs.send(new RunTaskCommand({ taskDefinition: 'ok', capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] })))).toBeInstanceOf(InvalidParameterException);
    const withNetwork = ecs.send(new RunTaskCommand({ taskDefinition: 'ok', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }));
    expect(await rejection(withNetwork)).toBeInstanceOf(InvalidParameterException);
    expect(await rejection(ecs.send(new CreateClusterCommand({ clusterName: 'cp', capacityProviders: ['FARGATE'] })))).toBeInstanceOf(InvalidParameterException);
    expect(await s.get('state')).toEqual(state);
  });

  it('list filters of the later API: launch type, container instance status', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'ok', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }));
    await ecs.send(new RunTaskCommand({ taskDefinition: 'ok' }));
    await s.admin('advance', { ms: 2000 });
    expect((await ecs.send(new ListTasksCommand({ launchType: 'EC2' }))).taskArns).toHaveLength(1);
    expect((await ecs.send(new ListTasksCommand({ launchType: 'FARGATE' }))).taskArns).toEqual([]);
    expect((await ecs.send(new ListContainerInstancesCommand({ status: 'ACTIVE' }))).containerInstanceArns).toEqual([instance]);
    expect((await ecs.send(new ListContainerInstancesCommand({ status: 'DRAINING' }))).containerInstanceArns).toEqual([]);
  });
});

describe('--long-arns through the wire', () => {
  it('task and container instance ARNs name the cluster', async () => {
    const s = await startTestServer({ longArns: true });
    try {
      const ecs = s.client();
      await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
      const ci = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'prod', totalResources: resources(1024, 1024) }));
      expect(ci.containerInstance!.containerInstanceArn).toMatch(/:container-instance\/prod\/[0-9a-f-]{36}$/);
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'w', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }));
      const t = (await ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'w' }))).tasks![0]!;
      expect(t.taskArn).toMatch(/:task\/prod\/[0-9a-f-]{36}$/);
    } finally {
      await s.close();
    }
  });
});
