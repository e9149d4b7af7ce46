// The fleet's bill: which instance group each container instance belongs to, when it was launched and
// when it went away, and what that cost. Instance-hours count per second of simulated time (EC2's
// per-second billing) from LAUNCH to deregistration or the horizon: an autoscaled instance is billed
// while it boots, as EC2 bills it, though it serves nothing until it registers. Instances of the
// starting fleet launch and register at time 0. Also the task-hours run per cluster, so a cost per
// 1,000 task-hours can be quoted.
import type { LifecycleListener } from '../../ecs/lifecycle.js';
import type { InstanceRecord, TaskRecord } from '../../ecs/state.js';
import { onDemandPrice } from '../../model/instance-prices.js';
import type { InstanceGroup } from '../types.js';

const MS_PER_HOUR = 3_600_000;

/** One billed instance: launched at `launchedAt`, gone at `endedAt` (undefined: still there). */
interface BilledInstance {
  readonly group: string;
  readonly launchedAt: number;
  endedAt: number | undefined;
}

/** The price a group pays per instance-hour: its own `pricePerHour`, else the table's, else null (unpriced). */
export function groupPrice(group: Pick<InstanceGroup, 'type' | 'pricePerHour'>): number | null {
  if (group.pricePerHour !== undefined) return group.pricePerHour;
  if (group.type === undefined) return null;
  return onDemandPrice(group.type) ?? null;
}

export interface LedgerGroup {
  /** `cluster/index` for a scenario group, `cluster/events` for instances added by scenario events. */
  readonly key: string;
  readonly cluster: string;
  readonly price: number | null;
  /** Listed in the bill only when an instance was billed to it (the instances of scenario events). */
  readonly onlyWhenUsed?: boolean;
}

export class FleetLedger implements LifecycleListener {
  private readonly byArn = new Map<string, BilledInstance>();
  /** Booting instances (launched, not registered) by a token the scaler holds. */
  private readonly booting = new Map<number, BilledInstance>();
  private nextToken = 0;
  private readonly groups = new Map<string, LedgerGroup>();
  /** Task-milliseconds finished per cluster, and the start times of running tasks. */
  private readonly taskMs = new Map<string, number>();
  /** By the task's creation sequence number (unique, and no ARN to spell for every task run). */
  private readonly runningSince = new Map<number, { cluster: string; at: number }>();

  constructor(private readonly now: () => number) {}

  addGroup(group: LedgerGroup): void {
    if (!this.groups.has(group.key)) this.groups.set(group.key, group);
  }

  /** Instances that registered at once (the starting fleet, addInstances events): launched now. */
  registered(group: string, arns: readonly string[]): void {
    const t = this.now();
    for (const arn of arns) this.byArn.set(arn, { group, launchedAt: t, endedAt: undefined });
  }

  /** An instance launched now that will register later; returns the token to pass to `booted` or `cancelled`. */
  launched(group: string): number {
    const token = this.nextToken++;
    this.booting.set(token, { group, launchedAt: this.now(), endedAt: undefined });
    return token;
  }

  /** The instance launched under `token` registered as `arn`. */
  booted(token: number, arn: string): void {
    const b = this.booting.get(token);
    if (!b) return;
    this.booting.delete(token);
    this.byArn.set(arn, b);
  }

  /** The instance launched under `token` was terminated before it registered. */
  cancelled(token: number): void {
    const b = this.booting.get(token);
    if (!b) return;
    this.booting.delete(token);
    b.endedAt = this.now();
    this.byArn.set(`booting:${token}`, b);
  }

  /** The group an instance was billed to, if the ledger knows it. */
  groupOf(arn: string): string | undefined {
    return this.byArn.get(arn)?.group;
  }

  instanceDeregistered(instance: InstanceRecord): void {
    const b = this.byArn.get(instance.arn);
    if (b && b.endedAt === undefined) b.endedAt = this.now();
  }

  taskRunning(task: TaskRecord): void {
    this.runningSince.set(task.seq, { cluster: task.cluster.name, at: this.now() });
  }

  taskStopped(task: TaskRecord): void {
    const r = this.runningSince.get(task.seq);
    if (!r) return;
    this.runningSince.delete(task.seq);
    this.taskMs.set(r.cluster, (this.taskMs.get(r.cluster) ?? 0) + (this.now() - r.at));
  }

  /** Instance-hours and cost per group up to `end`, groups in the order added. */
  bill(end: number): GroupBill[] {
    const hours = new Map<string, number>();
    const add = (b: BilledInstance): void => {
      const ms = Math.max(0, Math.min(b.endedAt ?? end, end) - b.launchedAt);
      hours.set(b.group, (hours.get(b.group) ?? 0) + ms / MS_PER_HOUR);
    };
    for (const b of this.byArn.values()) add(b);
    for (const b of this.booting.values()) add(b);
    const listed = [...this.groups.values()].filter((g) => !g.onlyWhenUsed || hours.has(g.key));
    return listed.map((g) => {
      const h = hours.get(g.key) ?? 0;
      return { key: g.key, cluster: g.cluster, price: g.price, instanceHours: h, cost: g.price === null ? null : h * g.price };
    });
  }

  /** Hours of RUNNING tasks in `cluster` up to `end`. */
  taskHours(cluster: string, end: number): number {
    let ms = this.taskMs.get(cluster) ?? 0;
    for (const r of this.runningSince.values()) if (r.cluster === cluster) ms += end - r.at;
    return ms / MS_PER_HOUR;
  }
}

export interface GroupBill {
  key: string;
  cluster: string;
  /** USD per instance-hour; null: the group has no price. */
  price: number | null;
  instanceHours: number;
  /** USD; null when the group has no price. */
  cost: number | null;
}
