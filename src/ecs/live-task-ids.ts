// The UUIDs of live tasks and their containers as the 32-bit words they were drawn as, by live
// index. A task's UUID strings are what the API shows, but the flat store a STOPPED task moves to
// (stopped-tasks.ts) keeps words: kept here from the draw, they are copied there at the stop
// instead of being parsed back out of the strings, which cost more than drawing them did.
import type { RandomStream } from '../engine/rng.js';
import { uuidOfWords } from '../model/arn.js';

/** Containers per task kept as words; a task with more has its containers' words read back from their strings. */
const MAX_CONTAINERS = 4;

export class LiveTaskIds {
  /** Four words per live index: the task's UUID. */
  private task: Uint32Array = new Uint32Array(4 * 1024);
  /** 4 × `perTask` words per live index: its first `perTask` containers' UUIDs. */
  private containers: Uint32Array = new Uint32Array(4 * 1024);
  /** Containers per live index that `containers` has room for (grows with the largest task placed, up to MAX_CONTAINERS). */
  private perTask = 1;

  /**
   * Draws the UUID of the task at `liveIndex` (k = -1) or of its container k from `rng` (four
   * 32-bit draws, as uuidFrom draws them), keeps its words and returns it spelled.
   */
  draw(rng: RandomStream, liveIndex: number, k: number): string {
    const a = rng.uint32();
    const b = ((rng.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
    const c = ((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = rng.uint32();
    let w: Uint32Array | undefined;
    let at = 0;
    if (k < 0) {
      if (4 * liveIndex + 4 > this.task.length) this.task = grown(this.task, 4 * liveIndex + 4);
      w = this.task;
      at = 4 * liveIndex;
    } else if (k < MAX_CONTAINERS) {
      if (k >= this.perTask) this.widen(k + 1);
      const stride = 4 * this.perTask;
      if (stride * liveIndex + stride > this.containers.length) this.containers = grown(this.containers, stride * liveIndex + stride);
      w = this.containers;
      at = stride * liveIndex + 4 * k;
    }
    if (w !== undefined) {
      w[at] = a;
      w[at + 1] = b;
      w[at + 2] = c;
      w[at + 3] = d;
    }
    return uuidOfWords(a, b, c, d);
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
