// The Auto Scaling group behind one instance group: every `period` it reads its policy's metric,
// computes the desired size, and moves the group toward it through the public API — a scale-out
// launches instances that call RegisterContainerInstance `bootTime` later, a scale-in terminates
// booting instances first, then deregisters idle ones, then (when `scaleIn` lets it drain) busy ones
// with force, so their tasks stop as a forced deregistration does.
//
// targetTracking follows Application Auto Scaling: desired = ceil(current × metric ÷ target), with
// current the group's desired capacity and the metric the cluster's reservation (reserved ÷
// registered × 100 over ACTIVE instances, as ECS publishes CPUReservation / MemoryReservation). One
// evaluation per period decides (no multi-datapoint alarm), which makes hand-worked answers exact.
// capacityProvider follows ECS managed scaling: CapacityProviderReservation = M ÷ N × 100 with N the
// group's instances (booting ones included) and M the instances needed to run every task: the
// group's instances with live tasks, plus the fewest new instances that hold the tasks waiting for
// capacity (packed first fit decreasing by CPU). desired = ceil(N × metric ÷ targetCapacity) =
// ceil(M × 100 ÷ targetCapacity).
// Both clamp to [min, max] and respect the cooldowns: no scale-out within scaleOutCooldown of the
// last one, no scale-in within scaleInCooldown of the last one.
import type { Simulation } from '../../ecs/simulation.js';
import type { InstanceRecord } from '../../ecs/state.js';
import type { Demand } from '../../model/demand.js';
import { registerInstances } from '../fleet.js';
import { clusterReservation, instancesOf } from '../simulation-view.js';
import type { InstanceGroup } from '../types.js';
import type { FleetLedger } from './fleet-ledger.js';
import type { AutoscalingSpec } from './spec.js';

/** A scaling activity: when, from which desired size to which, and why (the metric as read). */
export interface ScalingAction {
  at: number;
  from: number;
  to: number;
  reason: string;
}

/** Tasks waiting for capacity in a cluster: a demand and how many tasks ask for it. */
export interface WaitingTasks {
  demand: Demand;
  count: number;
}

/** One sample of the group's size. */
export interface GroupSizeRow {
  desired: number;
  booting: number;
  registered: number;
}

export interface GroupScalerContext {
  readonly sim: Simulation;
  readonly ledger: FleetLedger;
  /** Tasks waiting for capacity in the group's cluster now. */
  readonly waiting: (cluster: string) => readonly WaitingTasks[];
  readonly end: number;
}

interface Booting {
  readonly token: number;
  cancelled: boolean;
}

export class GroupScaler {
  private desired: number;
  /** Instances this group registered and has not deregistered, in registration order. */
  private readonly members: InstanceRecord[] = [];
  private readonly booting: Booting[] = [];
  private lastScaleOut: number | undefined = undefined;
  private lastScaleIn: number | undefined = undefined;
  readonly actions: ScalingAction[] = [];
  readonly rows: GroupSizeRow[] = [];
  /** Most instances the group had at once (booting and registered). */
  peak: number;

  constructor(
    readonly key: string,
    readonly cluster: string,
    private readonly group: InstanceGroup & { autoscaling: AutoscalingSpec },
    private readonly ctx: GroupScalerContext,
  ) {
    this.desired = group.count;
    this.peak = group.count;
  }

  get spec(): AutoscalingSpec {
    return this.group.autoscaling;
  }

  /** Takes the starting instances (already registered and billed) and schedules the first evaluation. */
  start(arns: readonly string[]): void {
    const byArn = new Map(instancesOf(this.ctx.sim, this.cluster).map((i) => [i.arn, i]));
    for (const arn of arns) this.members.push(byArn.get(arn)!);
    this.scheduleEvaluation();
  }

  private scheduleEvaluation(): void {
    const { sim, end } = this.ctx;
    if (sim.now() + this.spec.period >= end) return;
    sim.schedule(this.spec.period, () => {
      this.evaluate();
      this.scheduleEvaluation();
    });
  }

  private live(): InstanceRecord[] {
    // a member may have been deregistered by someone else (a scenario event)
    for (let i = this.members.length - 1; i >= 0; i--) if (this.members[i]!.status !== 'ACTIVE') this.members.splice(i, 1);
    return this.members;
  }

  private bootingCount(): number {
    return this.booting.filter((b) => !b.cancelled).length;
  }

  /** Current size: booting plus registered. */
  size(): number {
    return this.live().length + this.bootingCount();
  }

