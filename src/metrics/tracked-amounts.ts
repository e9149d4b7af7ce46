// The resource dimensions the metrics track (CPU, MEMORY, then the scenario's own, in the time
// series' column order) and the amounts in them: what a task definition reserves, and what an
// instance registered and has left, read from the control plane's instance table as it is now.
import type { TaskDefinitionRecord } from '../ecs/state.js';
import type { InstanceTable } from '../model/instance-table.js';

export class TrackedAmounts {
  /** CPU, MEMORY, then the given names. */
  readonly dims: readonly string[];
  /** The table's dimension index of each tracked dimension (-1 until the table has it). */
  private readonly tableDims: Int32Array;
  private readonly demands = new Map<TaskDefinitionRecord, Float64Array>();
  private readonly scratch: Float64Array;

  constructor(
    names: readonly string[],
    private readonly table: InstanceTable,
  ) {
    this.dims = ['CPU', 'MEMORY', ...names.filter((d) => d !== 'CPU' && d !== 'MEMORY')];
    this.tableDims = new Int32Array(this.dims.length).fill(-1);
    this.scratch = new Float64Array(this.dims.length);
  }

  /** Amounts per resource name as a vector of the tracked dimensions (others are ignored). */
  vector(amounts: Readonly<Record<string, number>>): Float64Array {
    const v = new Float64Array(this.dims.length);
    for (const [name, amount] of Object.entries(amounts)) {
      const i = this.dims.indexOf(name);
      if (i >= 0) v[i]! += amount;
    }
    return v;
  }

  /** What one task of `td` reserves (computed once per definition). */
  demandOf(td: TaskDefinitionRecord): Float64Array {
    let v = this.demands.get(td);
    if (!v) {
      const d = td.demand;
      v = new Float64Array(this.dims.length);
      v[0] = d.cpu;
      v[1] = d.memory;
      for (let k = 0; k < d.extraNames.length; k++) {
        const i = this.dims.indexOf(d.extraNames[k]!);
        if (i >= 0) v[i]! += d.extraAmounts[k]!;
      }
      this.demands.set(td, v);
    }
    return v;
  }

  /** What the instance at `slot` registered (a new array). */
  registered(slot: number): Float64Array {
    return this.read(this.table.registered, slot, new Float64Array(this.dims.length));
  }

  /** What the instance at `slot` has left (a scratch array, valid until the next call). */
  remaining(slot: number): Float64Array {
    return this.read(this.table.remaining, slot, this.scratch);
  }

  private read(arrays: readonly Float64Array[], slot: number, out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) {
      let dim = this.tableDims[i]!;
      // the table adds a dimension when an instance first registers it
      if (dim < 0) this.tableDims[i] = dim = this.table.hasDim(this.dims[i]!) ?? -1;
      out[i] = dim < 0 ? 0 : arrays[dim]![slot]!;
    }
    return out;
  }
}
