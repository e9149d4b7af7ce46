// Capacity provider scaling for a service's tasks, worked by hand: tasks a service launched and
// could not place count as waiting in CapacityProviderReservation's M, exactly as tasks held for a
// retry do, and once the service scales to zero the group drains to its min.
import { describe, expect, it } from 'vitest';
import { REASON_FORCED } from '../../../../src/ecs/lifecycle.js';
import { runScenario } from '../../../../src/scenario/runner.js';
import { scenarioOf } from '../runner-helpers.js';

const scenario = (desired: number) =>
  scenarioOf(`
version: 1
name: service-waiting
duration: 1h
clusters:
  - name: c
    instances:
      - count: 1
        resources: { CPU: 1024, MEMORY: 4096 }
        pricePerHour: 0.1
        autoscaling:
          min: 1
          max: 20
          policy: { capacityProvider: { targetCapacity: 100 } }
          period: 1m
          scaleOutCooldown: 5m
          scaleInCooldown: 1m
          bootTime: 3m
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: main, image: x, cpu: 512, memory: 256 }
services:
  - name: web
    cluster: c
    taskDefinition: web
    desiredCount: ${desired}
    scale:
      - { at: 30m, desiredCount: 0 }
`);

describe('capacity provider with a service', () => {
  // desiredCount 7 of 512 CPU on 1024-CPU instances (2 each). t=0: the one instance takes 2, the
  // service cannot place 5. 1m: M = 1 busy + ceil(5 / 2) = 3 new instances = 4, N = 1 →
  // CapacityProviderReservation 400%, desired ceil(1 × 400 / 100) = 4; they register at 4m and the
  // service's next launch places the 5. 30m: desiredCount 0, every task stops, M = 0 → the group
  // drains to min 1 (scale-ins at least 1m apart).
  const r = runScenario(scenario(7));
  const g = r.fleet!.groups['c/0']!.autoscaling!;

  it('counts the tasks a service could not place as waiting, and scales out exactly enough for them', () => {
    expect(g.actions[0]).toMatchObject({ at: 60_000, from: 1, to: 4 });
    expect(g.actions[0]!.reason).toBe('CapacityProviderReservation 400% (M=4, N=1, 5 waiting) against target 100%');
    expect(g.peakInstances).toBe(4);
    const at = (ms: number) => r.fleet!.timeseries.groups[0]!.rows[r.fleet!.timeseries.times.indexOf(ms)]!;
    expect(at(10 * 60_000)).toEqual({ desired: 4, booting: 0, registered: 4 });
    // every task of the service ran by 10m: 7 RUNNING on 4 instances
    const ts = r.timeseries;
    expect(ts.clusters[0]!.rows[ts.times.indexOf(10 * 60_000)]!.runningTasks).toBe(7);
  });

  it('drains to min once the service has no tasks, never stopping one', () => {
    expect(g.actions.slice(1).every((a) => a.to < a.from && a.at >= 30 * 60_000)).toBe(true);
    expect(g.finalDesired).toBe(1);
    expect(r.fleet!.timeseries.groups[0]!.rows.at(-1)).toEqual({ desired: 1, booting: 0, registered: 1 });
    expect(r.clusters['c']!.stoppedByReason[REASON_FORCED]).toBeUndefined();
  });
});
