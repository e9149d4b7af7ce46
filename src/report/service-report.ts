// The services' part of `ecsim run`'s outputs: a table per run (desired, running, availability,
// time below desired, launched and replaced, deployments), the rows of services.csv (desired /
// running / pending per service per sample) and the service events as text. Reads results only.
import type { ServiceSummary } from '../metrics/service-metrics.js';
import { formatDuration } from '../scenario/duration.js';
import type { RunResult } from '../scenario/run-result.js';
import type { ReportService, ServiceMark } from './service-section.js';

/** Column names of services.csv. */
export const SERVICE_COLUMNS = ['time_ms', 'service', 'cluster', 'desired', 'running', 'pending'] as const;

/** services.csv rows, by time then service (file order). */
export function* serviceRows(result: RunResult): Generator<(string | number)[]> {
  const ts = result.timeseries;
  const services = ts.services ?? [];
  for (let i = 0; i < ts.times.length; i++) {
    for (const s of services) {
      const row = s.rows[i];
      if (row) yield [ts.times[i]!, s.name, s.cluster, row.desired, row.running, row.pending];
    }
  }
}

/** "12m 30s" style, or "—" for none. */
function minutes(m: number): string {
  return formatDuration(Math.round(m * 60) * 1000);
}

/** One line per deployment: what it rolled, when, how it ended, and how low running went. */
export function deploymentLines(name: string, s: ServiceSummary): string[] {
  return s.deployments.map((d) => {
    const start = formatDuration(d.startedAt);
    const how =
      d.outcome === 'COMPLETED'
        ? `completed in ${minutes(d.minutes)}`
        : d.outcome === 'STUCK'
          ? `stuck since ${formatDuration(d.stuckAt!)} (${d.stuckReason})`
          : `still in progress at the end (${minutes(d.minutes)})`;
    const stuckEarlier = d.outcome === 'COMPLETED' && d.stuckAt !== null ? `, stuck at ${formatDuration(d.stuckAt)} (${d.stuckReason}) until room came` : '';
    return `${name} → ${d.taskDefinition} at ${start} (min ${d.minimumHealthyPercent}%, max ${d.maximumPercent}%): ${how}${stuckEarlier}; lowest running ${d.lowestRunning}, highest ${d.highestRunning}`;
  });
}

/** One service event as a line of text: the time right-aligned, then the message (cut at `width`). */
function eventLine(e: { at: number; message: string }, width = Infinity): string {
  const message = e.message.length > width ? `${e.message.slice(0, width - 1)}…` : e.message;
  return `${formatDuration(e.at).padStart(8)}  ${message}`;
}

/**
 * The service event messages, `at  message`, at most `limit` per service (the last ones, as ECS
 * keeps the latest), each cut at `width` characters (--json has them whole).
 */
export function serviceEventLines(result: RunResult, limit = 10, width = 200): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries(result.services ?? {})) {
    const shown = s.events.slice(-limit);
    if (shown.length < s.events.length) out.push(`${name}: the last ${shown.length} of ${s.events.length} events`);
    for (const e of shown) out.push(eventLine(e, width));
  }
  return out;
}

/** A service's cells of the report's Services table (SERVICE_TABLE_COLUMNS). */
function serviceRow(s: ServiceSummary): string[] {
  const failures = Object.entries(s.placementFailuresByReason);
  const total = failures.reduce((a, [, n]) => a + n, 0);
  const completed = s.deployments.filter((d) => d.outcome === 'COMPLETED').length;
  return [
    s.cluster,
    String(s.desired.end),
    String(s.running.end),
    String(s.pending.end),
    `${(s.availability * 100).toFixed(3)}%`,
    formatDuration(Math.round(s.belowDesiredMs / 1000) * 1000),
    `${completed} / ${s.deployments.length}`,
    total === 0 ? '0' : `${total.toLocaleString('en-US')} (${failures.map(([r, n]) => `${r} ${n.toLocaleString('en-US')}`).join(', ')})`,
    s.launched.toLocaleString('en-US'),
    s.replaced.toLocaleString('en-US'),
  ];
}

/** The HTML report's view of each service: its series, deployments and scenario events marked. */
export function reportServices(result: RunResult): ReportService[] {
  const series = result.timeseries.services ?? [];
  return Object.entries(result.services ?? {}).map(([name, s]) => {
    const rows = series.find((x) => x.name === name)?.rows ?? [];
    const marks: ServiceMark[] = [];
    for (const d of s.deployments) {
      const rev = d.taskDefinition.slice(d.taskDefinition.lastIndexOf(':') + 1);
      marks.push({ at: d.startedAt, label: `deploy :${rev}`, kind: 'deployment' });
      if (d.stuckAt !== null) marks.push({ at: d.stuckAt, label: `stuck (${d.stuckReason})`, kind: 'deployment' });
      if (d.completedAt !== null) marks.push({ at: d.completedAt, label: 'done', kind: 'deployment' });
    }
    for (const e of result.events) {
      if (e.reached && e.cluster === s.cluster) marks.push({ at: e.at, label: e.action, kind: 'event' });
    }
    const availability = `Availability ${(s.availability * 100).toFixed(3)}% (time-weighted running ÷ desired), ${formatDuration(Math.round(s.belowDesiredMs / 1000) * 1000)} below desired; ${s.launched} tasks launched, ${s.replaced} replaced.`;
    return {
      name,
      cluster: s.cluster,
      t: result.timeseries.times,
      desired: rows.map((r) => r.desired),
      running: rows.map((r) => r.running),
      pending: rows.map((r) => r.pending),
      marks,
      notes: [availability, ...deploymentLines(name, s)],
      events: s.events.slice(-30).map((e) => eventLine(e)),
      row: serviceRow(s),
    };
  });
}
