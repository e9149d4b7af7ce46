// RegisterTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions, DescribeTaskDefinition
// (issue 2 §4 "Task definitions").
import { describe, expect, it } from 'vitest';
import {
  allPages,
  describeTask,
  expectEcsError,
  newSim,
  registerInstance,
  registerTd,
  remaining,
  resValue,
  tdArn,
} from '../../helpers/fixtures.js';

describe('RegisterTaskDefinition', () => {
  it('numbers revisions 1, 2, 3 per family, with the documented ARN', () => {
    const sim = newSim();
    const r1 = sim.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
    }).taskDefinition;
    expect(r1.family).toBe('web');
    expect(r1.revision).toBe(1);
    expect(r1.taskDefinitionArn).toBe('arn:aws:ecs:us-east-1:012345678910:task-definition/web:1');
    expect(registerTd(sim, 'web')).toBe(tdArn('web', 2));
    expect(registerTd(sim, 'api')).toBe(tdArn('api', 1));
    expect(registerTd(sim, 'web')).toBe(tdArn('web', 3));
  });

  it('is ACTIVE and echoes the container definitions it was given', () => {
    const sim = newSim();
    const def = {
      name: 'app',
      image: 'nginx:1.9',
      cpu: 256,
      memory: 300,
      links: ['db'],
      portMappings: [{ containerPort: 80, hostPort: 8080 }],
      essential: false,
      entryPoint: ['/bin/sh'],
      command: ['-c', 'nginx'],
      environment: [{ name: 'MODE', value: 'prod' }],
    };
    const db = { name: 'db', image: 'postgres', memory: 256 };
    const td = sim.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [def, db] }).taskDefinition;
    expect(td.status).toBe('ACTIVE');
    expect(td.containerDefinitions).toHaveLength(2);
    expect(td.containerDefinitions[0]).toMatchObject(def);
    expect(td.containerDefinitions[1]).toMatchObject(db);
  });

  it('accepts resourceRequirements (later API) on a container definition and echoes them', () => {
    const sim = newSim();
    const td = sim.ecs.registerTaskDefinition({
      family: 'ml',
      containerDefinitions: [{ name: 'train', image: 'tf', memory: 512, resourceRequirements: [{ type: 'GPU', value: '1' }] }],
    }).taskDefinition;
    expect(td.containerDefinitions[0]!.resourceRequirements).toEqual([{ type: 'GPU', value: '1' }]);
  });

  it('omits keys it was not given rather than inventing empty values (links, portMappings, command…)', () => {
    const sim = newSim();
    const td = sim.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
    }).taskDefinition;
    const c = td.containerDefinitions[0]!;
    for (const k of ['links', 'portMappings', 'entryPoint', 'command', 'environment', 'resourceRequirements']) {
      expect(c, k).not.toHaveProperty(k);
    }
  });

  it('(real ECS) shows the defaults cpu 0 and essential true in the registered definition', () => {
    const sim = newSim();
    const td = sim.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
    }).taskDefinition;
    expect(td.containerDefinitions[0]).toMatchObject({ cpu: 0, essential: true });
  });

  it('a container without cpu holds no CPU when placed (cpu defaults to 0)', () => {
    const sim = newSim();
    const inst = registerInstance(sim, { cpu: 1024 });
    sim.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] });
    sim.ecs.runTask({ taskDefinition: 'web' });
    expect(resValue(remaining(sim, inst), 'CPU')).toBe(1024);
    expect(resValue(remaining(sim, inst), 'MEMORY')).toBe(2048 - 128);
  });

  it('a container without essential is essential: its exit stops the task', () => {
    const sim = newSim({ agent: { mode: 'manual' } });
    registerInstance(sim);
    sim.ecs.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [
        { name: 'app', image: 'nginx', memory: 128 },
        { name: 'side', image: 'busybox', memory: 64, essential: false },
      ],
    });
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.ecs.submitContainerStateChange({ task: task.taskArn, containerName: 'app', status: 'STOPPED', exitCode: 0 });
    const d = describeTask(sim, task.taskArn);
    expect(d.desiredStatus).toBe('STOPPED');
    expect(d.stoppedReason).toBe('Essential container in task exited');
  });

  it.each([
    ['a container without a name', [{ image: 'nginx', memory: 128 }]],
    ['a container without an image', [{ name: 'app', memory: 128 }]],
    ['a container without memory', [{ name: 'app', image: 'nginx' }]],
    [
      'a host port used twice in one container',
      [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81, hostPort: 80 }] }],
    ],
    [
      'a host port used by two containers',
      [
        { name: 'a', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80, hostPort: 8080 }] },
        { name: 'b', image: 'nginx', memory: 128, portMappings: [{ containerPort: 81, hostPort: 8080 }] },
      ],
    ],
  ])('rejects %s (ClientException or InvalidParameterException) and registers nothing', (_label, defs) => {
    const sim = newSim();
    // ECS answers these with ClientException; accept InvalidParameterException where the issue is silent.
    expectEcsError(
      () => sim.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: defs as never }),
      'ClientException',
      'InvalidParameterException',
    );
    expect(sim.ecs.listTaskDefinitions().taskDefinitionArns).toEqual([]);
    // the next registration is still revision 1
    expect(registerTd(sim, 'web')).toBe(tdArn('web', 1));
  });

  it('allows two containers to map the same container port to different host ports and dynamic ports', () => {
    const sim = newSim();
    const arn = registerTd(sim, 'web', [
      { name: 'a', portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] },
      { name: 'b', portMappings: [{ containerPort: 80, hostPort: 8081 }, { containerPort: 81, hostPort: 0 }] },
    ]);
    expect(arn).toBe(tdArn('web', 1));
  });
});

