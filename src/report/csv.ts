// CSV output of a run, written with csv-stringify: `timeseries.csv` (one row per sample time per
// cluster, plus an `(all)` row when there are several clusters), `tasks.csv` (one row per task,
// placed or never placed), and for some scenarios services.csv and the fleet's files (fleet-csv.ts). Rows are produced lazily and streamed, so half a million tasks never sit
// in one string. Where the files land, and that they land together or not at all, is the caller's
// concern (the CLI stages them under temporary names).
import { stringify } from 'csv-stringify';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RunResult } from '../scenario/run-result.js';
import { COST_COLUMNS, costRows, FLEET_COLUMNS, fleetRows, hasAutoscaling, SCALING_COLUMNS, scalingRows } from './fleet-csv.js';
import { SERVICE_COLUMNS, serviceRows } from './service-report.js';

/** The name a cluster-wide total row carries in timeseries.csv. */
export const ALL_CLUSTERS = '(all)';

/** Column names of timeseries.csv for a run's resource dimensions. */
export function timeseriesColumns(dims: readonly string[]): string[] {
  return [
    'time_ms',
    'cluster',
    ...dims.flatMap((d) => [`reserved_${d}`, `registered_${d}`]),
    'running_tasks',
    'pending_tasks',
    'active_instances',
    'instances_in_use',
    'agents_disconnected',
    ...dims.map((d) => `stranded_${d}`),
    'awaiting_retry',
  ];
}

/** timeseries.csv rows, by time then cluster (file order), `(all)` last when there are several. */
export function* timeseriesRows(result: RunResult): Generator<(string | number)[]> {
  const ts = result.timeseries;
  const series = ts.clusters.filter((c) => c.name !== '*');
  const total = ts.clusters.find((c) => c.name === '*');
  const shown = series.length > 1 && total ? [...series, { name: ALL_CLUSTERS, rows: total.rows }] : series;
  for (let i = 0; i < ts.times.length; i++) {
    for (const c of shown) {
      const r = c.rows[i];
      if (!r) continue;
      const row: (string | number)[] = [ts.times[i]!, c.name];
      for (let d = 0; d < ts.dims.length; d++) row.push(r.reserved[d]!, r.registered[d]!);
      row.push(r.runningTasks, r.pendingTasks, r.activeInstances, r.instancesInUse, r.agentsDisconnected);
      for (let d = 0; d < ts.dims.length; d++) row.push(r.stranded[d]!);
      row.push(r.awaitingRetry);
      yield row;
    }
  }
}

export const TASK_COLUMNS = [
  'task_arn',
  'workload',
  'cluster',
  'task_definition',
  'requested_ms',
  'placed_ms',
  'running_ms',
  'stopped_ms',
  'container_instance_arn',
  'stopped_reason',
  'failure_reason',
] as const;

/** tasks.csv rows, in the order each task's placement was decided. Empty without recorded tasks. */
export function* taskRows(result: RunResult): Generator<(string | number)[]> {
  for (const t of result.tasks ?? []) {
    yield [
      t.taskArn,
      t.workload,
      t.cluster,
      t.taskDefinition,
      t.requestedAt,
      t.placedAt ?? '',
      t.runningAt ?? '',
      t.stoppedAt ?? '',
      t.containerInstanceArn,
      t.stoppedReason,
      t.failureReason,
    ];
  }
}

/** Streams `rows` under a header line to `path`. Lines end with \n. */
export async function writeCsvFile(path: string, columns: readonly string[], rows: Iterable<(string | number)[]>): Promise<void> {
  await pipeline(Readable.from(rows), stringify({ header: true, columns: [...columns], record_delimiter: 'unix' }), createWriteStream(path));
}

/** A file of a run's CSV output: its path in `dir`, and how to write it (to that path or another). */
export interface CsvOutput {
  path: string;
  write(to: string): Promise<void>;
}

/** The files of a run's CSV output, in the order they are written. */
export const CSV_FILES = ['timeseries.csv', 'tasks.csv'] as const;
/** The further file of a run of a scenario with services. */
export const SERVICES_CSV = 'services.csv';
/** The further files of a run that prices or autoscales a group: cost.csv always, fleet.csv and scaling.csv with autoscaling. */
export const FLEET_CSVS = ['fleet.csv', 'scaling.csv', 'cost.csv'] as const;

/**
 * timeseries.csv and tasks.csv of a run (and services.csv for one with services; cost.csv for one
 * that prices or autoscales a group, with fleet.csv and scaling.csv when a group autoscales), to be
 * written into `dir`.
 */
export function runCsvOutputs(result: RunResult, dir: string): CsvOutput[] {
  const out: CsvOutput[] = [
    { path: join(dir, CSV_FILES[0]), write: (to) => writeCsvFile(to, timeseriesColumns(result.timeseries.dims), timeseriesRows(result)) },
    { path: join(dir, CSV_FILES[1]), write: (to) => writeCsvFile(to, TASK_COLUMNS, taskRows(result)) },
  ];
  if (result.timeseries.services) out.push({ path: join(dir, SERVICES_CSV), write: (to) => writeCsvFile(to, SERVICE_COLUMNS, serviceRows(result)) });
  if (hasAutoscaling(result)) {
    out.push({ path: join(dir, FLEET_CSVS[0]), write: (to) => writeCsvFile(to, FLEET_COLUMNS, fleetRows(result)) });
    out.push({ path: join(dir, FLEET_CSVS[1]), write: (to) => writeCsvFile(to, SCALING_COLUMNS, scalingRows(result)) });
  }
  if (result.fleet) out.push({ path: join(dir, FLEET_CSVS[2]), write: (to) => writeCsvFile(to, COST_COLUMNS, costRows(result)) });
  return out;
}
