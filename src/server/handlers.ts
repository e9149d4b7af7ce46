// One handler per action: a plain function from the parsed request to the response, over one
// region's world (its `ecs` methods and the members it echoes). This is where the later API
// members the SDKs send meet ecsim: those ecsim models go to the library, those ECS only echoes
// are kept (echo.ts), and what ecsim cannot model faithfully (awsvpc, Fargate, capacity
// providers) is refused with the exception ECS uses for that parameter. No handler sees HTTP.
import type {
  ContainerInstance,
  EcsApi,
  PlacementConstraintRequest,
  Task,
  TaskDefinition,
} from '../ecs/api-types.js';
import { EcsError } from '../ecs/errors.js';
import { echoedMembers, pick, type Echoes } from './echo.js';

/** One region's world, as the handlers see it. */
export interface World {
  readonly ecs: EcsApi;
  readonly echoes: Echoes;
}

type Input = Record<string, unknown>;
type Handler = (w: World, req: Input) => unknown;

// The request members the library reads (src/ecs/api-types.ts); the rest are the later API's.
const RUN_MODELLED = ['cluster', 'taskDefinition', 'overrides', 'count', 'startedBy', 'group', 'placementStrategy', 'placementConstraints'];
const START_MODELLED = ['cluster', 'taskDefinition', 'overrides', 'containerInstances', 'startedBy', 'group'];
const CONTAINER_MODELLED = ['name', 'image', 'cpu', 'memory', 'links', 'portMappings', 'essential', 'entryPoint', 'command', 'environment', 'resourceRequirements'];
const INSTANCE_MODELLED = ['cluster', 'instanceIdentityDocument', 'instanceIdentityDocumentSignature', 'totalResources', 'versionInfo', 'containerInstanceArn', 'attributes'];

const ECHO = {
  cluster: echoedMembers('CreateClusterRequest', 'Cluster', ['clusterName', 'capacityProviders', 'defaultCapacityProviderStrategy']),
  instance: echoedMembers('RegisterContainerInstanceRequest', 'ContainerInstance', INSTANCE_MODELLED),
  taskDefinition: echoedMembers('RegisterTaskDefinitionRequest', 'TaskDefinition', ['family', 'containerDefinitions']),
  container: echoedMembers('ContainerDefinition', 'ContainerDefinition', CONTAINER_MODELLED),
  runTask: echoedMembers('RunTaskRequest', 'Task', RUN_MODELLED),
  startTask: echoedMembers('StartTaskRequest', 'Task', START_MODELLED),
};

/** A note kept beside the ARNs: some task definition of this world has placement constraints. */
const TD_CONSTRAINTS = '_taskDefinitionConstraints';

const invalid = (message: string): EcsError => new EcsError('InvalidParameterException', message);
const client = (message: string): EcsError => new EcsError('ClientException', message);

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
const includes = (req: Input, what: string): boolean => Array.isArray(req.include) && req.include.includes(what);

// ---- laying echoed members over responses ----

function clusters(w: World, list: object[], tags = true): void {
  for (const c of list) w.echoes.overlay(c as Input, 'clusterArn', tags);
}
function instances(w: World, list: ContainerInstance[], tags = true): void {
  for (const i of list) w.echoes.overlay(i as unknown as Input, 'containerInstanceArn', tags);
}
function tasks(w: World, list: Task[], tags = true): void {
  for (const t of list) {
    // every ecsim task runs on an EC2 container instance: ECS shows that whether asked or not
    (t as { launchType?: string }).launchType = 'EC2';
    w.echoes.overlay(t as unknown as Input, 'taskArn', tags);
  }
}
function taskDefinition(w: World, td: TaskDefinition): void {
  w.echoes.overlay(td as unknown as Input, 'taskDefinitionArn');
  const perContainer = w.echoes.get(td.taskDefinitionArn)?._containers as Record<string, Input> | undefined;
  if (!perContainer) return;
  for (const c of td.containerDefinitions) Object.assign(c, perContainer[c.name!]);
}
function taskDefinitionTags(w: World, arn: string): unknown {
  return w.echoes.get(arn)?._tags;
}

// ---- refusals: what ecsim cannot model faithfully ----

