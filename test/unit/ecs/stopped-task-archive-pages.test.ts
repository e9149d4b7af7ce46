// The stopped-task archive keeps its columns in pages (src/ecs/stopped-tasks.ts): allocated as
// the tail reaches them, released as retention forgets the head. With pages of a few tasks, random
// tasks archived and forgotten in random runs cross many page boundaries: every retained task must
// read back as the record it was archived from, be found by its UUID, and the pages held must
// follow what is retained, not what was ever archived.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskOverride } from '../../../src/ecs/api-types.js';
import type { ControlPlane } from '../../../src/ecs/control-plane.js';
import type { ContainerRecord, TaskRecord } from '../../../src/ecs/state.js';
import { NO_OVERRIDES, StoppedTaskArchive } from '../../../src/ecs/stopped-tasks.js';
import { STOPPED } from '../../../src/ecs/task-status.js';
import { uuidOfWords } from '../../../src/model/arn.js';
import { newSim, registerInstance, registerTd } from '../../helpers/fixtures.js';

/** 8 tasks a page, 40 numbers a container page (the web task below takes 15: two a page). */
const PAGES = { taskShift: 3, containerPage: 40 };

/** A control plane with two clusters of two instances and three definitions (no ports; dynamic, udp and fixed ports; three containers). */
function controlPlane(): ControlPlane {
  const sim = newSim();
  for (const cluster of ['a', 'b']) {
    sim.ecs.createCluster({ clusterName: cluster });
    for (let i = 0; i < 2; i++) registerInstance(sim, { cluster, cpu: 4096, memory: 8192 });
  }
  registerTd(sim, 'job', [{ name: 'main', cpu: 128 }]);
  registerTd(sim, 'web', [
    { name: 'app', portMappings: [{ containerPort: 80 }, { containerPort: 53, protocol: 'udp' }, { containerPort: 443, hostPort: 8443 }] },
    { name: 'log', essential: false },
  ]);
  registerTd(sim, 'trio', [{ name: 'x' }, { name: 'y', essential: false }, { name: 'z' }]);
  return sim.controlPlane;
}

const word = fc.integer({ min: 0, max: 0xffffffff });
const words = fc.tuple(word, word, word, word);
const time = fc.double({ noNaN: true });
const exitCode = fc.option(fc.integer({ min: -0x7fffffff, max: 0x7fffffff }), { nil: undefined });
const label = (names: string[]) => fc.option(fc.constantFrom(...names), { nil: undefined });

/** What a generated task is made of; `unarchivable` gives a container a reason (the archive must refuse it). */
const taskSpec = fc.record({
  def: fc.nat(2),
  slot: fc.nat(3),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  words,
  containerWords: fc.array(words, { minLength: 3, maxLength: 3 }),
  exitCodes: fc.array(exitCode, { minLength: 3, maxLength: 3 }),
  ports: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 3, maxLength: 3 }),
  overrides: fc.nat(2),
  startedBy: label(['deploy-1', 'deploy-2', 'ecs-svc/123']),
  group: label(['family:web', 'g']),
  stoppedReason: label(['Essential container in task exited', 'Task stopped by user']),
  createdAt: time,
  startedAt: fc.option(time, { nil: undefined }),
  stoppedAt: time,
  unarchivable: fc.boolean(),
});
type TaskSpec = typeof taskSpec extends fc.Arbitrary<infer T> ? T : never;

/** Overrides that tasks share by identity (one RunTask call's tasks share its object): the last two are alike but not the same object. */
const OVERRIDES: TaskOverride[] = [NO_OVERRIDES, { containerOverrides: [{ name: 'main', command: ['a'] }] }, { containerOverrides: [{ name: 'main', command: ['a'] }] }];

/** The record a spec stands for, as a stopped task that holds no live index; `n` (unique) goes into the last UUID word. */
function taskOf(cp: ControlPlane, s: TaskSpec, n: number): TaskRecord {
  const td = cp.taskDefinitions[s.def]!;
  const instance = cp.instancesBySlot[s.slot]!;
  const uuid = uuidOfWords(s.words[0], s.words[1], s.words[2], n);
  let port = 0;
  const nDyn = td.demand.dynamicTcp + td.demand.dynamicUdp;
  const dynamicPorts = s.ports.slice(0, nDyn);
  const containers = td.containerDefinitions.map((def, k): ContainerRecord => {
    const w = s.containerWords[k]!;
    const mappings = def.portMappings ?? [];
    return {
      uuidText: uuidOfWords(w[0], w[1], w[2], w[3]),
      name: def.name!,
      essential: def.essential !== false,
      status: STOPPED,
      exitCode: s.exitCodes[k],
      reason: s.unarchivable && k === 0 ? 'OutOfMemoryError' : undefined,
      networkBindings:
        mappings.length === 0
          ? undefined
          : mappings.map((pm) => ({ bindIP: '0.0.0.0', containerPort: pm.containerPort!, hostPort: pm.hostPort || 32768 + port++, protocol: pm.protocol ?? 'tcp' })),
    };
  });
  return {
    seq: s.seq,
    uuidText: uuid,
    arnText: cp.scopedArn(cp.prefixes.task, instance.cluster, uuid),
    cluster: instance.cluster,
    instance,
    taskDefinition: td,
    overrides: OVERRIDES[s.overrides]!,
    startedBy: s.startedBy,
    group: s.group,
    containers,
    dynamicPorts,
    lastStatus: STOPPED,
    desiredStatus: STOPPED,
    stoppedReason: s.stoppedReason,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    stoppedAt: s.stoppedAt,
    forgotten: false,
    liveIndex: -1,
    clusterPos: -1,
  };
}

