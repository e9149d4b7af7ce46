// STOPPED tasks move to flat storage (src/ecs/stopped-tasks.ts) and come back as records when
// read: what DescribeTasks, ListTasks and snapshots answer must be what the record said when the
// task stopped, whatever the task held (several containers, dynamic and fixed ports, exit codes,
// overrides, startedBy, group, long ARNs), and a task the archive cannot take stays a record.
import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../../src/ecs/state.js';
import { taskView } from '../../../src/ecs/views.js';
import { describeTask, idOf, newSim, registerInstance, registerTd, type Sim } from '../../helpers/fixtures.js';

/** A simulation whose every stopped task is captured, as the record the lifecycle stopped. */
function watched(opts: Parameters<typeof newSim>[0] = {}): { sim: Sim; stopped: TaskRecord[]; viewOf: (t: TaskRecord) => unknown } {
  const sim = newSim(opts);
  const stopped: TaskRecord[] = [];
  const cp = sim.controlPlane;
  // a listener that keeps a record past its stop reads its strings by then (the archive takes the words)
  sim.observe({
    taskStopped: (t) => {
      stopped.push(t);
      cp.taskArn(t);
      t.containers.forEach((_, k) => cp.containerUuid(t, k));
    },
  });
  // the view of the record as it stood at its stop (the archive has not changed it)
  const viewOf = (t: TaskRecord) => JSON.parse(JSON.stringify(taskView(cp, t)));
  return { sim, stopped, viewOf };
}

function fleet(sim: Sim, cluster = 'default'): void {
  sim.ecs.createCluster({ clusterName: cluster });
  for (let i = 0; i < 3; i++) registerInstance(sim, { cluster, cpu: 4096, memory: 8192 });
  registerTd(sim, 'web', [
    { name: 'app', cpu: 256, memory: 256, portMappings: [{ containerPort: 80 }, { containerPort: 53, protocol: 'udp' }, { containerPort: 443, hostPort: 8443 }] },
    { name: 'log', cpu: 0, memory: 64, essential: false },
  ]);
  registerTd(sim, 'job', [{ name: 'main', cpu: 128, memory: 128 }]);
}

