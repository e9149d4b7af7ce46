// What a metric a comparison or a capacity search reads is: a stable key, a label, which way is
// better, how to format it, and how to read it from a run. (Its own file so that the metric tables,
// general and per service, share it without importing each other.)
import type { RunResult } from '../scenario/run-result.js';

/** How a value reads: a fraction shown as a percentage, a count, a plain number, milliseconds, or US dollars. */
export type MetricFormat = 'percent' | 'integer' | 'number' | 'ms' | 'usd';

export interface MetricDef {
  /** e.g. `placementRate`, `pendingToRunningMs.p99`, `instances.inUse.mean`. */
  key: string;
  label: string;
  /** 'none': no direction is better (the row gets no ★). */
  better: 'higher' | 'lower' | 'none';
  format: MetricFormat;
  get(r: RunResult): number;
}
