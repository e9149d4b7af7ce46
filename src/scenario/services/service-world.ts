// The services of one simulation: a scheduler per service, one lifecycle observer that hands each
// notification to the service whose task it is (by cluster and ECS task group), and the questions
// asked of services as a whole — how many tasks are waiting for capacity, their metrics.
import type { RandomStreams } from '../../engine/rng.js';
import type { LifecycleListener } from '../../ecs/control-plane.js';
import type { Simulation } from '../../ecs/simulation.js';
import type { InstanceRecord, TaskRecord } from '../../ecs/state.js';
import { summarizeService, type ServiceSummary } from '../../metrics/service-metrics.js';
import { ServiceScheduler, type ServiceSchedulerOptions } from './service-scheduler.js';
import type { ServiceSpec } from './spec.js';

export class ServiceWorld implements LifecycleListener {
  /** In the order given. */
  readonly services: readonly ServiceScheduler[];
  private readonly byGroup = new Map<string, ServiceScheduler>();
  private readonly byCluster = new Map<string, ServiceScheduler[]>();
  private unsubscribe: (() => void) | undefined;

  /**
   * @param options.streams the scenario seed's random streams; `end` the horizon.
   * @throws RangeError when two services share a name in one cluster.
   */
  constructor(
    private readonly sim: Simulation,
    specs: readonly ServiceSpec[],
    options: ServiceSchedulerOptions & { streams: RandomStreams },
  ) {
    this.services = specs.map((spec) => new ServiceScheduler(sim, spec, options));
    for (const s of this.services) {
      const key = groupKey(s.spec.cluster, s.group);
      if (this.byGroup.has(key)) throw new RangeError(`service ${s.spec.name} is defined twice in cluster ${s.spec.cluster}`);
      this.byGroup.set(key, s);
      let list = this.byCluster.get(s.spec.cluster);
      if (!list) this.byCluster.set(s.spec.cluster, (list = []));
      list.push(s);
    }
  }

  /** Subscribes to the simulation and creates every service now (their first launches follow at once). */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.sim.observe(this);
    for (const s of this.services) s.start();
  }

  /** Stops listening (the schedulers' pending timers stay scheduled). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  service(name: string): ServiceScheduler | undefined {
    return this.services.find((s) => s.spec.name === name);
  }

  /**
   * Tasks launched by services and not yet placed (what a cluster autoscaler counts as waiting),
   * in `cluster` or in every cluster.
   */
  waitingTasks(cluster?: string): number {
    const list = cluster === undefined ? this.services : (this.byCluster.get(cluster) ?? []);
    let n = 0;
    for (const s of list) n += s.waitingTasks();
    return n;
  }

  /** Takes one time-series sample of every service. */
  sample(): void {
    for (const s of this.services) s.metrics.sample();
  }

  finish(end: number): void {
    for (const s of this.services) s.finish(end);
  }

  /** Summaries by service name, in the order given. Call after `finish(end)`. */
  summaries(end: number): Record<string, ServiceSummary> {
    const out: Record<string, ServiceSummary> = {};
    for (const s of this.services) out[s.spec.name] = summarizeService(s.metrics, end);
    return out;
  }

  // ---- lifecycle notifications ----

  private owner(task: TaskRecord): ServiceScheduler | undefined {
    if (task.group === undefined) return undefined;
    const s = this.byGroup.get(groupKey(task.cluster.name, task.group));
    return s && s.owns(task.uuid) ? s : undefined;
  }

  taskRunning(task: TaskRecord): void {
    this.owner(task)?.taskRunning(task.uuid);
  }

  taskStopped(task: TaskRecord): void {
    this.owner(task)?.taskStopped(task.uuid);
  }

  instanceRegistered(inst: InstanceRecord): void {
    for (const s of this.byCluster.get(inst.cluster.name) ?? []) s.capacityAdded();
  }

  agentConnectionChanged(inst: InstanceRecord): void {
    if (!inst.agentConnected) return;
    for (const s of this.byCluster.get(inst.cluster.name) ?? []) s.agentReconnected();
  }
}

function groupKey(cluster: string, group: string): string {
  return `${cluster}\u0000${group}`;
}
