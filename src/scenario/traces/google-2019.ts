// Google cluster-data 2019 `instance_events` and `machine_events`, one JSON object per line (or
// a JSON array). Times in µs, requests normalised. Exported rows follow proto3's JSON mapping:
// int64 fields may be strings, enums integers or names, and fields at their default (0, SUBMIT)
// may be absent altogether, so an absent `time` or `type` means 0.
// (collection_id, instance_index) names an instance; event types differ from 2011's.
import { allowed, scaled, taskKey } from './fields.js';
import { GOOGLE_END_OF_TIME, type ReaderSettings, type RowReader } from './row-reader.js';
import { RowError } from './trace-error.js';
import { DROP_REASONS, type MachineRow, type TraceRow } from './types.js';

const INSTANCE_TYPES = ['SUBMIT', 'QUEUE', 'ENABLE', 'SCHEDULE', 'EVICT', 'FAIL', 'FINISH', 'KILL', 'LOST', 'UPDATE_PENDING', 'UPDATE_RUNNING'];
const MACHINE_TYPES = ['EVENT_TYPE_UNKNOWN', 'ADD', 'REMOVE', 'UPDATE'];

/** Parses one JSON record into an object; throws RowError naming what it is instead. */
export function jsonObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new RowError(`expected a JSON object, got text that is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RowError(`expected a JSON object, got ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

/** An integer-valued field that may be a number, a numeric string, or absent (→ `absent`). */
function int(o: Record<string, unknown>, key: string, absent: number): number {
  const v = o[key];
  if (v === undefined || v === null) return absent;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new RowError(`expected a number in "${key}", got ${JSON.stringify(v)}`);
  return n;
}

function enumValue(o: Record<string, unknown>, key: string, names: readonly string[]): number {
  const v = o[key];
  if (typeof v === 'string' && !/^\d+$/.test(v)) {
    const i = names.indexOf(v);
    if (i < 0) throw new RowError(`expected "${key}" to be one of ${names.join(', ')} (or 0–${names.length - 1}), got ${JSON.stringify(v)}`);
    return i;
  }
  const n = int(o, key, 0);
  if (!Number.isInteger(n) || n < 0 || n >= names.length) throw new RowError(`expected "${key}" from 0 to ${names.length - 1}, got ${JSON.stringify(v)}`);
  return n;
}

function timeOf(o: Record<string, unknown>): number {
  const t = int(o, 'time', 0);
  if (t < 0) throw new RowError(`expected a non-negative "time" (µs), got ${JSON.stringify(o.time)}`);
  return t;
}

function request(o: Record<string, unknown>, key: string): { cpus: number; memory: number } | undefined {
  const r = o[key];
  if (r === undefined || r === null) return undefined;
  if (typeof r !== 'object') throw new RowError(`expected "${key}" to be an object {cpus, memory}, got ${JSON.stringify(r)}`);
  const m = r as Record<string, unknown>;
  const cpus = m.cpus === undefined || m.cpus === null ? NaN : int(m, 'cpus', NaN);
  const memory = m.memory === undefined || m.memory === null ? NaN : int(m, 'memory', NaN);
  return { cpus, memory };
}

export function google2019Tasks({ scale, where }: ReaderSettings): RowReader<TraceRow> {
  const cpuScale = scale.CPU ?? NaN;
  const memScale = scale.MEMORY ?? NaN;
  const { schedulingClass, priority, jobs } = where;
  return (text) => {
    const o = jsonObject(text);
    const t = timeOf(o);
    if (t >= GOOGLE_END_OF_TIME) return DROP_REASONS.afterEnd;
    const type = enumValue(o, 'type', INSTANCE_TYPES);
    const collection = o.collection_id;
    if (collection === undefined || collection === null) throw new RowError('expected a "collection_id"');
    const job = String(collection);
    // every row of the trace carries these; a row without one is let through to follow its task
    if (
      (schedulingClass !== undefined && o.scheduling_class !== undefined && !allowed(schedulingClass, int(o, 'scheduling_class', 0))) ||
      (priority !== undefined && o.priority !== undefined && !allowed(priority, int(o, 'priority', 0))) ||
      !allowed(jobs, job)
    ) {
      return DROP_REASONS.filtered;
    }
    const index = int(o, 'instance_index', 0);
    const key = taskKey(Number(job), index, () => job, () => String(index));
    const req = (): { cpu: number; memory: number } => {
      const r = request(o, 'resource_request');
      return { cpu: scaled(r?.cpus ?? NaN, cpuScale), memory: scaled(r?.memory ?? NaN, memScale) };
    };
    switch (type) {
      case 0:
        return { kind: 'submit', time: t, key, ...req(), family: '', group: '' };
      case 1:
      case 2:
        return null; // queued, enabled: steps between submission and scheduling that change nothing here
      case 3:
        return { kind: 'start', time: t, key };
      case 9:
      case 10:
        return { kind: 'update', time: t, key, ...req() };
      default:
        return { kind: 'end', time: t, key };
    }
  };
}

export function google2019Machines({ scale }: ReaderSettings): RowReader<MachineRow> {
  const cpuScale = scale.CPU ?? NaN;
  const memScale = scale.MEMORY ?? NaN;
  return (text) => {
    const o = jsonObject(text);
    const t = timeOf(o);
    if (t >= GOOGLE_END_OF_TIME) return DROP_REASONS.afterEnd;
    const id = o.machine_id;
    if (id === undefined || id === null || id === '') throw new RowError('expected a "machine_id"');
    const type = enumValue(o, 'type', MACHINE_TYPES);
    if (type === 1) {
      const cap = request(o, 'capacity');
      const cpu = scaled(cap?.cpus ?? NaN, cpuScale);
      const memory = scaled(cap?.memory ?? NaN, memScale);
      if (Number.isNaN(cpu) || Number.isNaN(memory)) return DROP_REASONS.missingRequest;
      return { kind: 'add', time: t, id: String(id), cpu, memory };
    }
    if (type === 2) return { kind: 'remove', time: t, id: String(id) };
    return DROP_REASONS.otherRecord;
  };
}