describe('DescribeTaskDefinition', () => {
  it('resolves family (latest ACTIVE revision), family:revision and the ARN', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    registerTd(sim, 'web');
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: 'web' }).taskDefinition.revision).toBe(2);
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: 'web:1' }).taskDefinition.revision).toBe(1);
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: tdArn('web', 1) }).taskDefinition.revision).toBe(1);
  });

  it('rejects an unknown family or revision with ClientException', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    expectEcsError(() => sim.ecs.describeTaskDefinition({ taskDefinition: 'nope' }), 'ClientException');
    expectEcsError(() => sim.ecs.describeTaskDefinition({ taskDefinition: 'web:2' }), 'ClientException');
  });
});

describe('DeregisterTaskDefinition', () => {
  it('makes the revision INACTIVE; it can still be described', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    const td = sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:1' }).taskDefinition;
    expect(td.status).toBe('INACTIVE');
    expect(td.taskDefinitionArn).toBe(tdArn('web', 1));
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: 'web:1' }).taskDefinition.status).toBe('INACTIVE');
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: tdArn('web', 1) }).taskDefinition.status).toBe('INACTIVE');
  });

  it('an INACTIVE revision can be neither run nor started (ClientException)', () => {
    const sim = newSim();
    const inst = registerInstance(sim);
    registerTd(sim, 'web');
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:1' });
    expectEcsError(() => sim.ecs.runTask({ taskDefinition: 'web:1' }), 'ClientException');
    expectEcsError(() => sim.ecs.runTask({ taskDefinition: tdArn('web', 1) }), 'ClientException');
    expectEcsError(() => sim.ecs.startTask({ taskDefinition: 'web:1', containerInstances: [inst] }), 'ClientException');
    expect(sim.ecs.listTasks().taskArns).toEqual([]);
  });

  it('the family alone then names the latest ACTIVE revision', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web');
    registerTd(sim, 'web');
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:2' });
    expect(sim.ecs.describeTaskDefinition({ taskDefinition: 'web' }).taskDefinition.revision).toBe(1);
    expect(sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!.taskDefinitionArn).toBe(tdArn('web', 1));
  });

  it('a task already running from a revision keeps running after the revision is deregistered', () => {
    const sim = newSim();
    registerInstance(sim);
    registerTd(sim, 'web');
    const task = sim.ecs.runTask({ taskDefinition: 'web' }).tasks[0]!;
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:1' });
    sim.runUntilIdle();
    expect(describeTask(sim, task.taskArn).lastStatus).toBe('RUNNING');
  });

  it('the next registration of the family still gets the next revision number', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:1' });
    expect(registerTd(sim, 'web')).toBe(tdArn('web', 2));
  });
});

describe('ListTaskDefinitions', () => {
  it('lists only ACTIVE revisions, oldest first within a family', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    registerTd(sim, 'web');
    registerTd(sim, 'web');
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:2' });
    expect(sim.ecs.listTaskDefinitions().taskDefinitionArns).toEqual([tdArn('web', 1), tdArn('web', 3)]);
  });

  it('lists every family’s revisions', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    registerTd(sim, 'api');
    registerTd(sim, 'web');
    expect([...sim.ecs.listTaskDefinitions().taskDefinitionArns].sort()).toEqual(
      [tdArn('api', 1), tdArn('web', 1), tdArn('web', 2)].sort(),
    );
  });

  it('filters by familyPrefix', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    registerTd(sim, 'api');
    registerTd(sim, 'web');
    expect(sim.ecs.listTaskDefinitions({ familyPrefix: 'web' }).taskDefinitionArns).toEqual([tdArn('web', 1), tdArn('web', 2)]);
    expect(sim.ecs.listTaskDefinitions({ familyPrefix: 'api' }).taskDefinitionArns).toEqual([tdArn('api', 1)]);
    expect(sim.ecs.listTaskDefinitions({ familyPrefix: 'zzz' }).taskDefinitionArns).toEqual([]);
  });

  it('(ECS model: "the full family name") familyPrefix names a whole family: "web" does not match "webapp"', () => {
    const sim = newSim();
    registerTd(sim, 'web');
    registerTd(sim, 'webapp');
    expect(sim.ecs.listTaskDefinitions({ familyPrefix: 'web' }).taskDefinitionArns).toEqual([tdArn('web', 1)]);
  });

  it('pages through many revisions, each exactly once', () => {
    const sim = newSim();
    for (let i = 0; i < 12; i++) registerTd(sim, 'web');
    const { items, pages } = allPages(
      (t) => sim.ecs.listTaskDefinitions(t === undefined ? { maxResults: 5 } : { maxResults: 5, nextToken: t }),
      (r) => r.taskDefinitionArns,
    );
    expect(pages).toEqual([5, 5, 2]);
    expect(items).toEqual(Array.from({ length: 12 }, (_, i) => tdArn('web', i + 1)));
  });
});
