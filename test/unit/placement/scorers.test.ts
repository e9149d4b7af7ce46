// Scorers, one table each: {name, demand, nodes, want} — want is the score of each node (lower is better).
import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../../src/placement/pipeline.js';
import { binpackScorer, firstFitScorer, spreadAttributeScorer, spreadInstanceScorer } from '../../../src/placement/scorers.js';
import type { Scorer } from '../../../src/placement/types.js';
import { demand, mockCluster, type MockInstance } from './mock-view.js';

interface Case {
  name: string;
  nodes: MockInstance[];
  want: number[];
  group?: string;
}

function runTable(scorer: Scorer, cases: Case[]): void {
  it.each(cases)('$name', ({ nodes, want, group }) => {
    const { view } = mockCluster(nodes);
    const score = scorer.prepare(makeRequest({ demand: demand(1, 1), family: 'web', group }), view);
    expect(nodes.map((_, pos) => score(pos))).toEqual(want);
  });
}

describe('binpackScorer', () => {
  describe('memory', () => {
    runTable(binpackScorer('memory'), [
      { name: 'scores the remaining memory', nodes: [{ memory: 4096 }, { memory: 512 }, { memory: 2048 }], want: [4096, 512, 2048] },
      { name: 'ignores CPU', nodes: [{ cpu: 1, memory: 100 }, { cpu: 9999, memory: 100 }], want: [100, 100] },
      { name: 'remaining, not registered', nodes: [{ memory: 100, registeredMemory: 8192 }, { memory: 200, registeredMemory: 200 }], want: [100, 200] },
    ]);
  });
  describe('cpu', () => {
    runTable(binpackScorer('cpu'), [{ name: 'scores the remaining CPU', nodes: [{ cpu: 2048 }, { cpu: 256 }], want: [2048, 256] }]);
  });
});

describe('spreadInstanceScorer', () => {
  runTable(spreadInstanceScorer, [
    { name: 'counts the group on each instance', group: 'svc', nodes: [{ groups: { svc: 2 } }, {}, { groups: { svc: 1, other: 5 } }], want: [2, 0, 1] },
    { name: 'default group family:web', nodes: [{ groups: { 'family:web': 3 } }, { groups: { svc: 1 } }], want: [3, 0] },
  ]);
});

describe('spreadAttributeScorer', () => {
  const z = (zone: string, svc = 0): MockInstance => ({ attributes: { zone }, groups: svc ? { svc } : {} });
  runTable(spreadAttributeScorer('zone'), [
    { name: 'counts the group across every instance sharing the value', group: 'svc', nodes: [z('a', 1), z('a', 2), z('b', 1), z('c')], want: [3, 3, 1, 0] },
    { name: 'instances without the attribute share one bucket', group: 'svc', nodes: [{ groups: { svc: 2 } }, {}, z('a')], want: [2, 2, 0] },
  ]);
});

describe('firstFitScorer', () => {
  runTable(firstFitScorer, [{ name: 'registration order', nodes: [{}, {}, {}], want: [0, 1, 2] }]);
});
