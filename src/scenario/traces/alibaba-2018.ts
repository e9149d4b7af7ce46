// Alibaba cluster-trace-v2018 `batch_task` (9 headerless columns in schema.txt's order: task_name,
// instance_num, job_name, task_type, status, start_time, end_time, plan_cpu, plan_mem) and
// `machine_meta` (machine_id, time_stamp, failure_domain_1, failure_domain_2, cpu_num, mem_size,
// status). Times in seconds. One batch_task row is `instance_num` tasks that start together: the
// trace has no separate submission time, so arrival is start_time. plan_cpu is cores × 100 and
// plan_mem a share of a machine (0–100): the `scale` says what 1 core (CPU, default 1024 units)
// and a whole machine (MEMORY, MiB) are.
import { allowed, columns, num, scaled, time } from './fields.js';
import type { ReaderSettings, RowReader } from './row-reader.js';
import { RowError } from './trace-error.js';
import { DROP_REASONS, type MachineRow, type TraceRow } from './types.js';

const TASK_COLUMNS = 'task_name, instance_num, job_name, task_type, status, start_time, end_time, plan_cpu, plan_mem';

export function alibaba2018Tasks({ scale, where }: ReaderSettings): RowReader<TraceRow> {
  const cpuScale = scale.CPU ?? 1024;
  const memScale = scale.MEMORY ?? NaN;
  const { taskType, status } = where;
  return (line) => {
    if (line === '') return null;
    const c = columns(line, 9, TASK_COLUMNS);
    if (!allowed(taskType, c[3]!) || !allowed(status, c[4]!)) return DROP_REASONS.filtered;
    const count = num(c[1], '2 (instance_num)');
    if (!Number.isInteger(count) || count < 0) throw new RowError(`expected a whole instance_num in column 2, got ${c[1]}`);
    if (count === 0) return DROP_REASONS.otherRecord;
    const start = c[5] === '' ? 0 : time(c[5], '6 (start_time, s)');
    if (start === 0) return DROP_REASONS.neverStarted;
    const end = c[6] === '' ? 0 : time(c[6], '7 (end_time, s)');
    const cpu = scaled(num(c[7], '8 (plan_cpu)', true) / 100, cpuScale);
    const memory = scaled(num(c[8], '9 (plan_mem)', true) / 100, memScale);
    if (Number.isNaN(cpu) || Number.isNaN(memory)) return DROP_REASONS.missingRequest;
    // a task still running when the trace was cut has end_time 0: it runs to the horizon
    const lifetime = end === 0 ? Infinity : end - start;
    if (lifetime < 0) throw new RowError(`expected end_time (column 7) not before start_time (column 6), got ${c[6]} < ${c[5]}`);
    if (lifetime === 0) return DROP_REASONS.zeroLifetime;
    return { kind: 'task', time: start, lifetime, cpu, memory, count, family: '', group: '' };
  };
}

export function alibaba2018Machines({ scale }: ReaderSettings): RowReader<MachineRow> {
  const cpuScale = scale.CPU ?? 1024;
  const memScale = scale.MEMORY ?? NaN;
  return (line) => {
    if (line === '') return null;
    const c = columns(line, 7, 'machine_id, time_stamp, failure_domain_1, failure_domain_2, cpu_num, mem_size, status');
    const id = c[0]!;
    if (id === '') throw new RowError('expected a machine_id in column 1');
    const t = time(c[1], '2 (time_stamp, s)');
    if (c[6] !== 'USING') return { kind: 'remove', time: t, id };
    const cpu = scaled(num(c[4], '5 (cpu_num)', true), cpuScale);
    const memory = scaled(num(c[5], '6 (mem_size)', true) / 100, memScale);
    if (Number.isNaN(cpu) || Number.isNaN(memory)) return DROP_REASONS.missingRequest;
    return { kind: 'add', time: t, id, cpu, memory };
  };
}
