// An instance's live tasks: a Set's behaviour (size, add, delete, has, iteration in insertion
// order) on an intrusive list, including deleting the task just yielded while iterating.
import { describe, expect, it } from 'vitest';
import { LiveTaskList, type TaskRecord } from '../../../src/ecs/state.js';

const task = (seq: number): TaskRecord => ({ seq, prevLive: undefined, nextLive: undefined }) as unknown as TaskRecord;

describe('LiveTaskList', () => {
  it('iterates in insertion order and counts what it holds', () => {
    const l = new LiveTaskList();
    const ts = [1, 2, 3, 4].map(task);
    for (const t of ts) l.add(t);
    l.add(ts[1]!); // already there: no change
    expect(l.size).toBe(4);
    expect([...l].map((t) => t.seq)).toEqual([1, 2, 3, 4]);
  });

  it('deletes from the head, the middle and the tail, and refuses to delete twice', () => {
    const l = new LiveTaskList();
    const ts = [1, 2, 3, 4, 5].map(task);
    for (const t of ts) l.add(t);
    expect(l.delete(ts[2]!)).toBe(true);
    expect(l.delete(ts[0]!)).toBe(true);
    expect(l.delete(ts[4]!)).toBe(true);
    expect(l.delete(ts[4]!)).toBe(false);
    expect(l.has(ts[4]!)).toBe(false);
    expect(l.has(ts[1]!)).toBe(true);
    expect([...l].map((t) => t.seq)).toEqual([2, 4]);
    expect(l.size).toBe(2);
    l.add(ts[0]!); // a deleted task may be added again, at the end
    expect([...l].map((t) => t.seq)).toEqual([2, 4, 1]);
  });

  it('a single task is both head and tail; deleting it empties the list', () => {
    const l = new LiveTaskList();
    const t = task(7);
    l.add(t);
    expect(l.has(t)).toBe(true);
    expect(l.delete(t)).toBe(true);
    expect(l.size).toBe(0);
    expect([...l]).toEqual([]);
    expect(l.has(t)).toBe(false);
  });

  it('lets a loop delete the task it is visiting, as a Set does', () => {
    const l = new LiveTaskList();
    for (const t of [1, 2, 3, 4].map(task)) l.add(t);
    const seen: number[] = [];
    for (const t of l) {
      seen.push(t.seq);
      if (t.seq % 2 === 1) l.delete(t);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect([...l].map((t) => t.seq)).toEqual([2, 4]);
  });
});
