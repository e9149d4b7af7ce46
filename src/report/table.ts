// The readable summary `ecsim run` prints: a headline, the run's figures (one column per cluster
// when there are several), failures by reason, workloads and scenario events, as cli-table3
// tables without colour, so the text is the same in a terminal, a pipe or a file.
import type { ClusterSummary } from '../metrics/summary.js';
import { formatDuration } from '../scenario/duration.js';
import type { RunResult } from '../scenario/run-result.js';
import { traceTable } from './trace-table.js';
import type { Timing } from './json.js';
import { fleetTables } from './fleet-report.js';
import { deploymentLines, serviceEventLines } from './service-report.js';
import { formatAmount, formatCount, formatMs, formatPercent, table } from './table-format.js';

export { formatAmount, formatCount, formatMs, formatPercent } from './table-format.js';

function unitOf(dim: string): string {
  return dim === 'MEMORY' ? ' MiB' : dim === 'CPU' ? ' CPU units' : '';
}

type Row = [string, (c: ClusterSummary) => string];

function summaryRows(result: RunResult): Row[] {
  const rows: Row[] = [
    ['tasks requested', (c) => formatCount(c.tasks.requested)],
    ['tasks placed', (c) => formatCount(c.tasks.placed)],
    ['tasks failed to place', (c) => formatCount(c.tasks.failed)],
    ['placement rate', (c) => formatPercent(c.placementRate)],
    ['retries', (c) => formatCount(c.tasks.retried)],
    ['awaiting retry at end', (c) => formatCount(c.tasks.awaitingRetry)],
    ['tasks completed', (c) => formatCount(c.tasks.completed)],
    ['tasks stopped (all reasons)', (c) => formatCount(c.tasks.stopped)],
    ['running / pending at end', (c) => `${formatCount(c.tasks.runningAtEnd)} / ${formatCount(c.tasks.pendingAtEnd)}`],
    ['request → RUNNING p50', (c) => formatMs(c.pendingToRunningMs.p50)],
    ['request → RUNNING p95', (c) => formatMs(c.pendingToRunningMs.p95)],
    ['request → RUNNING p99', (c) => formatMs(c.pendingToRunningMs.p99)],
  ];
  const t = result.total;
  for (const dim of result.timeseries.dims) {
    // a resource nothing registers (e.g. GPU in a CPU-only fleet) would only print zeros
    if ((t.registered[dim]?.peak ?? 0) === 0) continue;
    rows.push([`${dim} utilization mean / peak`, (c) => `${formatPercent(c.utilization[dim]!.mean)} / ${formatPercent(c.utilization[dim]!.peak)}`]);
  }
  for (const dim of result.timeseries.dims) {
    if ((t.registered[dim]?.peak ?? 0) === 0) continue;
    rows.push([`${dim} stranded mean (share)`, (c) => `${formatAmount(c.stranded[dim]!.mean)}${unitOf(dim)} (${formatPercent(c.stranded[dim]!.share)})`]);
  }
  rows.push(
    ['instances registered', (c) => formatCount(c.instances.registered)],
    ['instances active mean / peak', (c) => `${formatAmount(c.instances.active.mean)} / ${formatCount(c.instances.active.peak)}`],
    ['instances in use mean / peak', (c) => `${formatAmount(c.instances.inUse.mean)} / ${formatCount(c.instances.inUse.peak)}`],
    ['agents disconnected peak', (c) => formatCount(c.instances.agentsDisconnected.peak)],
    ['instance-hours', (c) => formatAmount(c.instances.instanceHours)],
  );
  return rows;
}

function reasonTable(result: RunResult): string | undefined {
  const t = result.total;
  const reasons = [...new Set([...Object.keys(t.failuresByReason), ...Object.keys(t.attemptFailuresByReason)])].sort();
  if (reasons.length === 0) return undefined;
  const tab = table(['failure reason', 'tasks never placed', 'failed attempts'], ['left', 'right', 'right']);
  for (const r of reasons) tab.push([r, formatCount(t.failuresByReason[r] ?? 0), formatCount(t.attemptFailuresByReason[r] ?? 0)]);
  return tab.toString();
}

function stopTable(result: RunResult): string | undefined {
  const stops = result.total.stoppedByReason;
  const reasons = Object.keys(stops);
  if (reasons.length === 0) return undefined;
  const tab = table(['why tasks stopped', 'tasks'], ['left', 'right']);
  for (const r of reasons) tab.push([r, formatCount(stops[r]!)]);
  return tab.toString();
}

