// ListClusters, ListContainerInstances, ListTaskDefinitions, ListTasks: maxResults, nextToken,
// filters (issue 2 §4 "Lists").
import { describe, expect, it } from 'vitest';
import {
  allPages,
  expectEcsError,
  idOf,
  loose,
  newSim,
  registerInstance,
  registerTd,
  simpleTd,
  type Sim,
} from '../../helpers/fixtures.js';

type Page = { nextToken?: string };
type Lister = {
  name: string;
  setup: (sim: Sim, n: number) => void;
  call: (sim: Sim, req: { maxResults?: number; nextToken?: string }) => Page;
  items: (r: Page) => string[];
};

const listers: Lister[] = [
  {
    name: 'listClusters',
    setup: (sim, n) => {
      for (let i = 0; i < n; i++) sim.ecs.createCluster({ clusterName: `c${i}` });
    },
    call: (sim, req) => sim.ecs.listClusters(req),
    items: (r) => (r as { clusterArns: string[] }).clusterArns,
  },
  {
    name: 'listContainerInstances',
    setup: (sim, n) => {
      for (let i = 0; i < n; i++) registerInstance(sim);
    },
    call: (sim, req) => sim.ecs.listContainerInstances(req),
    items: (r) => (r as { containerInstanceArns: string[] }).containerInstanceArns,
  },
  {
    name: 'listTaskDefinitions',
    setup: (sim, n) => {
      for (let i = 0; i < n; i++) registerTd(sim, i % 2 ? 'web' : 'api');
    },
    call: (sim, req) => sim.ecs.listTaskDefinitions(req),
    items: (r) => (r as { taskDefinitionArns: string[] }).taskDefinitionArns,
  },
  {
    name: 'listTasks',
    setup: (sim, n) => {
      registerInstance(sim, { memory: 100_000 });
      registerInstance(sim, { memory: 100_000 });
      simpleTd(sim, 'web', { memory: 4 });
      for (let i = 0; i < n; i++) sim.ecs.runTask({ taskDefinition: 'web' });
    },
    call: (sim, req) => sim.ecs.listTasks(req),
    items: (r) => (r as { taskArns: string[] }).taskArns,
  },
];

describe.each(listers)('$name pagination', ({ setup, call, items }) => {
  it('following every page of maxResults 3 yields each item exactly once, in the unpaged order', () => {
    const sim = newSim();
    setup(sim, 7);
    const whole = items(call(sim, {}));
    expect(whole).toHaveLength(7);
    expect(new Set(whole).size).toBe(7);
    const paged = allPages(
      (t) => call(sim, t === undefined ? { maxResults: 3 } : { maxResults: 3, nextToken: t }),
      items,
    );
    expect(paged.pages).toEqual([3, 3, 1]);
    expect(paged.items).toEqual(whole);
  });

  it('the order is stable: the same pages twice', () => {
    const sim = newSim();
    setup(sim, 5);
    const once = allPages((t) => call(sim, t === undefined ? { maxResults: 2 } : { maxResults: 2, nextToken: t }), items);
    const twice = allPages((t) => call(sim, t === undefined ? { maxResults: 2 } : { maxResults: 2, nextToken: t }), items);
    expect(twice).toEqual(once);
  });

  it('omits nextToken on the last page, including an exactly full one', () => {
    const sim = newSim();
    setup(sim, 4);
    const first = call(sim, { maxResults: 2 });
    expect(first.nextToken).toEqual(expect.any(String));
    const last = call(sim, { maxResults: 2, nextToken: first.nextToken! });
    expect(items(last)).toHaveLength(2);
    expect(last).not.toHaveProperty('nextToken');
    expect(call(sim, { maxResults: 4 })).not.toHaveProperty('nextToken');
  });

  it('accepts maxResults 1 and 100', () => {
    const sim = newSim();
    setup(sim, 3);
    expect(items(call(sim, { maxResults: 1 }))).toHaveLength(1);
    expect(items(call(sim, { maxResults: 100 }))).toHaveLength(3);
  });

  it.each([0, 101, -5, 2.5])('rejects maxResults %s with InvalidParameterException', (maxResults) => {
    const sim = newSim();
    setup(sim, 3);
    expectEcsError(() => call(sim, { maxResults }), 'InvalidParameterException');
  });

  it('rejects a nextToken it never issued (InvalidParameterException or ClientException)', () => {
    const sim = newSim();
    setup(sim, 3);
    expectEcsError(() => call(sim, { nextToken: 'not-a-token' }), 'InvalidParameterException', 'ClientException');
  });
});

