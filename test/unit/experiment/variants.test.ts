// checkVariants: which scenario files may be compared as variants on common random numbers, and how
// their columns are labelled.
import { describe, expect, it } from 'vitest';
import { checkVariants, type Variant } from '../../../src/experiment/variants.js';
import { scenarioOf } from '../scenario/runner-helpers.js';

const yaml = (o: { name: string; count?: number; seed?: number; duration?: string; resources?: string; rate?: number }) => `version: 1
name: ${o.name}
seed: ${o.seed ?? 1}
duration: ${o.duration ?? '1h'}
clusters:
  - name: c
    instances:
      - { count: ${o.count ?? 2}, resources: ${o.resources ?? '{ CPU: 1024, MEMORY: 2048 }'} }
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 256, memory: 256 }
workloads:
  - { name: jobs, cluster: c, taskDefinition: job, arrival: { poisson: { ratePerMinute: ${o.rate ?? 2} } }, lifetime: { fixed: 5m } }
`;
const variant = (file: string, o: Parameters<typeof yaml>[0]): Variant => ({ file, scenario: scenarioOf(yaml(o)), scenarioDir: '.' });

describe('checkVariants', () => {
  it('accepts fleets that differ, and names what differs from the first', () => {
    const c = checkVariants([variant('a.yaml', { name: 'small' }), variant('b.yaml', { name: 'big', count: 8 }), variant('c.yaml', { name: 'same' })]);
    expect(c.problems).toEqual([]);
    expect(c.columns).toEqual([
      { label: 'small', differs: [] },
      { label: 'big', differs: ['clusters'] },
      { label: 'same', differs: [] },
    ]);
  });

  it('does not mistake the order of keys in a map for a difference', () => {
    const c = checkVariants([variant('a.yaml', { name: 'a' }), variant('b.yaml', { name: 'b', resources: '{ MEMORY: 2048, CPU: 1024 }' })]);
    expect(c.problems).toEqual([]);
    expect(c.columns[1]!.differs).toEqual([]);
  });

  it('refuses other workloads, a seed or a horizon of its own unless overridden', () => {
    expect(checkVariants([variant('a.yaml', { name: 'a' }), variant('b.yaml', { name: 'b', rate: 3 })]).problems).toEqual([
      "b.yaml: its workloads differ from a.yaml's; variants are compared on the same workloads (common random numbers), only the fleet may differ",
    ]);
    const seeds = [variant('a.yaml', { name: 'a' }), variant('b.yaml', { name: 'b', seed: 2, duration: '2h' })];
    expect(checkVariants(seeds).problems).toEqual([
      'b.yaml: seed 2, a.yaml: seed 1; give them one seed or pass --seed',
      "b.yaml: its duration differs from a.yaml's; give them one or pass --duration",
    ]);
    const overridden = checkVariants(seeds, { seed: 5, duration: 60_000 });
    expect(overridden.problems).toEqual([]);
    expect(overridden.columns[1]!.differs).toEqual([]);
  });

  it('labels by file name when two scenarios share a name, by path when those collide too, and refuses one file twice', () => {
    expect(checkVariants([variant('x/a.yaml', { name: 'n' }), variant('x/b.yaml', { name: 'n', count: 3 })]).columns.map((c) => c.label)).toEqual(['a', 'b']);
    expect(checkVariants([variant('x/a.yaml', { name: 'n' }), variant('y/a.yaml', { name: 'n', count: 3 })]).columns.map((c) => c.label)).toEqual(['x/a.yaml', 'y/a.yaml']);
    expect(checkVariants([variant('a.yaml', { name: 'n' }), variant('a.yaml', { name: 'n' })]).problems).toEqual(['the same scenario file is given twice: a.yaml']);
  });
});
