// Live tasks of one group per value of one attribute over a cluster: what spreadAttributeScorer
// sums over every instance at every placement, kept instead. Like the score trees it does not hear
// changes as they happen: it re-reads the positions the group counts and the feasibility index
// logged (change-log.ts) — a task placed or stopped, an instance whose attribute changed — and
// moves each one's count from the value it was counted under to its value now.
import { withLength, withRoomFor } from '../engine/typed-arrays.js';
import type { AttributeValues, SpreadSource } from './attribute-values.js';

export class ValueCounts {
  /** Live tasks of the group per value id. */
  private perValue = new Float64Array(8);
  /** Per position: the value and the count it was last added under. */
  private valueAt = new Int32Array(0);
  private countAt = new Int32Array(0);
  private known = 0;
  private indexSeq = 0;
  private groupSeq = 0;
  /** Set by the cache that holds it, for eviction. */
  lastUsed = 0;

  constructor(
    readonly values: AttributeValues,
    readonly group: string,
    private readonly src: SpreadSource,
  ) {}

  /** Bytes it keeps per position. */
  static readonly BYTES_PER_POSITION = 8;

  /** Live tasks of the group on the instances holding value `id` (call `sync` first). */
  count(id: number): number {
    return this.perValue[id] ?? 0;
  }

  /** Catches up with the logs; the values must have been synced first. */
  sync(): void {
    const { index, groups } = this.src;
    const ilog = index.changes;
    const glog = groups.changes;
    if (this.known === 0 || !ilog.reaches(this.indexSeq) || !glog.reaches(this.groupSeq)) {
      this.rebuild();
      return;
    }
    const bySlot = groups.bySlot(this.group);
    const iend = ilog.seq;
    const known = this.known;
    for (let s = this.indexSeq; s < iend; s++) {
      const pos = ilog.at(s);
      if (pos < known) this.refresh(pos, bySlot);
    }
    this.indexSeq = iend;
    const gend = glog.seq;
    const slots = index.slots;
    for (let s = this.groupSeq; s < gend; s++) {
      const slot = glog.at(s);
      const pos = this.src.posOfSlot(slot);
      // the group counts cover every cluster of the control plane: skip other clusters' slots
      if (pos >= 0 && pos < known && slots[pos] === slot) this.refresh(pos, bySlot);
    }
    this.groupSeq = gend;
    if (index.count > known) this.extend(index.count, bySlot);
  }

  private refresh(pos: number, bySlot: Int32Array): void {
    const v = this.values.valueOf[pos]!;
    const c = bySlot[this.src.index.slots[pos]!] ?? 0;
    const was = this.valueAt[pos]!;
    const had = this.countAt[pos]!;
    if (v === was && c === had) return;
    this.perValue[was] = this.perValue[was]! - had;
    this.room(v);
    this.perValue[v] = this.perValue[v]! + c;
    this.valueAt[pos] = v;
    this.countAt[pos] = c;
  }

  /** Adds the positions registered since the last read. */
  private extend(count: number, bySlot: Int32Array): void {
    this.valueAt = withRoomFor(this.valueAt, count - 1);
    this.countAt = withLength(this.countAt, this.valueAt.length);
    const valueOf = this.values.valueOf;
    const slots = this.src.index.slots;
    for (let pos = this.known; pos < count; pos++) {
      const v = valueOf[pos]!;
      const c = bySlot[slots[pos]!] ?? 0;
      this.room(v);
      this.perValue[v] = this.perValue[v]! + c;
      this.valueAt[pos] = v;
      this.countAt[pos] = c;
    }
    this.known = count;
  }

  private room(id: number): void {
    if (id >= this.perValue.length) this.perValue = withLength(this.perValue, Math.max(2 * this.perValue.length, id + 1));
  }

  /** Counts every position again: O(positions). */
  private rebuild(): void {
    const { index, groups } = this.src;
    this.perValue.fill(0);
    this.known = 0;
    this.extend(index.count, groups.bySlot(this.group));
    this.indexSeq = index.changes.seq;
    this.groupSeq = groups.changes.seq;
  }
}
