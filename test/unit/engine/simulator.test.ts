// The run loop: the clock, runUntil's semantics, events scheduled from events, errors that stop
// the run, and named random streams that never disturb one another. Budget: well under a second.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { Simulator } from '../../../src/engine/simulator.js';

describe('Simulator', () => {
  it('runs each event at its time, with the clock showing that time', () => {
    const sim = new Simulator();
    const seen: [string, number][] = [];
    sim.schedule(30, () => seen.push(['c', sim.now()]));
    sim.schedule(10, () => seen.push(['a', sim.now()]));
    sim.schedule(20, () => seen.push(['b', sim.now()]));
    sim.runUntilIdle();
    expect(seen).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    expect(sim.eventsProcessed).toBe(3);
  });

  it('orders same-time events by priority, then by when they were scheduled', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(5, (x) => seen.push(x as string), 'late-low', 1);
    sim.schedule(5, (x) => seen.push(x as string), 'first', 0);
    sim.schedule(5, (x) => seen.push(x as string), 'second', 0);
    sim.schedule(5, (x) => seen.push(x as string), 'urgent', -1);
    sim.runUntilIdle();
    expect(seen).toEqual(['urgent', 'first', 'second', 'late-low']);
  });

  it('an event scheduled with delay 0 from an event runs after the events already due at that time', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.schedule(1, () => {
      seen.push('a');
      sim.schedule(0, () => seen.push('a-child'));
    });
    sim.schedule(1, () => seen.push('b'));
    sim.runUntilIdle();
    expect(seen).toEqual(['a', 'b', 'a-child']);
  });

  it('runUntil(t) runs events at exactly t, leaves later ones, and sets the clock to t', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [5, 10, 11]) sim.schedule(t, () => seen.push(t));
    sim.runUntil(10);
    expect(seen).toEqual([5, 10]);
    expect(sim.now()).toBe(10);
    expect(sim.pending).toBe(1);
    sim.runUntil(10); // same time again: allowed, nothing more runs
    expect(seen).toEqual([5, 10]);
  });

  it('runUntil refuses a time before now, and changes nothing when it does', () => {
    const sim = new Simulator();
    sim.schedule(50, () => {});
    sim.runUntil(20);
    expect(() => sim.runUntil(19)).toThrow(RangeError);
    expect(() => sim.runUntil(Number.NaN)).toThrow(RangeError);
    expect(sim.now()).toBe(20);
    expect(sim.pending).toBe(1);
  });

  it('schedule rejects negative and non-finite delays; scheduleAt rejects the past', () => {
    const sim = new Simulator();
    sim.runUntil(100);
    expect(() => sim.schedule(-1, () => {})).toThrow(RangeError);
    expect(() => sim.schedule(Infinity, () => {})).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => sim.scheduleAt(99, () => {})).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });

  it('rounds delays to whole milliseconds', () => {
    const sim = new Simulator();
    let at = -1;
    sim.schedule(2.6, () => (at = sim.now()));
    sim.runUntilIdle();
    expect(at).toBe(3);
  });

  it('a cancelled event does not run; cancel after it ran returns false', () => {
    const sim = new Simulator();
    let ran = 0;
    const h = sim.schedule(5, () => ran++);
    const g = sim.schedule(6, () => ran++);
    expect(sim.cancel(h)).toBe(true);
    sim.runUntilIdle();
    expect(ran).toBe(1);
    expect(sim.cancel(g)).toBe(false);
  });

  it('an exception in an event stops the run and reaches the caller; the clock stays at that event', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.schedule(1, () => seen.push(1));
    sim.schedule(2, () => {
      throw new Error('boom');
    });
    sim.schedule(3, () => seen.push(3));
    expect(() => sim.runUntil(10)).toThrow('boom');
    expect(sim.now()).toBe(2);
    expect(seen).toEqual([1]);
    // the run can go on from there
    sim.runUntil(10);
    expect(seen).toEqual([1, 3]);
  });

  it('keeps time order over 200,000 events scheduled from events (slot reuse)', () => {
    const sim = new Simulator();
    let last = -1;
    let ok = true;
    let n = 0;
    const tick = (): void => {
      const now = sim.now();
      if (now < last) ok = false;
      last = now;
      if (++n < 200_000) sim.schedule((n * 7919) % 13, tick);
    };
    for (let i = 0; i < 5; i++) sim.schedule(i, tick);
    sim.runUntilIdle();
    expect(ok).toBe(true);
    expect(sim.eventsProcessed).toBe(200_004);
  });
});

describe('RandomStreams', () => {
  it('gives the same numbers for the same seed and name', () => {
    const a = new RandomStreams('s').stream('placement');
    const b = new RandomStreams('s').stream('placement');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  it('draws from one stream never shift another', () => {
    const quiet = new RandomStreams('s');
    const busy = new RandomStreams('s');
    const noisy = busy.stream('arrivals');
    for (let i = 0; i < 1000; i++) noisy.next();
    const x = quiet.stream('placement');
    const y = busy.stream('placement');
    for (let i = 0; i < 100; i++) expect(y.int(1000)).toBe(x.int(1000));
  });

  it('different names and different seeds give different sequences', () => {
    const s = new RandomStreams('s');
    const seq = (r: { next(): number }) => Array.from({ length: 8 }, () => r.next());
    expect(seq(s.stream('a'))).not.toEqual(seq(s.stream('b')));
    expect(seq(new RandomStreams('s').stream('a'))).not.toEqual(seq(new RandomStreams('t').stream('a')));
  });

  it('int(n) stays in [0, n) and uint32 in [0, 2^32)', () => {
    const r = new RandomStreams('bounds').stream('x');
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = r.int(7);
      const u = r.uint32();
      if (!(Number.isInteger(k) && k >= 0 && k < 7 && Number.isInteger(u) && u >= 0 && u < 2 ** 32)) bad++;
    }
    expect(bad).toBe(0);
  });
});
