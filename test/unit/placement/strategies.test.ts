// The built-in strategies as pipelines over a view: the order of scorers, tie-breaking from the
// seeded stream, explanations for every ruled-out instance, and the text form of strategies.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { builtinStrategy, parseStrategyText, RANDOM, strategyFromSpecs } from '../../../src/placement/builtin.js';
import { PlacementParameterError } from '../../../src/placement/errors.js';
import { parsePlacementConstraints, parsePlacementStrategies } from '../../../src/placement/parse.js';
import { explain, makeRequest } from '../../../src/placement/pipeline.js';
import { demand, mockCluster, type MockInstance } from './mock-view.js';

const rng = (seed = 's') => new RandomStreams(seed).stream('placement');
const req = (group?: string, constraints: Parameters<typeof makeRequest>[0]['constraints'] = []) =>
  makeRequest({ demand: demand(100, 256), family: 'web', group, constraints });

describe('built-in strategies on a view', () => {
  it('binpack(memory) picks the least remaining memory among the instances that fit', () => {
    const { view } = mockCluster([{ memory: 4096 }, { memory: 200 }, { memory: 1024 }, { memory: 300 }]);
    expect(builtinStrategy('binpack:memory').place(req(), view, rng())).toBe(3); // 200 does not fit 256
  });

  it('first-fit picks the earliest registered instance that fits', () => {
    const { view } = mockCluster([{ memory: 100 }, { active: false }, { memory: 4096 }, { memory: 4096 }]);
    expect(builtinStrategy('first-fit').place(req(), view, rng())).toBe(2);
  });

  it('spread(zone) then binpack(memory): the emptiest zone, then the fullest instance in it', () => {
    const nodes: MockInstance[] = [
      { attributes: { zone: 'a' }, memory: 500, groups: { svc: 1 } },
      { attributes: { zone: 'b' }, memory: 4096 },
      { attributes: { zone: 'b' }, memory: 1024 },
      { attributes: { zone: 'a' }, memory: 300 },
    ];
    const { view } = mockCluster(nodes);
    expect(builtinStrategy('spread:zone then binpack:memory').place(req('svc'), view, rng())).toBe(2);
    expect(builtinStrategy('spread(zone) + binpack(memory)').place(req('svc'), view, rng())).toBe(2);
    // the other order: the fullest instance wherever it is
    expect(builtinStrategy('binpack:memory then spread:zone').place(req('svc'), view, rng())).toBe(3);
  });

  it('breaks ties with the seeded stream: same seed, same pick; different seeds reach every tie', () => {
    const { view } = mockCluster(Array.from({ length: 6 }, () => ({ memory: 1024 })));
    const s = builtinStrategy('binpack:memory');
    expect(s.place(req(), view, rng('x'))).toBe(s.place(req(), view, rng('x')));
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(s.place(req(), view, rng(`seed-${i}`)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('returns -1 when nothing fits', () => {
    const { view } = mockCluster([{ memory: 10 }, { connected: false }]);
    for (const text of ['random', 'binpack:cpu', 'spread:instanceId', 'first-fit']) expect(builtinStrategy(text).place(req(), view, rng())).toBe(-1);
  });

  it('random with a constraint draws only among the instances that satisfy it', () => {
    const { view } = mockCluster([{ attributes: { zone: 'a' } }, { attributes: { zone: 'b' } }, { attributes: { zone: 'a' } }]);
    const r = req(undefined, [{ type: 'memberOf', expression: 'attribute:zone == a' }]);
    const picks = new Set<number>();
    const stream = rng();
    for (let i = 0; i < 100; i++) picks.add(RANDOM.place(r, view, stream));
    expect([...picks].sort()).toEqual([0, 2]);
  });

  it('random with a constraint stays uniform over the instances that satisfy it', () => {
    const { view } = mockCluster([{ attributes: { zone: 'a' } }, { attributes: { zone: 'b' } }, { attributes: { zone: 'a' } }, { attributes: { zone: 'a' } }]);
    const r = req(undefined, [{ type: 'memberOf', expression: 'attribute:zone == a' }]);
    const counts = [0, 0, 0, 0];
    const stream = rng('uniform');
    for (let i = 0; i < 3000; i++) counts[RANDOM.place(r, view, stream)]!++;
    expect(counts[1]).toBe(0);
    // 1000 expected each; ±100 is beyond 5 standard deviations (sd ≈ 26)
    for (const pos of [0, 2, 3]) expect(Math.abs(counts[pos]! - 1000)).toBeLessThan(100);
  });

  it('explain lists every ACTIVE instance ruled out, with the first reason, by position', () => {
    const { view } = mockCluster([
      { memory: 100 },
      { active: false },
      { connected: false },
      { attributes: { zone: 'b' } },
      { attributes: { zone: 'a' }, groups: { svc: 1 } },
      {},
      { attributes: { zone: 'a' } },
    ]);
    const r = req('svc', [{ type: 'memberOf', expression: 'attribute:zone == a' }, { type: 'distinctInstance' }]);
    expect(explain(r, view)).toEqual([
      { pos: 0, reason: 'RESOURCE:MEMORY' },
      { pos: 2, reason: 'AGENT' },
      { pos: 3, reason: 'MemberOf placement constraint unsatisfied.' },
      { pos: 4, reason: 'DistinctInstance placement constraint unsatisfied.' },
      { pos: 5, reason: 'ATTRIBUTE' },
    ]);
    expect(view.candidates(r)).toEqual([6]);
  });
});

describe('strategy text form', () => {
  it.each([
    ['random', [{ type: 'random' }]],
    ['first-fit', [{ type: 'first-fit' }]],
    ['binpack:memory', [{ type: 'binpack', field: 'memory' }]],
    ['binpack(CPU)', [{ type: 'binpack', field: 'cpu' }]],
    ['spread', [{ type: 'spread', field: 'instanceId' }]],
    ['spread:host', [{ type: 'spread', field: 'host' }]],
    ['spread:zone', [{ type: 'spread', field: 'attribute:zone' }]],
    ['spread:attribute:ecs.availability-zone', [{ type: 'spread', field: 'attribute:ecs.availability-zone' }]],
    ['spread(zone) then binpack(memory)', [{ type: 'spread', field: 'attribute:zone' }, { type: 'binpack', field: 'memory' }]],
    ['spread:zone+binpack:cpu', [{ type: 'spread', field: 'attribute:zone' }, { type: 'binpack', field: 'cpu' }]],
  ])('%s', (text, specs) => {
    expect(parseStrategyText(text)).toEqual(specs);
  });

  it.each(['binpack', 'binpack:disk', 'tetris', 'random:x', 'first-fit(zone)', 'a+b+c+d+e+f'])('rejects %j with the accepted forms', (text) => {
    expect(() => parseStrategyText(text)).toThrow(PlacementParameterError);
  });

  it('names a strategy in the same text form, and random cuts what follows it', () => {
    expect(builtinStrategy('spread(zone) then binpack(memory)').name).toBe('spread:zone then binpack:memory');
    expect(strategyFromSpecs([{ type: 'random' }, { type: 'binpack', field: 'cpu' }])).toBe(RANDOM);
    expect(strategyFromSpecs([])).toBe(RANDOM);
  });
});

describe('RunTask placement keys', () => {
  it('accepts the ECS spellings', () => {
    expect(parsePlacementStrategies([{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }])).toHaveLength(2);
    expect(parsePlacementConstraints([{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:a == b' }])).toHaveLength(2);
    expect(parsePlacementStrategies(undefined)).toEqual([]);
  });

  it.each([
    [{ type: 'first-fit' }, 'type must be random, binpack or spread'],
    [{ type: 'spread' }, 'field is required for spread'],
    [{ type: 'spread', field: 'zone' }, 'instanceId, host or attribute:NAME'],
    [{ type: 'binpack', field: 'disk' }, 'cpu or memory'],
    ['binpack', 'must be an object'],
  ])('rejects %j', (entry, message) => {
    expect(() => parsePlacementStrategies([entry])).toThrow(message);
  });
});
