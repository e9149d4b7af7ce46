// The figures a comparison or a capacity search reads from one run, by a stable key (the path of
// the figure in `ecsim run --json`'s `total`), with which way is better. Planners compare
// strategies on these rows and write targets against these keys.
import type { RunResult } from '../scenario/run-result.js';
import { fleetMetricByKey } from './fleet-metrics.js';
import { serviceMetricByKey } from './service-metrics.js';
import { workloadMetricByKey } from './workload-metrics.js';

export type { MetricDef, MetricFormat } from './metric-def.js';
import type { MetricDef } from './metric-def.js';

const t = (r: RunResult) => r.total;

/**
 * The rows of `ecsim compare`, in order. Fewer instances in use is better (fewer instances to pay
 * for when the fleet scales with use); utilization of the registered fleet has no better direction
 * here, since every strategy registers the same fleet.
 */
export function metricDefs(dims: readonly string[] = ['CPU', 'MEMORY']): MetricDef[] {
  const defs: MetricDef[] = [
    // the same for every strategy under common random numbers: a check, not a score
    { key: 'tasks.requested', label: 'tasks requested', better: 'none', format: 'integer', get: (r) => t(r).tasks.requested },
    { key: 'placementRate', label: 'placement rate', better: 'higher', format: 'percent', get: (r) => t(r).placementRate },
    { key: 'tasks.placed', label: 'tasks placed', better: 'higher', format: 'integer', get: (r) => t(r).tasks.placed },
    { key: 'tasks.failed', label: 'tasks never placed', better: 'lower', format: 'integer', get: (r) => t(r).tasks.failed },
    { key: 'tasks.retried', label: 'retries', better: 'lower', format: 'integer', get: (r) => t(r).tasks.retried },
    { key: 'pendingToRunningMs.p50', label: 'request→RUNNING p50', better: 'lower', format: 'ms', get: (r) => t(r).pendingToRunningMs.p50 },
    { key: 'pendingToRunningMs.p99', label: 'request→RUNNING p99', better: 'lower', format: 'ms', get: (r) => t(r).pendingToRunningMs.p99 },
    { key: 'instances.inUse.mean', label: 'instances in use (mean)', better: 'lower', format: 'number', get: (r) => t(r).instances.inUse.mean },
    { key: 'instances.inUse.peak', label: 'instances in use (peak)', better: 'lower', format: 'integer', get: (r) => t(r).instances.inUse.peak },
  ];
  for (const d of dims) {
    defs.push({ key: `utilization.${d}.mean`, label: `${d} utilization (mean)`, better: 'none', format: 'percent', get: (r) => t(r).utilization[d]?.mean ?? 0 });
  }
  for (const d of dims) {
    defs.push({ key: `stranded.${d}.share`, label: `${d} stranded (share)`, better: 'lower', format: 'percent', get: (r) => t(r).stranded[d]?.share ?? 0 });
  }
  return defs;
}

/** Short names a target may use for a metric key. */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  p50: 'pendingToRunningMs.p50',
  p95: 'pendingToRunningMs.p95',
  p99: 'pendingToRunningMs.p99',
  failed: 'tasks.failed',
  inUse: 'instances.inUse.mean',
};

/** Reads any metric key of metricDefs, plus p95 (not a compare row), `service:NAME.FIELD`, `workload:NAME.FIELD` and `fleet.…`. */
export function metricByKey(key: string, dims?: readonly string[]): MetricDef | undefined {
  const k = METRIC_ALIASES[key] ?? key;
  if (k.startsWith('service:')) return serviceMetricByKey(k);
  if (k.startsWith('workload:')) return workloadMetricByKey(k);
  if (k.startsWith('fleet.')) return fleetMetricByKey(k);
  if (k === 'pendingToRunningMs.p95') {
    return { key: k, label: 'request→RUNNING p95', better: 'lower', format: 'ms', get: (r) => r.total.pendingToRunningMs.p95 };
  }
  return metricDefs(dims).find((d) => d.key === k);
}
