// Live tasks per task group per instance slot, kept up to date as tasks are placed and stop, so
// spread and distinctInstance read a number instead of walking every task on every instance.
import { withRoomFor } from '../engine/typed-arrays.js';

/** The array a group starts from: empty, grown on its first count. */
const EMPTY = new Int32Array(0);

export class GroupCounts {
  private readonly bySlot = new Map<string, Int32Array>();
  private readonly totals = new Map<string, number>();

  /** Live tasks of `group` on `slot`. */
  count(group: string, slot: number): number {
    return this.bySlot.get(group)?.[slot] ?? 0;
  }

  /** Live tasks of `group` anywhere. */
  total(group: string): number {
    return this.totals.get(group) ?? 0;
  }

  /** Adds `delta` (+1 placed, -1 stopped) to the group's count on `slot`. */
  add(group: string, slot: number, delta: number): void {
    let a = this.bySlot.get(group);
    if (!a || slot >= a.length) this.bySlot.set(group, (a = withRoomFor(a ?? EMPTY, slot)));
    const next = a[slot]! + delta;
    if (next < 0) throw new RangeError(`group ${group} count on slot ${slot} would go below zero`);
    a[slot] = next;
    this.totals.set(group, (this.totals.get(group) ?? 0) + delta);
  }
}
