// Amazon ECS "Task State Change" events as EventBridge delivers them (JSON lines or a JSON array),
// what teams archive from their own clusters. Several events per task (PENDING, RUNNING,
// STOPPED), each carrying the timestamps known so far, so every event is read as "what we now
// know of this task's life": arrival createdAt, start startedAt, end stoppedAt; the demand from the
// task-level cpu/memory, else the containers' (memoryReservation where there is no hard memory).
// Events are ordered by their own `time`.
import { allowed } from './fields.js';
import { jsonObject } from './google-2019.js';
import type { ReaderSettings, RowReader } from './row-reader.js';
import { RowError } from './trace-error.js';
import { DROP_REASONS, type TraceRow } from './types.js';

function isoTime(v: unknown, key: string): number {
  if (v === undefined || v === null) return NaN;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new RowError(`expected "${key}" to be an ISO 8601 time like 2026-11-02T10:15:30Z, got ${JSON.stringify(v)}`);
  return t;
}

/** "256", 256, "1 vCPU", "0.25 vcpu" → CPU units; "512", "1 GB", "1GB" → MiB (as the console writes them). */
function amount(v: unknown, key: string, unitName: RegExp, unit: number): number {
  if (v === undefined || v === null || v === '') return NaN;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.ceil(v);
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(v);
    if (m && (m[2] === '' || unitName.test(m[2]!))) return Math.ceil(Number(m[1]) * (m[2] === '' ? 1 : unit));
  }
  throw new RowError(`expected "${key}" to be a number (or a string like "256"), got ${JSON.stringify(v)}`);
}

const VCPU = /^vcpu$/i;
const GB = /^gb$/i;

/** The family in `arn:aws:ecs:region:account:task-definition/web:7` (or `web:7`). */
export function familyOf(taskDefinitionArn: unknown): string {
  if (typeof taskDefinitionArn !== 'string') return '';
  const name = taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

function demand(d: Record<string, unknown>): { cpu: number; memory: number } {
  let cpu = amount(d.cpu, 'detail.cpu', VCPU, 1024);
  let memory = amount(d.memory, 'detail.memory', GB, 1024);
  const containers = Array.isArray(d.containers) ? (d.containers as unknown[]) : [];
  if (Number.isNaN(cpu) && containers.length > 0) {
    cpu = 0;
    for (const c of containers) {
      const v = amount((c as Record<string, unknown>)?.cpu, 'detail.containers[].cpu', VCPU, 1024);
      if (!Number.isNaN(v)) cpu += v; // a container without cpu reserves none, as in ECS
    }
  }
  if (Number.isNaN(memory) && containers.length > 0) {
    let sum = 0;
    for (const c of containers) {
      const m = c as Record<string, unknown>;
      const v = amount(m?.memoryReservation, 'detail.containers[].memoryReservation', GB, 1024);
      const hard = amount(m?.memory, 'detail.containers[].memory', GB, 1024);
      const use = Number.isNaN(v) ? hard : v;
      if (Number.isNaN(use)) return { cpu, memory: NaN };
      sum += use;
    }
    memory = sum;
  }
  return { cpu, memory };
}

export function ecsEventTasks({ where }: ReaderSettings): RowReader<TraceRow> {
  const { group: groups, family: families } = where;
  return (text) => {
    const e = jsonObject(text);
    if (e['detail-type'] !== 'ECS Task State Change') return DROP_REASONS.otherRecord;
    const d = e.detail;
    if (typeof d !== 'object' || d === null) throw new RowError('expected a "detail" object in a Task State Change event');
    const detail = d as Record<string, unknown>;
    const key = detail.taskArn;
    if (typeof key !== 'string' || key === '') throw new RowError('expected "detail.taskArn"');
    const family = familyOf(detail.taskDefinitionArn);
    const group = typeof detail.group === 'string' ? detail.group : `family:${family}`;
    if (!allowed(families, family) || !allowed(groups, group)) return DROP_REASONS.filtered;
    const arrival = isoTime(detail.createdAt, 'detail.createdAt');
    const at = isoTime(e.time, 'time');
    if (Number.isNaN(arrival)) return DROP_REASONS.otherRecord;
    const { cpu, memory } = demand(detail);
    return {
      kind: 'life',
      time: Number.isNaN(at) ? arrival : at,
      key,
      arrival,
      started: isoTime(detail.startedAt, 'detail.startedAt'),
      ended: isoTime(detail.stoppedAt, 'detail.stoppedAt'),
      cpu,
      memory,
      family,
      group,
    };
  };
}
