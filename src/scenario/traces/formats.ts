// Each trace format: how its records are split (lines, or JSON records), which reader turns a
// record into a row, and how long one unit of its clock is. The one table the replay, the machine
// replay and `ecsim trace inspect` all consult.
import { alibaba2018Machines, alibaba2018Tasks } from './alibaba-2018.js';
import { csvTasks } from './csv.js';
import { ecsEventTasks } from './ecs-events.js';
import { google2011Machines, google2011Tasks } from './google-2011.js';
import { google2019Machines, google2019Tasks } from './google-2019.js';
import { JsonRecordReader } from './json-records.js';
import { LineReader } from './line-reader.js';
import type { ReaderSettings, RowReader } from './row-reader.js';
import { RowError, TraceError } from './trace-error.js';
import type { DropReason, MachineRow, MachineTraceFormat, TaskTraceFormat, TraceRow } from './types.js';

export interface FormatInfo<R> {
  /** Milliseconds per unit of the format's clock. */
  msPerUnit: number;
  json: boolean;
  reader: (settings: ReaderSettings) => RowReader<R>;
}

export const TASK_FORMATS: Record<TaskTraceFormat, FormatInfo<TraceRow>> = {
  'google-2011': { msPerUnit: 0.001, json: false, reader: google2011Tasks },
  'google-2019': { msPerUnit: 0.001, json: true, reader: google2019Tasks },
  'alibaba-2018': { msPerUnit: 1000, json: false, reader: alibaba2018Tasks },
  'ecs-events': { msPerUnit: 1, json: true, reader: ecsEventTasks },
  csv: { msPerUnit: 1, json: false, reader: csvTasks },
};

export const MACHINE_FORMATS: Record<MachineTraceFormat, FormatInfo<MachineRow>> = {
  'google-2011-machines': { msPerUnit: 0.001, json: false, reader: google2011Machines },
  'google-2019-machines': { msPerUnit: 0.001, json: true, reader: google2019Machines },
  'alibaba-2018-machines': { msPerUnit: 1000, json: false, reader: alibaba2018Machines },
};

/** Records of a trace file and the line each starts on. */
export interface RecordSource {
  readonly line: number;
  next(): string | undefined;
  close(): void;
}

/** Opens `path` as records of a format (JSON records, or lines). @throws TraceError when unreadable. */
export function openRecords(path: string, json: boolean): RecordSource {
  const lines = new LineReader(path);
  if (!json) return lines;
  const records = new JsonRecordReader(lines);
  return {
    get line() {
      return records.line;
    },
    next: () => records.next(),
    close: () => lines.close(),
  };
}

/** One record through its reader; a RowError becomes a TraceError at the record's line (and the file is closed). */
export function readRecord<R>(read: RowReader<R>, text: string, source: RecordSource, path: string): R | DropReason | null {
  try {
    return read(text);
  } catch (e) {
    if (e instanceof RowError) {
      source.close();
      throw new TraceError(path, source.line, e.message);
    }
    throw e;
  }
}