function workloadTable(result: RunResult): string | undefined {
  const names = Object.keys(result.workloads);
  if (names.length === 0) return undefined;
  const tab = table(
    ['workload', 'cluster', 'requested', 'placed', 'failed', 'completed', 'rate', 'p50', 'p99'],
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  for (const name of names) {
    const w = result.workloads[name]!;
    tab.push([
      name,
      w.cluster,
      formatCount(w.tasks.requested),
      formatCount(w.tasks.placed),
      formatCount(w.tasks.failed),
      formatCount(w.tasks.completed),
      formatPercent(w.placementRate),
      formatMs(w.pendingToRunningMs.p50),
      formatMs(w.pendingToRunningMs.p99),
    ]);
  }
  return tab.toString();
}

function serviceTable(result: RunResult): string | undefined {
  const services = result.services;
  if (!services || Object.keys(services).length === 0) return undefined;
  const tab = table(
    ['service', 'cluster', 'desired end', 'running end', 'availability', 'below desired', 'launched', 'replaced', 'not placed', 'deployments'],
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  const lines: string[] = [];
  for (const [name, s] of Object.entries(services)) {
    const notPlaced = Object.entries(s.placementFailuresByReason).map(([r, n]) => `${formatCount(n)} ${r}`).join(', ');
    const outcomes = s.deployments.map((d) => d.outcome).join(', ');
    tab.push([
      name,
      s.cluster,
      formatCount(s.desired.end),
      formatCount(s.running.end),
      formatAvailability(s.availability),
      formatMs(s.belowDesiredMs),
      formatCount(s.launched),
      formatCount(s.replaced),
      notPlaced || '0',
      outcomes || 'none',
    ]);
    lines.push(...deploymentLines(name, s));
  }
  return [tab.toString(), ...lines].join('\n');
}

function serviceEvents(result: RunResult): string | undefined {
  const lines = serviceEventLines(result);
  return lines.length === 0 ? undefined : ['Service events', ...lines].join('\n');
}

/** Availability with enough digits to tell 99.9% from 99.99%. */
function formatAvailability(fraction: number): string {
  return fraction === 1 ? '100%' : `${(Math.floor(fraction * 1e5) / 1e3).toFixed(3)}%`;
}

function eventTable(result: RunResult): string | undefined {
  if (result.events.length === 0) return undefined;
  const tab = table(['at', 'event', 'cluster', 'asked', 'done', 'tasks stopped'], ['right', 'left', 'left', 'right', 'right', 'right']);
  for (const e of result.events) {
    tab.push([
      formatDuration(e.at),
      e.action,
      e.cluster,
      e.requested === null ? 'all' : formatCount(e.requested),
      e.reached ? formatCount(e.affected) : 'after the end',
      formatCount(e.tasksStopped),
    ]);
  }
  return tab.toString();
}

/** The summary as text, ending with a newline. `timing` adds the wall-clock line. */
export function summaryTable(result: RunResult, timing?: Timing): string {
  const clusterNames = Object.keys(result.clusters);
  const several = clusterNames.length > 1;
  const head = several ? ['', 'all clusters', ...clusterNames] : ['', result.scenario];
  const columns: ClusterSummary[] = several ? [result.total, ...clusterNames.map((n) => result.clusters[n]!)] : [result.total];
  const main = table(head, ['left', ...columns.map(() => 'right' as const)]);
  for (const [label, cell] of summaryRows(result)) main.push([label, ...columns.map(cell)]);

  const parts = [
    `Scenario ${result.scenario}: seed ${result.seed}, ${formatDuration(result.durationMs)} simulated`,
    main.toString(),
    reasonTable(result),
    stopTable(result),
    workloadTable(result),
    traceTable(result),
    serviceTable(result),
    serviceEvents(result),
    ...fleetTables(result),
    eventTable(result),
  ].filter((p): p is string => p !== undefined);
  let footer = `${formatCount(result.eventsProcessed)} simulation events`;
  if (timing) footer += ` in ${(timing.wallMs / 1000).toFixed(2)} s wall (${formatCount(timing.eventsPerSecond)} events/s)`;
  parts.push(footer);
  return `${parts.join('\n\n')}\n`;
}
