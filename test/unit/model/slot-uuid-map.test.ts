// SlotUuidMap: records numbered by the caller, found by UUID; deletion shifts cells back instead of
// leaving tombstones. Checked against a Map under random adds and deletes, with UUIDs whose first
// characters collide (the hash reads only the first 8), so probe runs wrap and get cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotUuidMap } from '../../../src/model/uuid-map.js';

describe('SlotUuidMap', () => {
  it('answers as a Map would through any run of adds and deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), prefix: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 0, max: 1_000_000 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('lookup' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const map = new SlotUuidMap<{ uuid: string }>();
        const model = new Map<string, number>();
        const slots: ({ uuid: string } | undefined)[] = [];
        const free: number[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            const uuid = `${'abcdef'[o.prefix]!.repeat(8)}-${o.n}`;
            if (model.has(uuid)) continue;
            const slot = free.length > 0 ? free.pop()! : slots.length;
            const item = { uuid };
            slots[slot] = item;
            map.set(slot, item);
            model.set(uuid, slot);
          } else if (o.kind === 'lookup') {
            if (model.size > 0) {
              const [uuid, slot] = [...model][o.pick % model.size]!;
              expect(map.get(uuid)).toBe(slots[slot]);
            }
          } else if (model.size > 0) {
            const [uuid, slot] = [...model][o.pick % model.size]!;
            expect(map.delete(slot)).toBe(true);
            expect(map.delete(slot)).toBe(false);
            model.delete(uuid);
            slots[slot] = undefined;
            free.push(slot);
            // not after every delete: records set and deleted between two lookups are never hashed
            if (o.pick % 3 === 0) expect(map.get(uuid)).toBeUndefined();
          }
        }
        expect(map.size).toBe(model.size);
        for (const [uuid, slot] of model) expect(map.get(uuid)).toBe(slots[slot]);
        expect(map.get('ffffffff-none')).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('finds every record after many sets and deletes with no lookup between them', () => {
    // more than the pending list holds at first, with slots reused, then looked up
    const map = new SlotUuidMap<{ uuid: string }>();
    const live = new Map<number, { uuid: string }>();
    let n = 0;
    for (let round = 0; round < 20_000; round++) {
      const slot = round % 3000;
      if (live.has(slot)) {
        expect(map.delete(slot)).toBe(true);
        live.delete(slot);
      }
      const item = { uuid: `${(n++).toString(16).padStart(8, '0')}-x` };
      map.set(slot, item);
      live.set(slot, item);
      if (round % 7 === 0 && map.delete(slot)) live.delete(slot);
    }
    expect(map.size).toBe(live.size);
    for (const item of live.values()) expect(map.get(item.uuid)).toBe(item);
    expect(map.get('00000000-x')).toBeUndefined();
  });

  it('refuses a slot that is taken', () => {
    const map = new SlotUuidMap<{ uuid: string }>();
    map.set(3, { uuid: 'a' });
    expect(() => map.set(3, { uuid: 'b' })).toThrow(RangeError);
  });
});
