// Ordering: rows a little out of time order replay in their place; arrivals whose end lies beyond
// the lookahead learn their lifetime later; machine events come out in time order on the task
// trace's clock.
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../../../src/scenario/traces/reorder.js';
import { TraceReplay, type TraceArrival } from '../../../../src/scenario/traces/replay.js';
import { MachineReplay, type MachineEvent } from '../../../../src/scenario/traces/machine-replay.js';
import { replayAll, traceDir, writeTrace } from '../../../helpers/trace-files.js';
import fc from 'fast-check';

const G = { CPU: 16384, MEMORY: 65536 };
const g11 = (t: number, job: number, type: number, req = ''): string => `${t},,${job},0,,${type},u,2,9,${req},${req},,0`;

describe('ReorderBuffer', () => {
  it('releases rows in time order (ties in arrival order) once nothing within the window can overtake them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 10 })), { maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (steps, window) => {
        const buf = new ReorderBuffer<{ time: number; id: number }>(window);
        const out: { time: number; id: number }[] = [];
        const accepted: { time: number; id: number }[] = [];
        let t = 0;
        steps.forEach(([forward, back], id) => {
          t += forward;
          const row = { time: Math.max(0, t - back), id };
          if (buf.push(row)) accepted.push(row);
          for (let r = buf.pop(); r; r = buf.pop()) out.push(r);
        });
        for (let r = buf.pop(true); r; r = buf.pop(true)) out.push(r);
        const expected = [...accepted].sort((a, b) => a.time - b.time || a.id - b.id);
        expect(out).toEqual(expected);
        // a row is refused only when it would come after a later one was already released
        if (steps.every(([, back]) => back <= window)) expect(accepted).toHaveLength(steps.length);
      }),
    );
  });
});

describe('TraceReplay ordering', () => {
  const dir = traceDir();

  it('puts rows up to the reorder window late back in their place, counts later ones', () => {
    const path = writeTrace(dir, 'unordered.csv', [
      g11(0, 1, 0, '0.1'),
      g11(2_000_000, 1, 1), // SCHEDULE at 2 s …
      g11(1_000_000, 2, 0, '0.1'), // … then a SUBMIT from 1 s: within the window
      g11(1_500_000, 2, 1),
      g11(200_000_000, 3, 0, '0.1'),
      g11(600_000_000, 1, 4), // rows up to 300 s are now replayed, 200 s among them
      g11(100_000_000, 2, 4), // so this one is too late to replay in its place
    ]);
    const { arrivals, replay } = replayAll({ format: 'google-2011', path, scale: G });
    expect(arrivals.map((a) => [a.at, a.lifetime])).toEqual([
      [0, 598_000],
      [1_000, Infinity],
      [200_000, Infinity],
    ]);
    expect(replay.stats.dropped).toEqual({ 'out-of-order': 1 });
  });

  it('hands out an arrival whose end lies past the lookahead with lifetime NaN, then tells its consumer', () => {
    const path = writeTrace(dir, 'long.csv', [
      g11(0, 1, 0, '0.1'),
      g11(1_000_000, 1, 1),
      g11(5_000_000, 2, 0, '0.1'),
      g11(5_000_000, 2, 1),
      g11(100_000_000, 3, 0, '0.1'),
      g11(7_201_000_000, 1, 4),
      g11(7_300_000_000, 2, 3),
    ]);
    const replay = new TraceReplay({ format: 'google-2011', path, scale: G, speed: 1, where: {} }, { lookahead: 60_000, reorderWindow: 0 });
    const told: [number, number][] = [];
    const take = (): TraceArrival => {
      const a = replay.next()!;
      a.onLifetime = (ms) => told.push([a.at, ms]);
      return a;
    };
    const [a1, a2] = [take(), take()];
    expect([a1.at, a1.lifetime, a2.at, a2.lifetime]).toEqual([0, NaN, 5_000, NaN]);
    expect(told).toEqual([]);
    const a3 = take();
    expect([a3.at, a3.lifetime]).toEqual([100_000, NaN]);
    // reading on to 160 s took it past the first task's end, not yet the second's
    expect(told).toEqual([[0, 7_200_000]]);
    expect(replay.next()).toBeUndefined();
    expect(told).toEqual([
      [0, 7_200_000],
      [5_000, 7_295_000],
      [100_000, Infinity],
    ]);
    expect([a1.lifetime, a2.lifetime, a3.lifetime]).toEqual([7_200_000, 7_295_000, Infinity]);
    expect(replay.stats.lifetimesPending).toBe(3);
  });

  it('at its limit, still reads on until every handed-out arrival knows its lifetime', () => {
    const path = writeTrace(dir, 'limit.csv', [g11(0, 1, 0, '0.1'), g11(0, 1, 1), g11(0, 2, 0, '0.1'), g11(0, 3, 0, '0.1'), g11(10_000_000, 4, 0, '0.1'), g11(9_000_000_000, 1, 4)]);
    const replay = new TraceReplay({ format: 'google-2011', path, scale: G, speed: 1, where: {}, limit: 1 }, { lookahead: 1000, reorderWindow: 0 });
    const a: TraceArrival = replay.next()!;
    expect(a.lifetime).toBeNaN();
    expect(replay.next()).toBeUndefined();
    expect(a.lifetime).toBe(9_000_000);
    expect(replay.stats).toMatchObject({ tasks: 1, arrivals: 1, limited: true });
  });
});

describe('MachineReplay', () => {
  const dir = traceDir();

  it('adds and removes machines in time order with the origin and speed given', () => {
    // the 1800 s row comes after the 3600 s one, within the reorder window
    const path = writeTrace(dir, 'machine_events.csv', ['0,5,0,p,0.5,0.25', '0,6,0,p,1,1', '3600000000,5,1,p,,', '1800000000,7,0,p,0.5,0.5', '2000000000,8,0,p,,', '7200000000,6,2,p,0.5,0.5']);
    const m = new MachineReplay({ format: 'google-2011-machines', path, scale: G, speed: 2, start: 0 });
    const events: MachineEvent[] = [];
    for (let e = m.next(); e; e = m.next()) events.push(e);
    expect(events).toEqual([
      { at: 0, kind: 'add', id: '5', cpu: 8192, memory: 16384 },
      { at: 0, kind: 'add', id: '6', cpu: 16384, memory: 65536 },
      { at: 900_000, kind: 'add', id: '7', cpu: 8192, memory: 32768 },
      { at: 1_800_000, kind: 'remove', id: '5' },
    ]);
    expect(m.dropped).toEqual({ 'missing-request': 1, 'other-record': 1 });
  });
});