describe('the stopped-task archive', () => {
  for (const longArns of [false, true]) {
    it(`gives back every stopped task as it stood when it stopped${longArns ? ' (long ARNs)' : ''}`, () => {
      const { sim, stopped, viewOf } = watched({ longArns });
      fleet(sim, 'prod');
      const arns: string[] = [];
      for (let i = 0; i < 3; i++) {
        const web = sim.ecs.runTask({ cluster: 'prod', taskDefinition: 'web', startedBy: `deploy-${i}`, group: 'g:web' });
        arns.push(...web.tasks.map((t) => t.taskArn!));
        const job = sim.ecs.runTask({
          cluster: 'prod',
          taskDefinition: 'job',
          count: 2,
          overrides: { containerOverrides: [{ name: 'main', command: ['run', String(i)], environment: [{ name: 'N', value: String(i) }] }] },
        });
        arns.push(...job.tasks.map((t) => t.taskArn!));
      }
      sim.runUntil(1000);
      // every way a task stops: by the user, an essential container exiting with a code, a container
      // that is not essential first, and before it ever ran
      sim.ecs.stopTask({ cluster: 'prod', task: arns[0]!, reason: 'rollback' });
      sim.ecs.submitContainerStateChange({ cluster: 'prod', task: arns[1]!, containerName: 'main', status: 'STOPPED', exitCode: 3 });
      sim.ecs.submitContainerStateChange({ cluster: 'prod', task: arns[3]!, containerName: 'log', status: 'STOPPED', exitCode: 0 });
      sim.ecs.submitContainerStateChange({ cluster: 'prod', task: arns[3]!, containerName: 'app', status: 'STOPPED', exitCode: 137 });
      const late = sim.ecs.runTask({ cluster: 'prod', taskDefinition: 'job' }).tasks[0]!.taskArn!;
      sim.ecs.stopTask({ cluster: 'prod', task: late });
      sim.runUntil(5000);
      expect(stopped.length).toBe(4);
      expect(sim.controlPlane.archive.size).toBe(4);
      for (const record of stopped) {
        expect(describeTask(sim, sim.controlPlane.taskArn(record), 'prod')).toEqual(viewOf(record));
      }
      // ListTasks keeps creation order across live, archived and found-again tasks
      const list = sim.ecs.listTasks({ cluster: 'prod', desiredStatus: 'STOPPED' }).taskArns;
      expect(list).toEqual([...arns, late].filter((a) => stopped.some((t) => sim.controlPlane.taskArn(t) === a)));
      const running = sim.ecs.listTasks({ cluster: 'prod' }).taskArns;
      expect(running).toEqual(arns.filter((a) => !stopped.some((t) => sim.controlPlane.taskArn(t) === a)));
      // the snapshot shows every retained task in creation order too
      const snap = sim.snapshot() as { clusters: { tasks: { taskArn: string }[] }[] };
      expect(snap.clusters.find((c) => c.tasks.length > 0)!.tasks.map((t) => t.taskArn)).toEqual([...arns, late]);
      // a task is found by its id as by its ARN
      expect(describeTask(sim, idOf(sim.controlPlane.taskArn(stopped[0]!)), 'prod')).toEqual(viewOf(stopped[0]!));
    });
  }

  it('keeps what is changed on a stopped task after it was archived', () => {
    const { sim } = watched();
    fleet(sim);
    const arn = sim.ecs.runTask({ taskDefinition: 'job' }).tasks[0]!.taskArn!;
    sim.runUntil(1000);
    sim.ecs.stopTask({ task: arn });
    sim.runUntil(2000);
    expect(sim.controlPlane.archive.size).toBe(1);
    expect(describeTask(sim, arn).containers[0]!.exitCode).toBe(0);
    sim.ecs.submitContainerStateChange({ task: arn, containerName: 'main', status: 'STOPPED', exitCode: 9, reason: 'late report' });
    const again = describeTask(sim, arn).containers[0]!;
    expect(again.exitCode).toBe(9);
    expect(again.reason).toBe('late report');
  });

  it('leaves a task it cannot give back exactly as a record (a container reason, bindings the agent reported)', () => {
    const { sim, stopped, viewOf } = watched({ agent: { mode: 'manual' } });
    fleet(sim);
    const [a, b] = sim.ecs.runTask({ taskDefinition: 'web', count: 2 }).tasks.map((t) => t.taskArn!);
    sim.ecs.submitContainerStateChange({ task: a!, containerName: 'app', status: 'STOPPED', reason: 'OutOfMemoryError' });
    sim.ecs.submitContainerStateChange({ task: b!, containerName: 'app', status: 'RUNNING', networkBindings: [{ bindIP: '10.0.0.1', containerPort: 80, hostPort: 31000 }] });
    sim.ecs.submitContainerStateChange({ task: b!, containerName: 'app', status: 'STOPPED', exitCode: 1 });
    expect(stopped.length).toBe(2);
    expect(sim.controlPlane.archive.size).toBe(0);
    for (const record of stopped) expect(describeTask(sim, sim.controlPlane.taskArn(record))).toEqual(viewOf(record));
  });

  it('forgets archived tasks at retention, and the flat columns shrink back as they are forgotten', () => {
    const { sim } = watched({ stoppedTaskRetentionMs: 10_000 });
    fleet(sim);
    const first: string[] = [];
    // 3,000 short tasks, two at a time: enough for the columns to grow, compact and start afresh
    for (let i = 0; i < 1500; i++) {
      const arns = sim.ecs.runTask({ taskDefinition: 'job', count: 2 }).tasks.map((t) => t.taskArn!);
      if (i === 0) first.push(...arns);
      sim.runUntil(sim.now() + 200);
      for (const arn of arns) sim.ecs.stopTask({ task: arn });
      sim.runUntil(sim.now() + 100);
    }
    const cp = sim.controlPlane;
    // 10 s of stops at two every 300 ms, give or take one
    expect(cp.archive.size).toBeGreaterThan(60);
    expect(cp.archive.size).toBeLessThan(72);
    expect(cp.tasksByUuid.size).toBe(cp.archive.size);
    expect(sim.ecs.describeTasks({ tasks: first }).failures.map((f) => f.reason)).toEqual(['MISSING', 'MISSING']);
    const listed = sim.ecs.listTasks({ desiredStatus: 'STOPPED' }).taskArns;
    expect(listed.length).toBe(cp.archive.size);
    for (const arn of listed) expect(describeTask(sim, arn).lastStatus).toBe('STOPPED');
    sim.runUntil(sim.now() + 20_000);
    expect(sim.ecs.listTasks({ desiredStatus: 'STOPPED' }).taskArns).toEqual([]);
    expect(cp.tasksByUuid.size).toBe(0);
  });
});
