// UuidMap behaves as a Map<string, record> for get/set/has/size/values, whatever the keys look
// like: canonical UUIDs, UUIDs that share their first 8 characters, ARN-ish junk, short strings.
// Budget: well under a second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { uuidFrom } from '../../../src/model/arn.js';
import { UuidMap } from '../../../src/model/uuid-map.js';

interface Rec {
  uuid: string;
  n: number;
}

const keyOf = (r: Rec): string => r.uuid;

describe('UuidMap', () => {
  it('agrees with a Map on any sequence of sets and gets', () => {
    const key = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 12 }),
      // same first 8 characters: the hash cannot tell them apart, the records can
      fc.string({ minLength: 0, maxLength: 4 }).map((tail) => `deadbeef-${tail}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 300 }), (ops) => {
        const ours = new UuidMap<Rec>(keyOf);
        const ref = new Map<string, Rec>();
        let n = 0;
        for (const [isSet, k] of ops) {
          if (isSet) {
            const rec = { uuid: k, n: n++ };
            ours.set(k, rec);
            ref.set(k, rec);
          }
          expect(ours.get(k)).toBe(ref.get(k));
          expect(ours.has(k)).toBe(ref.has(k));
          expect(ours.size).toBe(ref.size);
        }
        expect([...ours.values()]).toEqual([...ref.values()]);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with a Map on any sequence of sets, deletes and gets, through compactions', () => {
    const key = fc.oneof(fc.uuid(), fc.string({ maxLength: 3 }), fc.string({ maxLength: 2 }).map((tail) => `deadbeef-${tail}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), key), { maxLength: 300 }), fc.nat(3000), (ops, bulk) => {
        const ours = new UuidMap<Rec>(keyOf);
        const ref = new Map<string, Rec>();
        // enough records set and deleted first that compaction (from 1024 holes on) happens
        for (let i = 0; i < bulk; i++) {
          const rec = { uuid: `bulk-${i}`, n: -i };
          ours.set(rec.uuid, rec);
          ref.set(rec.uuid, rec);
          if (i % 3 !== 0) expect(ours.delete(rec.uuid)).toBe(ref.delete(rec.uuid));
        }
        let n = 0;
        for (const [op, k] of ops) {
          if (op === 0) {
            const rec = { uuid: k, n: n++ };
            ours.set(k, rec);
            ref.set(k, rec);
          } else if (op === 1) {
            expect(ours.delete(k)).toBe(ref.delete(k));
          }
          expect(ours.get(k)).toBe(ref.get(k));
          expect(ours.size).toBe(ref.size);
        }
        expect([...ours.values()]).toEqual([...ref.values()]);
        for (const [k, v] of ref) expect(ours.get(k)).toBe(v);
      }),
      { numRuns: 100 },
    );
  });

  it('holds a hundred thousand task UUIDs and finds each, and nothing that differs by a character', () => {
    const ids = new RandomStreams('uuid-map').stream('ids');
    const m = new UuidMap<Rec>(keyOf);
    const recs: Rec[] = [];
    for (let i = 0; i < 100_000; i++) {
      const rec = { uuid: uuidFrom(ids), n: i };
      recs.push(rec);
      m.set(rec.uuid, rec);
    }
    let wrong = 0;
    for (const r of recs) {
      if (m.get(r.uuid) !== r) wrong++;
      if (m.get(r.uuid.toUpperCase()) !== undefined) wrong++;
      if (m.get(r.uuid.slice(0, 35)) !== undefined) wrong++;
    }
    expect(wrong).toBe(0);
    expect(m.size).toBe(100_000);
  });

  it('refuses a key that is not the record\'s own uuid', () => {
    expect(() => new UuidMap<Rec>(keyOf).set('a', { uuid: 'b', n: 0 })).toThrow(RangeError);
  });
});
