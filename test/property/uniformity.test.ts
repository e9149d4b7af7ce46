// Uniformity: RunTask places each task uniformly at random among the instances that can take it
// (issue 2 §4 "RunTask"). Chi-square goodness-of-fit at p < 0.001; an instance without room is
// never chosen. Seeds are fixed, so each test is deterministic: a pass or a fail replays.
import { describe, expect, it } from 'vitest';
import {
  describeInstance,
  newSim,
  numValue,
  registerInstance,
  registerTd,
  simpleTd,
  tally,
  type Sim,
} from '../helpers/fixtures.js';

/** Upper 0.001 critical values of the chi-square distribution, by degrees of freedom. */
const CHI2_CRIT_001: Record<number, number> = {
  1: 10.828,
  2: 13.816,
  3: 16.266,
  4: 18.467,
  5: 20.515,
  6: 22.458,
  7: 24.322,
  8: 26.124,
  9: 27.877,
  19: 43.82,
};

function chiSquare(counts: readonly number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  const e = n / counts.length;
  return counts.reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
}

function expectUniform(chosen: readonly string[], candidates: readonly string[]): void {
  const t = tally(chosen);
  for (const k of t.keys()) expect(candidates, `chose ${k}, which is not a candidate`).toContain(k);
  const counts = candidates.map((c) => t.get(c) ?? 0);
  const df = candidates.length - 1;
  const crit = CHI2_CRIT_001[df];
  if (crit === undefined) throw new Error(`no critical value tabulated for df=${df}`);
  const stat = chiSquare(counts);
  expect(stat, `chi-square ${stat.toFixed(2)} (df ${df}, critical ${crit}) for counts ${counts.join(',')}`).toBeLessThan(crit);
}

describe('RunTask placement is uniform', () => {
  it('over 10 identical instances, count 10 per call (3000 tasks)', () => {
    const sim = newSim({ seed: 'uniform-10x' });
    const insts = Array.from({ length: 10 }, () => registerInstance(sim, { cpu: 100_000, memory: 100_000 }));
    simpleTd(sim, 'tiny', { memory: 4 });
    const chosen: string[] = [];
    for (let i = 0; i < 300; i++) {
      const res = sim.ecs.runTask({ taskDefinition: 'tiny', count: 10 });
      expect(res.tasks).toHaveLength(10);
      chosen.push(...res.tasks.map((t) => t.containerInstanceArn));
    }
    expectUniform(chosen, insts);
  });

  it('over 10 identical instances, one task per call (3000 calls)', () => {
    const sim = newSim({ seed: 'uniform-1x' });
    const insts = Array.from({ length: 10 }, () => registerInstance(sim, { cpu: 100_000, memory: 100_000 }));
    simpleTd(sim, 'tiny', { memory: 4 });
    const chosen: string[] = [];
    for (let i = 0; i < 3000; i++) chosen.push(sim.ecs.runTask({ taskDefinition: 'tiny' }).tasks[0]!.containerInstanceArn);
    expectUniform(chosen, insts);
  });

  it('within one call of count 10 on 10 instances, tasks are not forced onto distinct instances (draws are independent)', () => {
    // Uniform independent draws put two tasks on one instance in most calls (1 - 10!/10^10 ≈ 99.96%).
    const sim = newSim({ seed: 'uniform-collide' });
    Array.from({ length: 10 }, () => registerInstance(sim, { cpu: 100_000, memory: 100_000 }));
    simpleTd(sim, 'tiny', { memory: 4 });
    let callsWithRepeats = 0;
    for (let i = 0; i < 50; i++) {
      const arns = sim.ecs.runTask({ taskDefinition: 'tiny', count: 10 }).tasks.map((t) => t.containerInstanceArn);
      if (new Set(arns).size < 10) callsWithRepeats++;
    }
    expect(callsWithRepeats).toBeGreaterThanOrEqual(45);
  });

  it('across seeds: the first placement of a fresh simulation is uniform over 5 instances (1000 seeds)', () => {
    const firsts: number[] = [];
    for (let s = 0; s < 1000; s++) {
      const sim = newSim({ seed: `first-${s}` });
      const insts = Array.from({ length: 5 }, () => registerInstance(sim));
      simpleTd(sim, 'tiny', { memory: 4 });
      firsts.push(insts.indexOf(sim.ecs.runTask({ taskDefinition: 'tiny' }).tasks[0]!.containerInstanceArn));
    }
    expectUniform(firsts.map(String), ['0', '1', '2', '3', '4']);
  });
});

/** Places one task at a time in manual mode and stops it at once, so every trial sees the same state. */
function trials(sim: Sim, family: string, n: number): string[] {
  const chosen: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = sim.ecs.runTask({ taskDefinition: family });
    expect(res.tasks, `trial ${i}: ${JSON.stringify(res.failures)}`).toHaveLength(1);
    expect(res.failures ?? []).toEqual([]);
    const t = res.tasks[0]!;
    chosen.push(t.containerInstanceArn);
    sim.ecs.submitTaskStateChange({ task: t.taskArn, status: 'STOPPED' });
  }
  return chosen;
}

