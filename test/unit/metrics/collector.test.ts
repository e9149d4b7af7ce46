import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/ecs/simulation.js';
import { MetricsCollector } from '../../../src/metrics/collector.js';
import { summarizeCluster, summarizeWorkload } from '../../../src/metrics/summary.js';

/** Two instances of 1024 CPU / 2048 MiB, a 512/1024 task definition, and a collector watching. */
function setUp(strandingDemands: Record<string, number>[] = [{ CPU: 768, MEMORY: 512 }]) {
  const sim = createSimulation({ seed: 1, agent: { startDelayMs: 100, stopDelayMs: 50 } });
  const collector = new MetricsCollector(sim, {
    clusters: ['c'],
    workloads: [{ name: 'w', cluster: 'c' }],
    strandingDemands,
  });
  sim.observe(collector);
  const { ecs } = sim;
  ecs.createCluster({ clusterName: 'c' });
  const arns = [0, 1].map(
    () =>
      ecs.registerContainerInstance({
        cluster: 'c',
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
        ],
      }).containerInstance.containerInstanceArn!,
  );
  ecs.registerTaskDefinition({ family: 'job', containerDefinitions: [{ name: 'main', image: 'x', cpu: 512, memory: 1024 }] });
  return { sim, ecs, collector, arns };
}

