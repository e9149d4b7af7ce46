// Every error path: the call throws an EcsError named as AWS names it, AND changes no state at
// all — neither what the Describe and List actions report, nor the random streams (a later RunTask picks the
// same instances and draws the same ARNs as a twin simulation that never made the call), nor
// the event queue (running to idle afterwards gives the same result as the twin).
// Where the issue names no exception, ECS's own is expected; where neither is certain, the test
// accepts ClientException or InvalidParameterException and says so.
import { describe, expect, it } from 'vitest';
import {
  allPages,
  expectEcsError,
  loose,
  newSim,
  registerInstance,
  registerTd,
  simpleTd,
  totalResources,
  type LooseEcs,
  type Sim,
} from '../../helpers/fixtures.js';

const CLIENT_OR_PARAM = ['ClientException', 'InvalidParameterException'];

interface World {
  sim: Sim;
  ecs: LooseEcs;
  instances: { cluster: string; arn: string }[];
  tasks: { cluster: string; taskArn: string }[];
  tds: string[];
  busyInstance: string;
  idleInstance: string;
  runningTask: string;
  stoppedTask: string;
}

/** A cluster mid-flight: tasks PENDING, RUNNING, stopping and STOPPED, events still queued. */
function buildWorld(seed = 'rejected-world'): World {
  const sim = newSim({ seed, agent: { mode: 'auto', startDelayMs: 100, stopDelayMs: 50 } });
  const instances: World['instances'] = [];
  const tasks: World['tasks'] = [];
  const tds: string[] = [];
  sim.ecs.createCluster({ clusterName: 'c1' });
  sim.ecs.createCluster({ clusterName: 'empty' });
  sim.ecs.createCluster({ clusterName: 'dead' });
  sim.ecs.deleteCluster({ cluster: 'dead' });
  for (let i = 0; i < 6; i++) {
    instances.push({ cluster: 'c1', arn: registerInstance(sim, { cluster: 'c1', cpu: 4096, memory: 8192, integers: { GPU: 2 } }) });
  }
  instances.push({ cluster: 'default', arn: registerInstance(sim) });
  const gone = registerInstance(sim, { cluster: 'c1' });
  instances.push({ cluster: 'c1', arn: gone });
  sim.ecs.deregisterContainerInstance({ cluster: 'c1', containerInstance: gone });
  sim.disconnectAgent(instances[5]!.arn);

  tds.push(simpleTd(sim, 'web', { cpu: 100, memory: 256, hostPorts: [8080] }));
  tds.push(registerTd(sim, 'web', [{ name: 'app', cpu: 50, memory: 128, portMappings: [{ containerPort: 80 }] }]));
  tds.push(registerTd(sim, 'probe', [{ name: 'p', memory: 4, portMappings: [{ containerPort: 9000 }] }]));
  tds.push(simpleTd(sim, 'old'));
  sim.ecs.deregisterTaskDefinition({ taskDefinition: 'old:1' });

  const add = (cluster: string, ts: { taskArn: string }[]) => {
    for (const t of ts) tasks.push({ cluster, taskArn: t.taskArn });
    return ts;
  };
  const first = add('c1', sim.ecs.runTask({ cluster: 'c1', taskDefinition: 'web:1', count: 3 }).tasks);
  add('c1', sim.ecs.startTask({ cluster: 'c1', taskDefinition: 'web:2', containerInstances: [instances[0]!.arn] }).tasks);
  add('default', sim.ecs.runTask({ taskDefinition: 'web:2' }).tasks);
  sim.runUntil(200);
  sim.ecs.stopTask({ cluster: 'c1', task: first[0]!.taskArn });
  sim.runUntil(300);
  sim.ecs.stopTask({ cluster: 'c1', task: first[1]!.taskArn }); // its STOPPED is still queued
  add('c1', sim.ecs.runTask({ cluster: 'c1', taskDefinition: 'web:2', count: 2 }).tasks); // still PENDING
  sim.runUntil(320);

  const busyInstance = sim.ecs.describeTasks({ cluster: 'c1', tasks: [first[2]!.taskArn] }).tasks[0]!.containerInstanceArn;
  const idle = registerInstance(sim, { cluster: 'c1' });
  instances.push({ cluster: 'c1', arn: idle });
  return {
    sim,
    ecs: loose(sim),
    instances,
    tasks,
    tds,
    busyInstance,
    idleInstance: idle,
    runningTask: first[2]!.taskArn,
    stoppedTask: first[0]!.taskArn,
  };
}

