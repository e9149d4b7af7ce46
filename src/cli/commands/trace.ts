// `ecsim trace inspect FILE --format F`: what a replay of a trace would see — tasks, time span,
// arrival rate over time, demand and lifetime percentiles, rows dropped by reason — as tables or
// one JSON document (--json). The same readers, filters and mapping as a scenario's trace workload.
import { InvalidArgumentError, type Command } from 'commander';
import Table from 'cli-table3';
import { resolve } from 'node:path';
import { formatDuration, tryParseDuration } from '../../scenario/duration.js';
import { inspectTrace, type Percentiles, type TraceInspection } from '../../scenario/traces/inspect.js';
import { TraceError } from '../../scenario/traces/trace-error.js';
import { TASK_TRACE_FORMATS, WHERE_KEYS, type TaskTraceFormat, type TraceWhere } from '../../scenario/traces/types.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';

interface InspectFlags {
  format: string;
  json?: boolean;
  scale?: Record<string, number>;
  start?: number;
  speed: number;
  limit?: number;
  where: TraceWhere;
}

function scaleValue(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const out = { ...previous };
  for (const part of value.split(',')) {
    const m = /^\s*(CPU|MEMORY)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) throw new InvalidArgumentError(`expected CPU=<units>,MEMORY=<MiB> (what a normalised request of 1.0 means), got ${JSON.stringify(part)}`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

function whereValue(value: string, previous: TraceWhere = {}): TraceWhere {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected KEY=V1,V2 (e.g. priority=9,10,11), got ${JSON.stringify(value)}`);
  const values = m[2]!.split(',').map((v) => (/^-?\d+$/.test(v.trim()) ? Number(v) : v.trim()));
  return { ...previous, [m[1]!]: values };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number above zero, got ${JSON.stringify(value)}`);
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number above zero, got ${JSON.stringify(value)}`);
  return n;
}

function durationValue(value: string): number {
  const r = tryParseDuration(/^\d+$/.test(value.trim()) ? Number(value) : value);
  if (!r.ok) throw new InvalidArgumentError(r.message);
  return r.ms;
}

export function register(program: Command): void {
  const trace = program.command('trace').description('look at workload traces before replaying them');
  trace
    .command('inspect')
    .description('what a replay of a trace would see: tasks, time span, arrival rate, demands, rows dropped')
    .argument('<file>', 'trace file (.gz is read as a stream)')
    .requiredOption('--format <format>', `one of ${TASK_TRACE_FORMATS.join(', ')}`)
    .option('--json', 'print one JSON document instead of tables')
    .option('--scale <CPU=n,MEMORY=n>', 'what a normalised request of 1.0 means (google-*, alibaba-2018)', scaleValue)
    .option('--start <duration>', "trace time mapped to 0 (default: the trace's first event)", durationValue)
    .option('--speed <factor>', 'replay speed (2: twice as fast)', positiveNumber, 1)
    .option('--limit <tasks>', 'at most this many tasks', wholeNumber)
    .option('--where <key=v1,v2>', 'keep only rows whose KEY is one of the values (repeatable)', whereValue, {})
    .action((file: string, flags: InspectFlags) => {
      process.stdout.write(inspectCommand(file, flags));
    });
}

function inspectCommand(file: string, flags: InspectFlags): string {
  const format = flags.format as TaskTraceFormat;
  if (!(TASK_TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`ecsim trace inspect: unknown format ${JSON.stringify(flags.format)}; expected one of ${TASK_TRACE_FORMATS.join(', ')}`, EXIT_USAGE);
  }
  const allowed = WHERE_KEYS[format];
  for (const key of Object.keys(flags.where)) {
    if (!allowed.includes(key)) throw new CliError(`ecsim trace inspect: --where ${key} is not a filter of ${format}; it has ${allowed.join(', ')}`, EXIT_USAGE);
  }
  const scale = flags.scale ?? {};
  if ((format === 'google-2011' || format === 'google-2019') && (scale.CPU === undefined || scale.MEMORY === undefined)) {
    throw new CliError(`ecsim trace inspect: ${format} requests are normalised; give --scale CPU=<units>,MEMORY=<MiB> (e.g. CPU=16384,MEMORY=65536)`, EXIT_USAGE);
  }
  if (format === 'alibaba-2018' && scale.MEMORY === undefined) {
    throw new CliError('ecsim trace inspect: alibaba-2018 memory is a share of a machine; give --scale MEMORY=<MiB of a whole machine> (CPU defaults to 1024 units a core)', EXIT_USAGE);
  }
  let result: TraceInspection;
  try {
    result = inspectTrace({
      format,
      path: resolve(file),
      scale,
      speed: flags.speed,
      where: flags.where,
      ...(flags.start === undefined ? {} : { start: flags.start }),
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    });
  } catch (e) {
    if (e instanceof TraceError) throw new CliError(e.message.replace(resolve(file), file), EXIT_USAGE);
    throw e;
  }
  result.path = file;
  return flags.json ? `${JSON.stringify(result, (_k, v: unknown) => (v === Infinity ? null : v), 2)}\n` : inspectionText(result);
}

const STYLE = { head: [] as string[], border: [] as string[], compact: true };

function span(ms: number): string {
  return formatDuration(Math.round(ms));
}

function row(name: string, p: Percentiles | null, show: (n: number) => string): string[] {
  return p ? [name, show(p.p50), show(p.p90), show(p.p99), show(p.max)] : [name, '-', '-', '-', '-'];
}

/** The inspection as the terminal shows it. */
export function inspectionText(r: TraceInspection): string {
  const out: string[] = [];
  const n = (x: number): string => x.toLocaleString('en-US');
  out.push(`${r.path} (${r.format}): ${n(r.tasks)} tasks in ${n(r.arrivals)} arrivals from ${n(r.records)} records${r.limited ? ' (stopped at the limit)' : ''}`);
  if (r.firstArrival !== null && r.lastArrival !== null) {
    // ECS events are stamped with wall-clock times; the other formats count from their trace's start
    const origin = r.format === 'ecs-events' ? new Date(r.originMs ?? 0).toISOString() : `trace time ${span(r.originMs ?? 0)}`;
    out.push(`arrivals from ${span(r.firstArrival)} to ${span(r.lastArrival)} after the origin (${origin})`);
  }
  const demand = new Table({ head: ['per task', 'p50', 'p90', 'p99', 'max'], colAligns: ['left', 'right', 'right', 'right', 'right'], style: STYLE });
  demand.push(row('CPU units', r.cpu, n), row('memory MiB', r.memory, n), row('lifetime', r.lifetime, span));
  out.push(demand.toString());
  if (r.neverEnding > 0) out.push(`${n(r.neverEnding)} tasks never end in the trace (they run to the horizon)`);
  const rate = new Table({ head: ['from', 'to', 'tasks', 'per minute'], colAligns: ['right', 'right', 'right', 'right'], style: STYLE });
  for (const b of r.rate.buckets) rate.push([span(b.from), span(b.to), n(b.tasks), b.perMinute.toFixed(2)]);
  if (r.rate.buckets.length > 0) out.push(`arrival rate (buckets of ${span(r.rate.bucketMs)}):\n${rate.toString()}`);
  const dropped = Object.entries(r.dropped);
  out.push(dropped.length === 0 ? 'rows dropped: none' : `rows dropped: ${dropped.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}
