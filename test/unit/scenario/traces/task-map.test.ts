// The open-task table behaves as a Map for any sequence of sets, gets and deletes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskMap } from '../../../../src/scenario/traces/task-map.js';

describe('TaskMap', () => {
  it('agrees with a Map under random sets, gets and deletes (collisions and growth included)', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.constantFrom(6_000_000_000_000, 6_000_000_000_001, 2 ** 32, 2 ** 32 + 1024), fc.string({ maxLength: 3 }));
    const op = fc.tuple(fc.constantFrom('set', 'get', 'delete'), key);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const m = new TaskMap<number>();
        const ref = new Map<string | number, number>();
        ops.forEach(([what, k], i) => {
          if (what === 'set') {
            m.set(k, i);
            ref.set(k, i);
          } else if (what === 'delete') {
            m.delete(k);
            ref.delete(k);
          }
          expect(m.get(k)).toBe(ref.get(k));
        });
        expect(m.size).toBe(ref.size);
        for (const [k, v] of ref) expect(m.get(k)).toBe(v);
        expect([...m.values()].sort((a, b) => a - b)).toEqual([...ref.values()].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });
});