/** A step: archive these tasks, then forget that many of the oldest (as many as there are, at most). */
const step = fc.record({ archive: fc.array(taskSpec, { maxLength: 12 }), forget: fc.nat(14) });

describe('the stopped-task archive in pages', () => {
  it('gives back every retained task exactly, across page boundaries, and releases the pages retention leaves behind', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const cp = controlPlane();
        const archive = new StoppedTaskArchive(cp, PAGES);
        /** Retained tasks, oldest first, with their ids. */
        const retained: { id: number; task: TaskRecord }[] = [];
        const forgotten: TaskRecord[] = [];
        let n = 0;
        let next = 0;
        for (const s of steps) {
          for (const spec of s.archive) {
            const task = taskOf(cp, spec, n++);
            const id = archive.archive(task);
            if (spec.unarchivable) {
              expect(id).toBe(-1);
              continue;
            }
            // ids follow one another: a refused task took none
            expect(id).toBe(next++);
            retained.push({ id, task });
          }
          for (let k = 0; k < s.forget && retained.length > 0; k++) {
            expect(archive.oldest()).toBe(retained[0]!.id);
            archive.forgetOldest();
            forgotten.push(retained.shift()!.task);
          }
          expect(archive.size).toBe(retained.length);
          expect(archive.oldest()).toBe(retained.length > 0 ? retained[0]!.id : -1);
          for (const { id, task } of retained) {
            expect(archive.isForgotten(id)).toBe(false);
            const got = archive.record(id);
            expect(got).toStrictEqual(task);
            // shared values come back as the same objects (overrides alike are not the same)
            expect(got.overrides).toBe(task.overrides);
            expect(got.instance).toBe(task.instance);
            expect(archive.stoppedAtOf(id)).toBe(task.stoppedAt);
            expect(archive.clusterOf(id)).toBe(task.cluster);
            expect(archive.seqOf(id)).toBe(task.seq);
          }
          // found by UUID (every other one, so the rest are built afresh at the next step)
          for (let k = 0; k < retained.length; k += 2) expect(archive.find(retained[k]!.task.uuidText!)).toStrictEqual(retained[k]!.task);
          for (const task of forgotten.slice(-5)) expect(archive.find(task.uuidText!)).toBeUndefined();
          // pages follow the retained tasks: those spanning them, the tail's, and one a refused task may have opened
          const r = retained.length;
          expect(archive.pagesHeld).toBeLessThanOrEqual(Math.ceil(r / 8) + 1 + Math.ceil(r / 2) + 2);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('holds a bounded number of pages when tasks are forgotten as fast as they are archived', () => {
    const cp = controlPlane();
    const archive = new StoppedTaskArchive(cp, PAGES);
    const spec = fc.sample(taskSpec, { numRuns: 1, seed: 7 })[0]!;
    let most = 0;
    for (let n = 0; n < 20_000; n++) {
      const task = taskOf(cp, { ...spec, def: n % 3, unarchivable: false }, n);
      expect(archive.archive(task)).toBe(n);
      if (archive.size > 20) archive.forgetOldest();
      most = Math.max(most, archive.pagesHeld);
    }
    // 20 tasks span at most 4 task pages and 11 container pages (two web tasks, or more of the others, a page)
    expect(most).toBeLessThanOrEqual(4 + 11);
    expect(archive.size).toBe(20);
    while (archive.size > 0) archive.forgetOldest();
    // what stays is the tail's pages, which the next tasks fill
    expect(archive.pagesHeld).toBeLessThanOrEqual(2);
  });

  it('keeps a task a record when a number of it does not fit its column (an exit code of -0 or beyond int32, a seq beyond 32 bits)', () => {
    const cp = controlPlane();
    const archive = new StoppedTaskArchive(cp, PAGES);
    const spec = { ...fc.sample(taskSpec, { numRuns: 1, seed: 3 })[0]!, def: 0, unarchivable: false };
    for (const exitCode of [-0, 2 ** 31, -(2 ** 31), 1.5]) {
      expect(archive.archive(taskOf(cp, { ...spec, exitCodes: [exitCode, undefined, undefined] }, 1))).toBe(-1);
    }
    expect(archive.archive(taskOf(cp, { ...spec, seq: 2 ** 32 }, 1))).toBe(-1);
    expect(archive.size).toBe(0);
    const edge = taskOf(cp, { ...spec, seq: 2 ** 32 - 1, exitCodes: [-(2 ** 31) + 1, undefined, undefined] }, 1);
    expect(archive.archive(edge)).toBe(0);
    expect(archive.record(0)).toStrictEqual(edge);
  });
});
