import { describe, expect, it } from 'vitest';
import { Gauges } from '../../../src/metrics/gauges.js';

describe('Gauges', () => {
  it('integrates a piecewise-constant value over time: the mean is weighted by how long each value held', () => {
    const g = new Gauges(1);
    g.advance(0);
    g.cur[0] = 10;
    g.settle();
    g.advance(30); // 10 for 30 ms
    g.cur[0] = 40;
    g.settle();
    g.advance(40); // 40 for 10 ms
    g.cur[0] = 0;
    g.settle();
    g.advance(100); // 0 for 60 ms
    expect(g.area[0]).toBe(10 * 30 + 40 * 10);
    expect(g.mean(0, 100)).toBe(7);
    expect(g.peak[0]).toBe(40);
  });

  it('counts a value that held for no time towards the peak but not the mean', () => {
    const g = new Gauges(1);
    g.cur[0] = 99;
    g.settle();
    g.cur[0] = 1;
    g.settle();
    g.advance(10);
    expect(g.peak[0]).toBe(99);
    expect(g.mean(0, 10)).toBe(1);
  });

  it('refuses to go back in time', () => {
    const g = new Gauges(2, 5);
    g.advance(10);
    expect(() => g.advance(9)).toThrow(RangeError);
  });

  it('reports the current value as the mean of an empty span', () => {
    const g = new Gauges(1, 50);
    g.cur[0] = 3;
    expect(g.mean(0, 50)).toBe(3);
  });
});
