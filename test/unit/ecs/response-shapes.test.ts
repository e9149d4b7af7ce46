// Every response of the 20 actions, in a busy scenario, is spelled as the ECS API spells it:
// each key is a member of that shape in the ECS model (the 2015 keys, or later-API extras such
// as createdAt or runningTasksCount), no value is null or undefined (keys with no value are
// omitted), values have the model's types (timestamps are simulated ms), and the 2015 keys that
// always have a value are present (issue 2 §3).
import { describe, expect, it } from 'vitest';
import { newSim, registerInstance, registerTd } from '../../helpers/fixtures.js';

/**
 * Members of the response shapes, from the latest ECS service model
 * (../shared/reference/ecs-2014-11-13.service-2.latest.json), reduced to what these checks need:
 * a shape name, a scalar type, `object` (not checked further), or a list of one of these (`[]`).
 */
const SHAPES: Record<string, Record<string, string>> = {
  Attribute: { name: 'string', value: 'string', targetType: 'string', targetId: 'string' },
  Cluster: { clusterArn: 'string', clusterName: 'string', configuration: 'object', status: 'string', registeredContainerInstancesCount: 'integer', runningTasksCount: 'integer', pendingTasksCount: 'integer', activeServicesCount: 'integer', statistics: 'KeyValuePair[]', tags: 'object[]', settings: 'object[]', capacityProviders: 'string[]', defaultCapacityProviderStrategy: 'object[]', attachments: 'object[]', attachmentsStatus: 'string', serviceConnectDefaults: 'object' },
  Container: { containerArn: 'string', taskArn: 'string', name: 'string', image: 'string', imageDigest: 'string', runtimeId: 'string', lastStatus: 'string', exitCode: 'integer', reason: 'string', networkBindings: 'NetworkBinding[]', networkInterfaces: 'object[]', healthStatus: 'string', managedAgents: 'object[]', cpu: 'string', memory: 'string', memoryReservation: 'string', gpuIds: 'string[]', neuronDeviceIds: 'string[]' },
  ContainerDefinition: { name: 'string', image: 'string', repositoryCredentials: 'object', cpu: 'integer', memory: 'integer', memoryReservation: 'integer', links: 'string[]', portMappings: 'PortMapping[]', essential: 'boolean', restartPolicy: 'object', entryPoint: 'string[]', command: 'string[]', environment: 'KeyValuePair[]', environmentFiles: 'object[]', mountPoints: 'object[]', volumesFrom: 'object[]', linuxParameters: 'object', secrets: 'object[]', dependsOn: 'object[]', startTimeout: 'integer', stopTimeout: 'integer', versionConsistency: 'string', hostname: 'string', user: 'string', workingDirectory: 'string', disableNetworking: 'boolean', privileged: 'boolean', readonlyRootFilesystem: 'boolean', dnsServers: 'string[]', dnsSearchDomains: 'string[]', extraHosts: 'object[]', dockerSecurityOptions: 'string[]', interactive: 'boolean', pseudoTerminal: 'boolean', dockerLabels: 'object', ulimits: 'object[]', logConfiguration: 'object', healthCheck: 'object', systemControls: 'object[]', resourceRequirements: 'ResourceRequirement[]', firelensConfiguration: 'object', credentialSpecs: 'string[]' },
  ContainerInstance: { containerInstanceArn: 'string', ec2InstanceId: 'string', capacityProviderName: 'string', version: 'integer', versionInfo: 'VersionInfo', remainingResources: 'Resource[]', registeredResources: 'Resource[]', status: 'string', statusReason: 'string', agentConnected: 'boolean', runningTasksCount: 'integer', pendingTasksCount: 'integer', agentUpdateStatus: 'string', attributes: 'Attribute[]', registeredAt: 'timestamp', attachments: 'object[]', tags: 'object[]', healthStatus: 'object' },
  ContainerOverride: { name: 'string', command: 'string[]', environment: 'KeyValuePair[]', environmentFiles: 'object[]', cpu: 'integer', memory: 'integer', memoryReservation: 'integer', resourceRequirements: 'ResourceRequirement[]' },
  CreateClusterResponse: { cluster: 'Cluster' },
  DeleteClusterResponse: { cluster: 'Cluster' },
  DeregisterContainerInstanceResponse: { containerInstance: 'ContainerInstance' },
  DeregisterTaskDefinitionResponse: { taskDefinition: 'TaskDefinition' },
  DescribeClustersResponse: { clusters: 'Cluster[]', failures: 'Failure[]' },
  DescribeContainerInstancesResponse: { containerInstances: 'ContainerInstance[]', failures: 'Failure[]' },
  DescribeTaskDefinitionResponse: { taskDefinition: 'TaskDefinition', tags: 'object[]' },
  DescribeTasksResponse: { tasks: 'Task[]', failures: 'Failure[]' },
  DiscoverPollEndpointResponse: { endpoint: 'string', telemetryEndpoint: 'string', serviceConnectEndpoint: 'string' },
  Failure: { arn: 'string', reason: 'string', detail: 'string' },
  KeyValuePair: { name: 'string', value: 'string' },
  ListClustersResponse: { clusterArns: 'string[]', nextToken: 'string' },
  ListContainerInstancesResponse: { containerInstanceArns: 'string[]', nextToken: 'string' },
  ListTaskDefinitionsResponse: { taskDefinitionArns: 'string[]', nextToken: 'string' },
  ListTasksResponse: { taskArns: 'string[]', nextToken: 'string' },
  NetworkBinding: { bindIP: 'string', containerPort: 'integer', hostPort: 'integer', protocol: 'string', containerPortRange: 'string', hostPortRange: 'string' },
  PortMapping: { containerPort: 'integer', hostPort: 'integer', protocol: 'string', name: 'string', appProtocol: 'string', containerPortRange: 'string' },
  RegisterContainerInstanceResponse: { containerInstance: 'ContainerInstance' },
  RegisterTaskDefinitionResponse: { taskDefinition: 'TaskDefinition', tags: 'object[]' },
  Resource: { name: 'string', type: 'string', doubleValue: 'number', longValue: 'integer', integerValue: 'integer', stringSetValue: 'string[]' },
  ResourceRequirement: { value: 'string', type: 'string' },
  RunTaskResponse: { tasks: 'Task[]', failures: 'Failure[]' },
  StartTaskResponse: { tasks: 'Task[]', failures: 'Failure[]' },
  StopTaskResponse: { task: 'Task' },
  SubmitContainerStateChangeResponse: { acknowledgment: 'string' },
  SubmitTaskStateChangeResponse: { acknowledgment: 'string' },
  Task: { attachments: 'object[]', attributes: 'Attribute[]', availabilityZone: 'string', capacityProviderName: 'string', clusterArn: 'string', connectivity: 'string', connectivityAt: 'timestamp', containerInstanceArn: 'string', containers: 'Container[]', cpu: 'string', createdAt: 'timestamp', desiredStatus: 'string', enableExecuteCommand: 'boolean', executionStoppedAt: 'timestamp', group: 'string', healthStatus: 'string', inferenceAccelerators: 'object[]', lastStatus: 'string', launchType: 'string', memory: 'string', overrides: 'TaskOverride', platformVersion: 'string', platformFamily: 'string', pullStartedAt: 'timestamp', pullStoppedAt: 'timestamp', startedAt: 'timestamp', startedBy: 'string', stopCode: 'string', stoppedAt: 'timestamp', stoppedReason: 'string', stoppingAt: 'timestamp', tags: 'object[]', taskArn: 'string', taskDefinitionArn: 'string', version: 'integer', ephemeralStorage: 'object', fargateEphemeralStorage: 'object' },
  TaskDefinition: { taskDefinitionArn: 'string', containerDefinitions: 'ContainerDefinition[]', family: 'string', taskRoleArn: 'string', executionRoleArn: 'string', networkMode: 'string', revision: 'integer', volumes: 'object[]', status: 'string', requiresAttributes: 'Attribute[]', placementConstraints: 'object[]', compatibilities: 'string[]', runtimePlatform: 'object', requiresCompatibilities: 'string[]', cpu: 'string', memory: 'string', inferenceAccelerators: 'object[]', pidMode: 'string', ipcMode: 'string', proxyConfiguration: 'object', registeredAt: 'timestamp', deregisteredAt: 'timestamp', deleteRequestedAt: 'timestamp', registeredBy: 'string', ephemeralStorage: 'object', enableFaultInjection: 'boolean' },
  TaskOverride: { containerOverrides: 'ContainerOverride[]', cpu: 'string', inferenceAcceleratorOverrides: 'object[]', executionRoleArn: 'string', memory: 'string', taskRoleArn: 'string', ephemeralStorage: 'object' },
  VersionInfo: { agentVersion: 'string', agentHash: 'string', dockerVersion: 'string' },
};

