// A subscriber-side copy of every container instance's resources, kept current from the control
// plane's lifecycle notifications alone: what each instance registered, what its live tasks hold,
// which fixed host ports are taken, whether it is ACTIVE and its agent connected. Metrics read it
// (stranded capacity, instances in use) and so can a scheduler that names instances for StartTask,
// without describing instances through the API on every decision. Flat typed arrays by instance
// slot, so a notification costs a few array writes.
import type { InstanceRecord, TaskDefinitionRecord } from '../ecs/state.js';

/** What one task of a task definition holds, per tracked resource dimension. */
export interface DemandVector {
  /** Amount per dimension of the view (its `dims` order). */
  readonly amounts: Float64Array;
  /** Fixed TCP / UDP host ports. */
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
}

function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

export class FleetView {
  /** Resource dimensions tracked: CPU, MEMORY, then user-defined names. Others are ignored. */
  readonly dims: readonly string[];
  private readonly dimIndex = new Map<string, number>();
  /** Remaining amount per dimension, by instance slot. */
  remaining: Float64Array[];
  /** Registered amount per dimension, by instance slot. */
  registered: Float64Array[];
  /** Live (PENDING or RUNNING) tasks, by slot. */
  live: Int32Array = new Int32Array(64);
  /** 1 while ACTIVE (registered, not deregistered), by slot. */
  active: Uint8Array = new Uint8Array(64);
  /** 1 while the agent is connected, by slot. */
  connected: Uint8Array = new Uint8Array(64);
  /** Fixed TCP and UDP host ports in use (reserved at registration or held by a live task), by slot. */
  readonly tcpInUse: (Set<number> | undefined)[] = [];
  readonly udpInUse: (Set<number> | undefined)[] = [];
  /** Instance records by slot. */
  readonly records: (InstanceRecord | undefined)[] = [];
  private readonly byCluster = new Map<string, InstanceRecord[]>();
  private readonly demands = new Map<TaskDefinitionRecord, DemandVector>();
  private capacity = 64;

  /** @param dims resource names to track; CPU and MEMORY are always first. */
  constructor(dims: readonly string[]) {
    const all = ['CPU', 'MEMORY', ...dims.filter((d) => d !== 'CPU' && d !== 'MEMORY')];
    this.dims = all;
    all.forEach((d, i) => this.dimIndex.set(d, i));
    this.remaining = all.map(() => new Float64Array(64));
    this.registered = all.map(() => new Float64Array(64));
  }

  /** The index of a tracked dimension, or undefined. */
  dim(name: string): number | undefined {
    return this.dimIndex.get(name);
  }

  /** Instances ever registered in a cluster, in registration order. */
  instances(cluster: string): readonly InstanceRecord[] {
    return this.byCluster.get(cluster) ?? [];
  }

  /** The demand vector of a task definition (computed once per definition). */
  demandOf(td: TaskDefinitionRecord): DemandVector {
    let v = this.demands.get(td);
    if (!v) {
      const d = td.demand;
      const amounts = new Float64Array(this.dims.length);
      amounts[0] = d.cpu;
      amounts[1] = d.memory;
      for (let k = 0; k < d.extraNames.length; k++) {
        const i = this.dimIndex.get(d.extraNames[k]!);
        if (i !== undefined) amounts[i]! += d.extraAmounts[k]!;
      }
      v = { amounts, tcpPorts: d.tcpPorts, udpPorts: d.udpPorts };
      this.demands.set(td, v);
    }
    return v;
  }

  /** A demand vector from amounts per resource name (names the view does not track are ignored). */
  vector(amounts: Readonly<Record<string, number>>, tcpPorts: readonly number[] = [], udpPorts: readonly number[] = []): DemandVector {
    const v = new Float64Array(this.dims.length);
    for (const [name, amount] of Object.entries(amounts)) {
      const i = this.dimIndex.get(name);
      if (i !== undefined) v[i]! += amount;
    }
    return { amounts: v, tcpPorts, udpPorts };
  }

