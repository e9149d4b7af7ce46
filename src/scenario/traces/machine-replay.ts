// The streaming replay of a machine trace: machine additions and removals in time order, mapped
// onto the simulated clock with the origin and speed of the task trace they belong with, so the
// fleet and the work stay aligned. Holds only the rows within the reorder window.
import { openRecords, readRecord, MACHINE_FORMATS, type RecordSource } from './formats.js';
import { ReorderBuffer } from './reorder.js';
import { DEFAULT_REORDER_WINDOW } from './replay.js';
import type { RowReader } from './row-reader.js';
import { TraceError } from './trace-error.js';
import { DROP_REASONS, type DropCounts, type DropReason, type MachineRow, type MachineTraceSpec } from './types.js';

/** A machine event on the simulated clock. */
export type MachineEvent =
  | { at: number; kind: 'add'; id: string; cpu: number; memory: number }
  | { at: number; kind: 'remove'; id: string };

export class MachineReplay {
  private readonly source: RecordSource;
  private readonly read: RowReader<MachineRow>;
  private readonly msPerUnit: number;
  private readonly rows: ReorderBuffer<MachineRow>;
  private origin: number | undefined;
  private eof = false;
  private readonly counts: Record<string, number> = {};
  records = 0;

  /** @throws TraceError when the file cannot be opened. */
  constructor(
    readonly spec: MachineTraceSpec,
    options: { reorderWindow?: number } = {},
  ) {
    const f = MACHINE_FORMATS[spec.format];
    if (!f) throw new TraceError(spec.path, 0, `unknown machine trace format ${JSON.stringify(spec.format)}; expected one of ${Object.keys(MACHINE_FORMATS).join(', ')}`);
    this.msPerUnit = f.msPerUnit;
    this.read = f.reader({ scale: spec.scale, where: {} });
    this.rows = new ReorderBuffer((options.reorderWindow ?? DEFAULT_REORDER_WINDOW) / f.msPerUnit);
    if (spec.start !== undefined) this.origin = spec.start / f.msPerUnit;
    this.source = openRecords(spec.path, f.json);
  }

  get dropped(): DropCounts {
    const out: DropCounts = {};
    for (const r of Object.values(DROP_REASONS)) if (this.counts[r]) out[r] = this.counts[r];
    return out;
  }

  /** The next machine event in time order, or undefined at the end. @throws TraceError at a malformed record. */
  next(): MachineEvent | undefined {
    for (;;) {
      const row = this.rows.pop(this.eof);
      if (row !== undefined) {
        if (this.origin === undefined) this.origin = row.time;
        // a machine there before the origin is there from the start
        const at = Math.max(0, Math.round(((row.time - this.origin) * this.msPerUnit) / this.spec.speed));
        return row.kind === 'add' ? { at, kind: 'add', id: row.id, cpu: row.cpu, memory: row.memory } : { at, kind: 'remove', id: row.id };
      }
      if (this.eof) return undefined;
      this.pump();
    }
  }

  /** Reads up to `records` records (a quick check of the file), then closes it. @throws TraceError */
  probe(records: number): void {
    try {
      while (this.records < records && !this.eof) this.pump();
    } finally {
      this.close();
    }
  }

  close(): void {
    this.source.close();
  }

  private drop(reason: DropReason): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
  }

  private pump(): void {
    const text = this.source.next();
    if (text === undefined) {
      this.eof = true;
      return;
    }
    this.records++;
    const r = readRecord(this.read, text, this.source, this.spec.path);
    if (r === null) return;
    if (typeof r === 'string') return this.drop(r);
    if (!this.rows.push(r)) this.drop(DROP_REASONS.outOfOrder);
  }
}
