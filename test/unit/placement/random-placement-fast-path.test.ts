// The RunTask fast path draws exactly as the plain algorithm does: the same rejection draws, then
// one draw among the feasible instances listed in position order. Differential test against that
// plain algorithm on random fleets under random placements, releases, agent changes and new
// registrations (which grow the index while demand trackers exist). Budget: about a second.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomStream } from '../../../src/engine/rng.js';
import { FIT_OK, type Demand } from '../../../src/model/demand.js';
import { DIM_CPU, DIM_MEMORY, InstanceTable } from '../../../src/model/instance-table.js';
import { FeasibilityIndex } from '../../../src/placement/feasibility-index.js';
import { RandomPlacer } from '../../../src/placement/random-placement.js';

/** The plain algorithm: 12 rejection draws, then list every feasible position and draw one. */
function plainPick(table: InstanceTable, index: FeasibilityIndex, d: Demand, rng: RandomStream): number {
  const n = index.count;
  if (n === 0 || !index.mayFit(d.cpu, d.memory)) return -1;
  for (let t = 0; t < 12; t++) {
    const pos = rng.int(n);
    if (index.leafFits(pos, d.cpu, d.memory) && table.fit(index.slots[pos]!, d) === FIT_OK) return index.slots[pos]!;
  }
  const feasible: number[] = [];
  for (let pos = 0; pos < n; pos++) {
    if (index.leafFits(pos, d.cpu, d.memory) && table.fit(index.slots[pos]!, d) === FIT_OK) feasible.push(index.slots[pos]!);
  }
  return feasible.length === 0 ? -1 : feasible[rng.int(feasible.length)]!;
}

/** The plain first candidate: the first position with both CPU and MEMORY, in position order. */
function plainFirst(index: FeasibilityIndex, d: Demand): number {
  for (let pos = 0; pos < index.count; pos++) if (index.leafFits(pos, d.cpu, d.memory)) return pos;
  return -1;
}

const demand = (cpu: number, memory: number, tcpPorts: number[] = [], extra: Record<string, number> = {}): Demand => ({
  cpu,
  memory,
  extraNames: Object.keys(extra),
  extraAmounts: Object.values(extra),
  tcpPorts,
  udpPorts: [],
  dynamicTcp: 0,
  dynamicUdp: 0,
});

const DEMANDS = [demand(256, 512), demand(1024, 3000), demand(128, 128, [80]), demand(512, 256, [], { GPU: 1 }), demand(0, 0)];