  /**
   * Why the instance at `slot` cannot take one task of `v`, in the order ECS checks (AGENT,
   * RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, RESOURCE:PORTS_UDP, RESOURCE:<name>), or
   * null when it can. `extra` tasks of `v` already promised to the slot count as taken.
   * INACTIVE instances answer 'INACTIVE'.
   */
  fitReason(slot: number, v: DemandVector, extra = 0): string | null {
    if (this.active[slot] === 0) return 'INACTIVE';
    if (this.connected[slot] === 0) return 'AGENT';
    const n = this.dims.length;
    const a = v.amounts;
    for (let i = 0; i < 2; i++) if (this.remaining[i]![slot]! < a[i]! * (1 + extra)) return i === 0 ? 'RESOURCE:CPU' : 'RESOURCE:MEMORY';
    if (v.tcpPorts.length > 0) {
      if (extra > 0) return 'RESOURCE:PORTS';
      const s = this.tcpInUse[slot];
      if (s) for (const p of v.tcpPorts) if (s.has(p)) return 'RESOURCE:PORTS';
    }
    if (v.udpPorts.length > 0) {
      if (extra > 0) return 'RESOURCE:PORTS_UDP';
      const s = this.udpInUse[slot];
      if (s) for (const p of v.udpPorts) if (s.has(p)) return 'RESOURCE:PORTS_UDP';
    }
    for (let i = 2; i < n; i++) if (this.remaining[i]![slot]! < a[i]! * (1 + extra)) return `RESOURCE:${this.dims[i]!}`;
    return null;
  }

  // ---- updates, from lifecycle notifications ----

  /** A new instance: its registered resources and reserved ports. */
  register(inst: InstanceRecord): void {
    const slot = inst.slot;
    while (slot >= this.capacity) this.grow();
    this.records[slot] = inst;
    let list = this.byCluster.get(inst.cluster.name);
    if (!list) this.byCluster.set(inst.cluster.name, (list = []));
    list.push(inst);
    for (const r of inst.registeredResources) {
      const i = this.dimIndex.get(r.name);
      if (i === undefined || r.type === 'STRINGSET') continue;
      const amount = r.integerValue ?? r.longValue ?? r.doubleValue ?? 0;
      this.registered[i]![slot] = amount;
      this.remaining[i]![slot] = amount;
    }
    this.tcpInUse[slot] = inst.reservedTcp.length > 0 ? new Set(inst.reservedTcp) : undefined;
    this.udpInUse[slot] = inst.reservedUdp.length > 0 ? new Set(inst.reservedUdp) : undefined;
    this.live[slot] = inst.liveTasks.size;
    this.active[slot] = inst.status === 'ACTIVE' ? 1 : 0;
    this.connected[slot] = inst.agentConnected ? 1 : 0;
  }

  /** A task placed on `slot` takes `v`; returns the instance's live task count after. */
  take(slot: number, v: DemandVector): number {
    const a = v.amounts;
    for (let i = 0; i < a.length; i++) this.remaining[i]![slot]! -= a[i]!;
    if (v.tcpPorts.length > 0) {
      let s = this.tcpInUse[slot];
      if (!s) this.tcpInUse[slot] = s = new Set();
      for (const p of v.tcpPorts) s.add(p);
    }
    if (v.udpPorts.length > 0) {
      let s = this.udpInUse[slot];
      if (!s) this.udpInUse[slot] = s = new Set();
      for (const p of v.udpPorts) s.add(p);
    }
    return ++this.live[slot]!;
  }

  /** A task on `slot` reached STOPPED and gives `v` back; returns the live task count after. */
  give(slot: number, v: DemandVector): number {
    const a = v.amounts;
    for (let i = 0; i < a.length; i++) this.remaining[i]![slot]! += a[i]!;
    const tcp = this.tcpInUse[slot];
    if (tcp) for (const p of v.tcpPorts) tcp.delete(p);
    const udp = this.udpInUse[slot];
    if (udp) for (const p of v.udpPorts) udp.delete(p);
    // a task's fixed ports never overlap the reserved ones (it would not have fit), so deleting
    // them leaves the reserved ports taken
    return --this.live[slot]!;
  }

  setActive(slot: number, active: boolean): void {
    this.active[slot] = active ? 1 : 0;
  }

  setConnected(slot: number, connected: boolean): void {
    this.connected[slot] = connected ? 1 : 0;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.remaining = this.remaining.map((a) => growF64(a, n));
    this.registered = this.registered.map((a) => growF64(a, n));
    this.live = growI32(this.live, n);
    this.active = growU8(this.active, n);
    this.connected = growU8(this.connected, n);
    this.capacity = n;
  }
}
