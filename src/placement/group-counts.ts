// Live tasks per task group per instance slot, kept up to date as tasks are placed and stop, so
// spread and distinctInstance read a number instead of walking every task on every instance.
import { withRoomFor } from '../engine/typed-arrays.js';
import { ChangeLog } from './change-log.js';

/** The array a group starts from: empty, grown on its first count. */
const EMPTY = new Int32Array(0);

/** One group's live tasks: per instance slot, and in all. */
interface GroupCount {
  bySlot: Int32Array;
  total: number;
}

export class GroupCounts {
  // one entry per group holding both counts: a placement and a stop each look the group up once
  private readonly groups = new Map<string, GroupCount>();
  /** Every slot passed to `add`, for structures that catch up lazily (score-tree.ts). */
  readonly changes = new ChangeLog();

  /** Live tasks of `group` on `slot`. */
  count(group: string, slot: number): number {
    return this.groups.get(group)?.bySlot[slot] ?? 0;
  }

  /**
   * The group's live tasks by slot, for a reader that scans many slots (a slot past the end has
   * none). The array is replaced when it grows: read it again after any `add`.
   */
  bySlot(group: string): Int32Array {
    return this.groups.get(group)?.bySlot ?? EMPTY;
  }

  /** Live tasks of `group` anywhere. */
  total(group: string): number {
    return this.groups.get(group)?.total ?? 0;
  }

  /** Adds `delta` (+1 placed, -1 stopped) to the group's count on `slot`. */
  add(group: string, slot: number, delta: number): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { bySlot: EMPTY, total: 0 }));
    if (slot >= g.bySlot.length) g.bySlot = withRoomFor(g.bySlot, slot);
    const next = g.bySlot[slot]! + delta;
    if (next < 0) throw new RangeError(`group ${group} count on slot ${slot} would go below zero`);
    g.bySlot[slot] = next;
    g.total += delta;
    this.changes.record(slot);
  }
}
