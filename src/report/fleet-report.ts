// The fleet's part of `ecsim run`'s table: cost per group and cluster, autoscaled groups' peaks and
// scaling actions, and tasks that waited for a scale-out. Empty for a scenario that neither prices
// nor autoscales a group (its table is unchanged).
import { formatDuration } from '../scenario/duration.js';
import type { FleetCost } from '../scenario/autoscaling/fleet-result.js';
import type { RunResult } from '../scenario/run-result.js';
import { formatCount, formatMs, table } from './table-format.js';

/** USD with cents, or "unpriced". */
export function formatUsd(x: number | null): string {
  return x === null ? 'unpriced' : `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function hours(h: number): string {
  return h.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The cost table, the scaling actions and the waits, or undefined when the run has no fleet part. */
export function fleetTables(result: RunResult): string[] {
  const fleet = result.fleet;
  if (!fleet) return [];
  const cost = table(['group', 'price/h', 'instance-h', 'cost', 'cost/h', 'per 1k task-h', 'peak', 'policy'], ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left']);
  for (const [key, g] of Object.entries(fleet.groups)) {
    cost.push([key, g.pricePerHour === null ? 'unpriced' : `$${g.pricePerHour}`, hours(g.instanceHours), formatUsd(g.cost), formatUsd(g.costPerHour), '', g.autoscaling ? formatCount(g.autoscaling.peakInstances) : '', g.autoscaling ? `${g.autoscaling.policy} [${g.autoscaling.min}, ${g.autoscaling.max}]` : 'fixed']);
  }
  const row = (label: string, c: FleetCost): string[] => [label, '', hours(c.instanceHours), formatUsd(c.cost), formatUsd(c.costPerHour), formatUsd(c.costPer1000TaskHours), '', ''];
  for (const [name, c] of Object.entries(fleet.clusters)) cost.push(row(`cluster ${name}`, c));
  if (Object.keys(fleet.clusters).length > 1) cost.push(row('all clusters', fleet.total));
  const parts = [`Fleet cost (built-in prices: ${fleet.priceTable.region} on-demand ${fleet.priceTable.operatingSystem}, ${fleet.priceTable.asOf})`, cost.toString()];
  const actions = table(['at', 'group', 'from', 'to', 'why'], ['right', 'left', 'right', 'right', 'left']);
  let n = 0;
  for (const [key, g] of Object.entries(fleet.groups)) {
    for (const a of g.autoscaling?.actions ?? []) {
      actions.push([formatDuration(a.at), key, formatCount(a.from), formatCount(a.to), a.reason]);
      n++;
    }
  }
  if (n > 0) parts.push(`\nScaling actions\n${actions.toString()}`);
  const w = fleet.total.waited;
  if (Object.values(fleet.groups).some((g) => g.autoscaling)) {
    parts.push(`\nTasks that waited for capacity: ${formatCount(w.tasks)}${w.tasks > 0 ? ` (mean ${formatMs(w.meanMs)}, max ${formatMs(w.maxMs)})` : ''}`);
  }
  return [parts.join('\n')];
}
