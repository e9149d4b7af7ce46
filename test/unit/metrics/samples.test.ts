import { describe, expect, it } from 'vitest';
import { SampleBuffer } from '../../../src/metrics/samples.js';

describe('SampleBuffer', () => {
  it('summarises to zeros when it holds no sample', () => {
    expect(new SampleBuffer().summary()).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('interpolates percentiles linearly between order statistics (numpy and R default)', () => {
    const b = new SampleBuffer();
    for (const x of [5, 1, 4, 2, 3]) b.push(x);
    const s = b.summary();
    expect(s).toMatchObject({ count: 5, mean: 3, p50: 3, max: 5 });
    // rank (n-1)·p = 3.8 → 4 + 0.8·(5 − 4)
    expect(s.p95).toBeCloseTo(4.8, 12);
    expect(s.p99).toBeCloseTo(4.96, 12);
  });

  it('grows past its initial capacity and sorts numerically, not as text', () => {
    const b = new SampleBuffer();
    for (let i = 1000; i >= 1; i--) b.push(i * 10);
    expect(b.count).toBe(1000);
    const sorted = b.sorted();
    expect(sorted[0]).toBe(10);
    expect(sorted[999]).toBe(10_000);
    expect(b.summary().p50).toBe(5005);
  });
});
