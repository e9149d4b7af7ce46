// The model-based fuzzer (src/fuzz) in `npm test`: random call sequences against the reference
// model and the six invariants, with the built-in strategies, the example custom strategy module
// and a scenario's fleet; and proof that it catches broken strategies and replays what it found.
// Budget: about 15 s on 2 cores (≈ 600 sequences in all, each up to 50 commands).
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../src/fuzz/run.js';

const fixture = (name: string): string => new URL(`../fuzz/fixtures/${name}`, import.meta.url).pathname;

describe('model-based fuzzer', () => {
  it('finds no broken invariant over 300 sequences, every built-in strategy, both agent modes', async () => {
    const r = await runFuzz({ runs: 300, seed: 20150108 });
    expect(r.failure?.message).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.sequences).toBe(300);
    expect(r.commands).toBeGreaterThan(300 * 10);
  });

  it('holds with a custom strategy module (the bundled least-loaded example)', async () => {
    const r = await runFuzz({ runs: 100, seed: 7, strategy: 'scenarios/strategies/least-loaded.mjs' });
    expect(r.failure?.message).toBeUndefined();
    expect(r.placement).toBe('least-loaded');
  });

  it("holds on a scenario's fleet and task definitions", async () => {
    const r = await runFuzz({ runs: 100, seed: 11, scenario: 'scenarios/quickstart.yaml' });
    expect(r.failure?.message).toBeUndefined();
    expect(r.scenario).toBe('quickstart');
  });

  it('catches a strategy that over-commits, shrinks the sequence, and its replay fails the same way', async () => {
    const strategy = fixture('overcommit.mjs');
    const r = await runFuzz({ runs: 200, seed: 5, strategy, command: 'ecsim fuzz' });
    expect(r.ok).toBe(false);
    const f = r.failure!;
    expect(['server-error', 'placement']).toContain(f.invariant);
    expect(f.message).toMatch(/always-first/);
    expect(f.commands.length).toBeLessThanOrEqual(3);
    expect(r.replay).toContain(`ecsim fuzz --seed 5 --path ${f.path}`);
    const again = await runFuzz({ seed: 5, path: f.path, replayPath: f.replayPath!, strategy });
    expect(again.ok).toBe(false);
    expect(again.failure!.commands).toEqual(f.commands);
    expect(again.failure!.message).toBe(f.message);
  });

  it('catches a strategy that places on INACTIVE or disconnected instances', async () => {
    const r = await runFuzz({ runs: 300, seed: 3, strategy: fixture('inactive.mjs') });
    expect(r.ok).toBe(false);
    expect(r.failure!.message).toMatch(/likes-the-gone.*(INACTIVE|AGENT)/);
  });

  it('catches a strategy that draws from Math.random instead of the seeded rng', async () => {
    const r = await runFuzz({ runs: 200, seed: 9, strategy: fixture('nondeterministic.mjs') });
    expect(r.ok).toBe(false);
    expect(r.failure!.invariant).toBe('determinism');
  });

  it('refuses bad input before running anything', async () => {
    await expect(runFuzz({ strategy: './no-such-strategy.mjs' })).rejects.toThrow(/no such strategy module/);
    await expect(runFuzz({ scenario: 'no-such.yaml' })).rejects.toThrow(/cannot read the scenario/);
    await expect(runFuzz({ runs: 0 })).rejects.toThrow(RangeError);
  });
});