  /** The desired size the policy asks for now, and the reason to quote; undefined when the metric has no datapoint. */
  private target(): { desired: number; reason: string } | undefined {
    const policy = this.spec.policy;
    if (policy.kind === 'targetTracking') {
      const { reserved, registered } = clusterReservation(this.ctx.sim, this.cluster, policy.metric === 'CPUReservation' ? 'CPU' : 'MEMORY');
      if (registered <= 0) return undefined;
      const metric = (reserved / registered) * 100;
      // a tiny epsilon so 75.000000001% of a target of 75 does not add an instance
      const desired = Math.ceil((this.desired * metric) / policy.target - 1e-9);
      return { desired, reason: `${policy.metric} ${fmt(metric)}% against target ${fmt(policy.target)}%` };
    }
    const busy = this.live().filter((i) => i.liveTasks.size > 0).length;
    const needed = instancesNeeded(this.ctx.waiting(this.cluster), this.group);
    const m = busy + needed;
    const n = this.size();
    const metric = n === 0 ? (m > 0 ? 200 : 100) : (m / n) * 100;
    const desired = Math.ceil((m * 100) / policy.targetCapacity - 1e-9);
    const waiting = this.ctx.waiting(this.cluster).reduce((s, w) => s + w.count, 0);
    return { desired, reason: `CapacityProviderReservation ${fmt(metric)}% (M=${m}, N=${n}, ${waiting} waiting) against target ${fmt(policy.targetCapacity)}%` };
  }

  private evaluate(): void {
    const t = this.target();
    if (t === undefined) return;
    const { min, max, scaleOutCooldown, scaleInCooldown, scaleIn } = this.spec;
    const want = Math.min(max, Math.max(min, t.desired));
    const now = this.ctx.sim.now();
    if (want > this.desired) {
      if (this.lastScaleOut !== undefined && now - this.lastScaleOut < scaleOutCooldown) return;
      this.actions.push({ at: now, from: this.desired, to: want, reason: t.reason });
      this.desired = want;
      this.lastScaleOut = now;
    } else if (want < this.desired) {
      if (!scaleIn) return;
      if (this.lastScaleIn !== undefined && now - this.lastScaleIn < scaleInCooldown) return;
      this.actions.push({ at: now, from: this.desired, to: want, reason: t.reason });
      this.desired = want;
      this.lastScaleIn = now;
    } else {
      return;
    }
    this.reconcile();
  }

  /** Launches or removes instances until the group's size is its desired size. */
  private reconcile(): void {
    let size = this.size();
    while (size < this.desired) {
      this.launch();
      size++;
    }
    this.peak = Math.max(this.peak, size);
    // booting instances go first (newest first), then idle instances, newest first, then busy ones
    for (let i = this.booting.length - 1; i >= 0 && size > this.desired; i--) {
      const b = this.booting[i]!;
      if (b.cancelled) continue;
      b.cancelled = true;
      this.ctx.ledger.cancelled(b.token);
      size--;
    }
    if (size <= this.desired) return;
    const members = this.live();
    const order = [...members].reverse().sort((a, b) => a.liveTasks.size - b.liveTasks.size);
    for (const inst of order) {
      if (size <= this.desired) break;
      this.ctx.sim.ecs.deregisterContainerInstance({ cluster: this.cluster, containerInstance: inst.arn, force: inst.liveTasks.size > 0 });
      members.splice(members.indexOf(inst), 1);
      size--;
    }
  }

  private launch(): void {
    const { sim, ledger } = this.ctx;
    const b: Booting = { token: ledger.launched(this.key), cancelled: false };
    this.booting.push(b);
    sim.schedule(this.spec.bootTime, () => {
      const i = this.booting.indexOf(b);
      if (i >= 0) this.booting.splice(i, 1);
      if (b.cancelled) return;
      const arn = registerInstances(sim, this.cluster, this.group, 1)[0]!;
      ledger.booted(b.token, arn);
      this.members.push(instancesOf(sim, this.cluster).find((x) => x.arn === arn)!);
    });
  }

  /** Records the group's size now (for the time series). */
  sample(): void {
    this.rows.push({ desired: this.desired, booting: this.bootingCount(), registered: this.live().length });
  }
}

/**
 * The fewest new instances of `group` that hold every waiting task, packed first fit decreasing by
 * CPU then MEMORY over CPU, MEMORY and user-defined resources. A task that fits no empty instance
 * of the group counts nothing (no instance of this group can ever run it).
 */
export function instancesNeeded(waiting: readonly WaitingTasks[], group: InstanceGroup): number {
  const cap = group.resources;
  const tasks: Demand[] = [];
  for (const w of waiting) for (let i = 0; i < w.count; i++) tasks.push(w.demand);
  const fitsEmpty = (d: Demand): boolean =>
    d.cpu <= cap.CPU && d.memory <= cap.MEMORY && d.extraNames.every((n, k) => d.extraAmounts[k]! <= (cap[n] ?? 0));
  const order = tasks.filter(fitsEmpty).sort((a, b) => b.cpu - a.cpu || b.memory - a.memory);
  const bins: { cpu: number; memory: number; extra: Map<string, number> }[] = [];
  for (const d of order) {
    let bin = bins.find(
      (b) => b.cpu >= d.cpu && b.memory >= d.memory && d.extraNames.every((n, k) => (b.extra.get(n) ?? 0) >= d.extraAmounts[k]!),
    );
    if (!bin) {
      bin = { cpu: cap.CPU, memory: cap.MEMORY, extra: new Map(Object.entries(cap).filter(([n]) => n !== 'CPU' && n !== 'MEMORY')) };
      bins.push(bin);
    }
    bin.cpu -= d.cpu;
    bin.memory -= d.memory;
    d.extraNames.forEach((n, k) => bin.extra.set(n, (bin.extra.get(n) ?? 0) - d.extraAmounts[k]!));
  }
  return bins.length;
}

function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}
