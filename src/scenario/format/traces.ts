// The trace keys of a scenario: `workloads[].trace` (arrivals, lifetimes and demands replayed from
// a task trace) and `clusters[].instances[].trace` (machines that register and deregister at their
// trace times). Formats, units and filters are in traces/types.ts and the reference traces.md; the
// loader resolves `path` against the scenario file (resolveTracePaths) and checks the file can be
// opened and its first records read, so `validate` catches a wrong path or format.

import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

import { MachineReplay } from '../traces/machine-replay.js';
import { TraceReplay } from '../traces/replay.js';
import { TraceError } from '../traces/trace-error.js';
import { MACHINE_TRACE_FORMATS, NORMALISED_FORMATS, TASK_TRACE_FORMATS, WHERE_KEYS, type MachineTraceSpec, type TaskTraceFormat, type TaskTraceSpec } from '../traces/types.js';
import { choice, dictionary, duration, expecting, int, list, num, report, str, strictMap, whenClean } from './primitives.js';

const scale = strictMap(
  {
    CPU: num({ above: 0, max: 1e9 }).describe('CPU units a normalised CPU request of 1.0 stands for (alibaba-2018: per core; default 1024).').optional(),
    MEMORY: num({ above: 0, max: 1e12 }).describe('MiB a normalised memory request of 1.0 stands for (alibaba-2018: a whole machine).').optional(),
  },
  'a scale (a map with CPU and MEMORY: what a normalised request of 1.0 means)',
).describe('What a normalised request of 1.0 means, in CPU units and MiB (Google and Alibaba traces).');

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A point on the trace's clock: a duration from its start, or (ECS events, stamped in wall-clock time) an ISO 8601 time. */
const traceStart = z
  .union([
    z
      .string()
      .regex(ISO_TIME)
      .transform((text) => ({ iso: Date.parse(text) })),
    duration(),
  ])
  .describe("Trace time mapped to simulated time 0: a duration on the trace's clock, or for ecs-events an ISO 8601 time; default the trace's first event.");

const whereValues = list(z.union([z.string(), z.number()], { error: expecting('a value (a string or a number)') }), { minItems: 1 });

const where = dictionary(whereValues, {
  expected: 'a map of filter names to lists of allowed values, like { priority: [9, 10, 11] }',
  keyPattern: '^[A-Za-z]+$',
  keyHint: 'a filter name',
}).describe('Keep only rows whose field is one of the listed values (a string ending in * matches a prefix); filters per format are in traces.md.');

const path = str({ pattern: '^.+$', patternHint: 'a file path', maxLength: 4096 }).describe('The trace file, relative to the scenario file; .gz (or any gzip file) is read as a stream.');

function checkScale(format: string, value: { scale?: { CPU?: number | undefined; MEMORY?: number | undefined } | undefined }, ctx: z.RefinementCtx): void {
  if (!NORMALISED_FORMATS.has(format)) {
    if (value.scale !== undefined) report(ctx, ['scale'], 'invalid_value', `${format} requests are in CPU units and MiB already; scale applies to google-2011, google-2019 and alibaba-2018`);
    return;
  }
  const needCpu = !format.startsWith('alibaba');
  const missing = [...(needCpu && value.scale?.CPU === undefined ? ['CPU'] : []), ...(value.scale?.MEMORY === undefined ? ['MEMORY'] : [])];
  if (missing.length > 0) {
    report(ctx, value.scale === undefined ? [] : ['scale'], 'missing_key', `${format} requests are normalised: give scale with ${missing.join(' and ')} (what a request of 1.0 means, e.g. { CPU: 16384, MEMORY: 65536 })`);
  }
}

