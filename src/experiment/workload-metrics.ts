// Per workload figures a comparison reads, keyed `workload:NAME.FIELD` (`workload:batch.p99`), from
// a run's `workloads` summaries: what a planner asks of each workload — did its tasks place, how
// long from request to RUNNING, did they finish — under each strategy or variant.
import type { WorkloadSummary } from '../metrics/summary.js';
import type { RunResult } from '../scenario/run-result.js';
import type { MetricDef } from './metric-def.js';

interface WorkloadField {
  label: string;
  better: MetricDef['better'];
  format: MetricDef['format'];
  get(w: WorkloadSummary): number;
}

const FIELDS: Readonly<Record<string, WorkloadField>> = {
  placementRate: { label: 'placement rate', better: 'higher', format: 'percent', get: (w) => w.placementRate },
  failed: { label: 'never placed', better: 'lower', format: 'integer', get: (w) => w.tasks.failed },
  p50: { label: 'request→RUNNING p50', better: 'lower', format: 'ms', get: (w) => w.pendingToRunningMs.p50 },
  p99: { label: 'request→RUNNING p99', better: 'lower', format: 'ms', get: (w) => w.pendingToRunningMs.p99 },
  completed: { label: 'completed', better: 'higher', format: 'integer', get: (w) => w.tasks.completed },
};

/** The fields of a workload a comparison's per-workload view shows, in order. */
export const WORKLOAD_METRIC_FIELDS: readonly string[] = Object.keys(FIELDS);

function def(workload: string, field: string, f: WorkloadField): MetricDef {
  return {
    key: `workload:${workload}.${field}`,
    label: f.label,
    better: f.better,
    format: f.format,
    get: (r: RunResult) => {
      const w = r.workloads[workload];
      if (!w) throw new RangeError(`the run has no workload ${workload}`);
      return f.get(w);
    },
  };
}

/** The metric a `workload:NAME.FIELD` key names, or undefined when it is not one. */
export function workloadMetricByKey(key: string): MetricDef | undefined {
  const m = /^workload:(.+)\.([A-Za-z0-9]+)$/.exec(key);
  if (!m) return undefined;
  const f = FIELDS[m[2]!];
  return f ? def(m[1]!, m[2]!, f) : undefined;
}

/** Every field of each workload, workloads in the order given. */
export function workloadMetricDefs(workloads: readonly string[]): MetricDef[] {
  return workloads.flatMap((name) => Object.entries(FIELDS).map(([field, f]) => def(name, field, f)));
}

/** The workload a `workload:NAME.FIELD` key names. */
export function workloadOfKey(key: string): string | undefined {
  return /^workload:(.+)\.[A-Za-z0-9]+$/.exec(key)?.[1];
}
