import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DURATION_PATTERN, formatDuration, parseDuration, tryParseDuration } from '../../../src/scenario/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1d 12h', 129_600_000],
    ['1h30m15s250ms', 5_415_250],
    ['1.5h', 5_400_000],
    ['0.5s', 500],
    ['0s', 0],
    [' 6h ', 21_600_000],
    [0, 0],
    [1500, 1500],
  ] as const)('reads %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['', 'expected a duration'],
    ['soon', 'expected a duration'],
    ['-5m', 'cannot be negative'],
    ['500', 'add a unit'],
    ['30m1h', 'largest first'],
    ['1h1h', 'largest first'],
    ['5 minutes', 'largest first'],
    ['1.5ms', 'whole milliseconds'],
    ['1e3s', 'largest first'],
    ['h', 'expected a duration'],
    ['99999999999d', 'too large'],
  ])('rejects %j (%s)', (input, fragment) => {
    expect(() => parseDuration(input)).toThrow(RangeError);
    expect(() => parseDuration(input)).toThrow(fragment);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('rejects the number %d', (input) => {
    expect(() => parseDuration(input)).toThrow(RangeError);
  });

  it('never throws from tryParseDuration, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = tryParseDuration(input);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('agrees with the published pattern on which strings have the right shape', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.dhms ]{0,12}$/), (text) => {
        if (tryParseDuration(text).ok) expect(pattern.test(text)).toBe(true);
      }),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1s500ms'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [90_061_001, '1d1h1m1s1ms'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, 0.5, Number.NaN])('rejects %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });

  it('round-trips every non-negative whole number of milliseconds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer({ min: 0, max: 10 * 86_400_000 })), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
