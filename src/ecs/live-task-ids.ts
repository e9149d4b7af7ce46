// The UUIDs of live tasks and their containers as the 32-bit words they were drawn as, by live
// index. These words are the UUIDs: a live task's UUID and ARN strings are spelled from them only
// when something reads them (ControlPlaneState.taskUuid and the like), because a scenario run never
// reads most of them and a string per task kept alive for a minute is what the garbage collector
// copies and marks. The live-task index hashes and compares these words (SlotUuidMap), and the flat
// store a STOPPED task moves to (stopped-tasks.ts) copies them at the stop.
import type { RandomStream } from '../engine/rng.js';
import { uuidOfWords } from '../model/arn.js';

/** Containers per task kept as words; a task with more spells the UUIDs of the others when they are drawn. */
const MAX_CONTAINERS = 4;

export class LiveTaskIds {
  /** Four words per live index: the task's UUID. */
  private task: Uint32Array = new Uint32Array(4 * 1024);
  /** 4 × `perTask` words per live index: its first `perTask` containers' UUIDs. */
  private containers: Uint32Array = new Uint32Array(4 * 1024);
  /** Containers per live index that `containers` has room for (grows with the largest task placed, up to MAX_CONTAINERS). */
  private perTask = 1;
  /** Where a container UUID whose words are not kept is drawn. */
  private readonly spare = new Uint32Array(4);

  /** Draws the UUID of the task at `liveIndex` from `rng` and keeps its words. */
  drawTask(rng: RandomStream, liveIndex: number): void {
    if (4 * liveIndex + 4 > this.task.length) this.task = grown(this.task, 4 * liveIndex + 4);
    drawInto(rng, this.task, 4 * liveIndex);
  }

  /**
   * Draws the UUID of container k of the task at `liveIndex` from `rng` and keeps its words;
   * undefined, or the UUID spelled when its words are not kept (k >= MAX_CONTAINERS): the
   * container's record must then hold the string.
   */
  drawContainer(rng: RandomStream, liveIndex: number, k: number): string | undefined {
    if (k >= MAX_CONTAINERS) {
      const w = this.spare;
      drawInto(rng, w, 0);
      return uuidOfWords(w[0]!, w[1]!, w[2]!, w[3]!);
    }
    if (k >= this.perTask) this.widen(k + 1);
    const stride = 4 * this.perTask;
    if (stride * liveIndex + stride > this.containers.length) this.containers = grown(this.containers, stride * liveIndex + stride);
    drawInto(rng, this.containers, stride * liveIndex + 4 * k);
    return undefined;
  }

  /** The UUID of the task at `liveIndex`, spelled (a new string each call: the caller keeps it). */
  taskUuid(liveIndex: number): string {
    const w = this.task;
    const i = 4 * liveIndex;
    return uuidOfWords(w[i]!, w[i + 1]!, w[i + 2]!, w[i + 3]!);
  }

  /** The UUID of container k (< MAX_CONTAINERS) of the task at `liveIndex`, spelled. */
  containerUuid(liveIndex: number, k: number): string {
    const w = this.containers;
    const i = 4 * this.perTask * liveIndex + 4 * k;
    return uuidOfWords(w[i]!, w[i + 1]!, w[i + 2]!, w[i + 3]!);
  }

  /** Word j (0-3) of the UUID of the task at `liveIndex`: what the live-task index hashes and compares. */
  word(liveIndex: number, j: number): number {
    return this.task[4 * liveIndex + j]!;
  }

  /** Copies the words of the task at `liveIndex` to `out[at..at+3]`. */
  copyTask(liveIndex: number, out: Uint32Array, at: number): void {
    copy4(this.task, 4 * liveIndex, out, at);
  }

  /** Copies the words of container k of the task at `liveIndex` to `out[at..at+3]`; false when they are not kept (k too large). */
  copyContainer(liveIndex: number, k: number, out: Uint32Array, at: number): boolean {
    if (k >= this.perTask) return false;
    const from = 4 * this.perTask * liveIndex + 4 * k;
    copy4(this.containers, from, out, at);
    return true;
  }

  /** Room for `n` containers per live index: the kept words move to the wider layout. */
  private widen(n: number): void {
    const old = this.perTask;
    const tasks = Math.ceil(this.containers.length / (4 * old));
    const out = new Uint32Array(4 * n * tasks);
    for (let i = 0; i < tasks; i++) out.set(this.containers.subarray(4 * old * i, 4 * old * (i + 1)), 4 * n * i);
    this.containers = out;
    this.perTask = n;
  }
}

/** Four 32-bit draws from `rng` as uuidFrom draws them (version 4, variant bits set), to `w[at..at+3]`. */
function drawInto(rng: RandomStream, w: Uint32Array, at: number): void {
  w[at] = rng.uint32();
  w[at + 1] = ((rng.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
  w[at + 2] = ((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  w[at + 3] = rng.uint32();
}

function copy4(from: Uint32Array, i: number, out: Uint32Array, at: number): void {
  out[at] = from[i]!;
  out[at + 1] = from[i + 1]!;
  out[at + 2] = from[i + 2]!;
  out[at + 3] = from[i + 3]!;
}

function grown(a: Uint32Array, n: number): Uint32Array {
  let size = a.length;
  while (size < n) size *= 2;
  const out = new Uint32Array(size);
  out.set(a);
  return out;
}