/** 2015 keys that always have a value, per shape. */
const REQUIRED: Record<string, string[]> = {
  Cluster: ['clusterArn', 'clusterName', 'status'],
  ContainerInstance: ['containerInstanceArn', 'remainingResources', 'registeredResources', 'status', 'agentConnected'],
  Resource: ['name', 'type'],
  Failure: ['arn', 'reason'],
  TaskDefinition: ['taskDefinitionArn', 'containerDefinitions', 'family', 'revision'],
  ContainerDefinition: ['name', 'image', 'memory'],
  Task: ['taskArn', 'clusterArn', 'taskDefinitionArn', 'containerInstanceArn', 'lastStatus', 'desiredStatus', 'containers'],
  Container: ['containerArn', 'taskArn', 'name', 'lastStatus'],
  NetworkBinding: ['containerPort', 'hostPort'],
  ListClustersResponse: ['clusterArns'],
  ListContainerInstancesResponse: ['containerInstanceArns'],
  ListTaskDefinitionsResponse: ['taskDefinitionArns'],
  ListTasksResponse: ['taskArns'],
  DescribeClustersResponse: ['clusters'],
  DescribeContainerInstancesResponse: ['containerInstances'],
  DescribeTasksResponse: ['tasks'],
  RunTaskResponse: ['tasks'],
  StartTaskResponse: ['tasks'],
  SubmitTaskStateChangeResponse: ['acknowledgment'],
  SubmitContainerStateChangeResponse: ['acknowledgment'],
  DiscoverPollEndpointResponse: ['endpoint'],
};

