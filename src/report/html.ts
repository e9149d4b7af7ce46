// The `--report report.html` page of run, compare and plan: one self-contained HTML file (inline
// CSS and SVG, no script, nothing fetched) with utilization over time per resource, pending tasks
// over time, failures by reason, per-strategy comparison bars with confidence intervals, a capacity
// search's probes, and the scenario and seed that produced it. It reads results only; it carries
// no timestamp or wall-clock figure, so the same results give the same bytes.
import { CLIPPED_MARK, CLIPPED_NOTE } from './comparison.js';
import { barsWithInterval, countBars, lineChart, probeChart, type AxisFormat, type TimeMark } from './charts.js';
import { fleetSection, type ReportFleet } from './fleet-section.js';
import { serviceSection, type ReportService } from './service-section.js';

/** Time series of one run, sampled at the instants in `t` (simulated ms). */
export interface ReportSeries {
  t: readonly number[];
  /** Reserved / registered per resource, as fractions, at each sample. */
  utilization: Readonly<Record<string, readonly number[]>>;
  /** PENDING tasks at each sample. */
  pending: readonly number[];
  /** RUNNING tasks at each sample (optional). */
  running?: readonly number[];
  /** ACTIVE instances hosting at least one live task (optional). */
  inUse?: readonly number[];
  /** Tasks waiting for a retry (failed to place, to be submitted again) at each sample (optional). */
  awaitingRetry?: readonly number[];
  /** Stranded / registered per resource, as fractions (optional). */
  stranded?: Readonly<Record<string, readonly number[]>>;
  /** Autoscaled groups' instances, summed (optional: runs with autoscaling). */
  fleet?: { desired: readonly number[]; booting: readonly number[]; registered: readonly number[] };
}

/** One run shown in the report: the run of `ecsim run`, or one strategy's (first) replication in a comparison. */
export interface ReportRun {
  label: string;
  series: ReportSeries;
  /** Tasks never placed, by reason. */
  failuresByReason: Readonly<Record<string, number>>;
}

/** A metric compared across strategies: mean and 95% CI per strategy (same order as `strategies`). */
export interface ReportMetric {
  label: string;
  format: AxisFormat;
  /** Which way is better; 'none' marks no best. */
  better: 'lower' | 'higher' | 'none';
  values: readonly { mean: number; low: number; high: number }[];
  /** Indices of the best strategies (ties included). */
  best: readonly number[];
}

export interface ReportComparison {
  /** Column labels: strategies, or variants. */
  strategies: readonly string[];
  /** Set when the columns are variants of a scenario: the one strategy (undefined: each its own) and a line per variant. */
  variants?: { strategy: string | undefined; columns: readonly string[] };
  replications: number;
  /** Some interval reached past what its metric can be and was cut to it. */
  clipped?: boolean;
  metrics: readonly ReportMetric[];
}

export interface ReportPlan {
  /** e.g. `prod/0` */
  group: string;
  /** e.g. `placementRate>=0.999` */
  target: string;
  metricLabel: string;
  metricFormat: AxisFormat;
  threshold: number;
  probes: readonly { count: number; value: number; meets: boolean }[];
  /** The smallest count that meets the target, or undefined when none in range does. */
  answer: number | undefined;
  /** Plain sentences: the margin, the cost. */
  notes: readonly string[];
}

