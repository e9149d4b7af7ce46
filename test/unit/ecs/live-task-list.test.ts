// An instance's live tasks: a Set's behaviour (size, add, delete, has, iteration in insertion
// order) on a list linked through the tasks' live indices, including deleting the task just
// yielded while iterating, and several lists sharing one set of links.
import { describe, expect, it } from 'vitest';
import { LiveTaskLinks, LiveTaskList as List, type TaskRecord } from '../../../src/ecs/state.js';

const task = (seq: number): TaskRecord => ({ seq, liveIndex: seq, arn: `t${seq}` }) as unknown as TaskRecord;
const shared = new LiveTaskLinks();
class LiveTaskList extends List {
  constructor() {
    super(shared);
  }
}

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

  it('keeps lists that share links apart, past the first size of the links', () => {
    const links = new LiveTaskLinks();
    const a = new List(links);
    const b = new List(links);
    const ts = Array.from({ length: 3000 }, (_, i) => task(i));
    ts.forEach((t, i) => (i % 3 === 0 ? a : b).add(t));
    expect(a.size).toBe(1000);
    expect(b.has(ts[0]!)).toBe(false);
    expect(b.delete(ts[0]!)).toBe(false);
    for (const t of ts) if (t.seq % 2 === 0) (t.seq % 3 === 0 ? a : b).delete(t);
    expect([...a].map((t) => t.seq)).toEqual(ts.filter((t) => t.seq % 3 === 0 && t.seq % 2 === 1).map((t) => t.seq));
    expect([...b].map((t) => t.seq)).toEqual(ts.filter((t) => t.seq % 3 !== 0 && t.seq % 2 === 1).map((t) => t.seq));
    // a task whose live index now names another task is no longer in the list
    const stale = { seq: -1, liveIndex: 1, arn: 'stale' } as unknown as TaskRecord;
    expect(b.has(stale)).toBe(false);
  });
});