/** Everything the Describe and List actions can see, as JSON. */
function snapshot(w: World): string {
  const { sim } = w;
  const clusters = ['default', 'c1', 'empty'];
  const out: Record<string, unknown> = { now: sim.now() };
  out.clusterList = allPages((t) => sim.ecs.listClusters(t === undefined ? {} : { nextToken: t }), (r) => r.clusterArns).items;
  out.clusters = sim.ecs.describeClusters({ clusters: [...clusters, 'dead'] });
  for (const c of clusters) {
    out[`instances:${c}`] = sim.ecs.listContainerInstances({ cluster: c }).containerInstanceArns;
    out[`tasks:${c}`] = sim.ecs.listTasks({ cluster: c }).taskArns;
    const inst = w.instances.filter((i) => i.cluster === c).map((i) => i.arn);
    if (inst.length) out[`describeInstances:${c}`] = sim.ecs.describeContainerInstances({ cluster: c, containerInstances: inst });
    const ts = w.tasks.filter((t) => t.cluster === c).map((t) => t.taskArn);
    if (ts.length) out[`describeTasks:${c}`] = sim.ecs.describeTasks({ cluster: c, tasks: ts });
  }
  out.tdList = sim.ecs.listTaskDefinitions().taskDefinitionArns;
  out.tds = w.tds.map((td) => sim.ecs.describeTaskDefinition({ taskDefinition: td }));
  out.familyWeb = sim.ecs.describeTaskDefinition({ taskDefinition: 'web' }).taskDefinition.taskDefinitionArn;
  return JSON.stringify(out);
}

/** Calls that draw from every stream, then the state after running to idle. */
function probe(w: World): string {
  const { sim } = w;
  const placed = sim.ecs.runTask({ cluster: 'c1', taskDefinition: 'probe', count: 8 });
  const started = sim.ecs.startTask({ cluster: 'c1', taskDefinition: 'probe', containerInstances: [w.idleInstance] });
  const inst = sim.ecs.registerContainerInstance({ cluster: 'c1', totalResources: totalResources() });
  const td = sim.ecs.registerTaskDefinition({ family: 'probe', containerDefinitions: [{ name: 'p', image: 'x', memory: 4 }] });
  const cl = sim.ecs.createCluster({ clusterName: 'probe-cluster' });
  sim.runUntilIdle();
  return JSON.stringify({ placed, started, inst, td, cl, after: snapshot(w) });
}

interface Case {
  label: string;
  names: string[];
  call: (w: World) => unknown;
  message?: string;
}

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

