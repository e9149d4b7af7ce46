// The fleet's part of `ecsim run --csv DIR`, for scenarios that price or autoscale a group:
// `fleet.csv` (per sample, each autoscaled group's desired / booting / registered beside its
// cluster's CPUReservation and MemoryReservation, then a row for the cluster as a whole),
// `scaling.csv` (one row per scaling action) and `cost.csv` (cost per group, per cluster and in
// total). Reads results only; rows are produced lazily like the other CSVs.
import type { FleetCost } from '../scenario/autoscaling/fleet-result.js';
import type { RunResult, TimeSeriesRow } from '../scenario/run-result.js';

/** The group column of a cluster's own row in fleet.csv. */
export const CLUSTER_ROW = '(cluster)';

export const FLEET_COLUMNS = ['time_ms', 'cluster', 'group', 'desired', 'booting', 'registered', 'cpu_reservation_pct', 'memory_reservation_pct'] as const;
export const SCALING_COLUMNS = ['time_ms', 'group', 'cluster', 'from', 'to', 'reason'] as const;
export const COST_COLUMNS = [
  'scope',
  'name',
  'cluster',
  'price_per_hour',
  'instance_hours',
  'cost',
  'cost_per_hour',
  'cost_per_1000_task_hours',
  'task_hours',
  'peak_instances',
  'policy',
  'tasks_waited',
  'mean_wait_ms',
  'max_wait_ms',
] as const;

/** A cluster's reservation of resource `dim` in percent (reserved ÷ registered × 100, as ECS publishes it); '' with nothing registered. */
export function reservationPct(row: TimeSeriesRow | undefined, dims: readonly string[], dim: string): number | '' {
  const i = dims.indexOf(dim);
  if (!row || i < 0) return '';
  const reg = row.registered[i] ?? 0;
  return reg > 0 ? Math.round(((row.reserved[i] ?? 0) / reg) * 10_000) / 100 : '';
}

/** Whether the run has autoscaled groups (then fleet.csv and scaling.csv are written). */
export function hasAutoscaling(result: RunResult): boolean {
  return (result.fleet?.timeseries.groups.length ?? 0) > 0;
}

/**
 * fleet.csv rows, by time, then cluster (file order): each autoscaled group of the cluster, then the
 * cluster's row — desired and booting summed over its autoscaled groups plus its other ACTIVE
 * instances (a fixed group's desired is its size), registered its ACTIVE instances.
 */
export function* fleetRows(result: RunResult): Generator<(string | number)[]> {
  const fleet = result.fleet;
  if (!fleet) return;
  const ts = result.timeseries;
  const groups = fleet.timeseries.groups;
  const clusters = ts.clusters.filter((c) => c.name !== '*' && groups.some((g) => fleet.groups[g.group]?.cluster === c.name));
  for (let i = 0; i < ts.times.length; i++) {
    for (const c of clusters) {
      const row = c.rows[i];
      const cpu = reservationPct(row, ts.dims, 'CPU');
      const mem = reservationPct(row, ts.dims, 'MEMORY');
      let desired = 0;
      let booting = 0;
      let registered = 0;
      for (const g of groups) {
        if (fleet.groups[g.group]?.cluster !== c.name) continue;
        const s = g.rows[i];
        if (!s) continue;
        desired += s.desired;
        booting += s.booting;
        registered += s.registered;
        yield [ts.times[i]!, c.name, g.group, s.desired, s.booting, s.registered, cpu, mem];
      }
      const active = row?.activeInstances ?? registered;
      // instances of fixed groups and events count as desired as they stand
      yield [ts.times[i]!, c.name, CLUSTER_ROW, desired + Math.max(0, active - registered), booting, active, cpu, mem];
    }
  }
}

/** scaling.csv rows: every group's scaling actions, by time (groups in file order on a tie). */
export function* scalingRows(result: RunResult): Generator<(string | number)[]> {
  const rows: { at: number; row: (string | number)[] }[] = [];
  for (const [key, g] of Object.entries(result.fleet?.groups ?? {})) {
    for (const a of g.autoscaling?.actions ?? []) rows.push({ at: a.at, row: [a.at, key, g.cluster, a.from, a.to, a.reason] });
  }
  // a stable sort: actions at one instant keep the groups' file order
  rows.sort((a, b) => a.at - b.at);
  for (const r of rows) yield r.row;
}

const n = (x: number | null | undefined): number | '' => (x === null || x === undefined ? '' : x);

/** cost.csv rows: one per group, then one per cluster, then `total` (cost '' where unpriced). */
export function* costRows(result: RunResult): Generator<(string | number)[]> {
  const fleet = result.fleet;
  if (!fleet) return;
  for (const [key, g] of Object.entries(fleet.groups)) {
    yield ['group', key, g.cluster, n(g.pricePerHour), g.instanceHours, n(g.cost), n(g.costPerHour), '', '', g.autoscaling?.peakInstances ?? '', g.autoscaling?.policy ?? 'fixed', '', '', ''];
  }
  const summary = (scope: string, name: string, cluster: string, c: FleetCost & { waited: { tasks: number; meanMs: number; maxMs: number } }) => [
    scope,
    name,
    cluster,
    '',
    c.instanceHours,
    n(c.cost),
    n(c.costPerHour),
    n(c.costPer1000TaskHours),
    c.taskHours,
    '',
    '',
    c.waited.tasks,
    c.waited.meanMs,
    c.waited.maxMs,
  ];
  for (const [name, c] of Object.entries(fleet.clusters)) yield summary('cluster', name, name, c);
  yield summary('total', '(all)', '', fleet.total);
}
