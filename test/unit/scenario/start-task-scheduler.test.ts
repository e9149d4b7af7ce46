import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/ecs/simulation.js';
import { registerInstances } from '../../../src/scenario/fleet.js';
import { instanceViewOf, taskDemandOf } from '../../../src/scenario/simulation-view.js';
import { firstFitScheduler, type StartTaskLaunch } from '../../../src/scenario/start-task-scheduler.js';

/** A cluster `c` of `count` instances with the given resources, and the context first-fit runs in. */
function fleet(count: number, resources = { CPU: 1024, MEMORY: 2048 }) {
  const sim = createSimulation({ seed: 3 });
  sim.ecs.createCluster({ clusterName: 'c' });
  const arns = registerInstances(sim, 'c', { count, resources, reservedPorts: [], reservedUdpPorts: [], attributes: {} }, count);
  return { sim, arns, ctx: { sim, view: instanceViewOf(sim, 'c') } };
}

function launch(sim: ReturnType<typeof createSimulation>, taskDefinition: string, count: number): StartTaskLaunch {
  return { cluster: 'c', taskDefinition, count, startedBy: 'w', demand: taskDemandOf(sim, taskDefinition) };
}

describe('firstFitScheduler', () => {
  it('fills instances in registration order, several tasks on one when it has room', () => {
    const { sim, arns, ctx } = fleet(3);
    sim.ecs.registerTaskDefinition({ family: 'half', containerDefinitions: [{ name: 'a', image: 'x', cpu: 512, memory: 512 }] });
    const res = firstFitScheduler.start(launch(sim, 'half:1', 3), ctx);
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([arns[0], arns[0], arns[1]]);
  });

  it('skips an instance whose dynamic host ports took the fixed port the task needs', () => {
    const { sim, arns, ctx } = fleet(2);
    sim.ecs.registerTaskDefinition({ family: 'dyn', containerDefinitions: [{ name: 'a', image: 'x', cpu: 1, memory: 4, portMappings: [{ containerPort: 80 }] }] });
    const dyn = sim.ecs.startTask({ cluster: 'c', taskDefinition: 'dyn:1', containerInstances: [arns[0]!] }).tasks[0]!;
    const port = dyn.containers[0]!.networkBindings![0]!.hostPort!;
    sim.ecs.registerTaskDefinition({
      family: 'fixed',
      containerDefinitions: [{ name: 'a', image: 'x', cpu: 1, memory: 4, portMappings: [{ containerPort: 80, hostPort: port }] }],
    });
    const res = firstFitScheduler.start(launch(sim, 'fixed:1', 1), ctx);
    expect(res.failures).toEqual([]);
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([arns[1]]);
  });

  it('puts three tasks of 0.1 of a resource on an instance that has 0.3', () => {
    const { sim, arns, ctx } = fleet(0);
    for (let i = 0; i < 2; i++) {
      const totalResources = [
        { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
        { name: 'FPGA', type: 'DOUBLE', doubleValue: 0.3 },
      ];
      arns.push(sim.ecs.registerContainerInstance({ cluster: 'c', totalResources }).containerInstance.containerInstanceArn!);
    }
    sim.ecs.registerTaskDefinition({
      family: 'tenth',
      containerDefinitions: [{ name: 'a', image: 'x', cpu: 1, memory: 4, resourceRequirements: [{ type: 'FPGA', value: '0.1' }] }],
    });
    const res = firstFitScheduler.start(launch(sim, 'tenth:1', 3), ctx);
    expect(res.tasks.map((t) => t.containerInstanceArn)).toEqual([arns[0], arns[0], arns[0]]);
  });

  it('names the most common reason when no instance has room', () => {
    const { sim, ctx } = fleet(2);
    sim.ecs.registerTaskDefinition({ family: 'big', containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 4096 }] });
    const res = firstFitScheduler.start(launch(sim, 'big:1', 1), ctx);
    expect(res.tasks).toEqual([]);
    expect(res.failures).toEqual([{ arn: 'c', reason: 'RESOURCE:MEMORY' }]);
  });
});
