// The fleet's part of `ecsim run`'s table and of its HTML report: cost per group and cluster,
// autoscaled groups' peaks and scaling actions, and tasks that waited for a scale-out. Empty for a
// scenario that neither prices nor autoscales a group (its table and report are unchanged).
import { formatDuration } from '../scenario/duration.js';
import type { FleetCost } from '../scenario/autoscaling/fleet-result.js';
import type { RunResult } from '../scenario/run-result.js';
import { reservationPct } from './fleet-csv.js';
import type { ReportFleet, ReportFleetGroup } from './fleet-section.js';
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

/** `targetTracking CPUReservation 60%` (as the fleet result names a policy) → its metric and target. */
function trackedMetric(policy: string): { metric: 'CPUReservation' | 'MemoryReservation'; target: number } | undefined {
  const m = /^targetTracking (CPUReservation|MemoryReservation) ([\d.]+)%$/.exec(policy);
  return m ? { metric: m[1] as 'CPUReservation' | 'MemoryReservation', target: Number(m[2]) } : undefined;
}

/** The HTML report's Fleet section of a run, or undefined when the run has no fleet part. */
export function reportFleet(result: RunResult): ReportFleet | undefined {
  const fleet = result.fleet;
  if (!fleet) return undefined;
  const ts = result.timeseries;
  const groups: ReportFleetGroup[] = fleet.timeseries.groups.map(({ group, rows }) => {
    const g = fleet.groups[group]!;
    const a = g.autoscaling!;
    const tracked = trackedMetric(a.policy);
    const metric = tracked?.metric ?? 'CPUReservation';
    const clusterRows = ts.clusters.find((c) => c.name === g.cluster)?.rows ?? [];
    const reservation = fleet.timeseries.times.map((_, i) => {
      const v = reservationPct(clusterRows[i], ts.dims, metric === 'CPUReservation' ? 'CPU' : 'MEMORY');
      return v === '' ? null : v;
    });
    return {
      key: group,
      cluster: g.cluster,
      policy: `${a.policy} [${a.min}, ${a.max}]`,
      metric,
      ...(tracked ? { target: tracked.target } : { metricNote: 'A capacity provider tracks CapacityProviderReservation (instances needed ÷ instances, counting waiting tasks), which is not sampled: the cluster\'s CPUReservation is drawn instead.' }),
      t: fleet.timeseries.times,
      desired: rows.map((r) => r.desired),
      booting: rows.map((r) => r.booting),
      registered: rows.map((r) => r.registered),
      reservation,
      actions: a.actions,
    };
  });
  const cost: string[][] = [];
  for (const [key, g] of Object.entries(fleet.groups)) {
    cost.push([key, g.pricePerHour === null ? 'unpriced' : `$${g.pricePerHour}`, hours(g.instanceHours), formatUsd(g.cost), formatUsd(g.costPerHour), '', g.autoscaling ? formatCount(g.autoscaling.peakInstances) : '', g.autoscaling ? `${g.autoscaling.policy} [${g.autoscaling.min}, ${g.autoscaling.max}]` : 'fixed']);
  }
  const row = (label: string, c: FleetCost): string[] => [label, '', hours(c.instanceHours), formatUsd(c.cost), formatUsd(c.costPerHour), formatUsd(c.costPer1000TaskHours), '', ''];
  for (const [name, c] of Object.entries(fleet.clusters)) cost.push(row(`cluster ${name}`, c));
  if (Object.keys(fleet.clusters).length > 1) cost.push(row('all clusters', fleet.total));
  const p = fleet.priceTable;
  const notes = [
    `Built-in prices: ${p.region} on-demand ${p.operatingSystem}, ${p.currency}, as of ${p.asOf} (${p.url}); a group's pricePerHour overrides them. Instance-hours count per second from launch (booting is billed) to deregistration or the horizon.`,
    `A month of this cost rate (× 730 h): ${formatUsd(fleet.total.costPerHour === null ? null : fleet.total.costPerHour * 730)}.`,
  ];
  const out: ReportFleet = {
    groups,
    cost: { columns: ['group', 'price/h', 'instance-h', 'cost', 'cost/h', 'per 1,000 task-h', 'peak', 'policy'], rows: cost },
    notes,
  };
  if (groups.length > 0) {
    const waits = Object.entries(fleet.clusters).map(([name, c]) => [name, formatCount(c.waited.tasks), c.waited.tasks > 0 ? formatMs(c.waited.meanMs) : '—', c.waited.tasks > 0 ? formatMs(c.waited.maxMs) : '—']);
    out.waits = { columns: ['cluster', 'tasks that waited', 'mean wait', 'max wait'], rows: waits };
  }
  return out;
}