describe('list defaults', () => {
  it('maxResults defaults to 100', () => {
    const sim = newSim();
    for (let i = 0; i < 105; i++) registerTd(sim, 'web');
    const first = sim.ecs.listTaskDefinitions();
    expect(first.taskDefinitionArns).toHaveLength(100);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(sim.ecs.listTaskDefinitions({ nextToken: first.nextToken! }).taskDefinitionArns).toHaveLength(5);
  });

  it('listContainerInstances does not list INACTIVE instances', () => {
    const sim = newSim();
    const a = registerInstance(sim);
    const b = registerInstance(sim);
    const c = registerInstance(sim);
    sim.ecs.deregisterContainerInstance({ containerInstance: b });
    expect(sim.ecs.listContainerInstances().containerInstanceArns).toEqual([a, c]);
  });
});

describe('ListTasks filters', () => {
  function world() {
    const sim = newSim();
    const i1 = registerInstance(sim, { memory: 100_000 });
    const i2 = registerInstance(sim, { memory: 100_000 });
    simpleTd(sim, 'web', { memory: 4 });
    simpleTd(sim, 'api', { memory: 4 });
    const tasks = [
      ...sim.ecs.startTask({ taskDefinition: 'web', containerInstances: [i1, i2, i1] }).tasks,
      ...sim.ecs.startTask({ taskDefinition: 'api', containerInstances: [i2, i1] }).tasks,
    ];
    return { sim, i1, i2, tasks };
  }

  it('filters by containerInstance, given as ARN or UUID', () => {
    const { sim, i1, tasks } = world();
    const want = tasks.filter((t) => t.containerInstanceArn === i1).map((t) => t.taskArn);
    expect(sim.ecs.listTasks({ containerInstance: i1 }).taskArns.sort()).toEqual([...want].sort());
    expect(sim.ecs.listTasks({ containerInstance: idOf(i1) }).taskArns.sort()).toEqual([...want].sort());
  });

  it('filters by family', () => {
    const { sim, tasks } = world();
    const want = tasks.filter((t) => t.taskDefinitionArn.includes('/api:')).map((t) => t.taskArn);
    expect(sim.ecs.listTasks({ family: 'api' }).taskArns.sort()).toEqual([...want].sort());
    expect(sim.ecs.listTasks({ family: 'nope' }).taskArns).toEqual([]);
  });

  it('combines containerInstance and family', () => {
    const { sim, i2, tasks } = world();
    const want = tasks
      .filter((t) => t.containerInstanceArn === i2 && t.taskDefinitionArn.includes('/web:'))
      .map((t) => t.taskArn);
    expect(sim.ecs.listTasks({ containerInstance: i2, family: 'web' }).taskArns).toEqual(want);
  });

  it('(later API) filters by desiredStatus', () => {
    const { sim, tasks } = world();
    const stopped = tasks[0]!.taskArn;
    sim.ecs.stopTask({ task: stopped });
    sim.runUntilIdle();
    expect(sim.ecs.listTasks({ desiredStatus: 'STOPPED' }).taskArns).toEqual([stopped]);
    expect(sim.ecs.listTasks({ desiredStatus: 'RUNNING' }).taskArns.sort()).toEqual(
      tasks.slice(1).map((t) => t.taskArn).sort(),
    );
  });

  it('(real ECS) without desiredStatus, lists the tasks whose desired status is RUNNING', () => {
    const { sim, tasks } = world();
    sim.ecs.stopTask({ task: tasks[0]!.taskArn });
    sim.runUntilIdle();
    expect(sim.ecs.listTasks().taskArns).not.toContain(tasks[0]!.taskArn);
    expect(sim.ecs.listTasks().taskArns).toHaveLength(4);
  });

  it('paginates a filtered list without losing or repeating tasks', () => {
    const sim = newSim();
    const i1 = registerInstance(sim, { memory: 100_000 });
    registerInstance(sim, { memory: 100_000 });
    simpleTd(sim, 'web', { memory: 4 });
    for (let i = 0; i < 6; i++) sim.ecs.runTask({ taskDefinition: 'web', count: 10 });
    const whole = sim.ecs.listTasks({ containerInstance: i1 }).taskArns;
    const paged = allPages(
      (t) => sim.ecs.listTasks(t === undefined ? { containerInstance: i1, maxResults: 7 } : { containerInstance: i1, maxResults: 7, nextToken: t }),
      (r) => r.taskArns,
    );
    expect(paged.items).toEqual(whole);
  });

  it('rejects a filter on an unknown cluster with ClusterNotFoundException', () => {
    const sim = newSim();
    expectEcsError(() => loose(sim).listTasks({ cluster: 'nope' }), 'ClusterNotFoundException');
  });
});
