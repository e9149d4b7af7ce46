// The events part of a scenario: things that happen to the fleet at a point in simulated time. Each
// event is a map with `at` and exactly one action key (`{ at: 2h, disconnectAgents: { … } }`).
// References to clusters and workloads are checked in scenario.ts.

import { bool, duration, int, keyedUnion, report, strictMap, whenClean } from './primitives.js';
import { MAX_COUNT, checkInstanceGroup, instanceGroupShape, resolveInstanceGroup } from './fleet.js';
import { clusterRef, serviceRef, workloadRef } from './workloads.js';

const count = () => int({ min: 1, max: MAX_COUNT }).describe('How many instances or tasks.');

export const event = keyedUnion({
  noun: 'an event',
  shared: { at: duration().describe('When the event happens.') },
  variants: {
    disconnectAgents: strictMap({ cluster: clusterRef(), count: count() }, 'a map with cluster and count').transform((v) => ({ kind: 'disconnectAgents' as const, ...v })),
    reconnectAgents: strictMap(
      { cluster: clusterRef(), count: int({ min: 1, max: MAX_COUNT }).describe('How many; default every disconnected agent.').optional() },
      'a map with cluster',
    ).transform((v) => ({ kind: 'reconnectAgents' as const, ...v })),
    deregisterInstances: strictMap(
      { cluster: clusterRef(), count: count(), force: bool().describe('Deregister even instances running tasks (default false).').default(false) },
      'a map with cluster and count',
    ).transform((v) => ({ kind: 'deregisterInstances' as const, ...v })),
    addInstances: strictMap({ cluster: clusterRef(), ...instanceGroupShape(true) }, 'a map with cluster, count and type or resources')
      .superRefine(checkInstanceGroup, whenClean)
      .transform(({ cluster, ...group }) => ({ kind: 'addInstances' as const, cluster, ...resolveInstanceGroup(group) })),
    stopTasks: strictMap(
      {
        cluster: clusterRef(),
        count: count(),
        workload: workloadRef().describe('Only tasks of this workload; default any.').optional(),
        service: serviceRef().describe("Only tasks of this service (the service replaces them); default any. Not with workload.").optional(),
      },
      'a map with cluster and count',
    )
      .superRefine((v, ctx) => {
        if (v.workload !== undefined && v.service !== undefined) report(ctx, ['service'], 'invalid_value', 'expected workload or service, not both: a task is started by one or the other');
      }, whenClean)
      .transform((v) => ({ kind: 'stopTasks' as const, ...v })),
  },
})
  .describe('Something that happens to the fleet at a point in simulated time.')
  .meta({ id: 'event' });
