// The candidates file of plan --minimize cost: YAML or JSON, a list of instance groups validated as
// a scenario's instances: entries, each priced, every problem at its line and column.
import { describe, expect, it } from 'vitest';
import { loadCandidates } from '../../../src/scenario/candidates.js';
import { formatScenarioError } from '../../../src/scenario/errors.js';

const errors = (text: string): string[] => {
  const r = loadCandidates(text, 'c.yaml');
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors.map(formatScenarioError);
};

describe('loadCandidates', () => {
  it('reads JSON as well as YAML, resolving types and keeping autoscaling and prices', () => {
    const r = loadCandidates('[{"type": "m5.large"}, {"resources": {"CPU": 4096, "MEMORY": 8192}, "pricePerHour": 0.15, "autoscaling": {"min": 2, "max": 9, "policy": {"capacityProvider": {"targetCapacity": 100}}}, "count": 2}]', 'c.json');
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    expect(r.groups[0]).toMatchObject({ type: 'm5.large', resources: { CPU: 2048, MEMORY: 8028 } });
    expect(r.groups[1]).toMatchObject({ pricePerHour: 0.15, count: 2, autoscaling: { min: 2, max: 9, policy: { kind: 'capacityProvider', targetCapacity: 100 } } });
  });

  it.each([
    ['[]', 'c.yaml:1:1 expected at least 1 item, got 0'],
    ['type: m5.large\n', /^c\.yaml:1:1 expected a list of instance groups/],
    ['- { type: m5.large, colour: red }\n', /^c\.yaml:1:21 \[0\]\.colour: unknown key/],
    ['- { count: 12, type: m5.large, autoscaling: { min: 1, max: 4, policy: { capacityProvider: { targetCapacity: 100 } } } }\n', /^c\.yaml:1:12 \[0\]\.count: expected a count within autoscaling's \[min, max\] = \[1, 4\], got 12/],
    ['- { trace: { format: google-2011-machines, path: m.csv, scale: { CPU: 16384, MEMORY: 65536 } } }\n', 'c.yaml:1:12 [0].trace: a candidate is a group of instances the plan sizes; a machine trace cannot be sized'],
  ])('refuses %j', (text, message) => {
    expect(errors(text)[0]).toMatch(message);
  });
});
