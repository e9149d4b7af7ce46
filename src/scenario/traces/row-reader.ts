// What every format reader is: a function from one record (a line, or one JSON value's text) to
// the row it means, a reason it is dropped, or null for a record that carries nothing (a blank
// line, a header). Structural faults throw RowError; the replay adds file and line.
import type { DropReason, TraceScale, TraceWhere } from './types.js';

export type RowReader<R> = (record: string) => R | DropReason | null;

/** What a reader is built from: the trace's scale and filters. */
export interface ReaderSettings {
  scale: TraceScale;
  where: TraceWhere;
}

/** Google's "after the trace ended" timestamp, 2^63 − 1 µs, as a double. */
export const GOOGLE_END_OF_TIME = 2 ** 63 - 1024;