function conform(value: unknown, type: string, path: string, errors: string[]): void {
  if (value === null || value === undefined) {
    errors.push(`${path} is ${String(value)}; a key with no value is omitted`);
    return;
  }
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return void errors.push(`${path} should be a list`);
    value.forEach((v, i) => conform(v, type.slice(0, -2), `${path}[${i}]`, errors));
    return;
  }
  const scalar: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === 'number' && Number.isFinite(v),
    boolean: (v) => typeof v === 'boolean',
    timestamp: (v) => typeof v === 'number' && Number.isFinite(v),
    object: (v) => typeof v === 'object',
  };
  const check = scalar[type];
  if (check) {
    if (!check(value)) errors.push(`${path} should be ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  const members = SHAPES[type];
  if (!members) throw new Error(`no shape ${type}`);
  if (typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path} should be a ${type} structure`);
  for (const [k, v] of Object.entries(value)) {
    const t = members[k];
    if (t === undefined) errors.push(`${path}.${k} is not a member of ${type}`);
    else conform(v, t, `${path}.${k}`, errors);
  }
  for (const k of REQUIRED[type] ?? []) if (!(k in value)) errors.push(`${path}.${k} (${type}) is missing`);
}

describe('response shapes of all 20 actions', () => {
  it('match the ECS model: no unknown, misspelt or null keys; 2015 keys present', () => {
    const sim = newSim({ seed: 'shapes', agent: { mode: 'manual' } });
    const seen: [string, string, unknown][] = [];
    const rec = <T>(action: string, res: T): T => {
      seen.push([action, `${action[0]!.toUpperCase()}${action.slice(1)}Response`, res]);
      return res;
    };
    const e = sim.ecs;
    rec('createCluster', e.createCluster({ clusterName: 'prod' }));
    rec('createCluster', e.createCluster());
    rec('deleteCluster', e.deleteCluster({ cluster: 'default' }));
    const doc = JSON.stringify({ instanceId: 'i-0123456789abcdef0', instanceType: 'm4.large', region: 'us-east-1' });
    const plain = rec('registerContainerInstance', e.registerContainerInstance({ cluster: 'prod', instanceIdentityDocument: doc, instanceIdentityDocumentSignature: 'sig' }))
      .containerInstance.containerInstanceArn;
    const gpu = registerInstance(sim, { cluster: 'prod', integers: { GPU: 1 }, extra: [{ name: 'BW', type: 'DOUBLE', doubleValue: 1.5 }, { name: 'SSD', type: 'LONG', longValue: 100 }] });
    const gone = registerInstance(sim, { cluster: 'prod' });
    rec('deregisterContainerInstance', e.deregisterContainerInstance({ cluster: 'prod', containerInstance: gone }));
    rec('registerTaskDefinition', e.registerTaskDefinition({
      family: 'web',
      containerDefinitions: [
        { name: 'app', image: 'nginx', cpu: 10, memory: 64, portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }], links: ['log'], essential: true, entryPoint: ['/bin/sh'], command: ['-c', 'nginx'], environment: [{ name: 'A', value: 'b' }] },
        { name: 'log', image: 'busybox', memory: 16, essential: false, resourceRequirements: [{ type: 'GPU', value: '1' }] },
      ],
    }));
    registerTd(sim, 'web');
    rec('deregisterTaskDefinition', e.deregisterTaskDefinition({ taskDefinition: 'web:2' }));
    rec('describeTaskDefinition', e.describeTaskDefinition({ taskDefinition: 'web:1' }));
    rec('listTaskDefinitions', e.listTaskDefinitions({ maxResults: 1 }));
    const run = rec('runTask', e.runTask({ cluster: 'prod', taskDefinition: 'web:1', count: 3, overrides: { containerOverrides: [{ name: 'app', command: ['x'] }] } }));
    const started = rec('startTask', e.startTask({ cluster: 'prod', taskDefinition: 'web:1', containerInstances: [plain, gpu, gone, '00000000-0000-4000-8000-000000000000'] }));
    const tasks = [...run.tasks, ...started.tasks].map((t) => t.taskArn);
    const t0 = tasks[0]!;
    rec('submitContainerStateChange', e.submitContainerStateChange({ cluster: 'prod', task: t0, containerName: 'app', status: 'RUNNING', networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 8080 }] }));
    rec('submitTaskStateChange', e.submitTaskStateChange({ cluster: 'prod', task: t0, status: 'RUNNING' }));
    rec('submitContainerStateChange', e.submitContainerStateChange({ cluster: 'prod', task: t0, containerName: 'log', status: 'STOPPED', exitCode: 3, reason: 'done' }));
    rec('stopTask', e.stopTask({ cluster: 'prod', task: t0 }));
    rec('submitTaskStateChange', e.submitTaskStateChange({ cluster: 'prod', task: t0, status: 'STOPPED', reason: 'stopped' }));
    rec('stopTask', e.stopTask({ cluster: 'prod', task: t0 }));
    rec('listTasks', e.listTasks({ cluster: 'prod', maxResults: 1 }));
    rec('listTasks', e.listTasks({ cluster: 'prod', containerInstance: gpu, family: 'web' }));
    rec('describeTasks', e.describeTasks({ cluster: 'prod', tasks: [...tasks, 'nope'] }));
    rec('listContainerInstances', e.listContainerInstances({ cluster: 'prod', maxResults: 1 }));
    rec('describeContainerInstances', e.describeContainerInstances({ cluster: 'prod', containerInstances: [plain, gpu, gone, 'nope'] }));
    rec('listClusters', e.listClusters({ maxResults: 1 }));
    rec('describeClusters', e.describeClusters({ clusters: ['prod', 'default', 'nope'] }));
    rec('discoverPollEndpoint', e.discoverPollEndpoint({ containerInstance: plain }));
    sim.runUntilIdle();

    expect(new Set(seen.map(([a]) => a)).size).toBe(20);
    const errors: string[] = [];
    for (const [action, shape, res] of seen) conform(res, shape, action, errors);
    expect(errors).toEqual([]);
  });
});
