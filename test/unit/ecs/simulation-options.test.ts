// createSimulation and runUntil check what a library caller passes: a misspelt option, a seed the
// CLI would refuse, or a time that is not a number fails with a RangeError naming what is wrong.
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../src/index.js';

const make = (options: unknown) => () => createSimulation(options as SimulationOptions);

describe('createSimulation options', () => {
  it.each([
    ['a misspelt option', { sed: 1 }, /createSimulation: unknown option "sed"; the options are seed, region/],
    ['a misspelt agent option', { agent: { startDelay: 5 } }, /createSimulation: agent: unknown option "startDelay"; the options are mode, startDelayMs, stopDelayMs/],
    ['a negative seed', { seed: -1 }, /seed must be a non-negative integer or a string, got -1/],
    ['a fractional seed', { seed: 1.5 }, /seed must be .* got 1\.5/],
    ['a NaN seed', { seed: Number.NaN }, /seed must be .* got NaN/],
    ['an object seed', { seed: { n: 1 } }, /seed must be/],
    ['a failureDetail ECS does not have', { failureDetail: 'all' }, /failureDetail must be 'instances' or 'summary', got "all"/],
    ['the placement hook option, gone (RunTask always asks a strategy)', { placement: { prepare: () => undefined } }, /unknown option "placement"/],
    ['options that are not an object', 7, /expected an options object, got 7/],
  ])('%s: RangeError', (_, options, message) => {
    expect(make(options)).toThrow(RangeError);
    expect(make(options)).toThrow(message);
  });

  it('accepts what the CLI accepts and string seeds', () => {
    for (const seed of [0, 42, Number.MAX_SAFE_INTEGER, 'alpha', '']) expect(make({ seed })).not.toThrow();
    expect(make({ seed: 1, agent: { mode: 'manual', startDelayMs: 0 }, failureDetail: 'summary', strategy: 'binpack:memory' })).not.toThrow();
  });
});

describe('runUntil', () => {
  it.each([
    ['NaN', Number.NaN, /runUntil: expected a finite time in ms, got NaN/],
    ['Infinity', Number.POSITIVE_INFINITY, /runUntil: expected a finite time in ms, got Infinity/],
    ['a duration string', '1h', /runUntil: expected a time in ms, got "1h" .*parseDuration\('1h'\)/],
    ['undefined', undefined, /runUntil: expected a time in ms, got undefined/],
  ])('%s says what is wrong', (_, t, message) => {
    const sim = createSimulation();
    expect(() => sim.runUntil(t as number)).toThrow(RangeError);
    expect(() => sim.runUntil(t as number)).toThrow(message);
    expect(sim.now()).toBe(0);
  });

  it('a time in the past is still refused, saying so', () => {
    const sim = createSimulation();
    sim.runUntil(100);
    expect(() => sim.runUntil(50)).toThrow(/runUntil: 50 is before now \(100\)/);
  });
});
