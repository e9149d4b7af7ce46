// SlotUuidMap: records numbered by the caller, found by the UUID words the caller keeps at each
// number; deletion shifts cells back instead of leaving tombstones. Checked against a Map under
// random adds and deletes, with UUIDs whose first words collide (the hash reads only the first
// word), so probe runs wrap and get cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidOfWords, uuidWords } from '../../../src/model/arn.js';
import { SlotUuidMap, type SlotWords } from '../../../src/model/uuid-map.js';

/** The caller's words: four per number, written when a record is filed there. */
class Words implements SlotWords {
  w = new Uint32Array(4 * 4096);
  word(slot: number, j: number): number {
    return this.w[4 * slot + j]!;
  }
  put(slot: number, uuid: string): void {
    if (4 * slot + 4 > this.w.length) {
      const bigger = new Uint32Array(2 * (4 * slot + 4));
      bigger.set(this.w);
      this.w = bigger;
    }
    if (!uuidWords(uuid, this.w, 4 * slot)) throw new Error(`not a UUID: ${uuid}`);
  }
}

/** A UUID whose first word is one of six (so many share a hash) and whose last word is `n`. */
const uuidOf = (prefix: number, n: number): string => uuidOfWords(0xabcdef01 + prefix, 0x12344567, 0x89abcdef, n);

describe('SlotUuidMap', () => {
  it('answers as a Map would through any run of adds and deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), prefix: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 0, max: 1_000_000 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('lookup' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const words = new Words();
        const map = new SlotUuidMap<{ uuid: string }>(words);
        const model = new Map<string, number>();
        const slots: ({ uuid: string } | undefined)[] = [];
        const free: number[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            const uuid = uuidOf(o.prefix, o.n);
            if (model.has(uuid)) continue;
            const slot = free.length > 0 ? free.pop()! : slots.length;
            const item = { uuid };
            slots[slot] = item;
            words.put(slot, uuid);
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
        expect(map.get(uuidOf(0, 2_000_000))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('finds every record after many sets and deletes with no lookup between them', () => {
    // more than the pending list holds at first, with slots reused, then looked up
    const words = new Words();
    const map = new SlotUuidMap<{ uuid: string }>(words);
    const live = new Map<number, { uuid: string }>();
    let n = 0;
    for (let round = 0; round < 20_000; round++) {
      const slot = round % 3000;
      if (live.has(slot)) {
        expect(map.delete(slot)).toBe(true);
        live.delete(slot);
      }
      const item = { uuid: uuidOfWords(n++, 0x4000, 0x80000000, 7) };
      words.put(slot, item.uuid);
      map.set(slot, item);
      live.set(slot, item);
      if (round % 7 === 0 && map.delete(slot)) live.delete(slot);
    }
    expect(map.size).toBe(live.size);
    for (const item of live.values()) expect(map.get(item.uuid)).toBe(item);
    expect(map.get(uuidOfWords(0, 0x4000, 0x80000000, 7))).toBeUndefined();
  });

  it('finds nothing for a string that is not a UUID spelled as uuidOfWords spells it', () => {
    const words = new Words();
    const map = new SlotUuidMap<{ uuid: string }>(words);
    const uuid = uuidOf(1, 0xdeadbeef);
    words.put(0, uuid);
    map.set(0, { uuid });
    expect(map.get(uuid)).toBeDefined();
    for (const other of [uuid.toUpperCase(), uuid.slice(0, 35), `${uuid}0`, uuid.replace(/-/g, '_'), '', 'abcdef01']) expect(map.get(other)).toBeUndefined();
  });

  it('refuses a slot that is taken', () => {
    const map = new SlotUuidMap<{ uuid: string }>(new Words());
    map.set(3, { uuid: 'a' });
    expect(() => map.set(3, { uuid: 'b' })).toThrow(RangeError);
  });
});
