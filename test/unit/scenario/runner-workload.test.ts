import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { arrivalTimes, lifetimeSampler } from '../../../src/scenario/workload.js';

const rng = (name = 'w') => new RandomStreams('42').stream(name);

function all(gen: { next(): number }, limit = 1_000_000): number[] {
  const out: number[] = [];
  for (let t = gen.next(); t !== Infinity && out.length < limit; t = gen.next()) out.push(t);
  return out;
}

describe('arrival generators', () => {
  it('poisson: exponential gaps averaging 60000 / ratePerMinute ms, inside [start, stop)', () => {
    const times = all(arrivalTimes({ kind: 'poisson', ratePerMinute: 60 }, rng(), { start: 5000, stop: 10_005_000, horizon: 20_000_000 }));
    expect(times[0]).toBeGreaterThanOrEqual(5000);
    expect(times.at(-1)).toBeLessThan(10_005_000);
    // 10,000 s at one a second: about 10,000 arrivals (±3 sd of a Poisson count is ±300)
    expect(times.length).toBeGreaterThan(9700);
    expect(times.length).toBeLessThan(10_300);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times.every(Number.isInteger)).toBe(true);
  });

  it('every: at start, start + interval, … and never at or after stop or the horizon', () => {
    expect(all(arrivalTimes({ kind: 'every', interval: 30_000 }, rng(), { start: 10_000, stop: 100_000, horizon: 1e9 }))).toEqual([10_000, 40_000, 70_000]);
    expect(all(arrivalTimes({ kind: 'every', interval: 30_000 }, rng(), { start: 0, stop: 1e9, horizon: 60_000 }))).toEqual([0, 30_000]);
  });

  it('at: the listed times in order, repeats kept, those past the horizon dropped', () => {
    expect(all(arrivalTimes({ kind: 'at', times: [300, 0, 300, 900] }, rng(), { start: 0, stop: 1000, horizon: 900 }))).toEqual([0, 300, 300]);
  });

  it('burst: count arrivals at one instant, none when it lies beyond the horizon', () => {
    expect(all(arrivalTimes({ kind: 'burst', at: 3_600_000, count: 3 }, rng(), { start: 0, stop: 1e9, horizon: 1e9 }))).toEqual([3_600_000, 3_600_000, 3_600_000]);
    expect(all(arrivalTimes({ kind: 'burst', at: 3_600_000, count: 3 }, rng(), { start: 0, stop: 1e9, horizon: 3_600_000 }))).toEqual([]);
  });

  it('draws the same times from the same stream seed', () => {
    const a = all(arrivalTimes({ kind: 'poisson', ratePerMinute: 5 }, rng('x'), { start: 0, stop: 3_600_000, horizon: 3_600_000 }));
    const b = all(arrivalTimes({ kind: 'poisson', ratePerMinute: 5 }, rng('x'), { start: 0, stop: 3_600_000, horizon: 3_600_000 }));
    const c = all(arrivalTimes({ kind: 'poisson', ratePerMinute: 5 }, rng('y'), { start: 0, stop: 3_600_000, horizon: 3_600_000 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('lifetime samplers', () => {
  const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

  it('fixed: always the duration; forever: Infinity', () => {
    expect(draw(3, lifetimeSampler({ kind: 'fixed', duration: 600_000 }, rng()))).toEqual([600_000, 600_000, 600_000]);
    expect(lifetimeSampler({ kind: 'forever' }, rng())()).toBe(Infinity);
  });

  it('exponential: whole milliseconds averaging the mean', () => {
    const xs = draw(20_000, lifetimeSampler({ kind: 'exponential', mean: 600_000 }, rng()));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    // standard error of the mean is 600000/√20000 ≈ 4243 ms
    expect(Math.abs(mean - 600_000)).toBeLessThan(15_000);
  });

  it('lognormal: half the tasks live less than the median', () => {
    const xs = draw(20_000, lifetimeSampler({ kind: 'lognormal', median: 1_200_000, sigma: 1 }, rng())).sort((a, b) => a - b);
    const median = xs[10_000]!;
    expect(Math.abs(median / 1_200_000 - 1)).toBeLessThan(0.04);
    // sigma 1: the 84th percentile sits one e-fold above the median
    expect(xs[Math.round(0.8413 * 20_000)]! / 1_200_000).toBeGreaterThan(2.5);
  });
});
