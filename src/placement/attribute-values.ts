// The values one attribute takes over a cluster's positions, as small ids, so spread by an
// attribute (spread-index.ts) can keep per-value counts and per-value trees instead of reading
// every instance's attributes at every placement. Instances without the attribute share one value
// (NO_VALUE, exactly as spreadAttributeScorer buckets them).
//
// Values change only when the instance does (registration, re-registration with new attributes):
// every change the control plane makes to an instance goes through the feasibility index, which
// logs the position (change-log.ts), and the values re-read those positions before anyone asks.
import { withRoomFor } from '../engine/typed-arrays.js';
import type { ScoreSource } from './score-tree.js';
import { NO_VALUE } from './scorers.js';

/** The stores spread by an attribute reads: the score trees' and the instances' attributes. */
export interface SpreadSource extends ScoreSource {
  /** An attribute's value on the instance at `pos` (InstanceView.attribute). */
  attribute(pos: number, name: string): string | undefined;
}

export class AttributeValues {
  /** Value id of each position read so far (positions below `known`). */
  valueOf = new Int32Array(16);
  /** Positions read: 0..known-1. */
  known = 0;
  private readonly ids = new Map<string, number>();
  /** How far the index's change log has been read. */
  private seq = 0;

  constructor(
    readonly attribute: string,
    private readonly src: SpreadSource,
  ) {}

  /** Distinct values seen so far (ids 0..size-1; a value no instance holds any more keeps its id). */
  get size(): number {
    return this.ids.size;
  }

  /** Reads the positions the index logged since the last call and those registered since. */
  sync(): void {
    const index = this.src.index;
    const log = index.changes;
    const end = log.seq;
    if (!log.reaches(this.seq)) {
      for (let pos = 0; pos < this.known; pos++) this.read(pos);
    } else {
      for (let s = this.seq; s < end; s++) {
        const pos = log.at(s);
        if (pos < this.known) this.read(pos);
      }
    }
    const count = index.count;
    if (count > this.known) {
      this.valueOf = withRoomFor(this.valueOf, count - 1);
      for (let pos = this.known; pos < count; pos++) this.read(pos);
      this.known = count;
    }
    this.seq = end;
  }

  private read(pos: number): void {
    const v = this.src.attribute(pos, this.attribute) ?? NO_VALUE;
    let id = this.ids.get(v);
    if (id === undefined) this.ids.set(v, (id = this.ids.size));
    this.valueOf[pos] = id;
  }
}