export const taskTrace = strictMap(
  {
    format: choice(TASK_TRACE_FORMATS).describe('google-2011 (task_events), google-2019 (instance_events), alibaba-2018 (batch_task), ecs-events or csv.'),
    path,
    scale: scale.optional(),
    start: traceStart.optional(),
    speed: num({ above: 0, max: 1e6 }).describe('2 plays the trace twice as fast (arrivals and lifetimes halved); default 1.').default(1),
    limit: int({ min: 1 }).describe('At most this many tasks; default all.').optional(),
    where: where.default({}),
  },
  'a trace (a map with format and path)',
)
  .superRefine((value, ctx) => {
    checkScale(value.format, value, ctx);
    const allowed = WHERE_KEYS[value.format];
    for (const key of Object.keys(value.where)) {
      if (!allowed.includes(key)) report(ctx, ['where', key], 'unknown_key', `${key} is not a filter of ${value.format}; it has ${allowed.join(', ')}`, 'key');
    }
    if (typeof value.start === 'object' && value.format !== 'ecs-events') {
      report(ctx, ['start'], 'invalid_value', `an ISO time applies to ecs-events, whose events carry wall-clock times; ${value.format} counts from its own start (write a duration)`);
    }
  }, whenClean)
  .transform((t) => ({
    format: t.format as TaskTraceFormat,
    path: t.path,
    scale: t.scale ?? {},
    ...(t.start === undefined ? {} : { start: typeof t.start === 'number' ? t.start : t.start.iso }),
    speed: t.speed,
    ...(t.limit === undefined ? {} : { limit: t.limit }),
    where: t.where,
  }))
  .describe('Replay a task trace: arrivals at its submissions, lifetimes from first start to end, demands from its requests.')
  .meta({ id: 'taskTrace' });

export const machineTrace = strictMap(
  {
    format: choice(MACHINE_TRACE_FORMATS).describe('google-2011-machines (machine_events), google-2019-machines or alibaba-2018-machines (machine_meta).'),
    path,
    scale: scale.optional(),
  },
  'a machine trace (a map with format, path and scale)',
)
  .superRefine((value, ctx) => checkScale(value.format, value, ctx), whenClean)
  .transform((t) => ({ format: t.format, path: t.path, scale: t.scale ?? {}, speed: 1 }))
  .describe("Machines that register and deregister at their trace times, on the clock (start, speed) of the scenario's task trace of the same family.")
  .meta({ id: 'machineTrace' });

interface WithTraces {
  clusters: { instances: { trace?: (MachineTraceSpec & { path: string }) | undefined }[] }[];
  workloads: { trace?: (TaskTraceSpec & { path: string }) | undefined }[];
}

/** Records a loader reads of each trace to check it: enough to catch a wrong format or a broken file's start. */
const PROBE_RECORDS = 200;

/**
 * Opens every trace of a loaded scenario (paths already resolved) and reads its first records, so
 * a wrong path, format or column count is a load error at the trace's `path`, not a failed run.
 * The rest of the file is read when the scenario runs.
 */
export function traceFileProblems(scenario: WithTraces): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const probe = (at: (string | number)[], open: () => { probe(n: number): void }): void => {
    try {
      open().probe(PROBE_RECORDS);
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      out.push({ path: at, message: e.message });
    }
  };
  scenario.clusters.forEach((c, ci) =>
    c.instances.forEach((g, gi) => {
      const t = g.trace;
      if (t !== undefined) probe(['clusters', ci, 'instances', gi, 'trace', 'path'], () => new MachineReplay(t));
    }),
  );
  scenario.workloads.forEach((w, wi) => {
    const t = w.trace;
    if (t !== undefined) probe(['workloads', wi, 'trace', 'path'], () => new TraceReplay(t));
  });
  return out;
}

/** Trace paths made absolute against the directory of the scenario file `file` (in place). */
export function resolveTracePaths(scenario: WithTraces, file: string): void {
  const dir = dirname(resolve(file));
  const fix = (t: { path: string } | undefined): void => {
    if (t !== undefined && !isAbsolute(t.path)) t.path = resolve(dir, t.path);
  };
  for (const c of scenario.clusters) for (const g of c.instances) fix(g.trace);
  for (const w of scenario.workloads) fix(w.trace);
}
