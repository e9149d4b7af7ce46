// Google cluster-data 2011 `task_events` (13 headerless columns, times in µs, requests
// normalised to the cell's largest machine) and `machine_events` (6 columns).
// (job ID, task index) names a task; event types 0 SUBMIT, 1 SCHEDULE, 2–6 an end (EVICT, FAIL,
// FINISH, KILL, LOST), 7/8 UPDATE_PENDING/UPDATE_RUNNING (new requests).
import { allowed, columns, fieldEnds, num, numField, scaled, taskKey, textField, time } from './fields.js';
import { GOOGLE_END_OF_TIME, type ReaderSettings, type RowReader } from './row-reader.js';
import { RowError } from './trace-error.js';
import { DROP_REASONS, type MachineRow, type TraceRow } from './types.js';

const TASK_COLUMNS = 'timestamp, missing info, job ID, task index, machine ID, event type, user, scheduling class, priority, CPU request, memory request, disk request, different-machines restriction';

export function google2011Tasks({ scale, where }: ReaderSettings): RowReader<TraceRow> {
  const cpuScale = scale.CPU ?? NaN;
  const memScale = scale.MEMORY ?? NaN;
  const { schedulingClass, priority, jobs } = where;
  const ends = new Int32Array(13);
  return (line) => {
    if (line === '') return null;
    fieldEnds(line, 13, ends, TASK_COLUMNS);
    const t = numField(line, ends, 0, '1 (timestamp, µs)');
    if (t < 0) throw new RowError(`expected a non-negative time in column 1 (timestamp, µs), got ${t}`);
    if (t >= GOOGLE_END_OF_TIME) return DROP_REASONS.afterEnd;
    if (ends[2] === ends[1]! + 1 || ends[3] === ends[2]! + 1) throw new RowError('expected a job ID (column 3) and a task index (column 4)');
    const type = numField(line, ends, 5, '6 (event type)');
    if (
      (schedulingClass !== undefined && !allowed(schedulingClass, numField(line, ends, 7, '8 (scheduling class)', true))) ||
      (priority !== undefined && !allowed(priority, numField(line, ends, 8, '9 (priority)', true))) ||
      (jobs !== undefined && !allowed(jobs, textField(line, ends, 2)))
    ) {
      return DROP_REASONS.filtered;
    }
    const key = taskKey(numField(line, ends, 2, '3 (job ID)', true), numField(line, ends, 3, '4 (task index)', true), () => textField(line, ends, 2), () => textField(line, ends, 3));
    switch (type) {
      case 0:
        return { kind: 'submit', time: t, key, cpu: scaled(numField(line, ends, 9, '10 (CPU request)', true), cpuScale), memory: scaled(numField(line, ends, 10, '11 (memory request)', true), memScale), family: '', group: '' };
      case 1:
        return { kind: 'start', time: t, key };
      case 2:
      case 3:
      case 4:
      case 5:
      case 6:
        return { kind: 'end', time: t, key };
      case 7:
      case 8:
        return { kind: 'update', time: t, key, cpu: scaled(numField(line, ends, 9, '10 (CPU request)', true), cpuScale), memory: scaled(numField(line, ends, 10, '11 (memory request)', true), memScale) };
      default:
        throw new RowError(`expected an event type from 0 to 8 in column 6, got ${type}`);
    }
  };
}

export function google2011Machines({ scale }: ReaderSettings): RowReader<MachineRow> {
  const cpuScale = scale.CPU ?? NaN;
  const memScale = scale.MEMORY ?? NaN;
  return (line) => {
    if (line === '') return null;
    const c = columns(line, 6, 'timestamp, machine ID, event type, platform ID, CPUs, memory');
    const t = time(c[0], '1 (timestamp, µs)');
    if (t >= GOOGLE_END_OF_TIME) return DROP_REASONS.afterEnd;
    const id = c[1]!;
    if (id === '') throw new RowError('expected a machine ID in column 2');
    const type = num(c[2], '3 (event type)');
    if (type === 0) {
      const cpu = scaled(num(c[4], '5 (CPUs)', true), cpuScale);
      const memory = scaled(num(c[5], '6 (memory)', true), memScale);
      if (Number.isNaN(cpu) || Number.isNaN(memory)) return DROP_REASONS.missingRequest;
      return { kind: 'add', time: t, id, cpu, memory };
    }
    if (type === 1) return { kind: 'remove', time: t, id };
    if (type === 2) return DROP_REASONS.otherRecord;
    throw new RowError(`expected an event type 0 (ADD), 1 (REMOVE) or 2 (UPDATE) in column 3, got ${c[2]}`);
  };
}
