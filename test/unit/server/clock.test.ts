// The server's clock: manual stays where requests leave it; realtime follows a (here, fake) wall
// clock × SPEED in whole ms, never goes back, jumps with `advance`, and restarts on reset.
import { describe, expect, it } from 'vitest';
import { parseClock, ServerClock } from '../../../src/server/clock.js';

describe('server clock', () => {
  it.each([
    ['manual', { mode: 'manual' }],
    ['realtime', { mode: 'realtime', speed: 1 }],
    ['realtime:60', { mode: 'realtime', speed: 60 }],
    ['realtime:0.5', { mode: 'realtime', speed: 0.5 }],
  ])('parses %s', (text, mode) => {
    expect(parseClock(text)).toEqual(mode);
  });

  it.each(['', 'auto', 'realtime:', 'realtime:0', 'realtime:-2', 'realtime:fast', 'manual:2'])('refuses %j', (text) => {
    expect(() => parseClock(text)).toThrow(RangeError);
  });

  it('manual: the target is wherever the clock is', () => {
    let wall = 0;
    const c = new ServerClock({ mode: 'manual' }, () => wall);
    wall = 5000;
    expect(c.target(0)).toBe(0);
    expect(c.target(1234)).toBe(1234);
  });

  it('realtime: wall time × speed, whole ms, never before now; advance jumps ahead; restart counts from now', () => {
    let wall = 100;
    const c = new ServerClock({ mode: 'realtime', speed: 10 }, () => wall);
    wall = 100.25;
    expect(c.target(0)).toBe(2);
    wall = 200;
    expect(c.target(0)).toBe(1000);
    expect(c.target(1500)).toBe(1500);
    c.advancedTo(1000, 61_000);
    expect(c.target(61_000)).toBe(61_000);
    wall = 201;
    expect(c.target(61_000)).toBe(61_010);
    c.restart();
    wall = 202;
    expect(c.target(0)).toBe(10);
  });
});
