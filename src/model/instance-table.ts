// Flat, slot-indexed store of every container instance's resources. Hot state lives in typed
// arrays (remaining and registered amounts per resource dimension) so placement reads numbers,
// not objects. Ports are per-instance sets created only when an instance has any.
import { withLength } from '../engine/typed-arrays.js';
import { addDecimal, type Demand, FIT_AGENT, FIT_CPU, FIT_EXTRA, FIT_MEMORY, FIT_OK, FIT_PORTS, FIT_PORTS_UDP } from './demand.js';

export const DIM_CPU = 0;
export const DIM_MEMORY = 1;
export const DYNAMIC_PORT_MIN = 49153;
export const DYNAMIC_PORT_MAX = 65535;

export class InstanceTable {
  /** Resource dimension names: CPU, MEMORY, then user-defined names in order of first use. */
  readonly dimNames: string[] = ['CPU', 'MEMORY'];
  private readonly dimIndex = new Map<string, number>([
    ['CPU', DIM_CPU],
    ['MEMORY', DIM_MEMORY],
  ]);
  remaining: Float64Array[] = [];
  registered: Float64Array[] = [];
  /** 1 when the instance is ACTIVE. */
  active = new Uint8Array(0);
  /** 1 when its agent is connected. */
  connected = new Uint8Array(0);
  /** Reserved host ports plus fixed host ports of live tasks, by protocol. */
  readonly tcpInUse: (Set<number> | undefined)[] = [];
  readonly udpInUse: (Set<number> | undefined)[] = [];
  /**
   * Dynamic host ports of live tasks (not reported in PORTS). One pool per instance: a number
   * handed out dynamically is taken for both protocols, and no fixed mapping may have it.
   */
  readonly dynamicInUse: (Set<number> | undefined)[] = [];
  private dynamicCursor = new Int32Array(0);
  private capacity = 0;
  size = 0;

  constructor(initialCapacity = 64) {
    this.grow(Math.max(1, initialCapacity));
  }

  /** Index of a resource dimension, created (zero everywhere) on first use. */
  dim(name: string): number {
    let d = this.dimIndex.get(name);
    if (d === undefined) {
      d = this.dimNames.length;
      this.dimNames.push(name);
      this.dimIndex.set(name, d);
      this.remaining.push(new Float64Array(this.capacity));
      this.registered.push(new Float64Array(this.capacity));
    }
    return d;
  }

  hasDim(name: string): number | undefined {
    return this.dimIndex.get(name);
  }

  /** A new slot, ACTIVE and connected with nothing registered. */
  addSlot(): number {
    if (this.size >= this.capacity) this.grow(this.capacity * 2);
    const slot = this.size++;
    this.active[slot] = 1;
    this.connected[slot] = 1;
    this.dynamicCursor[slot] = DYNAMIC_PORT_MIN;
    return slot;
  }

  setAmount(slot: number, dim: number, amount: number): void {
    this.registered[dim]![slot] = amount;
    this.remaining[dim]![slot] = amount;
  }

  reservePorts(slot: number, protocol: 'tcp' | 'udp', ports: readonly number[]): void {
    if (ports.length === 0) return;
    const sets = protocol === 'tcp' ? this.tcpInUse : this.udpInUse;
    let s = sets[slot];
    if (!s) sets[slot] = s = new Set();
    for (const p of ports) s.add(p);
  }

  /**
   * First reason `slot` cannot take `demand` (FIT_OK when it can), checked in ECS's order:
   * agent, CPU, MEMORY, PORTS, then user-defined resources. Does not look at ACTIVE.
   */
  fit(slot: number, d: Demand): number {
    if (this.connected[slot] === 0) return FIT_AGENT;
    if (this.remaining[DIM_CPU]![slot]! < d.cpu) return FIT_CPU;
    if (this.remaining[DIM_MEMORY]![slot]! < d.memory) return FIT_MEMORY;
    if (d.tcpPorts.length > 0) {
      const s = this.tcpInUse[slot];
      const dyn = this.dynamicInUse[slot];
      for (const p of d.tcpPorts) if (s?.has(p) || dyn?.has(p)) return FIT_PORTS;
    }
    if (d.udpPorts.length > 0) {
      const s = this.udpInUse[slot];
      const dyn = this.dynamicInUse[slot];
      for (const p of d.udpPorts) if (s?.has(p) || dyn?.has(p)) return FIT_PORTS_UDP;
    }
    const n = d.extraNames.length;
    for (let k = 0; k < n; k++) {
      const dim = this.dimIndex.get(d.extraNames[k]!);
      const have = dim === undefined ? 0 : this.remaining[dim]![slot]!;
      if (have < d.extraAmounts[k]!) return FIT_EXTRA + k;
    }
    return FIT_OK;
  }