/** Everything one report shows. */
export interface ReportInput {
  /** e.g. `ecsim compare` */
  title: string;
  scenario: { name: string; path?: string; text?: string; /** A comparison of variants: each one's file and text. */ variants?: readonly { label: string; path: string; text: string }[] };
  seed: number | string;
  /** The command that produced it, as typed (without timing). */
  command?: string;
  /** ecsim's version. */
  version: string;
  /** A key figures table: first column labels, then one column per run/strategy. */
  table?: { columns: readonly string[]; rows: readonly { label: string; cells: readonly string[]; best?: readonly number[] }[] };
  comparison?: ReportComparison;
  plan?: ReportPlan;
  runs: readonly ReportRun[];
  /** What tells the runs apart, for legends: `strategy` (default), `fleet`, `run`. */
  runsLegend?: string;
  /** A sentence saying which runs the time series and failures show (e.g. the first replication). */
  runsNote?: string;
  /** The run's services (`ecsim run` of a scenario with services). */
  services?: readonly ReportService[];
  /** The run's fleet: cost, and autoscaled groups over time (`ecsim run` of a scenario that prices or autoscales). */
  fleet?: ReportFleet;
  /** The scenario's events, marked on every time chart. */
  events?: readonly TimeMark[];
  /** Per-workload figures (a table like `table`), when the report shows one run. */
  workloads?: ReportInput['table'];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; background: white; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid #eee; }
p.meta { color: #555; margin: 0 0 12px; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; padding: 12px; overflow: auto; max-height: 480px; border-radius: 4px; }
nav a { margin-right: 14px; color: #2f5f8f; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0; }
.table-wrap { overflow-x: auto; }
th, td { padding: 4px 7px; font-size: 13px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
thead th { white-space: normal; vertical-align: bottom; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #ccc; }
td.best { font-weight: 700; color: #2f6f4f; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 20px; }
.charts svg { max-width: 100%; height: auto; }
figure.wide svg { width: 100%; height: auto; }
.multiples figure { margin: 2px 0; }
figure { margin: 8px 0; }
.note { color: #555; }
`;

function table(t: NonNullable<ReportInput['table']>): string {
  const head = `<thead><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`;
  const body = t.rows
    .map((r) => {
      const cells = r.cells.map((c, i) => {
        const best = r.best?.includes(i) ?? false;
        return `<td${best ? ' class="best"' : ''}>${esc(c)}${best ? ' ★' : ''}</td>`;
      });
      return `<tr><td>${esc(r.label)}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table>${head}<tbody>\n${body}\n</tbody></table></div>`;
}

const figure = (svg: string): string => `<figure>${svg}</figure>`;
const wide = (svg: string): string => `<figure class="wide">${svg}</figure>`;

/** One time chart: for one run, its series; for several, one small chart per run on a shared scale (lines that coincide stay visible). */
interface TimeChart {
  id: string;
  title: string;
  yTitle: string;
  yFormat: AxisFormat;
  unitInterval?: boolean;
  legendTitle: string;
  /** The lines one run contributes (name → values). */
  lines(r: ReportRun): { name: string; y: readonly number[] }[];
}

async function drawTime(c: TimeChart, runs: readonly ReportRun[], events: readonly TimeMark[], xMax: number): Promise<string> {
  const seriesOf = (r: ReportRun) => c.lines(r).map((l) => ({ name: l.name, x: r.series.t, y: l.y }));
  const base = { yTitle: c.yTitle, yFormat: c.yFormat, marks: events, xMax, legendTitle: c.legendTitle, ...(c.unitInterval ? { unitInterval: true } : {}) };
  if (runs.length === 1) return wide(await lineChart({ ...base, id: c.id, title: c.title, series: seriesOf(runs[0]!) }));
  let yMax = 0;
  for (const r of runs) for (const l of c.lines(r)) for (const v of l.y) yMax = Math.max(yMax, v);
  const charts: string[] = [];
  for (const [i, r] of runs.entries()) {
    charts.push(wide(await lineChart({ ...base, id: `${c.id}-${i}`, title: `${c.title} — ${r.label}`, series: seriesOf(r), height: 110, ...(c.unitInterval ? {} : { yMax }) })));
  }
  return `<div class="multiples">${charts.join('\n')}</div>`;
}

async function timeSections(runs: readonly ReportRun[], legend: string, note: string | undefined, events: readonly TimeMark[]): Promise<string[]> {
  const out: string[] = [];
  let xMax = 0;
  for (const r of runs) xMax = Math.max(xMax, r.series.t[r.series.t.length - 1] ?? 0);
  const resources: string[] = [];
  for (const r of runs) for (const k of Object.keys(r.series.utilization)) if (!resources.includes(k)) resources.push(k);
  const lead = note === undefined ? '' : `<p class="note">${esc(note)}</p>\n`;
  const several = runs.length > 1 ? `<p class="note">One chart per ${esc(legend)}, on one scale, so lines that coincide stay visible.</p>\n` : '';
  const marked = events.length > 0 ? '<p class="note">Dashed lines: the scenario\'s events. Hover over a line for its values.</p>\n' : '<p class="note">Hover over a line for its values.</p>\n';
  const util = await drawTime(
    { id: 'util', title: 'Reserved / registered, per resource', yTitle: 'utilization', yFormat: 'percent', unitInterval: true, legendTitle: 'resource', lines: (r) => resources.map((name) => ({ name, y: r.series.utilization[name] ?? [] })) },
    runs,
    events,
    xMax,
  );
  out.push(`<section id="utilization"><h2>Utilization over time</h2>\n${lead}${several}${marked}${util}</section>`);
  const withRetry = runs.some((r) => r.series.awaitingRetry !== undefined);
  const waiting = await drawTime(
    {
      id: 'pending',
      title: withRetry ? 'Tasks waiting: PENDING, and failed to place awaiting a retry' : 'PENDING tasks',
      yTitle: 'tasks',
      yFormat: 'integer',
      legendTitle: 'waiting',
      lines: (r) => [{ name: 'PENDING', y: r.series.pending }, ...(r.series.awaitingRetry ? [{ name: 'awaiting retry', y: r.series.awaitingRetry }] : [])],
    },
    runs,
    events,
    xMax,
  );
  const charts = [waiting];
  if (runs.every((r) => r.series.inUse)) {
    charts.push(
      await drawTime({ id: 'inuse', title: 'Instances hosting a live task', yTitle: 'instances', yFormat: 'integer', legendTitle: 'instances', lines: (r) => [{ name: 'in use', y: r.series.inUse ?? [] }] }, runs, events, xMax),
    );
  }
  // several runs (compare's strategies or variants, plan's fleets) with autoscaling: how each fleet moved, on one scale
  // (one run's report has the Fleet section's per-group charts instead)
  if (runs.length > 1 && runs.every((r) => r.series.fleet)) {
    charts.push(
      await drawTime(
        {
          id: 'fleetsize',
          title: 'Autoscaled instances: desired, booting, registered',
          yTitle: 'instances',
          yFormat: 'integer',
          legendTitle: 'instances',
          lines: (r) => [
            { name: 'desired', y: r.series.fleet?.desired ?? [] },
            { name: 'booting', y: r.series.fleet?.booting ?? [] },
            { name: 'registered', y: r.series.fleet?.registered ?? [] },
          ],
        },
        runs,
        events,
        xMax,
      ),
    );
  }
  const retryNote = withRetry ? '<p class="note">A batch that failed to place and waits for its retry shows as awaiting retry, not as PENDING: PENDING tasks are placed and starting.</p>\n' : '';
  out.push(`<section id="pending"><h2>Waiting tasks and instances in use over time</h2>\n${retryNote}${charts.join('\n')}</section>`);
  if (runs.every((r) => r.series.stranded)) {
    const stranded = await drawTime(
      { id: 'stranded', title: 'Stranded capacity: free but too small for any task of the scenario, per resource', yTitle: 'share of registered', yFormat: 'percent', legendTitle: 'resource', lines: (r) => resources.map((name) => ({ name, y: r.series.stranded?.[name] ?? [] })) },
      runs,
      events,
      xMax,
    );
    out.push(`<section id="stranded"><h2>Stranded capacity over time</h2>\n${stranded}</section>`);
  }
  const rows: { category: string; series: string; count: number }[] = [];
  for (const r of runs) {
    for (const reason of Object.keys(r.failuresByReason).sort()) rows.push({ category: reason, series: r.label, count: r.failuresByReason[reason]! });
  }
  const failures =
    rows.length === 0
      ? '<p class="note">No task failed to place.</p>'
      : figure(await countBars({ id: 'failures', title: 'Tasks never placed, by reason', xTitle: 'tasks', rows, seriesOrder: runs.map((r) => r.label) }));
  out.push(`<section id="failures"><h2>Failures by reason</h2>\n${lead}${failures}</section>`);
  return out;
}

async function comparisonSection(c: ReportComparison): Promise<string> {
  const charts: string[] = [];
  for (const [i, m] of c.metrics.entries()) {
    charts.push(
      await barsWithInterval({
        id: `cmp${i}`,
        title: m.label,
        yTitle: '',
        yFormat: m.format,
        bars: c.strategies.map((s, k) => ({ category: s, ...m.values[k]!, best: m.best.includes(k) })),
      }),
    );
  }
  const ci =
    c.replications > 1
      ? `mean of ${c.replications} replications, whiskers: 95% confidence interval${c.clipped ? ` (${CLIPPED_NOTE.replace(`${CLIPPED_MARK} `, '')}; in the table they show as [low, high]${CLIPPED_MARK})` : ''}`
      : 'one replication (no interval)';
  if (c.variants) {
    const v = c.variants;
    const under = v.strategy === undefined ? "each under its own strategy" : `all under strategy ${v.strategy}`;
    const list = `<ul>${v.columns.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;
    return `<section id="comparison"><h2>Variants compared</h2>\n<p class="note">${c.strategies.length} variants of the scenario, ${esc(under)}:</p>\n${list}\n<p class="note">Bars: ${esc(ci)}; the darker bar is the best. Every variant saw the same workloads, arrivals and lifetimes (common random numbers): only what is listed above differs.</p>\n<div class="charts">${charts.join('\n')}</div></section>`;
  }
  return `<section id="comparison"><h2>Strategies compared</h2>\n<p class="note">Bars: ${esc(ci)}; the darker bar is the best. Every strategy saw the same arrivals, lifetimes and events (common random numbers).</p>\n<div class="charts">${charts.join('\n')}</div></section>`;
}

async function planSection(p: ReportPlan): Promise<string> {
  const chart = await probeChart({
    id: 'probes',
    title: `${p.metricLabel} by instance count of ${p.group}`,
    xTitle: `instances in ${p.group}`,
    yTitle: p.metricLabel,
    probes: p.probes,
    target: p.threshold,
    yFormat: p.metricFormat,
  });
  const answer = p.answer === undefined ? 'No count in the searched range meets the target.' : `Smallest count that meets ${p.target}: ${p.answer}.`;
  const notes = p.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n');
  return `<section id="plan"><h2>Capacity search</h2>\n<p><strong>${esc(answer)}</strong></p>\n${notes}\n${figure(chart)}</section>`;
}

/** Renders the report page. Same input → same bytes. */
export async function renderHtmlReport(input: ReportInput): Promise<string> {
  const sections: string[] = [];
  const nav: [string, string][] = [];
  if (input.table) {
    sections.push(`<section id="figures"><h2>Key figures</h2>\n${table(input.table)}</section>`);
    nav.push(['figures', 'Key figures']);
  }
  if (input.plan) {
    sections.push(await planSection(input.plan));
    nav.push(['plan', 'Capacity search']);
  }
  if (input.comparison) {
    sections.push(await comparisonSection(input.comparison));
    nav.push(['comparison', 'Comparison']);
  }
  if (input.workloads) {
    sections.push(`<section id="workloads"><h2>Per workload</h2>\n${table(input.workloads)}</section>`);
    nav.push(['workloads', 'Workloads']);
  }
  // what a policy costs and how the fleet moved is the answer an autoscaled scenario asks for: before the general time series
  if (input.fleet) {
    sections.push(await fleetSection(input.fleet, input.events ?? []));
    nav.push(['fleet', 'Fleet']);
  }
  if (input.runs.length > 0) {
    sections.push(...(await timeSections(input.runs, input.runsLegend ?? 'strategy', input.runsNote, input.events ?? [])));
    nav.push(['utilization', 'Utilization'], ['pending', 'Waiting']);
    if (input.runs.every((r) => r.series.stranded)) nav.push(['stranded', 'Stranded']);
    nav.push(['failures', 'Failures']);
  }
  if (input.services && input.services.length > 0) {
    sections.push(await serviceSection(input.services));
    nav.push(['services', 'Services']);
  }
  const s = input.scenario;
  const source = s.variants
    ? s.variants.map((v) => `\n<h3>${esc(v.label)}: <code>${esc(v.path)}</code></h3>\n<pre>${esc(v.text)}</pre>`).join('')
    : s.text === undefined
      ? ''
      : `\n<pre>${esc(s.text)}</pre>`;
  sections.push(
    `<section id="scenario"><h2>Scenario and seed</h2>\n<p>Scenario <code>${esc(s.name)}</code>${s.path ? ` from <code>${esc(s.path)}</code>` : ''}, seed <code>${esc(String(input.seed))}</code>.${input.command ? ` Produced by <code>${esc(input.command)}</code>.` : ''} The same scenario, seed and command reproduce this page byte for byte.</p>${source}</section>`,
  );
  nav.push(['scenario', 'Scenario']);
  const title = `${input.title} — ${s.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ecsim ${esc(input.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p class="meta">ecsim ${esc(input.version)} · scenario <code>${esc(s.name)}</code> · seed <code>${esc(String(input.seed))}</code></p>
<nav>${nav.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('')}</nav>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
