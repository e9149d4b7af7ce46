import fc from 'fast-check';
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

describe('SampleBuffer with parts', () => {
  it('sums up its own samples and its parts’ as one buffer holding them all would, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ noNaN: false }), { maxLength: 40 }), { minLength: 1, maxLength: 4 }), fc.array(fc.double(), { maxLength: 20 }), (parts, own) => {
        const whole = new SampleBuffer();
        const composed = new SampleBuffer();
        for (const x of own) {
          whole.push(x);
          composed.push(x);
        }
        for (const values of parts) {
          const part = new SampleBuffer();
          composed.include(part);
          for (const x of values) {
            part.push(x);
            whole.push(x);
          }
        }
        expect(composed.count).toBe(whole.count);
        expect(Array.from(composed.sorted())).toEqual(Array.from(whole.sorted()));
        expect(composed.summary()).toEqual(whole.summary());
      }),
    );
  });

  it('sees samples pushed into a part after it was last summarised', () => {
    const part = new SampleBuffer();
    const total = new SampleBuffer();
    total.include(part);
    part.push(3);
    expect(total.summary()).toMatchObject({ count: 1, max: 3 });
    part.push(7);
    expect(total.summary()).toMatchObject({ count: 2, max: 7, mean: 5 });
  });
});
