// Mean and confidence interval of a metric over independent replications: the t interval
// mean ± t(1 − α/2, n − 1) · s / √n, clipped to the values the metric can take (a rate cannot pass
// 100%, a count or a time cannot go below 0: a symmetric interval around a mean near an edge would
// claim otherwise). Sums run in replication order, so the figures do not depend on which worker
// finished first.
import { createRequire } from 'node:module';
import { mean, sampleStandardDeviation } from 'simple-statistics';

// jstat ships no types and no ESM entry: load it through require and name the one function used
const require = createRequire(import.meta.url);
const { jStat } = require('jstat') as { jStat: { studentt: { inv(p: number, dof: number): number } } };

/** A metric over n replications. With one replication the interval is the point itself. */
export interface Estimate {
  n: number;
  mean: number;
  /** Sample standard deviation (0 with one replication). */
  sd: number;
  /** Half the width of the confidence interval. */
  halfWidth: number;
  low: number;
  high: number;
  /** True when the t interval reached past the metric's possible range and was cut to it. */
  clipped: boolean;
}

/** The values a metric can take: `[low, high]`. */
export type MetricRange = readonly [number, number];

/** No bound: the plain t interval. */
export const UNBOUNDED: MetricRange = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];

/**
 * What a metric of this format can be: rates (percent) lie in [0, 1]; counts, means of counts,
 * times and costs are never below 0.
 */
export function possibleRange(format: 'percent' | 'integer' | 'number' | 'ms' | 'usd'): MetricRange {
  return format === 'percent' ? [0, 1] : [0, Number.POSITIVE_INFINITY];
}

/** Student's t quantile: the value t with P(T ≤ t) = p for `dof` degrees of freedom. */
export function tQuantile(p: number, dof: number): number {
  return jStat.studentt.inv(p, dof);
}

/**
 * Mean and two-sided confidence interval (default 95%) of `values`, in the order given, its ends
 * kept within `range` (`clipped` says when that cut the interval; `halfWidth` stays the t figure).
 * @throws RangeError when `values` is empty or `confidence` is not in (0, 1).
 */
export function estimate(values: readonly number[], confidence = 0.95, range: MetricRange = UNBOUNDED): Estimate {
  if (values.length === 0) throw new RangeError('estimate needs at least one value');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const n = values.length;
  const m = mean(values as number[]);
  if (n === 1) return { n, mean: m, sd: 0, halfWidth: 0, low: m, high: m, clipped: false };
  const sd = sampleStandardDeviation(values as number[]);
  const halfWidth = sd === 0 ? 0 : (tQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
  const low = Math.max(range[0], m - halfWidth);
  const high = Math.min(range[1], m + halfWidth);
  return { n, mean: m, sd, halfWidth, low, high, clipped: low !== m - halfWidth || high !== m + halfWidth };
}

/** Rounds to `digits` significant digits, so JSON carries no floating-point noise. */
export function sig(x: number, digits = 6): number {
  if (x === 0) return 0;
  if (!Number.isFinite(x)) return x;
  const r = Number(x.toPrecision(digits));
  return Object.is(r, -0) ? 0 : r;
}

/** An estimate with every figure rounded by {@link sig}, for output that carries no floating-point noise. */
export function roundEstimate(e: Estimate): Estimate {
  return { n: e.n, mean: sig(e.mean), sd: sig(e.sd), halfWidth: sig(e.halfWidth), low: sig(e.low), high: sig(e.high), clipped: e.clipped };
}
