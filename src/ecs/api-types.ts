// Request and response shapes of the ECS API of 2015-01-08, spelled as the API spells them.
// Keys marked "later API" come from the later ECS model and are ecsim extensions.

export type ResourceType = 'INTEGER' | 'LONG' | 'DOUBLE' | 'STRINGSET';

export interface Resource {
  name: string;
  type: ResourceType | string;
  doubleValue?: number;
  longValue?: number;
  integerValue?: number;
  stringSetValue?: string[];
}

export interface Failure {
  arn?: string;
  reason?: string;
}

export interface Attribute {
  name: string;
  value?: string;
}

export interface Cluster {
  clusterArn: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** later API */
  registeredContainerInstancesCount: number;
  /** later API */
  runningTasksCount: number;
  /** later API */
  pendingTasksCount: number;
}

export interface VersionInfo {
  agentVersion?: string;
  agentHash?: string;
  dockerVersion?: string;
}

export interface ContainerInstance {
  containerInstanceArn: string;
  ec2InstanceId?: string;
  remainingResources: Resource[];
  registeredResources: Resource[];
  status: 'ACTIVE' | 'INACTIVE';
  agentConnected: boolean;
  /** later API */
  runningTasksCount: number;
  /** later API */
  pendingTasksCount: number;
  /** later API */
  attributes?: Attribute[];
  /** later API */
  versionInfo?: VersionInfo;
  /** later API, simulated ms */
  registeredAt?: number;
}

export interface KeyValuePair {
  name?: string;
  value?: string;
}

export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  /** later API: 'tcp' (default) or 'udp' */
  protocol?: 'tcp' | 'udp';
}

/** later API: demand for a user-defined resource, e.g. `{ type: 'GPU', value: '1' }`. */
export interface ResourceRequirement {
  type: string;
  value: string;
}

export interface ContainerDefinition {
  name?: string;
  image?: string;
  cpu?: number;
  memory?: number;
  links?: string[];
  portMappings?: PortMapping[];
  essential?: boolean;
  entryPoint?: string[];
  command?: string[];
  environment?: KeyValuePair[];
  resourceRequirements?: ResourceRequirement[];
}

export interface TaskDefinition {
  taskDefinitionArn: string;
  containerDefinitions: ContainerDefinition[];
  family: string;
  revision: number;
  /** later API */
  status: 'ACTIVE' | 'INACTIVE';
}

export interface ContainerOverride {
  name?: string;
  command?: string[];
  environment?: KeyValuePair[];
}

export interface TaskOverride {
  containerOverrides?: ContainerOverride[];
}

export interface NetworkBinding {
  bindIP?: string;
  containerPort?: number;
  hostPort?: number;
  /** later API */
  protocol?: 'tcp' | 'udp';
}

export type TaskStatus = 'PENDING' | 'RUNNING' | 'STOPPED';

export interface Container {
  containerArn: string;
  taskArn: string;
  name: string;
  lastStatus: TaskStatus;
  exitCode?: number;
  reason?: string;
  networkBindings?: NetworkBinding[];
}

export interface Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  containerInstanceArn: string;
  overrides: TaskOverride;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  containers: Container[];
  startedBy?: string;
  stoppedReason?: string;
  /** later API: the task group used by spread and distinctInstance */
  group?: string;
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
}

/** later API placement keys (ecsim extension to RunTask). */
export interface PlacementStrategyRequest {
  type: 'random' | 'binpack' | 'spread' | string;
  field?: string;
}
export interface PlacementConstraintRequest {
  type: 'distinctInstance' | 'memberOf' | string;
  expression?: string;
}

// ---- requests and responses, one pair per action ----

export interface CreateClusterRequest { clusterName?: string }
export interface CreateClusterResponse { cluster: Cluster }
export interface ListClustersRequest { nextToken?: string; maxResults?: number }
export interface ListClustersResponse { clusterArns: string[]; nextToken?: string }
export interface DescribeClustersRequest { clusters?: string[] }
export interface DescribeClustersResponse { clusters: Cluster[]; failures: Failure[] }
export interface DeleteClusterRequest { cluster: string }
export interface DeleteClusterResponse { cluster: Cluster }

export interface RegisterContainerInstanceRequest {
  cluster?: string;
  instanceIdentityDocument?: string;
  instanceIdentityDocumentSignature?: string;
  totalResources?: Resource[];
  /** later API */
  versionInfo?: VersionInfo;
  /** later API: re-register an instance that is already known */
  containerInstanceArn?: string;
  /** later API */
  attributes?: Attribute[];
}
export interface RegisterContainerInstanceResponse { containerInstance: ContainerInstance }
export interface DeregisterContainerInstanceRequest { cluster?: string; containerInstance: string; force?: boolean }
export interface DeregisterContainerInstanceResponse { containerInstance: ContainerInstance }
export interface ListContainerInstancesRequest { cluster?: string; nextToken?: string; maxResults?: number }
export interface ListContainerInstancesResponse { containerInstanceArns: string[]; nextToken?: string }
export interface DescribeContainerInstancesRequest { cluster?: string; containerInstances: string[] }
export interface DescribeContainerInstancesResponse { containerInstances: ContainerInstance[]; failures: Failure[] }