const cases: Case[] = [
  // clusters
  { label: 'createCluster with an invalid name (real ECS)', names: CLIENT_OR_PARAM, call: (w) => w.ecs.createCluster({ clusterName: 'bad name!' }) },
  { label: 'deleteCluster of an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.deleteCluster({ cluster: 'nope' }), message: 'Cluster not found.' },
  { label: 'deleteCluster with ACTIVE instances', names: ['ClusterContainsContainerInstancesException'], call: (w) => w.ecs.deleteCluster({ cluster: 'c1' }) },
  { label: 'deleteCluster of default with an instance', names: ['ClusterContainsContainerInstancesException'], call: (w) => w.ecs.deleteCluster({ cluster: 'default' }) },
  { label: 'listClusters maxResults 0', names: ['InvalidParameterException'], call: (w) => w.ecs.listClusters({ maxResults: 0 }) },
  { label: 'listClusters with a forged nextToken', names: CLIENT_OR_PARAM, call: (w) => w.ecs.listClusters({ nextToken: 'garbage' }) },

  // container instances
  { label: 'registerContainerInstance in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.registerContainerInstance({ cluster: 'nope', totalResources: totalResources() }) },
  { label: 'registerContainerInstance in a deleted cluster (real ECS)', names: ['ClusterNotFoundException'], call: (w) => w.ecs.registerContainerInstance({ cluster: 'dead', totalResources: totalResources() }) },
  {
    label: 'registerContainerInstance with an unknown resource type (real ECS)',
    names: CLIENT_OR_PARAM,
    call: (w) => w.ecs.registerContainerInstance({ cluster: 'c1', totalResources: [...totalResources(), { name: 'X', type: 'FOO', integerValue: 1 }] }),
  },
  { label: 'deregisterContainerInstance in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.deregisterContainerInstance({ cluster: 'nope', containerInstance: w.idleInstance }) },
  { label: 'deregisterContainerInstance of an unknown instance', names: CLIENT_OR_PARAM, call: (w) => w.ecs.deregisterContainerInstance({ cluster: 'c1', containerInstance: UNKNOWN_UUID }) },
  { label: 'deregisterContainerInstance with live tasks, no force', names: ['ClientException'], call: (w) => w.ecs.deregisterContainerInstance({ cluster: 'c1', containerInstance: w.busyInstance }) },
  { label: 'deregisterContainerInstance with live tasks, force false', names: ['ClientException'], call: (w) => w.ecs.deregisterContainerInstance({ cluster: 'c1', containerInstance: w.busyInstance, force: false }) },
  { label: 'listContainerInstances of an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.listContainerInstances({ cluster: 'nope' }) },
  { label: 'listContainerInstances maxResults 101', names: ['InvalidParameterException'], call: (w) => w.ecs.listContainerInstances({ cluster: 'c1', maxResults: 101 }) },
  { label: 'describeContainerInstances of an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.describeContainerInstances({ cluster: 'nope', containerInstances: [w.idleInstance] }) },

  // task definitions
  { label: 'registerTaskDefinition without an image', names: CLIENT_OR_PARAM, call: (w) => w.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'a', memory: 10 }] }) },
  { label: 'registerTaskDefinition without memory', names: CLIENT_OR_PARAM, call: (w) => w.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'a', image: 'x' }] }) },
  { label: 'registerTaskDefinition without a container name', names: CLIENT_OR_PARAM, call: (w) => w.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [{ image: 'x', memory: 10 }] }) },
  { label: 'registerTaskDefinition without a family', names: CLIENT_OR_PARAM, call: (w) => w.ecs.registerTaskDefinition({ containerDefinitions: [{ name: 'a', image: 'x', memory: 10 }] }) },
  { label: 'registerTaskDefinition with no containers', names: CLIENT_OR_PARAM, call: (w) => w.ecs.registerTaskDefinition({ family: 'web', containerDefinitions: [] }) },
  {
    label: 'registerTaskDefinition with a host port used twice',
    names: CLIENT_OR_PARAM,
    call: (w) =>
      w.ecs.registerTaskDefinition({
        family: 'web',
        containerDefinitions: [
          { name: 'a', image: 'x', memory: 10, portMappings: [{ containerPort: 1, hostPort: 7000 }] },
          { name: 'b', image: 'x', memory: 10, portMappings: [{ containerPort: 2, hostPort: 7000 }] },
        ],
      }),
  },
  { label: 'deregisterTaskDefinition of an unknown revision', names: CLIENT_OR_PARAM, call: (w) => w.ecs.deregisterTaskDefinition({ taskDefinition: 'web:99' }) },
  { label: 'describeTaskDefinition of an unknown family', names: ['ClientException'], call: (w) => w.ecs.describeTaskDefinition({ taskDefinition: 'nope' }) },
  { label: 'listTaskDefinitions maxResults 101', names: ['InvalidParameterException'], call: (w) => w.ecs.listTaskDefinitions({ maxResults: 101 }) },

  // RunTask
  { label: 'runTask count 0', names: ['InvalidParameterException'], call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'probe', count: 0 }) },
  { label: 'runTask count 11', names: ['InvalidParameterException'], call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'probe', count: 11 }) },
  { label: 'runTask in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.runTask({ cluster: 'nope', taskDefinition: 'probe' }), message: 'Cluster not found.' },
  { label: 'runTask in a deleted cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.runTask({ cluster: 'dead', taskDefinition: 'probe' }) },
  {
    label: 'runTask in a cluster without instances',
    names: ['InvalidParameterException'],
    call: (w) => w.ecs.runTask({ cluster: 'empty', taskDefinition: 'probe' }),
    message: 'No Container Instances were found in your cluster.',
  },
  { label: 'runTask of an unknown task definition', names: ['ClientException'], call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'nope' }) },
  { label: 'runTask of an INACTIVE revision', names: ['ClientException'], call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'old:1' }) },
  { label: 'runTask of a family whose only revision is INACTIVE', names: ['ClientException'], call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'old' }) },
  {
    label: 'runTask overriding a container the task definition lacks (real ECS)',
    names: CLIENT_OR_PARAM,
    call: (w) => w.ecs.runTask({ cluster: 'c1', taskDefinition: 'probe', overrides: { containerOverrides: [{ name: 'ghost', command: ['x'] }] } }),
  },

  // StartTask
  { label: 'startTask with no container instances', names: ['InvalidParameterException'], call: (w) => w.ecs.startTask({ cluster: 'c1', taskDefinition: 'probe', containerInstances: [] }) },
  {
    label: 'startTask with 11 container instances',
    names: ['InvalidParameterException'],
    call: (w) => w.ecs.startTask({ cluster: 'c1', taskDefinition: 'probe', containerInstances: Array(11).fill(w.idleInstance) }),
  },
  { label: 'startTask in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.startTask({ cluster: 'nope', taskDefinition: 'probe', containerInstances: [w.idleInstance] }) },
  { label: 'startTask of an INACTIVE revision', names: ['ClientException'], call: (w) => w.ecs.startTask({ cluster: 'c1', taskDefinition: 'old:1', containerInstances: [w.idleInstance] }) },
  { label: 'startTask of an unknown task definition', names: ['ClientException'], call: (w) => w.ecs.startTask({ cluster: 'c1', taskDefinition: 'nope:1', containerInstances: [w.idleInstance] }) },

  // StopTask, ListTasks, DescribeTasks
  { label: 'stopTask of an unknown task', names: CLIENT_OR_PARAM, call: (w) => w.ecs.stopTask({ cluster: 'c1', task: UNKNOWN_UUID }) },
  { label: 'stopTask in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.stopTask({ cluster: 'nope', task: w.runningTask }) },
  { label: 'listTasks of an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.listTasks({ cluster: 'nope' }) },
  { label: 'listTasks maxResults 101', names: ['InvalidParameterException'], call: (w) => w.ecs.listTasks({ cluster: 'c1', maxResults: 101 }) },
  { label: 'listTasks with a forged nextToken', names: CLIENT_OR_PARAM, call: (w) => w.ecs.listTasks({ cluster: 'c1', nextToken: 'garbage' }) },
  { label: 'describeTasks in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.describeTasks({ cluster: 'nope', tasks: [w.runningTask] }) },

  // agent reports
  { label: 'submitTaskStateChange RUNNING → PENDING', names: ['ClientException'], call: (w) => w.ecs.submitTaskStateChange({ cluster: 'c1', task: w.runningTask, status: 'PENDING' }) },
  { label: 'submitTaskStateChange STOPPED → RUNNING', names: ['ClientException'], call: (w) => w.ecs.submitTaskStateChange({ cluster: 'c1', task: w.stoppedTask, status: 'RUNNING' }) },
  { label: 'submitTaskStateChange of an unknown task', names: CLIENT_OR_PARAM, call: (w) => w.ecs.submitTaskStateChange({ cluster: 'c1', task: UNKNOWN_UUID, status: 'RUNNING' }) },
  { label: 'submitTaskStateChange with an unknown status', names: CLIENT_OR_PARAM, call: (w) => w.ecs.submitTaskStateChange({ cluster: 'c1', task: w.runningTask, status: 'DANCING' }) },
  { label: 'submitContainerStateChange RUNNING → PENDING', names: ['ClientException'], call: (w) => w.ecs.submitContainerStateChange({ cluster: 'c1', task: w.runningTask, containerName: 'c0', status: 'PENDING' }) },
  { label: 'submitContainerStateChange STOPPED → RUNNING', names: ['ClientException'], call: (w) => w.ecs.submitContainerStateChange({ cluster: 'c1', task: w.stoppedTask, containerName: 'c0', status: 'RUNNING' }) },
  { label: 'submitContainerStateChange of an unknown container', names: CLIENT_OR_PARAM, call: (w) => w.ecs.submitContainerStateChange({ cluster: 'c1', task: w.runningTask, containerName: 'ghost', status: 'STOPPED' }) },
  { label: 'submitContainerStateChange in an unknown cluster', names: ['ClusterNotFoundException'], call: (w) => w.ecs.submitContainerStateChange({ cluster: 'nope', task: w.runningTask, containerName: 'c0', status: 'STOPPED' }) },
];

describe('the world the rejected calls are made in', () => {
  it('has RUNNING, stopping, PENDING and STOPPED tasks and a busy instance', () => {
    const w = buildWorld();
    const all = w.sim.ecs.describeTasks({ cluster: 'c1', tasks: w.tasks.filter((t) => t.cluster === 'c1').map((t) => t.taskArn) }).tasks;
    const states = new Set(all.map((t) => `${t.lastStatus}/${t.desiredStatus}`));
    expect(states).toEqual(new Set(['RUNNING/RUNNING', 'STOPPED/STOPPED', 'RUNNING/STOPPED', 'PENDING/RUNNING']));
    expect(snapshot(buildWorld())).toBe(snapshot(w));
  });
});

describe.each(cases)('rejected: $label', ({ names, call, message }) => {
  it(`throws ${names.join(' or ')}`, () => {
    const w = buildWorld();
    const e = expectEcsError(() => call(w), ...names);
    expect(e.message.length).toBeGreaterThan(0);
    if (message !== undefined) expect(e.message).toBe(message);
  });

  it('changes nothing that Describe*/List* report', () => {
    const w = buildWorld();
    const before = snapshot(w);
    expect(() => call(w)).toThrow();
    expect(snapshot(w)).toBe(before);
  });

  it('draws nothing and schedules nothing: later calls match a twin that never made it', () => {
    const w = buildWorld();
    const twin = buildWorld();
    expect(() => call(w)).toThrow();
    expect(probe(w)).toBe(probe(twin));
  });
});
