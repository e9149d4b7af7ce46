// `ecsim types`: the built-in EC2 instance types a scenario may name, with what an instance of each
// registers (CPU units, MEMORY MiB, GPUs) and its built-in on-demand price (what a group costs when
// it gives no pricePerHour), as a table or as JSON for scripts and editors.
import { onDemandPrice, PRICE_TABLE_SOURCE } from '../model/instance-prices.js';
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
  /** Built-in on-demand USD per instance-hour (PRICE_TABLE_SOURCE's region and date); null: not in the price table. */
  pricePerHour: number | null;
}

/** Every built-in type, in table order. */
export function instanceTypeRows(): InstanceTypeRow[] {
  return Object.entries(EC2_INSTANCE_TYPES).map(([type, spec]) => {
    const r = instanceTypeResources(type)!;
    return { type, vcpus: spec.vcpus, memoryGiB: spec.memoryGiB, CPU: r.CPU, MEMORY: r.MEMORY, GPU: r.GPU ?? 0, pricePerHour: onDemandPrice(type) ?? null };
  });
}

/** A price as the table shows it: USD with every published digit (0.0058, 0.096, 14.40), or blank. */
function formatPrice(usd: number | null): string {
  if (usd === null) return '';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
}

/** The types as a text table, with lines on where the figures come from. */
export function instanceTypesTable(rows: readonly InstanceTypeRow[] = instanceTypeRows()): string {
  const t = table(['type', 'vCPU', 'memory (GiB)', 'CPU', 'MEMORY (MiB)', 'GPU', 'USD/hour'], ['left', 'right', 'right', 'right', 'right', 'right', 'right']);
  for (const r of rows) {
    t.push([r.type, String(r.vcpus), String(r.memoryGiB), formatCount(r.CPU), formatCount(r.MEMORY), r.GPU === 0 ? '' : String(r.GPU), formatPrice(r.pricePerHour)]);
  }
  const source = PRICE_TABLE_SOURCE;
  return (
    `${t.toString()}\n` +
    'CPU and MEMORY are what an instance registers: 1024 units per vCPU, 98% of the installed memory (the OS keeps the rest).\n' +
    `USD/hour: on-demand, ${source.region}, ${source.operatingSystem}, as published on ${source.asOf} (${source.url}); a group's pricePerHour overrides it.\n`
  );
}

/** The types as one JSON document. */
export function instanceTypesJson(rows: readonly InstanceTypeRow[] = instanceTypeRows()): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