export interface RegisterTaskDefinitionRequest { family: string; containerDefinitions: ContainerDefinition[] }
export interface RegisterTaskDefinitionResponse { taskDefinition: TaskDefinition }
export interface DeregisterTaskDefinitionRequest { taskDefinition: string }
export interface DeregisterTaskDefinitionResponse { taskDefinition: TaskDefinition }
export interface ListTaskDefinitionsRequest {
  familyPrefix?: string;
  nextToken?: string;
  maxResults?: number;
  /** later API */
  status?: 'ACTIVE' | 'INACTIVE';
  /** later API */
  sort?: 'ASC' | 'DESC';
}
export interface ListTaskDefinitionsResponse { taskDefinitionArns: string[]; nextToken?: string }
export interface DescribeTaskDefinitionRequest { taskDefinition: string }
export interface DescribeTaskDefinitionResponse { taskDefinition: TaskDefinition }

export interface RunTaskRequest {
  cluster?: string;
  taskDefinition: string;
  overrides?: TaskOverride;
  count?: number;
  /** later API */
  startedBy?: string;
  /** later API */
  group?: string;
  /** later API */
  placementStrategy?: PlacementStrategyRequest[];
  /** later API */
  placementConstraints?: PlacementConstraintRequest[];
}
export interface RunTaskResponse { tasks: Task[]; failures: Failure[] }
export interface StartTaskRequest {
  cluster?: string;
  taskDefinition: string;
  overrides?: TaskOverride;
  containerInstances: string[];
  /** later API */
  startedBy?: string;
  /** later API */
  group?: string;
}
export interface StartTaskResponse { tasks: Task[]; failures: Failure[] }
export interface StopTaskRequest { cluster?: string; task: string; /** later API */ reason?: string }
export interface StopTaskResponse { task: Task }
export interface ListTasksRequest {
  cluster?: string;
  containerInstance?: string;
  family?: string;
  nextToken?: string;
  maxResults?: number;
  /** later API */
  startedBy?: string;
  /** later API; default RUNNING */
  desiredStatus?: 'RUNNING' | 'PENDING' | 'STOPPED';
}
export interface ListTasksResponse { taskArns: string[]; nextToken?: string }
export interface DescribeTasksRequest { cluster?: string; tasks: string[] }
export interface DescribeTasksResponse { tasks: Task[]; failures: Failure[] }

export interface SubmitTaskStateChangeRequest { cluster?: string; task?: string; status?: string; reason?: string }
export interface SubmitTaskStateChangeResponse { acknowledgment: string }
export interface SubmitContainerStateChangeRequest {
  cluster?: string;
  task?: string;
  containerName?: string;
  status?: string;
  exitCode?: number;
  reason?: string;
  networkBindings?: NetworkBinding[];
}
export interface SubmitContainerStateChangeResponse { acknowledgment: string }
export interface DiscoverPollEndpointRequest { containerInstance?: string; /** later API */ cluster?: string }
export interface DiscoverPollEndpointResponse { endpoint: string; /** later API */ telemetryEndpoint?: string }

/** The 20 actions of the 2015-01-08 API, synchronous. */
export interface EcsApi {
  createCluster(req?: CreateClusterRequest): CreateClusterResponse;
  listClusters(req?: ListClustersRequest): ListClustersResponse;
  describeClusters(req?: DescribeClustersRequest): DescribeClustersResponse;
  deleteCluster(req: DeleteClusterRequest): DeleteClusterResponse;
  registerContainerInstance(req?: RegisterContainerInstanceRequest): RegisterContainerInstanceResponse;
  deregisterContainerInstance(req: DeregisterContainerInstanceRequest): DeregisterContainerInstanceResponse;
  listContainerInstances(req?: ListContainerInstancesRequest): ListContainerInstancesResponse;
  describeContainerInstances(req: DescribeContainerInstancesRequest): DescribeContainerInstancesResponse;
  registerTaskDefinition(req: RegisterTaskDefinitionRequest): RegisterTaskDefinitionResponse;
  deregisterTaskDefinition(req: DeregisterTaskDefinitionRequest): DeregisterTaskDefinitionResponse;
  listTaskDefinitions(req?: ListTaskDefinitionsRequest): ListTaskDefinitionsResponse;
  describeTaskDefinition(req: DescribeTaskDefinitionRequest): DescribeTaskDefinitionResponse;
  runTask(req: RunTaskRequest): RunTaskResponse;
  startTask(req: StartTaskRequest): StartTaskResponse;
  stopTask(req: StopTaskRequest): StopTaskResponse;
  listTasks(req?: ListTasksRequest): ListTasksResponse;
  describeTasks(req: DescribeTasksRequest): DescribeTasksResponse;
  submitTaskStateChange(req: SubmitTaskStateChangeRequest): SubmitTaskStateChangeResponse;
  submitContainerStateChange(req: SubmitContainerStateChangeRequest): SubmitContainerStateChangeResponse;
  discoverPollEndpoint(req?: DiscoverPollEndpointRequest): DiscoverPollEndpointResponse;
}
