// Shared benchmark fixtures: heterogeneous fleets, a small task-definition mix, and a ledger that
// tracks what the benchmark itself placed so each run can prove its accounting from the outside
// (registered = remaining + held, per instance, read back through the public API).

/** Instance shapes of a mixed EC2 fleet: CPU units (1024 per vCPU) and MEMORY MiB. */
export const INSTANCE_SHAPES = [
  { type: 'c5.large', cpu: 2048, memory: 3800 },
  { type: 'm5.large', cpu: 2048, memory: 7680 },
  { type: 'm5.xlarge', cpu: 4096, memory: 15600 },
  { type: 'r5.xlarge', cpu: 4096, memory: 31400 },
  { type: 'c5.2xlarge', cpu: 8192, memory: 15300 },
  { type: 'm5.4xlarge', cpu: 16384, memory: 62900 },
];

/**
 * The task definitions the benchmarks run: different sizes, one or two containers, and one with a
 * dynamic host port so the port path is exercised too. `cpu`/`memory` are per task.
 */
export const TASK_DEFS = [
  { family: 'small', cpu: 256, memory: 512, containers: [{ name: 'app', image: 'app:1', cpu: 256, memory: 512 }] },
  {
    family: 'web',
    cpu: 512,
    memory: 1024,
    containers: [{ name: 'web', image: 'nginx', cpu: 512, memory: 1024, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
  },
  {
    family: 'worker',
    cpu: 1024,
    memory: 2560,
    containers: [
      { name: 'worker', image: 'worker:3', cpu: 768, memory: 2048 },
      { name: 'sidecar', image: 'log:1', cpu: 256, memory: 512 },
    ],
  },
];

/** Registers the task definitions; returns them with the ARN each was given. */
export function registerTaskDefs(ecs, defs = TASK_DEFS) {
  return defs.map((d) => ({
    ...d,
    arn: ecs.registerTaskDefinition({ family: d.family, containerDefinitions: d.containers }).taskDefinition.taskDefinitionArn,
  }));
}

/**
 * Registers `n` instances whose shapes cycle through INSTANCE_SHAPES in a fixed, scrambled order.
 * Returns their ARNs and the fleet's total CPU and MEMORY.
 */
export function registerFleet(ecs, cluster, n, shapes = INSTANCE_SHAPES) {
  ecs.createCluster({ clusterName: cluster });
  const arns = new Array(n);
  let totalCpu = 0;
  let totalMemory = 0;
  for (let i = 0; i < n; i++) {
    // a multiplicative hash spreads shapes without a visible stride
    const s = shapes[(Math.imul(i + 1, 2654435761) >>> 0) % shapes.length];
    arns[i] = ecs.registerContainerInstance({
      cluster,
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: s.cpu },
        { name: 'MEMORY', type: 'INTEGER', integerValue: s.memory },
        { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678'] },
      ],
    }).containerInstance.containerInstanceArn;
    totalCpu += s.cpu;
    totalMemory += s.memory;
  }
  return { arns, totalCpu, totalMemory };
}

/** A FIFO of strings (task ARNs) on a plain array, compacted now and then. */
export class ArnQueue {
  constructor() {
    this.items = [];
    this.head = 0;
  }
  get size() {
    return this.items.length - this.head;
  }
  push(arn) {
    this.items.push(arn);
  }
  shift() {
    const x = this.items[this.head++];
    if (this.head > 65536 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
  toArray() {
    return this.items.slice(this.head);
  }
}

/**
 * Checks the cluster's books from the outside, through the public API only: the live tasks
 * (`liveTaskArns`, as the benchmark tracked them) are described to learn where each runs and what
 * it holds, and every instance must show registered = remaining + held, for CPU and MEMORY. Also
 * checks that the cluster counts exactly these tasks as live. Throws on the first mismatch;
 * returns the fraction of CPU and MEMORY reserved.
 */
export function checkAccounting(ecs, cluster, instanceArns, liveTaskArns, defs) {
  const demandByArn = new Map(defs.map((d) => [d.arn, d]));
  const held = new Map();
  for (let i = 0; i < liveTaskArns.length; i += 100) {
    const { tasks, failures } = ecs.describeTasks({ cluster, tasks: liveTaskArns.slice(i, i + 100) });
    if (failures.length > 0) throw new Error(`accounting: ${failures.length} live tasks not found`);
    for (const t of tasks) {
      if (t.lastStatus === 'STOPPED') throw new Error(`accounting: ${t.taskArn} is STOPPED but was never stopped`);
      const d = demandByArn.get(t.taskDefinitionArn);
      const h = held.get(t.containerInstanceArn) ?? { cpu: 0, memory: 0 };
      h.cpu += d.cpu;
      h.memory += d.memory;
      held.set(t.containerInstanceArn, h);
    }
  }
  const registered = { cpu: 0, memory: 0 };
  const remaining = { cpu: 0, memory: 0 };
  let live = 0;
  for (let i = 0; i < instanceArns.length; i += 100) {
    const { containerInstances, failures } = ecs.describeContainerInstances({ cluster, containerInstances: instanceArns.slice(i, i + 100) });
    if (failures.length > 0) throw new Error(`accounting: ${failures.length} instances missing`);
    for (const ci of containerInstances) {
      const h = held.get(ci.containerInstanceArn) ?? { cpu: 0, memory: 0 };
      for (const [dim, key] of [['CPU', 'cpu'], ['MEMORY', 'memory']]) {
        const reg = ci.registeredResources.find((r) => r.name === dim).integerValue;
        const rem = ci.remainingResources.find((r) => r.name === dim).integerValue;
        if (reg !== rem + h[key]) {
          throw new Error(`accounting: ${ci.containerInstanceArn} ${dim} registered ${reg} != remaining ${rem} + held ${h[key]}`);
        }
        registered[key] += reg;
        remaining[key] += rem;
      }
      live += ci.runningTasksCount + ci.pendingTasksCount;
    }
  }
  if (live !== liveTaskArns.length) throw new Error(`accounting: instances count ${live} live tasks, the benchmark ${liveTaskArns.length}`);
  const c = ecs.describeClusters({ clusters: [cluster] }).clusters[0];
  if (c.runningTasksCount + c.pendingTasksCount !== liveTaskArns.length) {
    throw new Error(`accounting: cluster counts ${c.runningTasksCount + c.pendingTasksCount} live tasks, the benchmark ${liveTaskArns.length}`);
  }
  return {
    reservedCpu: 1 - remaining.cpu / registered.cpu,
    reservedMemory: 1 - remaining.memory / registered.memory,
  };
}
