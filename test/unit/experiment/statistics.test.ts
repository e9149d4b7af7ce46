// Confidence intervals, the best-per-row rule, and plan targets.
import { describe, expect, it } from 'vitest';
import { bestOf } from '../../../src/experiment/compare.js';
import { parseTargets } from '../../../src/experiment/plan.js';
import { estimate, possibleRange, sig, tQuantile } from '../../../src/experiment/statistics.js';

describe('estimate', () => {
  it('matches the textbook t interval', () => {
    // mean 5, s = sqrt(2.5), t(0.975, 4) = 2.776445
    const e = estimate([3, 4, 5, 6, 7]);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(e.halfWidth).toBeCloseTo((2.776445 * Math.sqrt(2.5)) / Math.sqrt(5), 5);
    expect(e.low).toBeCloseTo(5 - e.halfWidth, 12);
  });

  it('uses Student quantiles, not the normal one', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
  });

  it('gives a zero-width interval for one replication or identical values', () => {
    expect(estimate([0.99])).toEqual({ n: 1, mean: 0.99, sd: 0, halfWidth: 0, low: 0.99, high: 0.99, clipped: false });
    expect(estimate([2, 2, 2]).halfWidth).toBe(0);
  });

  it('rejects no values and a confidence outside (0, 1)', () => {
    expect(() => estimate([])).toThrow(RangeError);
    expect(() => estimate([1, 2], 1)).toThrow(RangeError);
  });

  it('clips the interval to what the metric can be, and says so', () => {
    // a rate near 100%: the t interval would pass 1
    const rate = estimate([1, 1, 0.98], 0.95, possibleRange('percent'));
    expect(rate.mean + rate.halfWidth).toBeGreaterThan(1);
    expect(rate.high).toBe(1);
    expect(rate.low).toBeCloseTo(rate.mean - rate.halfWidth, 12);
    expect(rate.clipped).toBe(true);
    // a count near 0: the t interval would go below 0
    const count = estimate([0, 0, 3], 0.95, possibleRange('integer'));
    expect(count.low).toBe(0);
    expect(count.clipped).toBe(true);
    // an interval well inside the range is left alone
    expect(estimate([3, 4, 5], 0.95, possibleRange('integer')).clipped).toBe(false);
    expect(estimate([1, 1, 0.98]).clipped).toBe(false);
  });

  it('sig trims floating-point noise', () => {
    expect(sig(0.1 + 0.2)).toBe(0.3);
    expect(sig(-0)).toBe(0);
  });
});

describe('bestOf', () => {
  it.each([
    ['higher', [0.9, 0.99, 0.95], ['b']],
    ['lower', [30, 22, 22], ['b', 'c']],
    ['lower', [5, 5, 5], []],
    ['none', [1, 2, 3], []],
  ] as const)('%s of %j', (better, means, want) => {
    expect(bestOf(better, ['a', 'b', 'c'], means)).toEqual(want);
  });
});

describe('parseTargets', () => {
  it('reads fractions, percentages, durations and several targets', () => {
    const ts = parseTargets('placementRate>=99.9%, p99<=30s and instances.inUse.peak<40');
    expect(ts.map((t) => [t.metric.key, t.op, t.threshold])).toEqual([
      ['placementRate', '>=', 0.999],
      ['pendingToRunningMs.p99', '<=', 30_000],
      ['instances.inUse.peak', '<', 40],
    ]);
    expect(parseTargets('p95<=1500')[0]!.threshold).toBe(1500);
  });

  it.each(['', 'placementRate', 'speed>=1', 'placementRate>=lots', 'p99<=soon'])('rejects %j', (text) => {
    expect(() => parseTargets(text)).toThrow(RangeError);
  });

  it.each([
    ['placementRate>=1.5', /no run can meet it: placementRate is at most 1 \(100%\)/],
    ['placementRate>100%', /no run can meet it: placementRate is at most 1 \(100%\)/],
    ['p99<0s', /no run can meet it: p99 is never below 0/],
    ['failed<=-1', /no run can meet it: failed is never below 0/],
  ])('refuses %s, a target no run can meet', (text, message) => {
    expect(() => parseTargets(text)).toThrow(message);
  });

  it('accepts targets at the edge of the range', () => {
    expect(() => parseTargets('placementRate>=100%, failed<=0')).not.toThrow();
  });
});