type Op =
  | { kind: 'place'; d: number }
  | { kind: 'release'; which: number }
  | { kind: 'agent'; which: number }
  | { kind: 'register'; cpu: number; memory: number; gpu: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('place' as const), d: fc.integer({ min: 0, max: DEMANDS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), which: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      cpu: fc.integer({ min: 0, max: 4096 }),
      memory: fc.integer({ min: 0, max: 8192 }),
      gpu: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

describe('RandomPlacer fast path', () => {
  it('picks the same instance with the same draws as the plain algorithm, after any history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cpu: fc.integer({ min: 0, max: 4096 }), memory: fc.integer({ min: 0, max: 8192 }), gpu: fc.integer({ min: 0, max: 2 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.array(opArb, { maxLength: 300 }),
        fc.string({ maxLength: 6 }),
        fc.boolean(),
        (fleet, ops, seed, trackUpfront) => {
          const table = new InstanceTable();
          const index = new FeasibilityIndex();
          const placer = new RandomPlacer(table);
          const fast = new RandomStreams(seed).stream('placement');
          const plain = new RandomStreams(seed).stream('placement');
          const gpu = table.dim('GPU');
          const refresh = (slot: number): void => {
            const ok = table.active[slot] === 1 && table.connected[slot] === 1;
            index.update(slot, ok ? table.remaining[DIM_CPU]![slot]! : -1, ok ? table.remaining[DIM_MEMORY]![slot]! : -1);
          };
          const register = (m: { cpu: number; memory: number; gpu: number }): void => {
            const slot = table.addSlot();
            index.add(slot);
            table.setAmount(slot, DIM_CPU, m.cpu);
            table.setAmount(slot, DIM_MEMORY, m.memory);
            table.setAmount(slot, gpu, m.gpu);
            table.reservePorts(slot, 'tcp', [22]);
            refresh(slot);
          };
          fleet.forEach(register);
          // trackers normally start at a demand's first fallback; start some now so every path
          // (growth, releases, agent changes) runs with trackers present
          if (trackUpfront) for (const d of DEMANDS) index.track(d, (slot) => table.fit(slot, d) === FIT_OK);
          const held: { slot: number; d: Demand; dyn: number[] }[] = [];
          for (const op of ops) {
            if (op.kind === 'place') {
              const d = DEMANDS[op.d]!;
              const want = plainPick(table, index, d, plain);
              const got = placer.pick(index, d, fast);
              expect(got).toBe(want);
              if (got >= 0) {
                held.push({ slot: got, d, dyn: table.allocate(got, d) });
                refresh(got);
              }
            } else if (op.kind === 'release') {
              if (held.length === 0) continue;
              const [h] = held.splice(op.which % held.length, 1);
              table.release(h!.slot, h!.d, h!.dyn);
              refresh(h!.slot);
            } else if (op.kind === 'agent') {
              const slot = op.which % table.size;
              table.connected[slot] = table.connected[slot] === 1 ? 0 : 1;
              refresh(slot);
            } else register(op);
            for (const d of DEMANDS) expect(placer.firstCandidate(index, d)).toBe(plainFirst(index, d));
          }
          expect(fast.state()).toEqual(plain.state());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds the one instance that fits among instances registered after the demand was first tracked', () => {
    const table = new InstanceTable();
    const index = new FeasibilityIndex();
    const placer = new RandomPlacer(table);
    const add = (cpu: number, memory: number): number => {
      const slot = table.addSlot();
      index.add(slot);
      table.setAmount(slot, DIM_CPU, cpu);
      table.setAmount(slot, DIM_MEMORY, memory);
      index.update(slot, cpu, memory);
      return slot;
    };
    for (let i = 0; i < 10; i++) add(i % 2 ? 4096 : 0, i % 2 ? 0 : 8192);
    const d = demand(256, 512);
    const rng = new RandomStreams('grow').stream('placement');
    expect(placer.pick(index, d, rng)).toBe(-1); // tracks d from here on
    for (let i = 0; i < 500; i++) add(i % 2 ? 4096 : 0, i % 2 ? 0 : 8192); // the index grows past 16, 32, … 512
    const only = add(300, 600);
    for (let i = 0; i < 20; i++) expect(placer.pick(index, d, rng)).toBe(only);
    expect(placer.firstCandidate(index, d)).toBe(index.count - 1);
  });

  it('decides that nothing fits a saturated mixed fleet without checking any instance', () => {
    // half the fleet has CPU but no MEMORY, half MEMORY but no CPU: every subtree of the max trees
    // has both, no instance does
    const table = new InstanceTable();
    const index = new FeasibilityIndex();
    const placer = new RandomPlacer(table);
    for (let i = 0; i < 4096; i++) {
      const slot = table.addSlot();
      index.add(slot);
      table.setAmount(slot, DIM_CPU, i % 2 === 0 ? 4096 : 0);
      table.setAmount(slot, DIM_MEMORY, i % 2 === 0 ? 0 : 8192);
      index.update(slot, table.remaining[DIM_CPU]![slot]!, table.remaining[DIM_MEMORY]![slot]!);
    }
    const d = demand(256, 512);
    const rng = new RandomStreams('x').stream('placement');
    expect(placer.pick(index, d, rng)).toBe(-1); // builds the tracker: one pass
    let checks = 0;
    const fit = table.fit.bind(table);
    table.fit = (slot, dd) => {
      checks++;
      return fit(slot, dd);
    };
    for (let i = 0; i < 100; i++) expect(placer.pick(index, d, rng)).toBe(-1);
    expect(placer.firstCandidate(index, d)).toBe(-1);
    expect(checks).toBe(0);
  });
});
