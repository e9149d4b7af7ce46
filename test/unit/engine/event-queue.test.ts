// The event queue: order by (time, priority, sequence), lazy cancellation, and that neither
// survives heap growth, slot reuse or compaction. Budget: well under a second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type EventCallback } from '../../../src/engine/event-queue.js';

const noop: EventCallback = () => {};

/** Pops everything, returning the args in the order the queue gave them. */
function drain(q: EventQueue): unknown[] {
  const out: unknown[] = [];
  const slot = { time: 0, fn: undefined as EventCallback | undefined, arg: undefined as unknown };
  while (q.popInto(slot)) out.push(slot.arg);
  return out;
}

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const q = new EventQueue();
    for (const t of [50, 10, 40, 20, 30]) q.push(t, noop, t);
    expect(drain(q)).toEqual([10, 20, 30, 40, 50]);
  });

  it('at equal times, runs lower priority first, then in the order scheduled', () => {
    const q = new EventQueue();
    q.push(5, noop, 'a', 1);
    q.push(5, noop, 'b', 0);
    q.push(5, noop, 'c', 1);
    q.push(5, noop, 'd', -1);
    q.push(5, noop, 'e', 0);
    expect(drain(q)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });

  it('gives every pushed callback its own arg, with its time', () => {
    const q = new EventQueue();
    const f: EventCallback = () => {};
    q.push(7, f, { id: 1 });
    const slot = { time: 0, fn: undefined as EventCallback | undefined, arg: undefined as unknown };
    expect(q.popInto(slot)).toBe(true);
    expect(slot).toEqual({ time: 7, fn: f, arg: { id: 1 } });
    expect(q.popInto(slot)).toBe(false);
  });

  it('a cancelled event never pops, and cancelling twice or after it ran returns false', () => {
    const q = new EventQueue();
    const a = q.push(1, noop, 'a');
    const b = q.push(2, noop, 'b');
    q.push(3, noop, 'c');
    expect(q.cancel(b)).toBe(true);
    expect(q.cancel(b)).toBe(false);
    expect(q.size).toBe(2);
    expect(drain(q)).toEqual(['a', 'c']);
    expect(q.cancel(a)).toBe(false);
    expect(q.size).toBe(0);
  });

  it('a stale handle cannot cancel the event that reuses its slot', () => {
    const q = new EventQueue();
    const old = q.push(1, noop, 'old');
    drain(q);
    q.push(2, noop, 'new'); // reuses the freed slot
    expect(q.cancel(old)).toBe(false);
    expect(drain(q)).toEqual(['new']);
  });

  it('peekTime skips cancelled events and is Infinity when empty', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    const h = q.push(1, noop);
    q.push(9, noop);
    q.cancel(h);
    expect(q.peekTime()).toBe(9);
  });

  it('rejects handles it never issued', () => {
    const q = new EventQueue();
    q.push(1, noop);
    expect(q.cancel(-1)).toBe(false);
    expect(q.cancel(Number.NaN)).toBe(false);
    expect(q.cancel(123456789)).toBe(false);
    expect(q.size).toBe(1);
  });

  it('does not grow without bound when far-future events are scheduled and cancelled', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100_000; i++) {
      const h = q.push(1e9 + i, noop);
      q.cancel(h);
    }
    q.push(5, noop, 'live');
    // compaction keeps the heap near the live count; the one live event still pops
    expect((q as unknown as { filed: number }).filed).toBeLessThan(5000);
    expect(drain(q)).toEqual(['live']);
  });

  // Above LIST_MAX (8192) filed events the buckets file into regions of one pool, which move
  // and are copied to a new pool as they fill: this run crosses that line both ways, checked
  // against a plain binary heap on the same keys.
  it('keeps exact order with tens of thousands pending, across region moves and pool copies', () => {
    type Key = { time: number; prio: number; seq: number };
    const before = (a: Key, b: Key): boolean => a.time < b.time || (a.time === b.time && (a.prio < b.prio || (a.prio === b.prio && a.seq < b.seq)));
    const heap: Key[] = [];
    const refPush = (k: Key): void => {
      let i = heap.push(k) - 1;
      while (i > 0 && before(k, heap[(i - 1) >> 1]!)) {
        heap[i] = heap[(i - 1) >> 1]!;
        i = (i - 1) >> 1;
      }
      heap[i] = k;
    };
    const refPop = (): Key | undefined => {
      const top = heap[0];
      const end = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= heap.length) break;
          if (c + 1 < heap.length && before(heap[c + 1]!, heap[c]!)) c++;
          if (!before(heap[c]!, end)) break;
          heap[i] = heap[c]!;
          i = c;
        }
        heap[i] = end;
      }
      return top;
    };
    const q = new EventQueue();
    let x = 7;
    const rand = (n: number): number => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    const slot = { time: 0, fn: undefined as EventCallback | undefined, arg: undefined as unknown };
    let seq = 0;
    let now = 0;
    let wrong = 0;
    const push = (time: number, prio: number): void => {
      q.push(time, noop, seq, prio);
      refPush({ time, prio, seq: seq++ });
    };
    // grow to ~30k pending in bursts of far and near times, then drain it, pushing as it goes
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 12_000; i++) push(now + (i % 3 === 0 ? rand(2 ** 20) : rand(64)), rand(3) - 1);
      const pops = round < 2 ? 4000 : Infinity;
      for (let i = 0; i < pops; i++) {
        if (round === 2 && i % 4 === 0 && i < 12_000) push(now + rand(5000), 0);
        const want = refPop();
        if (q.popInto(slot) !== (want !== undefined)) wrong++;
        if (!want) break;
        if (slot.time !== want.time || slot.arg !== want.seq) wrong++;
        now = want.time;
      }
      expect(q.size).toBe(heap.length);
    }
    expect(wrong).toBe(0);
    expect(seq).toBe(39_000);
  });

  it('compacts a large queue of cancelled events and keeps the live ones in order', () => {
    const q = new EventQueue();
    const handles: number[] = [];
    for (let i = 0; i < 40_000; i++) handles.push(q.push(1000 + ((i * 7919) % 100_000), noop, i));
    // cancel all but every tenth: compaction runs (more cancelled than live), some stay lazily filed
    let cancelled = 0;
    for (let i = 0; i < 40_000; i++) if (i % 10 !== 0 && q.cancel(handles[i]!)) cancelled++;
    expect(cancelled).toBe(36_000);
    expect(q.size).toBe(4000);
    expect((q as unknown as { filed: number }).filed).toBeLessThan(12_000);
    const want = Array.from({ length: 4000 }, (_, k) => k * 10).sort((a, b) => ((a * 7919) % 100_000) - ((b * 7919) % 100_000) || a - b);
    expect(drain(q)).toEqual(want);
    expect(q.cancel(handles[0]!)).toBe(false);
  });

  it('agrees with a sorted reference on any mix of pushes, pops and cancels', () => {
    type Op =
      | { kind: 'push'; time: number; prio: number }
      | { kind: 'pop' }
      | { kind: 'peek' }
      | { kind: 'cancel'; which: number };
    // whole times near one another (ties, radix buckets), past 2^32 (the high buckets),
    // fractional ones and, after a peek has looked ahead, earlier ones
    const time = fc.oneof(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 3 }).map((k) => 2 ** 32 - 2 + k),
      fc.integer({ min: 0, max: 2 ** 20 }).map((k) => 2 ** 40 + k * 997),
      fc.double({ min: 0, max: 60, noNaN: true }),
    );
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), time, prio: fc.integer({ min: -2, max: 2 }) }),
      fc.constant({ kind: 'pop' as const }),
      fc.constant({ kind: 'peek' as const }),
      fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
        const q = new EventQueue();
        const ref: { time: number; prio: number; seq: number; handle: number }[] = [];
        const handles: number[] = [];
        let seq = 0;
        const slot = { time: 0, fn: undefined as EventCallback | undefined, arg: undefined as unknown };
        for (const o of ops) {
          if (o.kind === 'push') {
            const s = seq++;
            const handle = q.push(o.time, noop, s, o.prio);
            handles.push(handle);
            ref.push({ time: o.time, prio: o.prio, seq: s, handle });
          } else if (o.kind === 'cancel') {
            if (handles.length === 0) continue;
            const h = handles[o.which % handles.length]!;
            const i = ref.findIndex((r) => r.handle === h);
            expect(q.cancel(h)).toBe(i >= 0);
            if (i >= 0) ref.splice(i, 1);
          } else if (o.kind === 'peek') {
            ref.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
            expect(q.peekTime()).toBe(ref[0]?.time ?? Infinity);
          } else {
            ref.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
            const want = ref.shift();
            expect(q.popInto(slot)).toBe(want !== undefined);
            if (want) expect([slot.time, slot.arg]).toEqual([want.time, want.seq]);
          }
          expect(q.size).toBe(ref.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