  /**
   * Takes `demand` from `slot`. Returns the dynamic host ports assigned, tcp first then udp
   * (empty array when the demand has none). The caller has checked `fit`.
   */
  allocate(slot: number, d: Demand): number[] {
    this.remaining[DIM_CPU]![slot]! -= d.cpu;
    this.remaining[DIM_MEMORY]![slot]! -= d.memory;
    if (d.tcpPorts.length > 0) this.reservePorts(slot, 'tcp', d.tcpPorts);
    if (d.udpPorts.length > 0) this.reservePorts(slot, 'udp', d.udpPorts);
    for (let k = 0; k < d.extraNames.length; k++) {
      const rem = this.remaining[this.dim(d.extraNames[k]!)]!;
      rem[slot] = addDecimal(rem[slot]!, -d.extraAmounts[k]!);
    }
    const dyn = d.dynamicTcp + d.dynamicUdp;
    if (dyn === 0) return EMPTY;
    // exactly sized (a pushed-to [] reserves 17 elements, and the task keeps this array)
    const out = new Array<number>(dyn);
    for (let i = 0; i < dyn; i++) out[i] = this.takeDynamicPort(slot);
    return out;
  }

  /** Gives back exactly what `allocate` took. */
  release(slot: number, d: Demand, dynamicPorts: readonly number[]): void {
    this.remaining[DIM_CPU]![slot]! += d.cpu;
    this.remaining[DIM_MEMORY]![slot]! += d.memory;
    const tcp = this.tcpInUse[slot];
    if (tcp) for (const p of d.tcpPorts) tcp.delete(p);
    const udp = this.udpInUse[slot];
    if (udp) for (const p of d.udpPorts) udp.delete(p);
    for (let k = 0; k < d.extraNames.length; k++) {
      const rem = this.remaining[this.dim(d.extraNames[k]!)]!;
      rem[slot] = addDecimal(rem[slot]!, d.extraAmounts[k]!);
    }
    const dyn = this.dynamicInUse[slot];
    if (dyn) for (const p of dynamicPorts) dyn.delete(p);
  }

  /** Next free dynamic port on `slot`, round-robin like Docker's allocator. */
  private takeDynamicPort(slot: number): number {
    let s = this.dynamicInUse[slot];
    if (!s) this.dynamicInUse[slot] = s = new Set();
    const fixed = this.tcpInUse[slot];
    const fixedUdp = this.udpInUse[slot];
    let p = this.dynamicCursor[slot]!;
    for (let tries = 0; tries <= DYNAMIC_PORT_MAX - DYNAMIC_PORT_MIN; tries++) {
      const candidate = p;
      p = p >= DYNAMIC_PORT_MAX ? DYNAMIC_PORT_MIN : p + 1;
      if (!s.has(candidate) && !(fixed && fixed.has(candidate)) && !(fixedUdp && fixedUdp.has(candidate))) {
        this.dynamicCursor[slot] = p;
        s.add(candidate);
        return candidate;
      }
    }
    // 16,383 dynamic ports in use on one instance: memory runs out long before this in practice.
    throw new RangeError('dynamic host port range exhausted');
  }

  private grow(n: number): void {
    this.remaining = this.remaining.map((a) => withLength(a, n));
    this.registered = this.registered.map((a) => withLength(a, n));
    while (this.remaining.length < this.dimNames.length) {
      this.remaining.push(new Float64Array(n));
      this.registered.push(new Float64Array(n));
    }
    this.active = withLength(this.active, n);
    this.connected = withLength(this.connected, n);
    this.dynamicCursor = withLength(this.dynamicCursor, n);
    this.capacity = n;
  }
}

const EMPTY: number[] = [];