describe('RunTask never chooses an instance without room', () => {
  it('skips instances short of CPU, MEMORY, PORTS or GPU, disconnected or INACTIVE; uniform over the rest', () => {
    const sim = newSim({ seed: 'uniform-mixed', agent: { mode: 'manual' } });
    registerTd(sim, 'job', [
      { cpu: 100, memory: 100, portMappings: [{ containerPort: 80, hostPort: 80 }], resourceRequirements: [{ type: 'GPU', value: '1' }] },
    ]);
    const ok = Array.from({ length: 5 }, () => registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 1 } }));
    const noRoom = [
      registerInstance(sim, { cpu: 99, memory: 1000, integers: { GPU: 1 } }),
      registerInstance(sim, { cpu: 1000, memory: 99, integers: { GPU: 1 } }),
      registerInstance(sim, { cpu: 1000, memory: 1000, ports: [22, 80], integers: { GPU: 1 } }),
      registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 0 } }),
      registerInstance(sim, { cpu: 1000, memory: 1000 }),
    ];
    const off = registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 1 } });
    sim.disconnectAgent(off);
    const gone = registerInstance(sim, { cpu: 1000, memory: 1000, integers: { GPU: 1 } });
    sim.ecs.deregisterContainerInstance({ containerInstance: gone });
    const chosen = trials(sim, 'job', 2500);
    for (const bad of [...noRoom, off, gone]) expect(chosen).not.toContain(bad);
    expectUniform(chosen, ok);
  });

  it('a nearly-full heterogeneous cluster: only 3 of 20 instances fit, each is chosen equally often', () => {
    const sim = newSim({ seed: 'uniform-nearly-full', agent: { mode: 'manual' } });
    // 20 instances of mixed sizes; filler tasks leave exactly three with >= 512 MiB and >= 256 CPU,
    // and those three have very different amounts left (a bin-packer or spreader would not pick them equally).
    const sizes = [
      [1024, 2048], [2048, 4096], [4096, 8192], [1024, 3768], [2048, 7480],
      [1024, 2048], [2048, 4096], [4096, 8192], [1024, 3768], [2048, 7480],
      [1024, 2048], [2048, 4096], [4096, 8192], [1024, 3768], [2048, 7480],
      [1024, 2048], [2048, 4096], [4096, 8192], [1024, 3768], [2048, 7480],
    ] as const;
    const insts = sizes.map(([cpu, memory]) => registerInstance(sim, { cpu, memory }));
    const roomy = new Map<string, { cpuLeft: number; memLeft: number }>([
      [insts[3]!, { cpuLeft: 256, memLeft: 512 }], // an exact fit
      [insts[9]!, { cpuLeft: 1000, memLeft: 1500 }],
      [insts[17]!, { cpuLeft: 3000, memLeft: 6000 }],
    ]);
    insts.forEach((arn, i) => {
      const [cpu, memory] = sizes[i]!;
      // everyone else is left short of memory (most) or of CPU (every fourth)
      const want = roomy.get(arn) ?? (i % 4 === 0 ? { cpuLeft: 255, memLeft: 4000 > memory ? 600 : 4000 } : { cpuLeft: 500, memLeft: 511 - i });
      const fillCpu = cpu - want.cpuLeft;
      const fillMem = memory - want.memLeft;
      const family = `fill-${i}`;
      registerTd(sim, family, [{ cpu: fillCpu, memory: fillMem }]);
      const res = sim.ecs.startTask({ taskDefinition: family, containerInstances: [arn] });
      expect(res.tasks, `filler ${i}`).toHaveLength(1);
      const ci = describeInstance(sim, arn);
      expect(numValue(ci.remainingResources, 'CPU')).toBe(want.cpuLeft);
      expect(numValue(ci.remainingResources, 'MEMORY')).toBe(want.memLeft);
    });
    simpleTd(sim, 'job', { cpu: 256, memory: 512 });
    const chosen = trials(sim, 'job', 3000);
    expectUniform(chosen, [...roomy.keys()]);
  });

  it('a nearly-full cluster under count 10: the few instances that fit absorb the tasks, the rest are listed as failures', () => {
    const sim = newSim({ seed: 'uniform-count', agent: { mode: 'manual' } });
    const full = Array.from({ length: 6 }, () => registerInstance(sim, { memory: 400 }));
    const fit = Array.from({ length: 2 }, () => registerInstance(sim, { memory: 1100 }));
    simpleTd(sim, 'job', { memory: 500 });
    const res = sim.ecs.runTask({ taskDefinition: 'job', count: 10 });
    expect(res.tasks).toHaveLength(4);
    expect(tally(res.tasks.map((t) => t.containerInstanceArn))).toEqual(new Map(fit.map((a) => [a, 2])));
    expect(new Set(res.failures.map((f) => f.arn))).toEqual(new Set([...full, ...fit]));
    expect(res.failures).toHaveLength(8);
  });
});
