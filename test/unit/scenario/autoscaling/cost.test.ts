// Cost = Σ instance-hours × price, worked by hand: instance-hours count from launch to deregistration.
import { describe, expect, it } from 'vitest';
import { ON_DEMAND_PRICES } from '../../../../src/model/instance-prices.js';
import { EC2_INSTANCE_TYPES } from '../../../../src/model/instance-types.js';
import { runScenario } from '../../../../src/scenario/runner.js';
import { scenarioOf } from '../runner-helpers.js';

const yaml = (bPrice: string) => `
version: 1
name: cost
duration: 10h
clusters:
  - name: a
    instances:
      - { count: 3, type: m5.large }
  - name: b
    instances:
      - { count: 2, resources: { CPU: 1024, MEMORY: 2048 }${bPrice} }
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 512, memory: 512 }
workloads:
  - name: hourly
    cluster: b
    taskDefinition: job
    arrival: { every: 1h }
    lifetime: { fixed: 30m }
events:
  - { at: 2h30m, deregisterInstances: { cluster: a, count: 1 } }
`;

describe('fleet cost', () => {
  it('is the sum of instance-hours times price, to the cent', () => {
    const r = runScenario(scenarioOf(yaml(', pricePerHour: 0.013')));
    const f = r.fleet!;
    // a: 2 instances × 10 h + 1 × 2.5 h = 22.5 h at m5.large's 0.096 = 2.16
    expect(f.groups['a/0']).toMatchObject({ pricePerHour: 0.096, instanceHours: 22.5, cost: 2.16 });
    // b: 2 × 10 h at 0.013 = 0.26
    expect(f.groups['b/0']).toMatchObject({ pricePerHour: 0.013, instanceHours: 20, cost: 0.26 });
    expect(f.total.cost).toBe(2.42);
    expect(f.total.costPerHour).toBe(0.242);
    // b runs a 30-minute task each hour: 10 × 0.5 = 5 task-hours; 0.26 / 5 × 1000 = 52
    expect(f.clusters['b']).toMatchObject({ taskHours: 5, costPer1000TaskHours: 52 });
  });

  it('leaves a custom group without pricePerHour unpriced, and its cluster and the total with it', () => {
    const r = runScenario(scenarioOf(yaml('').replace('type: m5.large }', 'type: m5.large, pricePerHour: 0.1 }')));
    expect(r.fleet!.groups['b/0']!.cost).toBeNull();
    expect(r.fleet!.clusters['b']!.cost).toBeNull();
    expect(r.fleet!.total.cost).toBeNull();
    expect(r.fleet!.groups['a/0']!.cost).toBe(2.25);
  });

  it('has no fleet part for a scenario that neither prices nor autoscales a group', () => {
    const r = runScenario(scenarioOf(yaml('')));
    expect(r.fleet).toBeUndefined();
  });

  it('prices every built-in instance type', () => {
    expect(Object.keys(ON_DEMAND_PRICES)).toEqual(Object.keys(EC2_INSTANCE_TYPES));
  });
});
