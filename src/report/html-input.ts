// What the HTML report shows for each command: builds a ReportInput from a run's result, a
// comparison, or a capacity search, so html.ts only lays out pages and the commands only wire.
import type { ComparisonResult } from '../experiment/compare.js';
import { seriesOf, type JobSeries } from '../experiment/job.js';
import { workloadOfKey } from '../experiment/workload-metrics.js';
import type { MetricFormat } from '../experiment/metrics.js';
import type { PlanResult } from '../experiment/plan.js';
import type { RunResult } from '../scenario/run-result.js';
import type { AxisFormat, TimeMark } from './charts.js';
import { anyClipped, cell, formatValue } from './comparison.js';
import type { ReportInput, ReportRun, ReportSeries } from './html.js';
import { reportFleet } from './fleet-report.js';
import { reportServices } from './service-report.js';

/** Where a report came from: the scenario file, its text, the seed and the command line. */
export interface ReportSource {
  /** The scenario's events, for the time charts (all runs of one scenario share them). */
  events?: readonly TimeMark[];
  scenarioName: string;
  scenarioPath: string;
  scenarioText: string;
  seed: number;
  command: string;
  version: string;
  /** A comparison of variants: every variant's file and text (the first is also scenarioPath / scenarioText). */
  variants?: readonly { label: string; path: string; text: string }[];
}

const axis = (f: MetricFormat): AxisFormat => (f === 'percent' ? 'percent' : f === 'integer' ? 'integer' : 'number');

/** The report series of a run's cluster-wide time series. */
export function seriesOfRun(r: RunResult): ReportSeries {
  return fromJob(seriesOf(r));
}

function fromJob(s: JobSeries): ReportSeries {
  return {
    t: s.t,
    utilization: s.utilization,
    pending: s.pending,
    running: s.running,
    inUse: s.inUse,
    ...(s.awaitingRetry ? { awaitingRetry: s.awaitingRetry } : {}),
    ...(s.stranded ? { stranded: s.stranded } : {}),
    ...(s.fleet ? { fleet: s.fleet } : {}),
  };
}

function base(title: string, src: ReportSource): Omit<ReportInput, 'runs'> {
  return {
    title,
    scenario: { name: src.scenarioName, path: src.scenarioPath, text: src.scenarioText, ...(src.variants ? { variants: src.variants } : {}) },
    seed: src.seed,
    command: src.command,
    version: src.version,
    ...(src.events && src.events.length > 0 ? { events: src.events } : {}),
  };
}

/** Per workload: what the planner asks of each (did its tasks place, how long did they wait, did they finish). */
function workloadTable(r: RunResult): NonNullable<ReportInput['workloads']> {
  return {
    columns: ['workload', 'cluster', 'requested', 'placed', 'placement rate', 'never placed', 'awaiting retry at end', 'request→RUNNING p50', 'p99', 'completed'],
    rows: Object.entries(r.workloads).map(([name, w]) => ({
      label: name,
      cells: [
        w.cluster,
        w.tasks.requested.toLocaleString('en-US'),
        w.tasks.placed.toLocaleString('en-US'),
        formatValue(w.placementRate, 'percent'),
        w.tasks.failed.toLocaleString('en-US'),
        w.tasks.awaitingRetry.toLocaleString('en-US'),
        formatValue(w.pendingToRunningMs.p50, 'ms'),
        formatValue(w.pendingToRunningMs.p99, 'ms'),
        w.tasks.completed.toLocaleString('en-US'),
      ],
    })),
  };
}

/** `ecsim run --report`: the run's figures, its time series and failures. */
export function runReportInput(r: RunResult, src: ReportSource): ReportInput {
  const t = r.total;
  const rows = [
    { label: 'tasks requested', cells: [t.tasks.requested.toLocaleString('en-US')] },
    { label: 'tasks placed', cells: [t.tasks.placed.toLocaleString('en-US')] },
    { label: 'tasks never placed', cells: [t.tasks.failed.toLocaleString('en-US')] },
    { label: 'placement rate', cells: [formatValue(t.placementRate, 'percent')] },
    { label: 'request→RUNNING p50 / p99', cells: [`${formatValue(t.pendingToRunningMs.p50, 'ms')} / ${formatValue(t.pendingToRunningMs.p99, 'ms')}`] },
    ...Object.entries(t.utilization).map(([d, u]) => ({ label: `${d} utilization mean / peak`, cells: [`${formatValue(u.mean, 'percent')} / ${formatValue(u.peak, 'percent')}`] })),
    { label: 'instances in use mean / peak', cells: [`${formatValue(t.instances.inUse.mean, 'number')} / ${t.instances.inUse.peak}`] },
    { label: 'instance-hours', cells: [formatValue(t.instances.instanceHours, 'number')] },
  ];
  const out: ReportInput = {
    ...base('ecsim run', src),
    table: { columns: ['figure', 'value'], rows },
    workloads: workloadTable(r),
    runs: [{ label: `seed ${r.seed}`, series: seriesOfRun(r), failuresByReason: t.failuresByReason }],
    runsLegend: 'run',
  };
  if (r.services) out.services = reportServices(r);
  const fleet = reportFleet(r);
  if (fleet) out.fleet = fleet;
  return out;
}

/** The metrics drawn as bars (the table has them all). */
const CHARTED = new Set([
  'placementRate',
  'tasks.failed',
  'pendingToRunningMs.p99',
  'instances.inUse.mean',
  'instances.inUse.peak',
  'fleet.peakInstances',
  'fleet.costPerMonth',
  'fleet.costPer1000TaskHours',
  'fleet.waited.tasks',
  'fleet.waited.meanMs',
]);