function refuseTaskPlacementBeyondEc2(req: Input): void {
  if (req.launchType !== undefined && req.launchType !== null && req.launchType !== 'EC2') {
    throw invalid(`launchType ${String(req.launchType)} is not simulated: ecsim places tasks on EC2 container instances only (launchType EC2).`);
  }
  if (nonEmpty(req.capacityProviderStrategy)) {
    throw invalid('The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster.');
  }
  if (req.networkConfiguration !== undefined && req.networkConfiguration !== null) {
    throw invalid('Network Configuration is not valid for the given networkMode of this task definition.');
  }
}

/** The library's form of a container definition: memoryReservation places when memory is absent; host mode binds containerPort. */
function libraryContainer(c: Input, hostMode: boolean): Input {
  const out: Input = { ...c };
  if (c.memory === undefined || c.memory === null) out.memory = c.memoryReservation ?? undefined;
  if (hostMode && Array.isArray(c.portMappings)) {
    out.portMappings = c.portMappings.map((pm: unknown) => {
      const m = pm as Input | null;
      return m && typeof m === 'object' && (m.hostPort === undefined || m.hostPort === null) ? { ...m, hostPort: m.containerPort } : m;
    });
  }
  return out;
}

// ---- the handlers ----

const registerTaskDefinition: Handler = (w, req) => {
  if (req.networkMode === 'awsvpc') {
    throw client('networkMode awsvpc is not simulated (elastic network interfaces, one per task); use bridge, host or none.');
  }
  if (Array.isArray(req.requiresCompatibilities) && req.requiresCompatibilities.includes('FARGATE')) {
    throw client('requiresCompatibilities FARGATE is not simulated: ecsim places tasks on EC2 container instances only.');
  }
  const hostMode = req.networkMode === 'host';
  const defs = Array.isArray(req.containerDefinitions) ? (req.containerDefinitions as unknown[]) : req.containerDefinitions;
  const lib = Array.isArray(defs)
    ? defs.map((c) => (c && typeof c === 'object' && !Array.isArray(c) ? libraryContainer(c as Input, hostMode) : c))
    : defs;
  const res = w.ecs.registerTaskDefinition({ ...req, containerDefinitions: lib } as never);
  // accepted: keep what ECS echoes
  const arn = res.taskDefinition.taskDefinitionArn;
  const perContainer: Record<string, Input> = {};
  for (const c of defs as Input[]) {
    const bag: Input = pick(c, ECHO.container) ?? {};
    if (c.memory === undefined || c.memory === null) bag.memory = undefined;
    perContainer[c.name as string] = bag;
  }
  w.echoes.store(arn, { ...pick(req, ECHO.taskDefinition), _containers: perContainer, ...(nonEmpty(req.tags) ? { _tags: req.tags } : {}) });
  if (nonEmpty(req.placementConstraints)) w.echoes.store(TD_CONSTRAINTS, { any: true });
  taskDefinition(w, res.taskDefinition);
  const tags = taskDefinitionTags(w, arn);
  return tags ? { ...res, tags } : res;
};

/** Task-definition placement constraints (memberOf) apply to RunTask, as in ECS. */
function withTaskDefinitionConstraints(w: World, req: Input): Input {
  // most worlds have none: skip the lookup (RunTask is the hot path)
  if (typeof req.taskDefinition !== 'string' || !w.echoes.has(TD_CONSTRAINTS)) return req;
  let arn: string;
  try {
    arn = w.ecs.describeTaskDefinition({ taskDefinition: req.taskDefinition }).taskDefinition.taskDefinitionArn;
  } catch {
    return req; // RunTask itself reports the unknown task definition
  }
  const own = w.echoes.get(arn)?.placementConstraints as PlacementConstraintRequest[] | undefined;
  if (!own || own.length === 0) return req;
  const given = Array.isArray(req.placementConstraints) ? (req.placementConstraints as PlacementConstraintRequest[]) : [];
  return { ...req, placementConstraints: [...given, ...own] };
}

const runTask: Handler = (w, req) => {
  refuseTaskPlacementBeyondEc2(req);
  const res = w.ecs.runTask(withTaskDefinitionConstraints(w, req) as never);
  const bag = pick(req, ECHO.runTask);
  if (bag) for (const t of res.tasks) w.echoes.store(t.taskArn, bag);
  tasks(w, res.tasks);
  return res;
};

