// runScenario's duration options read what scenario files write ('1h', '30s', or ms), and a bad one
// is a RangeError naming the option, with durations in the message as durations.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenario/runner.js';
import { small } from './runner-helpers.js';

const web = `
  - name: w
    cluster: c
    taskDefinition: job
    arrival: { every: 1m }
    lifetime: { fixed: 5m }`;

describe('runScenario duration options', () => {
  it("accepts duration strings: { duration: '1h', sampleEvery: '30s' } is { duration: 3600000, sampleEvery: 30000 }", () => {
    const s = small({ workloads: web });
    const strings = runScenario(s, { duration: '1h', sampleEvery: '30s' });
    expect(strings.durationMs).toBe(3_600_000);
    expect(strings.sampleEveryMs).toBe(30_000);
    expect(JSON.stringify(strings)).toBe(JSON.stringify(runScenario(s, { duration: 3_600_000, sampleEvery: 30_000 })));
  });

  it.each([
    [{ duration: 'soon' }, /^duration: expected a duration like 500ms/],
    [{ duration: '0s' }, /^duration: expected a duration above zero, got "0s"/],
    [{ sampleEvery: -5 }, /^sampleEvery: expected a non-negative duration/],
    [{ duration: '30d', sampleEvery: '1ms' }, /^sampling every 1ms over 30d gives more than 1,000,000 samples/],
  ])('%j: RangeError', (options, message) => {
    expect(() => runScenario(small({ workloads: web }), options)).toThrow(RangeError);
    expect(() => runScenario(small({ workloads: web }), options)).toThrow(message);
  });
});