/** A comparison's per-workload rows as a table: one row per workload and figure, one column per strategy or variant, ★ on the best. */
function comparedWorkloads(r: ComparisonResult): ReportInput['workloads'] {
  if (!r.workloads || r.workloads.length === 0) return undefined;
  return {
    columns: ['workload: figure', ...r.strategies],
    rows: r.workloads.map((m) => ({
      label: `${workloadOfKey(m.key) ?? ''}: ${m.label}`,
      cells: r.strategies.map((s) => cell({ ...m, best: [] }, s, r.replications)),
      best: r.strategies.flatMap((s, i) => (m.best.includes(s) ? [i] : [])),
    })),
  };
}

/** `ecsim compare --report`: the side-by-side table, bars with intervals, and replication 0 of each strategy over time. */
export function compareReportInput(r: ComparisonResult, src: ReportSource): ReportInput {
  const runs: ReportRun[] = (r.runs ?? []).map((x) => ({ label: x.strategy, series: fromJob(x.series), failuresByReason: x.failuresByReason }));
  const workloads = comparedWorkloads(r);
  const v = r.variants;
  return {
    ...base('ecsim compare', src),
    ...(workloads ? { workloads } : {}),
    ...(v ? { runsLegend: 'variant' } : {}),
    table: {
      columns: ['metric', ...r.strategies],
      rows: r.metrics.map((m) => ({
        label: m.label,
        // the ★ is drawn by the page from `best`, so the cell text leaves it out
        cells: r.strategies.map((s) => cell({ ...m, best: [] }, s, r.replications)),
        best: r.strategies.flatMap((s, i) => (m.best.includes(s) ? [i] : [])),
      })),
    },
    comparison: {
      strategies: r.strategies,
      ...(v
        ? {
            variants: {
              strategy: v.strategy,
              columns: v.columns.map((c) => `${c.label}: ${c.file}${c.differs.length > 0 ? ` (differs in ${c.differs.join(', ')})` : ''}`),
            },
          }
        : {}),
      replications: r.replications,
      clipped: anyClipped(r),
      metrics: r.metrics
        .filter((m) => CHARTED.has(m.key) || m.key.startsWith('stranded.'))
        .map((m) => {
          // milliseconds read better as seconds; the interval ends are already within the metric's range
          const scale = m.format === 'ms' ? 1000 : 1;
          return {
            label: m.format === 'ms' ? `${m.label} (s)` : m.format === 'usd' ? `${m.label} (USD)` : m.label,
            format: axis(m.format),
            better: m.better,
            values: r.strategies.map((s) => {
              const e = m.byStrategy[s]!;
              return { mean: e.mean / scale, low: e.low / scale, high: e.high / scale };
            }),
            best: r.strategies.flatMap((s, i) => (m.best.includes(s) ? [i] : [])),
          };
        }),
    },
    runs,
    ...(r.replications > 1 && runs.length > 0
      ? { runsNote: `Over time and by reason: the first replication (seed ${r.seeds[0]}) of each strategy; the table and bars cover all ${r.replications}.` }
      : {}),
  };
}

/** `ecsim plan --report`: the probes, the answer, and runs at the answer (and one below) over time. */
export function planReportInput(
  r: PlanResult,
  formats: readonly MetricFormat[],
  runs: readonly { label: string; series: JobSeries; failuresByReason: Record<string, number> }[],
  src: ReportSource,
): ReportInput {
  const first = r.targets[0]!;
  const f = formats[0] ?? 'number';
  const notes: string[] = [];
  if (r.atAnswer) {
    for (const [i, o] of r.atAnswer.targets.entries()) notes.push(`At ${r.answer}: ${o.target.split(/[<>=]/)[0]} = ${formatValue(o.value, formats[i] ?? 'number')} (target ${o.target}).`);
  }
  if (r.below) {
    for (const [i, o] of r.below.targets.entries()) if (!o.meets) notes.push(`At ${r.below.count}: ${formatValue(o.value, formats[i] ?? 'number')}, which misses ${o.target}.`);
  }
  if (r.cost) notes.push(`Cost: ${r.answer} × $${r.cost.pricePerHour}/h = $${r.cost.perHour.toFixed(2)}/h; $${r.cost.overHorizon.toFixed(2)} over ${r.cost.horizonHours} h.`);
  if (r.nonMonotone.length > 0) notes.push(`Counts ${r.nonMonotone.join(', ')} met the target while a larger count missed it: the metric is noisy here; use more replications.`);
  return {
    ...base('ecsim plan', src),
    table: {
      columns: ['probe', `${r.group} count`, ...r.targets, 'meets'],
      rows: r.probes.map((p, i) => ({ label: String(i + 1), cells: [String(p.count), ...p.targets.map((t, k) => formatValue(t.value, formats[k] ?? 'number')), p.meets ? 'yes' : 'no'] })),
    },
    plan: {
      group: r.group,
      target: r.targets.join(' and '),
      metricLabel: first.split(/[<>=]/)[0]!,
      metricFormat: axis(f),
      threshold: r.thresholds[0]!,
      probes: r.probes.map((p) => ({ count: p.count, value: p.targets[0]!.value, meets: p.meets })),
      answer: r.answer,
      notes,
    },
    runs: runs.map((x) => ({ label: x.label, series: fromJob(x.series), failuresByReason: x.failuresByReason })),
    runsLegend: 'fleet',
    runsNote: `Over time and by reason: seed ${r.seeds[0]} with ${runs.map((x) => x.label).join(' and with ')} in ${r.group}.`,
  };
}
