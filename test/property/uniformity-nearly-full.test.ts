// Uniformity when the cluster is nearly full (issue 6): a heterogeneous fleet where only a few
// instances can take the task — the rest lack CPU, or MEMORY, or hold the task's host port, and
// many are rich in one dimension and poor in the other, the case the feasibility index cannot
// prune — so most placements go through the fast path's fallback (the demand tracker) rather
// than rejection sampling. Each fitting instance must be chosen equally often: chi-square
// goodness of fit, failing when p < 0.001. Seeds are fixed (fast-check's included): a pass or a
// fail replays. Budget: about 2 s.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newSim, registerInstance, simpleTd, tally, type InstanceSpec } from '../helpers/fixtures.js';

// jstat ships no types and no ESM entry
const require = createRequire(import.meta.url);
const { jStat } = require('jstat') as { jStat: { chisquare: { cdf(x: number, dof: number): number } } };

const DEMAND = { cpu: 512, memory: 1024, hostPorts: [8080] };

/** The kinds of instance that cannot take DEMAND, each for its own reason. */
const MISFITS: readonly InstanceSpec[] = [
  { cpu: 4096, memory: 512 }, // CPU-rich, MEMORY-poor
  { cpu: 256, memory: 16_384 }, // MEMORY-rich, CPU-poor
  { cpu: 8192, memory: 32_768, ports: [22, 8080] }, // room, but the host port is taken
  { cpu: 0, memory: 0 },
];

function pValue(counts: readonly number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  const e = n / counts.length;
  const stat = counts.reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
  return 1 - jStat.chisquare.cdf(stat, counts.length - 1);
}

describe('RunTask placement on a nearly full heterogeneous cluster', () => {
  it('chooses each of the few instances that fit equally often', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }), // instances that fit
        fc.integer({ min: 150, max: 400 }), // instances that do not
        fc.integer({ min: 0, max: 1_000_000 }),
        (fitting, misfits, seed) => {
          const sim = newSim({ seed: `nearly-full-${seed}`, agent: { mode: 'manual' }, failureDetail: 'summary' });
          simpleTd(sim, 'probe', DEMAND);
          // fitting instances sit among the misfits at scrambled positions
          const total = fitting + misfits;
          const fitAt = new Set(Array.from({ length: fitting }, (_, i) => Math.floor(((i + 0.5) * total) / fitting + (seed % 7)) % total));
          const candidates: string[] = [];
          for (let i = 0; i < total; i++) {
            if (fitAt.has(i)) {
              // heterogeneous among themselves too: just enough room, or plenty
              candidates.push(registerInstance(sim, { cpu: 512 + (i % 3) * 1024, memory: 1024 + (i % 2) * 4096 }));
            } else {
              registerInstance(sim, MISFITS[(i * 31 + seed) % MISFITS.length]!);
            }
          }
          const draws = 400 * candidates.length;
          const chosen: string[] = [];
          for (let i = 0; i < draws; i++) {
            const { tasks } = sim.ecs.runTask({ taskDefinition: 'probe' });
            if (tasks.length !== 1) throw new Error(`draw ${i} placed ${tasks.length} tasks`);
            chosen.push(tasks[0]!.containerInstanceArn);
            // stop it at once: every draw sees the same cluster
            sim.ecs.submitTaskStateChange({ task: tasks[0]!.taskArn, status: 'STOPPED' });
          }
          const t = tally(chosen);
          for (const k of t.keys()) expect(candidates, `chose ${k}, which cannot take the task`).toContain(k);
          const counts = candidates.map((c) => t.get(c) ?? 0);
          expect(pValue(counts), `counts ${counts.join(', ')}`).toBeGreaterThan(0.001);
        },
      ),
      { numRuns: 8, seed: 6 },
    );
  });

  it('would catch a chooser that favours one instance by 12% (the test can fail)', () => {
    // 400 draws per candidate, two candidates: chi-square = 800·b² exceeds the 0.001 critical
    // value (10.83) from a bias b of about 0.117
    expect(pValue([448, 352])).toBeLessThan(0.001);
    expect(pValue([420, 380])).toBeGreaterThan(0.001);
  });
});
