// A live task's UUID and ARN strings, and its containers' UUIDs, are spelled only when read, from
// the words kept by live index. Whenever they are read — while the task is live, after it stopped
// (kept as a record, or archived and found again), after its live index went to a new task — they
// must be exactly the strings eager formatting gave: uuidFrom of the same draws of the `ids` stream,
// replayed here from the stream's state before the placement.
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/engine/rng.js';
import { STOPPED, type TaskRecord } from '../../../src/ecs/state.js';
import { uuidFrom } from '../../../src/model/arn.js';
import { ACCOUNT, REGION, describeTask, newSim, registerInstance, registerTd, type Sim } from '../../helpers/fixtures.js';

interface Expected {
  uuid: string;
  arn: string;
  containers: string[];
}

/** Places one task of `family` through the runner entry point (nothing spelled), with the strings eager formatting would have given it. */
function place(sim: Sim, family: string, longArns: boolean): { task: TaskRecord; want: Expected } {
  const cp = sim.controlPlane;
  const replay = new RandomStream('ids', '', cp.ids.state());
  const out: TaskRecord[] = [];
  const failures = sim.runner.runTask({ cluster: 'prod', taskDefinition: family }, out);
  expect(failures).toEqual([]);
  const task = out[0]!;
  const uuid = uuidFrom(replay);
  const containers = task.containers.map(() => uuidFrom(replay));
  const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${longArns ? 'prod/' : ''}${uuid}`;
  return { task, want: { uuid, arn, containers } };
}

function expectSpelled(sim: Sim, task: TaskRecord, want: Expected): void {
  const cp = sim.controlPlane;
  expect(cp.taskUuid(task)).toBe(want.uuid);
  expect(cp.taskArn(task)).toBe(want.arn);
  expect(task.containers.map((_, k) => cp.containerUuid(task, k))).toEqual(want.containers);
}

/** What DescribeTasks answers for the task's ARN, by the strings expected. */
function expectDescribed(sim: Sim, want: Expected, longArns: boolean): void {
  const t = describeTask(sim, want.arn, 'prod');
  expect(t.taskArn).toBe(want.arn);
  const prefix = `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${longArns ? `prod/${want.uuid}/` : ''}`;
  expect(t.containers!.map((c) => c.containerArn)).toEqual(want.containers.map((u) => prefix + u));
  // and by its UUID alone
  expect(describeTask(sim, want.uuid, 'prod').taskArn).toBe(want.arn);
}

function fleet(longArns: boolean): Sim {
  const sim = newSim({ longArns, agent: { mode: 'manual' } });
  sim.ecs.createCluster({ clusterName: 'prod' });
  registerInstance(sim, { cluster: 'prod', cpu: 4096, memory: 8192 });
  registerTd(sim, 'one', [{ name: 'main', memory: 64 }]);
  // more containers than the words are kept for (4): the others are spelled when drawn
  registerTd(sim, 'six', ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, memory: 16 })));
  return sim;
}

describe('lazily spelled task ids', () => {
  for (const longArns of [false, true]) {
    const form = longArns ? ' (long ARNs)' : '';

    it(`spells a live task's strings as eager formatting did, the same string on every read${form}`, () => {
      const sim = fleet(longArns);
      for (const family of ['one', 'six']) {
        const { task, want } = place(sim, family, longArns);
        expect(task.uuidText).toBeUndefined();
        expect(task.arnText).toBeUndefined();
        expectSpelled(sim, task, want);
        expect(sim.controlPlane.taskArn(task)).toBe(task.arnText);
        expectDescribed(sim, want, longArns);
      }
    });

    it(`finds a live task by UUID and ARN before anything spelled it, and responses leave no strings on its record${form}`, () => {
      const sim = fleet(longArns);
      const placed = [place(sim, 'one', longArns), place(sim, 'six', longArns), place(sim, 'one', longArns)];
      for (const { want } of placed) expectDescribed(sim, want, longArns);
      expect(sim.ecs.listTasks({ cluster: 'prod' }).taskArns).toEqual(placed.map((p) => p.want.arn));
      sim.snapshot();
      for (const { task } of placed) {
        expect(task.uuidText).toBeUndefined();
        expect(task.arnText).toBeUndefined();
        expect(task.containers.map((c) => c.uuidText)).toEqual(task.containers.map((_, k) => (k < 4 ? undefined : expect.any(String))));
      }
    });

    it(`keeps the strings of a task that stays a record, through its live index going to a new task${form}`, () => {
      const sim = fleet(longArns);
      const { task, want } = place(sim, 'six', longArns);
      // a container's reason keeps the task a record (the archive cannot give it back)
      sim.ecs.submitContainerStateChange({ cluster: 'prod', task: want.arn, containerName: 'a', status: 'STOPPED', reason: 'OutOfMemoryError' });
      expect(task.lastStatus).toBe(STOPPED);
      expect(sim.controlPlane.archive.size).toBe(0);
      const next = place(sim, 'six', longArns);
      expect(next.want.uuid).not.toBe(want.uuid);
      expectSpelled(sim, task, want);
      expectSpelled(sim, next.task, next.want);
      expectDescribed(sim, want, longArns);
      expectDescribed(sim, next.want, longArns);
    });

    it(`gives back an archived task never read while live with the strings it was drawn with${form}`, () => {
      const sim = fleet(longArns);
      const first = place(sim, 'one', longArns);
      const six = place(sim, 'six', longArns);
      const cp = sim.controlPlane;
      // stopped through the runner: nothing spells the ARN on the way
      sim.runner.containerExited(first.task, first.task.containers[0]!, 0);
      for (const c of six.task.containers) sim.runner.containerExited(six.task, c, 0);
      expect(cp.archive.size).toBe(2);
      expect(first.task.uuidText).toBeUndefined();
      // both live indices reused by new tasks, whose words overwrite the stopped ones' words
      const again = [place(sim, 'six', longArns), place(sim, 'one', longArns)];
      for (const { want } of [first.want, six.want].map((want) => ({ want }))) {
        expectDescribed(sim, want, longArns);
        expect(describeTask(sim, want.arn, 'prod').lastStatus).toBe('STOPPED');
      }
      for (const { task, want } of again) {
        expectSpelled(sim, task, want);
        expect(describeTask(sim, want.uuid, 'prod').lastStatus).toBe('PENDING');
      }
      expect(sim.ecs.listTasks({ cluster: 'prod', desiredStatus: 'STOPPED' }).taskArns).toEqual([first.want.arn, six.want.arn]);
      expect(sim.ecs.listTasks({ cluster: 'prod' }).taskArns).toEqual(again.map((p) => p.want.arn));
    });
  }

  it('spells a kept record of an archived task from the archive while the task is retained', () => {
    const sim = newSim({ agent: { mode: 'manual' } });
    sim.ecs.createCluster({ clusterName: 'prod' });
    registerInstance(sim, { cluster: 'prod', cpu: 4096, memory: 8192 });
    registerTd(sim, 'one', [{ name: 'main', memory: 64 }]);
    registerTd(sim, 'six', ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, memory: 16 })));
    const cp = sim.controlPlane;
    // a listener keeps the records it hears of and reads them later, as it could read fields before
    const kept: TaskRecord[] = [];
    sim.observe({ taskStopped: (t) => void kept.push(t) });
    const one = place(sim, 'one', false);
    const six = place(sim, 'six', false);
    const read = place(sim, 'one', false);
    expect(cp.taskArn(read.task)).toBe(read.want.arn);
    for (const p of [one, six, read]) for (const c of p.task.containers) sim.runner.containerExited(p.task, c, 0);
    expect(cp.archive.size).toBe(3);
    expect(kept).toEqual([one.task, six.task, read.task]);
    // their live indices go to new tasks, whose words overwrite the stopped ones'
    const again = [place(sim, 'six', false), place(sim, 'one', false), place(sim, 'one', false)];
    for (const p of [one, six, read]) expectSpelled(sim, p.task, p.want);
    for (const p of again) expectSpelled(sim, p.task, p.want);
    // and the records the control plane builds for them agree
    for (const p of [one, six, read]) expectDescribed(sim, p.want, false);
  });

  it('refuses to guess the UUID of a kept record whose task was forgotten before anything read it', () => {
    const sim = newSim({ agent: { mode: 'manual' }, stoppedTaskRetentionMs: 1000 });
    sim.ecs.createCluster({ clusterName: 'prod' });
    registerInstance(sim, { cluster: 'prod', cpu: 4096, memory: 8192 });
    registerTd(sim, 'one', [{ name: 'main', memory: 64 }]);
    const cp = sim.controlPlane;
    const { task, want } = place(sim, 'one', false);
    expect(cp.taskArn(task)).toBe(want.arn);
    sim.runner.containerExited(task, task.containers[0]!, 0);
    sim.runUntil(sim.now() + 5000);
    // forgetting happens on the next read or stop
    const next = place(sim, 'one', false);
    sim.runner.containerExited(next.task, next.task.containers[0]!, 0);
    expect(cp.archive.isForgotten(0)).toBe(true);
    expect(cp.taskArn(task)).toBe(want.arn);
    expect(() => cp.containerUuid(task, 0)).toThrow(/forgotten/);
  });
});
