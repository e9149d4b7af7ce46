// Filters, one table each: {name, demand, node, want} — want is the failures[].reason or null.
import { describe, expect, it } from 'vitest';
import {
  distinctInstanceFilter,
  fitFilter,
  memberOfFilter,
  REASON_ATTRIBUTE,
  REASON_DISTINCT_INSTANCE,
  REASON_MEMBER_OF,
} from '../../../src/placement/filters.js';
import { makeRequest } from '../../../src/placement/pipeline.js';
import type { Filter } from '../../../src/placement/types.js';
import type { Demand } from '../../../src/model/demand.js';
import { demand, mockCluster, type MockInstance } from './mock-view.js';

interface Case {
  name: string;
  demand: Demand;
  node: MockInstance;
  want: string | null;
  group?: string;
}

function runTable(filter: Filter, cases: Case[]): void {
  it.each(cases)('$name', ({ demand: d, node, want, group }) => {
    const { view } = mockCluster([node]);
    const request = makeRequest({ demand: d, family: 'web', group });
    expect(filter(request, view, 0)).toBe(want);
  });
}

describe('fitFilter', () => {
  runTable(fitFilter, [
    { name: 'fits with room to spare', demand: demand(256, 512), node: { cpu: 1024, memory: 2048 }, want: null },
    { name: 'equal edge case: exactly the remaining CPU and MEMORY fits', demand: demand(1024, 2048), node: { cpu: 1024, memory: 2048 }, want: null },
    { name: 'one CPU unit short', demand: demand(1025, 512), node: { cpu: 1024, memory: 2048 }, want: 'RESOURCE:CPU' },
    { name: 'one MiB short', demand: demand(0, 2049), node: { cpu: 1024, memory: 2048 }, want: 'RESOURCE:MEMORY' },
    { name: 'CPU is reported before MEMORY', demand: demand(2000, 4000), node: { cpu: 1024, memory: 2048 }, want: 'RESOURCE:CPU' },
    { name: 'a fixed host port in use', demand: demand(0, 0, { ports: [80] }), node: { ports: [22, 80] }, want: 'RESOURCE:PORTS' },
    { name: 'a free fixed host port', demand: demand(0, 0, { ports: [8080] }), node: { ports: [22, 80] }, want: null },
    { name: 'a user-defined resource short', demand: demand(0, 0, { extra: { GPU: 2 } }), node: { extra: { GPU: 1 } }, want: 'RESOURCE:GPU' },
    { name: 'a user-defined resource the instance does not have', demand: demand(0, 0, { extra: { FPGA: 1 } }), node: {}, want: 'RESOURCE:FPGA' },
    { name: 'agent disconnected comes first', demand: demand(9999, 9999), node: { connected: false }, want: 'AGENT' },
  ]);
});

describe('distinctInstanceFilter', () => {
  runTable(distinctInstanceFilter, [
    { name: 'no task of the group on the instance', demand: demand(0, 0), node: {}, group: 'svc', want: null },
    { name: 'a task of another group does not count', demand: demand(0, 0), node: { groups: { other: 3 } }, group: 'svc', want: null },
    { name: 'a task of the group rules the instance out', demand: demand(0, 0), node: { groups: { svc: 1 } }, group: 'svc', want: REASON_DISTINCT_INSTANCE },
    { name: 'default group is family:<family>', demand: demand(0, 0), node: { groups: { 'family:web': 1 } }, want: REASON_DISTINCT_INSTANCE },
  ]);
});

describe('memberOfFilter', () => {
  const zoneA = { attributes: { zone: 'us-east-1a', 'ecs.instance-type': 't2.small' } };
  const cases: (Case & { expr: string })[] = [
    { name: '== matches', expr: 'attribute:zone == us-east-1a', demand: demand(0, 0), node: zoneA, want: null },
    { name: '== mismatch', expr: 'attribute:zone == us-east-1b', demand: demand(0, 0), node: zoneA, want: REASON_MEMBER_OF },
    { name: 'missing attribute is ATTRIBUTE', expr: 'attribute:rack == r1', demand: demand(0, 0), node: zoneA, want: REASON_ATTRIBUTE },
    { name: '!= on a missing attribute is still ATTRIBUTE', expr: 'attribute:rack != r1', demand: demand(0, 0), node: zoneA, want: REASON_ATTRIBUTE },
    { name: 'in a list', expr: 'attribute:ecs.instance-type in [t2.small, t2.medium]', demand: demand(0, 0), node: zoneA, want: null },
    { name: 'not in a list', expr: 'attribute:ecs.instance-type not_in [t2.small]', demand: demand(0, 0), node: zoneA, want: REASON_MEMBER_OF },
    { name: 'or with one side missing and the other true', expr: 'attribute:rack == r1 or attribute:zone == us-east-1a', demand: demand(0, 0), node: zoneA, want: null },
    { name: 'and with one side false wins over missing', expr: 'attribute:rack == r1 and attribute:zone == x', demand: demand(0, 0), node: zoneA, want: REASON_MEMBER_OF },
    { name: 'exists on a missing attribute is a plain mismatch', expr: 'attribute:rack exists', demand: demand(0, 0), node: zoneA, want: REASON_MEMBER_OF },
  ];
  it.each(cases)('$name', ({ expr, demand: d, node, want }) => {
    const { view } = mockCluster([node]);
    expect(memberOfFilter(expr)(makeRequest({ demand: d, family: 'web' }), view, 0)).toBe(want);
  });
});