describe('MetricsCollector', () => {
  it('weights utilization, instances in use and stranded capacity by how long each state held', () => {
    const { sim, ecs, collector, arns } = setUp();
    const started = ecs.startTask({ cluster: 'c', taskDefinition: 'job', containerInstances: arns, startedBy: 'w' });
    expect(started.tasks).toHaveLength(2);
    sim.runUntil(1000);
    ecs.stopTask({ cluster: 'c', task: started.tasks[0]!.taskArn! }); // STOPPED at 1050
    sim.runUntil(2000);
    collector.finish(2000);
    const s = summarizeCluster(collector, collector.cluster('c'), 2000);

    // CPU reserved 1024 of 2048 until 1050, then 512: (0.5·1050 + 0.25·950) / 2000
    expect(s.utilization.CPU).toEqual({ mean: 0.38125, peak: 0.5 });
    expect(s.reserved.CPU).toEqual({ mean: 780.8, peak: 1024 });
    expect(s.registered.MEMORY).toEqual({ mean: 4096, peak: 4096 });
    // both instances host a task until 1050, then one
    expect(s.instances.inUse).toEqual({ mean: 1.525, peak: 2 });
    expect(s.instances.active).toEqual({ mean: 2, peak: 2, end: 2 });
    expect(s.instances.instanceHours).toBeCloseTo((2 * 2000) / 3_600_000, 3);
    // a half-full instance (512 CPU left) cannot fit the 768-CPU demand: its free CPU and MEMORY are stranded;
    // the emptied instance can, so from 1050 only one instance strands 512 CPU and 1024 MiB
    expect(s.stranded.CPU).toEqual({ mean: 780.8, peak: 1024, share: 0.38125 });
    expect(s.stranded.MEMORY!.mean).toBe(1561.6);
    expect(s.tasks).toMatchObject({ placed: 2, stopped: 1, completed: 0, runningAtEnd: 1, pendingAtEnd: 0 });
    expect(s.stoppedByReason).toEqual({ 'Task stopped by user': 1 });
    expect(s.pendingToRunningMs).toMatchObject({ count: 2, p50: 100, p99: 100, max: 100 });
    expect(summarizeWorkload(collector.workload('w')!).tasks.placed).toBe(2);
  });

  it('counts a task whose essential container exits as completed', () => {
    const { sim, ecs, collector, arns } = setUp();
    const task = ecs.startTask({ cluster: 'c', taskDefinition: 'job', containerInstances: [arns[0]!], startedBy: 'w' }).tasks[0]!;
    sim.runUntil(500);
    ecs.submitContainerStateChange({ cluster: 'c', task: task.taskArn!, containerName: 'main', status: 'STOPPED', exitCode: 0 });
    collector.finish(500);
    const w = summarizeWorkload(collector.workload('w')!);
    expect(w.tasks).toMatchObject({ placed: 1, completed: 1, stopped: 1 });
    expect(collector.total.stoppedByReason.get('Essential container in task exited')).toBe(1);
  });

  it('measures request → RUNNING from the request time the caller reported, so retry waits count', () => {
    const { sim, ecs, collector, arns } = setUp();
    sim.runUntil(2000);
    const [retried, fresh] = ecs.startTask({ cluster: 'c', taskDefinition: 'job', containerInstances: arns, startedBy: 'w' }).tasks;
    collector.recordRequestTime(retried!.taskArn!, 1500);
    sim.runUntil(3000);
    // 1500 → 2100 for the retried task; 2000 → 2100 for the one requested when placed
    const latency = collector.workload('w')!.pendingToRunning.summary();
    expect(latency).toMatchObject({ count: 2, max: 600, mean: 350 });
    expect(fresh!.createdAt).toBe(2000);
  });

  it('takes a deregistered instance out of registered capacity and counts the tasks it forced to stop', () => {
    const { sim, ecs, collector, arns } = setUp();
    ecs.startTask({ cluster: 'c', taskDefinition: 'job', containerInstances: [arns[0]!, arns[0]!], startedBy: 'w' });
    sim.runUntil(1000);
    ecs.deregisterContainerInstance({ cluster: 'c', containerInstance: arns[0]!, force: true });
    sim.runUntil(2000);
    collector.finish(2000);
    const s = summarizeCluster(collector, collector.cluster('c'), 2000);
    expect(s.registered.CPU).toEqual({ mean: (2048 * 1000 + 1024 * 1000) / 2000, peak: 2048 });
    expect(s.instances).toMatchObject({ registered: 2, deregistered: 1, active: { mean: 1.5, peak: 2, end: 1 } });
    expect(s.stoppedByReason).toEqual({ 'Container instance deregistration forced by user': 2 });
    // the forced stops release their CPU before the instance's capacity leaves: no spurious 100% peak
    expect(s.utilization.CPU!.peak).toBe(0.5);
    expect(s.tasks.runningAtEnd).toBe(0);
  });

  it('tracks disconnected agents and does not call a disconnected instance stranded', () => {
    const { sim, ecs, collector, arns } = setUp([{ CPU: 2000, MEMORY: 1 }]);
    // nothing fits a 2000-CPU task: every connected instance strands all of its free capacity
    sim.runUntil(1000);
    sim.disconnectAgent(arns[0]!);
    sim.runUntil(3000);
    sim.connectAgent(arns[0]!);
    sim.runUntil(4000);
    collector.finish(4000);
    const s = summarizeCluster(collector, collector.cluster('c'), 4000);
    expect(s.instances.agentsDisconnected).toEqual({ mean: 0.5, peak: 1 });
    // 2048 CPU stranded except while one agent was away (1024 for 2000 ms of 4000)
    expect(s.stranded.CPU!.mean).toBe(1536);
    expect(ecs.listContainerInstances({ cluster: 'c' }).containerInstanceArns).toHaveLength(2);
  });

  it('keeps per-task records only when asked', () => {
    const { ecs, collector, arns } = setUp();
    ecs.startTask({ cluster: 'c', taskDefinition: 'job', containerInstances: arns, startedBy: 'w' });
    expect(collector.placedTasks).toHaveLength(0);
    const at7 = createSimulation();
    at7.runUntil(7);
    const rec = new MetricsCollector(at7, { recordTasks: true, workloads: [{ name: 'x', cluster: 'c' }] });
    rec.recordFailed(rec.workload('x')!, 'RESOURCE:CPU', 2, 0, 'job:1');
    expect(rec.unplaced).toEqual([{ workload: 'x', cluster: 'c', taskDefinition: 'job:1', requestedAt: 0, failedAt: 7, reason: 'RESOURCE:CPU', count: 2 }]);
    expect(rec.total.failuresByReason.get('RESOURCE:CPU')).toBe(2);
  });
});
