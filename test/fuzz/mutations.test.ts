// Mutation check: the fuzzer must catch planted accounting bugs. Each test plants one bug by
// patching a prototype of the task lifecycle or the resource store (nothing in src/ changes), runs
// the fuzzer with a fixed seed, expects the invariant that should break, and removes the plant.
// Budget: a few seconds (each bug is caught within a handful of sequences, then shrunk).
import { afterEach, describe, expect, it } from 'vitest';
import { TaskLifecycle } from '../../src/ecs/lifecycle.js';
import { STOPPED, type TaskRecord } from '../../src/ecs/state.js';
import { runFuzz } from '../../src/fuzz/run.js';
import type { Demand } from '../../src/model/demand.js';
import { InstanceTable } from '../../src/model/instance-table.js';

const restore: (() => void)[] = [];

function plant<T extends object, K extends keyof T>(proto: T, key: K, make: (original: T[K]) => T[K]): void {
  const original = proto[key];
  proto[key] = make(original);
  restore.push(() => {
    proto[key] = original;
  });
}

afterEach(() => {
  while (restore.length > 0) restore.pop()!();
});

async function caught(seed = 1): Promise<{ invariant: string; message: string; foundAfter: number; commands: number }> {
  const r = await runFuzz({ runs: 300, seed });
  expect(r.ok, 'the fuzzer missed the planted bug').toBe(false);
  const f = r.failure!;
  if (process.env.ECSIM_MUTATION_REPORT) console.log(JSON.stringify({ seed, invariant: f.invariant, foundAfter: f.foundAfter, shrunkCommands: f.commands.length, message: f.message.slice(0, 160) }));
  return { invariant: f.invariant, message: f.message, foundAfter: f.foundAfter, commands: f.commands.length };
}

type Release = (slot: number, d: Demand, dynamicPorts: readonly number[]) => void;

describe('the fuzzer catches planted accounting bugs', () => {
  it('resources released at the stop request instead of at STOPPED', async () => {
    let skipNext = false;
    const early = new WeakSet<TaskRecord>();
    plant(TaskLifecycle.prototype, 'requestStop', (orig) =>
      function (this: TaskLifecycle, task: TaskRecord, reason: string) {
        const stopping = task.desiredStatus !== STOPPED && task.lastStatus !== STOPPED;
        orig.call(this, task, reason);
        if (stopping) {
          this.table.release(task.instance.slot, task.taskDefinition.demand, task.dynamicPorts);
          early.add(task);
        }
      },
    );
    plant(TaskLifecycle.prototype, 'markStopped', (orig) =>
      function (this: TaskLifecycle, task: TaskRecord, reason: string | undefined, exitCode: number | undefined) {
        skipNext = early.has(task) && task.lastStatus !== STOPPED;
        orig.call(this, task, reason, exitCode);
        skipNext = false;
      },
    );
    plant(InstanceTable.prototype, 'release', (orig: Release) =>
      function (this: InstanceTable, slot: number, d: Demand, dyn: readonly number[]) {
        if (!skipNext) orig.call(this, slot, d, dyn);
        skipNext = false;
      },
    );
    const f = await caught();
    expect(f.invariant).toBe('accounting');
    expect(f.message).toMatch(/remaining (CPU|MEMORY)/);
  });

  it('resources released twice', async () => {
    plant(TaskLifecycle.prototype, 'markStopped', (orig) =>
      function (this: TaskLifecycle, task: TaskRecord, reason: string | undefined, exitCode: number | undefined) {
        const live = task.lastStatus !== STOPPED;
        orig.call(this, task, reason, exitCode);
        if (live) this.table.release(task.instance.slot, task.taskDefinition.demand, task.dynamicPorts);
      },
    );
    const f = await caught();
    expect(f.invariant).toBe('accounting');
  });

  it('the fixed host port check skipped', async () => {
    plant(InstanceTable.prototype, 'fit', (orig) =>
      function (this: InstanceTable, slot: number, d: Demand) {
        return orig.call(this, slot, { ...d, tcpPorts: [], udpPorts: [] });
      },
    );
    const f = await caught();
    expect(['ports', 'response', 'placement']).toContain(f.invariant);
  });

  it('dynamic host ports never released', async () => {
    plant(InstanceTable.prototype, 'release', (orig: Release) =>
      function (this: InstanceTable, slot: number, d: Demand) {
        orig.call(this, slot, d, []);
      },
    );
    const f = await caught();
    expect(f.invariant).toBe('ports');
    expect(f.message).toMatch(/dynamic/);
  });

  it('a pending task counted as running', async () => {
    plant(TaskLifecycle.prototype, 'placeTask', (orig) =>
      function (this: TaskLifecycle, ...args: Parameters<TaskLifecycle['placeTask']>) {
        const t = orig.apply(this, args);
        t.instance.pendingTasks--;
        t.instance.runningTasks++;
        return t;
      },
    );
    const f = await caught();
    expect(f.invariant).toBe('counters');
  });
});
