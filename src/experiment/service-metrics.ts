// Per service figures a comparison or a capacity search reads, keyed `service:NAME.FIELD`
// (`service:web.availability`, `service:web.deploymentMinutes`), from a run's `services` summaries.
import type { ServiceSummary } from '../metrics/service-metrics.js';
import type { RunResult } from '../scenario/run-result.js';
import type { MetricDef, MetricFormat } from './metric-def.js';

interface ServiceField {
  label: string;
  better: MetricDef['better'];
  format: MetricFormat;
  /** A compare row by default. */
  row: boolean;
  get(s: ServiceSummary): number;
}

const FIELDS: Readonly<Record<string, ServiceField>> = {
  availability: { label: 'availability', better: 'higher', format: 'percent', row: true, get: (s) => s.availability },
  belowDesiredMs: { label: 'time below desired', better: 'lower', format: 'ms', row: true, get: (s) => s.belowDesiredMs },
  deploymentMinutes: { label: 'longest deployment (min)', better: 'lower', format: 'number', row: true, get: (s) => s.deploymentMinutes },
  stuckDeployments: { label: 'deployments not completed', better: 'lower', format: 'integer', row: true, get: (s) => s.deployments.filter((d) => d.outcome !== 'COMPLETED').length },
  lowestRunning: {
    label: 'lowest running in a deployment',
    better: 'higher',
    format: 'integer',
    row: true,
    get: (s) => (s.deployments.length === 0 ? s.running.end : Math.min(...s.deployments.map((d) => d.lowestRunning))),
  },
  replaced: { label: 'tasks replaced', better: 'lower', format: 'integer', row: true, get: (s) => s.replaced },
  launched: { label: 'tasks launched', better: 'none', format: 'integer', row: false, get: (s) => s.launched },
  placementFailures: {
    label: 'tasks not placed (per attempt)',
    better: 'lower',
    format: 'integer',
    row: false,
    get: (s) => Object.values(s.placementFailuresByReason).reduce((a, b) => a + b, 0),
  },
};

/** The fields a `service:NAME.FIELD` key may name. */
export const SERVICE_METRIC_FIELDS: readonly string[] = Object.keys(FIELDS);

function def(service: string, field: string, f: ServiceField): MetricDef {
  return {
    key: `service:${service}.${field}`,
    label: `${service}: ${f.label}`,
    better: f.better,
    format: f.format,
    get: (r: RunResult) => {
      const s = r.services?.[service];
      if (!s) throw new RangeError(`the run has no service ${service}`);
      return f.get(s);
    },
  };
}

/** The metric a `service:NAME.FIELD` key names, or undefined when it is not one. */
export function serviceMetricByKey(key: string): MetricDef | undefined {
  const m = /^service:(.+)\.([A-Za-z]+)$/.exec(key);
  if (!m) return undefined;
  const f = FIELDS[m[2]!];
  return f ? def(m[1]!, m[2]!, f) : undefined;
}

/** `ecsim compare` rows for each service, in the order given. */
export function serviceMetricDefs(services: readonly string[]): MetricDef[] {
  return services.flatMap((name) => Object.entries(FIELDS).filter(([, f]) => f.row).map(([field, f]) => def(name, field, f)));
}
