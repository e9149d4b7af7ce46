// The scenario's fleet as a thing that costs money and may scale itself: the ledger that bills every
// instance to its group, one GroupScaler per autoscaled group, and the tasks that waited for a
// scale-out. The runner creates it only for a scenario that prices or autoscales a group, so a
// scenario without either runs (and reports) exactly as before.
import type { LifecycleListener } from '../../ecs/lifecycle.js';
import type { Simulation } from '../../ecs/simulation.js';
import type { InstanceRecord, TaskRecord } from '../../ecs/state.js';
import { onDemandPrice, PRICE_TABLE_SOURCE } from '../../model/instance-prices.js';
import { round } from '../../metrics/summary.js';
import { taskDemandOf } from '../simulation-view.js';
import type { Scenario } from '../types.js';
import type { ServiceWorld } from '../services/service-world.js';
import { FleetLedger, groupPrice } from './fleet-ledger.js';
import type { FleetCost, FleetResult, GroupFleetSummary, TaskWaits } from './fleet-result.js';
import { GroupScaler, type WaitingTasks } from './group-scaler.js';
import { RetryQueue } from './waiting-tasks.js';

/** True when the scenario prices or autoscales any group: only then does a run carry `fleet`. */
export function scenarioHasFleetPolicy(scenario: Scenario): boolean {
  return scenario.clusters.some((c) => c.instances.some((g) => g.autoscaling !== undefined || g.pricePerHour !== undefined));
}

export class FleetWorld implements LifecycleListener {
  readonly ledger: FleetLedger;
  readonly retryQueue = new RetryQueue();
  readonly scalers: GroupScaler[] = [];
  private services: ServiceWorld | undefined = undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly scenario: Scenario,
    private readonly end: number,
  ) {
    this.ledger = new FleetLedger(() => sim.now());
    for (const c of scenario.clusters) {
      c.instances.forEach((g, i) => {
        const key = `${c.name}/${i}`;
        this.ledger.addGroup({ key, cluster: c.name, price: groupPrice(g) });
        if (g.autoscaling) {
          this.scalers.push(
            new GroupScaler(key, c.name, { ...g, autoscaling: g.autoscaling }, { sim, ledger: this.ledger, waiting: (cl) => this.waitingIn(cl), end }),
          );
        }
      });
    }
  }

  /** Bills the starting instances of each group (`arns` by `cluster/index`) and, with `scale`, starts the scalers. */
  start(arnsByGroup: ReadonlyMap<string, readonly string[]>, services: ServiceWorld | undefined, scale = true): void {
    this.services = services;
    for (const [key, arns] of arnsByGroup) this.ledger.registered(key, arns);
    if (scale) for (const s of this.scalers) s.start(arnsByGroup.get(s.key) ?? []);
  }

  /** Tasks waiting for capacity in `cluster`: held for a retry, or launched by a service and not placed. */
  private waitingIn(cluster: string): WaitingTasks[] {
    const out: WaitingTasks[] = [...this.retryQueue.of(cluster)];
    for (const spec of this.scenario.services ?? []) {
      if (spec.cluster !== cluster) continue;
      const s = this.services?.service(spec.name);
      const n = s?.waitingTasks() ?? 0;
      if (n > 0) out.push({ demand: taskDemandOf(this.sim, s!.taskDefinition), count: n });
    }
    return out;
  }

  instanceRegistered(instance: InstanceRecord): void {
    // instances added by scenario events: billed at the table's price of their type; a group's
    // registration overwrites this with its own key right after
    const type = instance.instanceType ?? 'custom';
    const key = `${instance.cluster.name}/events:${type}`;
    this.ledger.addGroup({ key, cluster: instance.cluster.name, price: onDemandPrice(type) ?? null, onlyWhenUsed: true });
    this.ledger.registered(key, [instance.arn]);
  }

  instanceDeregistered(instance: InstanceRecord): void {
    this.ledger.instanceDeregistered(instance);
  }

  taskRunning(task: TaskRecord): void {
    this.ledger.taskRunning(task);
  }

  taskStopped(task: TaskRecord): void {
    this.ledger.taskStopped(task);
  }

  sample(): void {
    for (const s of this.scalers) s.sample();
  }

  /** The fleet's part of the run result up to `end` (the horizon, or now for a live world). */
  result(times: readonly number[], end: number = this.end): FleetResult {
    const hours = end / 3_600_000;
    const bills = this.ledger.bill(end);
    const groups: Record<string, GroupFleetSummary> = {};
    const clusters: FleetResult['clusters'] = {};
    const costOf = (instanceHours: number, cost: number | null, taskHours: number): FleetCost => ({
      instanceHours: round(instanceHours, 6),
      cost: cost === null ? null : round(cost, 2),
      costPerHour: cost === null || hours === 0 ? null : round(cost / hours, 4),
      costPer1000TaskHours: cost === null || taskHours === 0 ? null : round((cost / taskHours) * 1000, 2),
      taskHours: round(taskHours, 6),
    });
    let totalHours = 0;
    let totalCost: number | null = 0;
    let totalTaskHours = 0;
    for (const c of this.scenario.clusters) {
      const mine = bills.filter((b) => b.cluster === c.name);
      const taskHours = this.ledger.taskHours(c.name, end);
      const ih = mine.reduce((s, b) => s + b.instanceHours, 0);
      const unpriced = mine.some((b) => b.cost === null && b.instanceHours > 0);
      const cost = unpriced ? null : mine.reduce((s, b) => s + (b.cost ?? 0), 0);
      clusters[c.name] = { ...costOf(ih, cost, taskHours), waited: this.waitsOf(c.name) };
      totalHours += ih;
      totalTaskHours += taskHours;
      totalCost = totalCost === null || cost === null ? null : totalCost + cost;
    }
    for (const b of bills) {
      const scaler = this.scalers.find((s) => s.key === b.key);
      const { instanceHours, cost, costPerHour } = costOf(b.instanceHours, b.cost, 0);
      const g: GroupFleetSummary = { cluster: b.cluster, pricePerHour: b.price, instanceHours, cost, costPerHour };
      if (scaler) {
        const sp = scaler.spec;
        g.autoscaling = {
          min: sp.min,
          max: sp.max,
          policy: sp.policy.kind === 'targetTracking' ? `targetTracking ${sp.policy.metric} ${sp.policy.target}%` : `capacityProvider ${sp.policy.targetCapacity}%`,
          peakInstances: scaler.peak,
          finalDesired: scaler.rows.at(-1)?.desired ?? 0,
          actions: scaler.actions,
        };
      }
      groups[b.key] = g;
    }
    const out: FleetResult = {
      priceTable: { ...PRICE_TABLE_SOURCE },
      total: { ...costOf(totalHours, totalCost, totalTaskHours), waited: this.waitsOf(undefined) },
      clusters,
      groups,
      timeseries: { times: [...times], groups: this.scalers.map((s) => ({ group: s.key, rows: s.rows })) },
    };
    return out;
  }

  private waitsOf(cluster: string | undefined): TaskWaits {
    const waits = this.retryQueue.waits;
    const all = cluster === undefined ? [...waits.values()].flat() : (waits.get(cluster) ?? []);
    if (all.length === 0) return { tasks: 0, meanMs: 0, maxMs: 0 };
    return { tasks: all.length, meanMs: round(all.reduce((s, x) => s + x, 0) / all.length, 1), maxMs: Math.max(...all) };
  }
}
