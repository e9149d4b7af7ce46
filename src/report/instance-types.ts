// `ecsim types`: the built-in EC2 instance types a scenario may name, with what an instance of each
// registers (CPU units, MEMORY MiB, GPUs), as a table or as JSON for scripts and editors.
import { EC2_INSTANCE_TYPES, instanceTypeResources } from '../model/instance-types.js';
import { formatCount, table } from './table-format.js';

/** One built-in type: what EC2 sells and what the container agent registers. */
export interface InstanceTypeRow {
  type: string;
  vcpus: number;
  memoryGiB: number;
  /** Registered CPU units. */
  CPU: number;
  /** Registered MiB. */
  MEMORY: number;
  /** GPUs (0 for types without). */
  GPU: number;
}

/** Every built-in type, in table order. */
export function instanceTypeRows(): InstanceTypeRow[] {
  return Object.entries(EC2_INSTANCE_TYPES).map(([type, spec]) => {
    const r = instanceTypeResources(type)!;
    return { type, vcpus: spec.vcpus, memoryGiB: spec.memoryGiB, CPU: r.CPU, MEMORY: r.MEMORY, GPU: r.GPU ?? 0 };
  });
}

/** The types as a text table, with a line on where the figures come from. */
export function instanceTypesTable(rows: readonly InstanceTypeRow[] = instanceTypeRows()): string {
  const t = table(['type', 'vCPU', 'memory (GiB)', 'CPU', 'MEMORY (MiB)', 'GPU'], ['left', 'right', 'right', 'right', 'right', 'right']);
  for (const r of rows) t.push([r.type, String(r.vcpus), String(r.memoryGiB), formatCount(r.CPU), formatCount(r.MEMORY), r.GPU === 0 ? '' : String(r.GPU)]);
  return `${t.toString()}\nCPU and MEMORY are what an instance registers: 1024 units per vCPU, 98% of the installed memory (the OS keeps the rest).\n`;
}

/** The types as one JSON document. */
export function instanceTypesJson(rows: readonly InstanceTypeRow[] = instanceTypeRows()): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
