// The services of one simulation: a scheduler per service, one lifecycle observer that hands each
// notification to the service whose task it is (by cluster and ECS task group), and the questions
// asked of services as a whole — how many tasks are waiting for capacity, their metrics.
import type { LifecycleListener } from '../../ecs/control-plane.js';
import type { Simulation } from '../../ecs/simulation.js';
import type { InstanceRecord, TaskRecord } from '../../ecs/state.js';
import { TaskLifetimes } from '../lifetimes.js';
import { summarizeService, type ServiceSummary } from '../../metrics/service-metrics.js';
import { ServiceScheduler, type ServiceSchedulerOptions } from './service-scheduler.js';
import type { ServiceSpec } from './spec.js';

export class ServiceWorld implements LifecycleListener {
  /** In the order given. */
  readonly services: readonly ServiceScheduler[];
  private readonly byGroup = new Map<string, ServiceScheduler>();
  private readonly byCluster = new Map<string, ServiceScheduler[]>();
  private unsubscribe: (() => void) | undefined;
  /** The lifetimes owner the world made for itself (none when the run gave one). */
  private readonly ownLifetimes: TaskLifetimes | undefined;

  /**
   * @param options.streams the scenario seed's random streams; `end` the horizon; `lifetimes` the
   *   run's owner of task lifetimes, already observing `sim` (default: one of the world's own).
   * @throws RangeError when two services share a name in one cluster.
   */
  constructor(
    private readonly sim: Simulation,
    specs: readonly ServiceSpec[],
    options: Omit<ServiceSchedulerOptions, 'lifetimes'> & { lifetimes?: TaskLifetimes },
  ) {
    let lifetimes = options.lifetimes;
    if (!lifetimes) this.ownLifetimes = lifetimes = new TaskLifetimes(sim, options.end ?? Infinity);
    const schedulerOptions: ServiceSchedulerOptions = { ...options, lifetimes };
    this.services = specs.map((spec) => new ServiceScheduler(sim, spec, schedulerOptions));
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
    const off = this.sim.observe(this);
    const own = this.ownLifetimes ? this.sim.observe(this.ownLifetimes) : undefined;
    this.unsubscribe = () => {
      off();
      own?.();
    };
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
    return s && s.owns(this.sim.controlPlane.taskUuid(task)) ? s : undefined;
  }

  taskRunning(task: TaskRecord): void {
    this.owner(task)?.taskRunning(this.sim.controlPlane.taskUuid(task));
  }

  taskStopped(task: TaskRecord): void {
    this.owner(task)?.taskStopped(this.sim.controlPlane.taskUuid(task));
  }

  instanceRegistered(inst: InstanceRecord): void {
    for (const s of this.byCluster.get(inst.cluster.name) ?? []) s.capacityAdded();
  }

}

function groupKey(cluster: string, group: string): string {
  return `${cluster}\u0000${group}`;
}
