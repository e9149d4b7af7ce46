// The score trees behind the indexed strategies: they catch up with changes they were not told
// about as they happened (resources through the index's log, group counts through the groups'
// log, a log overrun, a cluster that grew), and the cache stays within its bound by handing the
// placement to the pipeline. Each case compares the tree's pick with the pipeline's on the same view.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/rng.js';
import { DIM_CPU, DIM_MEMORY } from '../../../src/model/instance-table.js';
import { builtinStrategy } from '../../../src/placement/builtin.js';
import { makeRequest, pipelineStrategy } from '../../../src/placement/pipeline.js';
import { binpackScorer, spreadInstanceScorer } from '../../../src/placement/scorers.js';
import type { PlacementRequest, PlacementStrategy } from '../../../src/placement/types.js';
import { demand, mockCluster, type MockCluster } from './mock-view.js';

/** Both strategies pick from the same state with equal streams: the same position, the same draws. */
function samePick(cluster: MockCluster, indexed: PlacementStrategy, plain: PlacementStrategy, request: PlacementRequest, seed: string): number {
  const a = new RandomStreams(seed).stream('placement');
  const b = new RandomStreams(seed).stream('placement');
  const pos = indexed.place(request, cluster.view, a);
  expect(pos).toBe(plain.place(request, cluster.view, b));
  expect(a.next()).toBe(b.next());
  return pos;
}

function refresh(c: MockCluster, pos: number): void {
  const ok = c.table.active[pos] === 1 && c.table.connected[pos] === 1;
  c.index.update(pos, ok ? c.table.remaining[DIM_CPU]![pos]! : -1, ok ? c.table.remaining[DIM_MEMORY]![pos]! : -1);
}

describe('score trees', () => {
  const spread = builtinStrategy('spread:instanceId');
  const plainSpread = pipelineStrategy('spread:instanceId', [spreadInstanceScorer]);
  const binpack = builtinStrategy('binpack:memory');
  const plainBinpack = pipelineStrategy('binpack:memory', [binpackScorer('memory')]);

  it('sees a group count that changed without a resource change', () => {
    const c = mockCluster(Array.from({ length: 8 }, () => ({ cpu: 4096, memory: 8192 })));
    const request = makeRequest({ demand: demand(1, 1), family: 'web', group: 'svc' });
    samePick(c, spread, plainSpread, request, 's0');
    // every instance but 5 gets a task of the group; the index hears nothing
    for (let pos = 0; pos < 8; pos++) if (pos !== 5) c.groups.add('svc', pos, 1);
    expect(samePick(c, spread, plainSpread, request, 's1')).toBe(5);
  });

  it('rebuilds when more changed than its log holds', () => {
    const c = mockCluster(Array.from({ length: 16 }, (_, i) => ({ cpu: 4096, memory: 1024 + 256 * (i % 4) })));
    const request = makeRequest({ demand: demand(64, 64), family: 'web' });
    samePick(c, binpack, plainBinpack, request, 'a');
    // position 9 becomes the fullest, then 10,000 changes elsewhere overwrite that entry of the log
    c.table.remaining[DIM_MEMORY]![9] = 100;
    refresh(c, 9);
    for (let k = 0; k < 10_000; k++) {
      const pos = k % 8;
      c.table.remaining[DIM_MEMORY]![pos] = 2000 + (k % 7);
      refresh(c, pos);
    }
    expect(samePick(c, binpack, plainBinpack, request, 'b')).toBe(9);
  });

  it('follows instances registered after it was built', () => {
    const c = mockCluster([{ cpu: 4096, memory: 8192 }]);
    const request = makeRequest({ demand: demand(64, 64), family: 'web' });
    samePick(c, binpack, plainBinpack, request, 'a');
    for (let i = 0; i < 40; i++) {
      const slot = c.table.addSlot();
      c.index.add(slot);
      c.table.setAmount(slot, DIM_CPU, 4096);
      c.table.setAmount(slot, DIM_MEMORY, 4000 + (i % 3));
      c.meta.push({ arn: `arn:i${slot}`, ec2InstanceId: `i-${slot}`, attributes: [], runningTasks: 0, pendingTasks: 0 });
      refresh(c, slot);
      samePick(c, binpack, plainBinpack, request, `g${i}`);
    }
    // one of the 14 instances with the least memory, drawn
    expect(c.table.remaining[DIM_MEMORY]![samePick(c, binpack, plainBinpack, request, 'z')]).toBe(4000);
  });

  it('hands placements to the pipeline, with the same answers, when more trees are asked for than a cluster keeps', () => {
    const c = mockCluster(Array.from({ length: 6 }, () => ({ cpu: 4096, memory: 8192 })));
    for (let round = 0; round < 3; round++) {
      for (let g = 0; g < 50; g++) {
        const request = makeRequest({ demand: demand(1, 1), family: 'web', group: `g${g}` });
        const pos = samePick(c, spread, plainSpread, request, `${round}:${g}`);
        c.place(pos, request.demand, request.group);
      }
    }
    expect(c.view.scoreTrees.size).toBeLessThanOrEqual(32);
  });

  it('leaves requests with constraints to the pipeline', () => {
    const c = mockCluster(Array.from({ length: 4 }, () => ({ cpu: 4096, memory: 8192 })));
    const request = makeRequest({ demand: demand(1, 1), family: 'web', constraints: [{ type: 'distinctInstance' }] });
    samePick(c, spread, plainSpread, request, 'c');
    expect(c.view.scoreTrees.size).toBe(0);
  });
});