const startTask: Handler = (w, req) => {
  refuseTaskPlacementBeyondEc2(req);
  const res = w.ecs.startTask(req as never);
  const bag = pick(req, ECHO.startTask);
  if (bag) for (const t of res.tasks) w.echoes.store(t.taskArn, bag);
  tasks(w, res.tasks);
  return res;
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateCluster: (w, req) => {
    if (nonEmpty(req.capacityProviders) || nonEmpty(req.defaultCapacityProviderStrategy)) {
      throw invalid('Capacity providers are not simulated: ecsim clusters have EC2 container instances only.');
    }
    const res = w.ecs.createCluster(req as never);
    w.echoes.store(res.cluster.clusterArn, pick(req, ECHO.cluster));
    clusters(w, [res.cluster]);
    return res;
  },
  ListClusters: (w, req) => w.ecs.listClusters(req as never),
  DescribeClusters: (w, req) => {
    const res = w.ecs.describeClusters(req as never);
    clusters(w, res.clusters, includes(req, 'TAGS'));
    return res;
  },
  DeleteCluster: (w, req) => {
    const res = w.ecs.deleteCluster(req as never);
    clusters(w, [res.cluster]);
    return res;
  },
  RegisterContainerInstance: (w, req) => {
    const res = w.ecs.registerContainerInstance(req as never);
    w.echoes.store(res.containerInstance.containerInstanceArn, pick(req, ECHO.instance));
    instances(w, [res.containerInstance]);
    return res;
  },
  DeregisterContainerInstance: (w, req) => {
    const res = w.ecs.deregisterContainerInstance(req as never);
    instances(w, [res.containerInstance]);
    return res;
  },
  ListContainerInstances: (w, req) => {
    if (typeof req.filter === 'string' && req.filter.trim() !== '') {
      throw invalid('ListContainerInstances filter expressions are not evaluated by ecsim; list without a filter.');
    }
    // ecsim's container instances are ACTIVE or INACTIVE: none is ever DRAINING or REGISTERING
    if (req.status !== undefined && req.status !== null && req.status !== 'ACTIVE') return { containerInstanceArns: [] };
    return w.ecs.listContainerInstances(req as never);
  },
  DescribeContainerInstances: (w, req) => {
    const res = w.ecs.describeContainerInstances(req as never);
    instances(w, res.containerInstances, includes(req, 'TAGS'));
    return res;
  },
  RegisterTaskDefinition: registerTaskDefinition,
  DeregisterTaskDefinition: (w, req) => {
    const res = w.ecs.deregisterTaskDefinition(req as never);
    taskDefinition(w, res.taskDefinition);
    return res;
  },
  ListTaskDefinitions: (w, req) => w.ecs.listTaskDefinitions(req as never),
  DescribeTaskDefinition: (w, req) => {
    const res = w.ecs.describeTaskDefinition(req as never);
    taskDefinition(w, res.taskDefinition);
    const tags = includes(req, 'TAGS') ? taskDefinitionTags(w, res.taskDefinition.taskDefinitionArn) : undefined;
    return tags ? { ...res, tags } : res;
  },
  RunTask: runTask,
  StartTask: startTask,
  StopTask: (w, req) => {
    const res = w.ecs.stopTask(req as never);
    tasks(w, [res.task]);
    return res;
  },
  ListTasks: (w, req) => {
    // every ecsim task is an EC2 task: asking for another launch type lists none
    if (req.launchType !== undefined && req.launchType !== null && req.launchType !== 'EC2') {
      w.ecs.listTasks({ ...req, launchType: undefined } as never); // still reports an unknown cluster
      return { taskArns: [] };
    }
    return w.ecs.listTasks(req as never);
  },
  DescribeTasks: (w, req) => {
    const res = w.ecs.describeTasks(req as never);
    tasks(w, res.tasks, includes(req, 'TAGS'));
    return res;
  },
  SubmitTaskStateChange: (w, req) => w.ecs.submitTaskStateChange(req as never),
  SubmitContainerStateChange: (w, req) => w.ecs.submitContainerStateChange(req as never),
  DiscoverPollEndpoint: (w, req) => w.ecs.discoverPollEndpoint(req as never),
};

/** The handler of `action`, or undefined for an action ecsim does not serve. */
export function handlerOf(action: string): Handler | undefined {
  return Object.prototype.hasOwnProperty.call(HANDLERS, action) ? HANDLERS[action] : undefined;
}
