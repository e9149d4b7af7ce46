// The loader refuses bad autoscaling blocks at the line and column of the mistake.
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../../../src/scenario/errors.js';
import { loadScenario } from '../../../../src/scenario/load.js';

function errorsOf(group: string): string[] {
  const r = loadScenario(
    `version: 1
duration: 1h
clusters:
  - name: c
    instances:
${group}
`,
    'as.yaml',
  );
  if (r.ok) throw new Error('loaded');
  return r.errors.map(formatScenarioError);
}

describe('autoscaling in a scenario file', () => {
  it('rejects min above max at min', () => {
    expect(errorsOf(`      - count: 2
        type: m5.large
        autoscaling: { min: 5, max: 3, policy: { capacityProvider: { targetCapacity: 100 } } }`)).toEqual([
      expect.stringMatching(/^as\.yaml:8:29 clusters\[0\]\.instances\[0\]\.autoscaling\.min: expected min at most max \(3\), got 5/),
    ]);
  });

  it('rejects a count outside [min, max] at count', () => {
    expect(errorsOf(`      - count: 9
        type: m5.large
        autoscaling: { min: 1, max: 4, policy: { capacityProvider: { targetCapacity: 100 } } }`)).toEqual([
      expect.stringMatching(/^as\.yaml:6:16 clusters\[0\]\.instances\[0\]\.count: expected a count within autoscaling's \[min, max\] = \[1, 4\], got 9/),
    ]);
  });

  it('rejects an unknown metric, naming the two there are', () => {
    const [e] = errorsOf(`      - count: 1
        type: m5.large
        autoscaling:
          min: 1
          max: 4
          policy: { targetTracking: { metric: CPUUtilization, target: 75 } }`);
    expect(e).toMatch(/^as\.yaml:11:47 clusters\[0\]\.instances\[0\]\.autoscaling\.policy\.targetTracking\.metric: /);
    expect(e).toMatch(/CPUReservation/);
    expect(e).toMatch(/MemoryReservation/);
  });
});
