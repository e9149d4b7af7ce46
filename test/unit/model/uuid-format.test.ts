// uuidFrom's fast formatting gives, draw for draw, the UUIDs the straightforward formatting gives
// (version 4, RFC 4122 variant, lowercase), so ids stay what they were for every seed.
import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomStream } from '../../../src/engine/rng.js';
import { uuidFrom } from '../../../src/model/arn.js';

function reference(rng: RandomStream): string {
  const a = rng.uint32();
  const b = ((rng.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.uint32();
  const s = [a, b, c, d].map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

describe('uuidFrom', () => {
  it('formats the same UUIDs as the straightforward formatting, from the same draws', () => {
    const fast = new RandomStreams('fmt').stream('ids');
    const slow = new RandomStreams('fmt').stream('ids');
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = uuidFrom(fast);
      const b = reference(slow);
      if (a !== b) mismatches.push(`${a} != ${b}`);
    }
    expect(mismatches).toEqual([]);
    expect(uuidFrom(fast)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
