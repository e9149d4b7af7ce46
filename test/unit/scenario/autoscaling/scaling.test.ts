// Autoscaled groups against small scenarios whose answers are worked out by hand in each test.
import { describe, expect, it } from 'vitest';
import { REASON_FORCED } from '../../../../src/ecs/lifecycle.js';
import { runScenario } from '../../../../src/scenario/runner.js';
import { scenarioOf } from '../runner-helpers.js';

/** One cluster, one autoscaled group of 1024 CPU / 4096 MiB instances, `tasks` tasks of 256 or 512 CPU arriving at 0. */
function scenario(o: { policy: string; cpu: number; tasks: number; lifetime: string; extra?: string; duration?: string }) {
  return scenarioOf(`
version: 1
name: scaling
duration: ${o.duration ?? '1h'}
clusters:
  - name: c
    instances:
      - count: 1
        resources: { CPU: 1024, MEMORY: 4096 }
        pricePerHour: 0.1
        autoscaling:
          min: 1
          max: 20
          policy: ${o.policy}
          period: 1m
          scaleOutCooldown: 5m
          scaleInCooldown: 1m
          bootTime: 3m
${o.extra ?? ''}
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: ${o.cpu}, memory: 256 }
workloads:
  - name: load
    cluster: c
    taskDefinition: job
    arrival: { burst: { at: 0s, count: ${o.tasks} } }
    lifetime: ${o.lifetime}
    retry: { attempts: 100, backoff: 30s }
`);
}

const tracking = (target: number) => `{ targetTracking: { metric: CPUReservation, target: ${target} } }`;

describe('target tracking', () => {
  // 8 tasks × 256 CPU = 2048 CPU for ever. At 50%: 4096 registered = 4 instances.
  // 1m: 1 instance at 100% → ceil(1 × 100 / 50) = 2; the second registers at 4m and takes the rest.
  // 6m (the cooldown after 1m): 2 at 100% → 4; they register at 9m; then 4 × 50 / 50 = 4, stable.
  const r = runScenario(scenario({ policy: tracking(50), cpu: 256, tasks: 8, lifetime: 'forever' }));
  const g = r.fleet!.groups['c/0']!.autoscaling!;

  it('converges to the size that puts the reservation on target', () => {
    expect(g.finalDesired).toBe(4);
    expect(g.peakInstances).toBe(4);
    expect(g.actions.map((a) => [a.at, a.from, a.to])).toEqual([
      [60_000, 1, 2],
      [360_000, 2, 4],
    ]);
    expect(r.clusters['c']!.utilization['CPU']!.peak).toBe(1);
    expect(r.clusters['c']!.tasks.runningAtEnd).toBe(8);
  });

  it('respects the scale-out cooldown: no two scale-outs closer than 5m', () => {
    const fast = runScenario(scenario({ policy: tracking(25), cpu: 256, tasks: 16, lifetime: 'forever' }));
    const outs = fast.fleet!.groups['c/0']!.autoscaling!.actions.filter((a) => a.to > a.from).map((a) => a.at);
    expect(outs.length).toBeGreaterThan(1);
    for (let i = 1; i < outs.length; i++) expect(outs[i]! - outs[i - 1]!).toBeGreaterThanOrEqual(300_000);
  });

  it('delays capacity by bootTime: the waiting tasks get room only when the new instance registers', () => {
    const ts = r.fleet!.timeseries;
    const at = (ms: number) => ts.groups[0]!.rows[ts.times.indexOf(ms)]!;
    expect(at(60_000)).toEqual({ desired: 2, booting: 1, registered: 1 });
    expect(at(180_000)).toEqual({ desired: 2, booting: 1, registered: 1 });
    expect(at(240_000)).toEqual({ desired: 2, booting: 0, registered: 2 });
    // 4 tasks waited from 0 until the 4m registration (their retry at 4m or 4m30s)
    const w = r.fleet!.clusters['c']!.waited;
    expect(w.tasks).toBe(4);
    expect(w.maxMs).toBeGreaterThanOrEqual(240_000);
    expect(w.maxMs).toBeLessThanOrEqual(270_000);
  });
});

describe('capacity provider', () => {
  // 6 tasks × 512 CPU, 20 minutes each. t=0: 2 fit the one instance, 4 wait.
  // 1m: M = 1 busy + 2 new instances for the 4 waiting = 3 → desired 3; they register at 4m.
  // 20m: the first two tasks end, their instance is idle: M = 2 → scale in by that idle instance.
  // ~24m: the rest end: M = 0 → desired clamps to min 1.
  const r = runScenario(scenario({ policy: '{ capacityProvider: { targetCapacity: 100 } }', cpu: 512, tasks: 6, lifetime: '{ fixed: 20m }' }));
  const g = r.fleet!.groups['c/0']!.autoscaling!;

  it('scales out exactly enough for the waiting tasks', () => {
    expect(g.actions[0]).toMatchObject({ at: 60_000, from: 1, to: 3 });
    expect(g.peakInstances).toBe(3);
    expect(r.clusters['c']!.tasks.placed).toBe(6);
  });

  it('drains idle instances down to min, never stopping a task', () => {
    expect(g.finalDesired).toBe(1);
    expect(g.actions.slice(1).every((a) => a.to < a.from)).toBe(true);
    expect(g.actions.at(-1)!.to).toBe(1);
    expect(r.clusters['c']!.stoppedByReason[REASON_FORCED]).toBeUndefined();
    expect(r.fleet!.timeseries.groups[0]!.rows.at(-1)).toEqual({ desired: 1, booting: 0, registered: 1 });
  });

  it('bills each instance from launch to deregistration', () => {
    // billed hours are the integral of (booting + registered) over time: 1 h for the first, the
    // two launched at 1m until their scale-in; the fleet never holds more than 3
    const f = r.fleet!.groups['c/0']!;
    expect(f.instanceHours).toBeGreaterThan(1 + (2 * 19) / 60);
    expect(f.instanceHours).toBeLessThan(3);
    expect(f.cost).toBe(Math.round(f.instanceHours * 0.1 * 100) / 100);
  });
});
