// The fleet's figures a comparison reads, keyed `fleet.…` (`fleet.cost`, `fleet.waited.tasks`),
// for comparing fleet policies as strategies are compared: peak instances, cost, cost per hour and
// per 1,000 task-hours, and the tasks that waited for a scale-out. Which rows a comparison shows
// depends on its scenarios (fleetMetricKeys); every row reads from `RunResult.fleet`.
import { groupPrice } from '../scenario/autoscaling/fleet-ledger.js';
import { scenarioHasFleetPolicy } from '../scenario/autoscaling/fleet-world.js';
import type { RunResult } from '../scenario/run-result.js';
import type { Scenario } from '../scenario/types.js';
import type { MetricDef } from './metric-def.js';

/**
 * Peak instances, booting ones included: each autoscaled group's own peak (exact: it counts
 * instances launched and cancelled between two samples, as run's fleet table does), summed, plus the
 * sampled peak of every other ACTIVE instance (fixed groups, events). With one autoscaled group this
 * is the fleet's peak; groups that peak at different times count each at its own peak.
 */
export function peakInstances(r: RunResult): number {
  const fleet = r.fleet;
  const groups = fleet?.timeseries.groups ?? [];
  if (!fleet || groups.length === 0) return r.total.instances.active.peak;
  const total = r.timeseries.clusters.find((c) => c.name === '*') ?? r.timeseries.clusters[r.timeseries.clusters.length - 1];
  let others = 0;
  for (const [i, row] of (total?.rows ?? []).entries()) {
    let scaled = 0;
    for (const g of groups) scaled += g.rows[i]?.registered ?? 0;
    others = Math.max(others, row.activeInstances - scaled);
  }
  let peaks = 0;
  for (const g of groups) peaks += fleet.groups[g.group]?.autoscaling?.peakInstances ?? 0;
  return peaks + others;
}

function fleetOf(r: RunResult): NonNullable<RunResult['fleet']> {
  if (!r.fleet) throw new RangeError('the run has no fleet figures: its scenario neither prices nor autoscales a group');
  return r.fleet;
}

/** An unpriced cost reads as NaN (shown as such), never as a free fleet. */
const usd = (x: number | null): number => (x === null ? Number.NaN : x);

const DEFS: readonly MetricDef[] = [
  { key: 'fleet.peakInstances', label: 'peak instances (booting included)', better: 'lower', format: 'integer', get: peakInstances },
  { key: 'fleet.cost', label: 'cost over the horizon', better: 'lower', format: 'usd', get: (r) => usd(fleetOf(r).total.cost) },
  { key: 'fleet.costPerHour', label: 'cost per hour', better: 'lower', format: 'usd', get: (r) => usd(fleetOf(r).total.costPerHour) },
  // a month as AWS prices one: 730 hours at the run's cost rate
  { key: 'fleet.costPerMonth', label: 'cost per month (× 730 h)', better: 'lower', format: 'usd', get: (r) => usd(fleetOf(r).total.costPerHour === null ? null : fleetOf(r).total.costPerHour! * 730) },
  { key: 'fleet.costPer1000TaskHours', label: 'cost per 1,000 task-hours', better: 'lower', format: 'usd', get: (r) => usd(fleetOf(r).total.costPer1000TaskHours) },
  { key: 'fleet.waited.tasks', label: 'tasks that waited for capacity', better: 'lower', format: 'integer', get: (r) => fleetOf(r).total.waited.tasks },
  // 0 in a run where no task waited
  { key: 'fleet.waited.meanMs', label: 'mean wait for capacity', better: 'lower', format: 'ms', get: (r) => fleetOf(r).total.waited.meanMs },
];

/** The metric a `fleet.…` key names, or undefined. */
export function fleetMetricByKey(key: string): MetricDef | undefined {
  return DEFS.find((d) => d.key === key);
}

/** Whether every group of the scenario has a price (its own or the table's). */
function fullyPriced(s: Scenario): boolean {
  return s.clusters.every((c) => c.instances.every((g) => groupPrice(g) !== null));
}

/**
 * The fleet rows a comparison of these scenarios shows, in order: none unless every scenario
 * prices or autoscales a group (a scenario without either keeps its comparison as it was); the cost
 * rows only when every group of every scenario has a price; the waits only when one autoscales.
 */
export function fleetMetricDefs(scenarios: readonly Scenario[]): MetricDef[] {
  if (scenarios.length === 0 || !scenarios.every(scenarioHasFleetPolicy)) return [];
  const priced = scenarios.every(fullyPriced);
  const autoscaled = scenarios.some((s) => s.clusters.some((c) => c.instances.some((g) => g.autoscaling !== undefined)));
  return DEFS.filter((d) => (d.key.startsWith('fleet.cost') ? priced : d.key.startsWith('fleet.waited') ? autoscaled : true));
}
