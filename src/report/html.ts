// The `--report report.html` page of run, compare and plan: one self-contained HTML file (inline
// CSS and SVG, no script, nothing fetched) with utilization over time per resource, pending tasks
// over time, failures by reason, per-strategy comparison bars with confidence intervals, a capacity
// search's probes, and the scenario and seed that produced it. It reads results only; it carries
// no timestamp or wall-clock figure, so the same results give the same bytes.
import { CLIPPED_MARK, CLIPPED_NOTE } from './comparison.js';
import { barsWithInterval, countBars, lineChart, probeChart, type AxisFormat } from './charts.js';
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
  strategies: readonly string[];
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
  scenario: { name: string; path?: string; text?: string };
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

/** Hours when the run is long, minutes when short. */
function timeAxis(runs: readonly ReportRun[]): { scale: number; title: string } {
  let max = 0;
  for (const r of runs) max = Math.max(max, r.series.t[r.series.t.length - 1] ?? 0);
  return max >= 3 * 3_600_000 ? { scale: 3_600_000, title: 'simulated time (h)' } : { scale: 60_000, title: 'simulated time (min)' };
}

const figure = (svg: string): string => `<figure>${svg}</figure>`;

async function timeSections(runs: readonly ReportRun[], legend: string, note: string | undefined): Promise<string[]> {
  const out: string[] = [];
  const axis = timeAxis(runs);
  const xs = (r: ReportRun) => r.series.t.map((t) => t / axis.scale);
  const resources: string[] = [];
  for (const r of runs) for (const k of Object.keys(r.series.utilization)) if (!resources.includes(k)) resources.push(k);
  const util: string[] = [];
  if (runs.length === 1) {
    const r = runs[0]!;
    util.push(
      await lineChart({
        id: 'util',
        title: 'Reserved / registered, per resource',
        xTitle: axis.title,
        yTitle: 'utilization',
        yFormat: 'percent',
        unitInterval: true,
        series: resources.map((name) => ({ name, x: xs(r), y: r.series.utilization[name] ?? [] })),
        legendTitle: 'resource',
      }),
    );
  } else {
    for (const [i, name] of resources.entries()) {
      util.push(
        await lineChart({
          id: `util${i}`,
          title: `${name} reserved / registered`,
          xTitle: axis.title,
          yTitle: 'utilization',
          yFormat: 'percent',
          unitInterval: true,
          series: runs.map((r) => ({ name: r.label, x: xs(r), y: r.series.utilization[name] ?? [] })),
          legendTitle: legend,
        }),
      );
    }
  }
  const lead = note === undefined ? '' : `<p class="note">${esc(note)}</p>\n`;
  out.push(`<section id="utilization"><h2>Utilization over time</h2>\n${lead}${util.map(figure).join('\n')}</section>`);
  const pending = await lineChart({
    id: 'pending',
    title: 'PENDING tasks',
    xTitle: axis.title,
    yTitle: 'tasks',
    yFormat: 'integer',
    series: runs.map((r) => ({ name: r.label, x: xs(r), y: r.series.pending })),
    legendTitle: legend,
  });
  const charts = [pending];
  if (runs.every((r) => r.series.inUse)) {
    charts.push(
      await lineChart({
        id: 'inuse',
        title: 'Instances hosting a live task',
        xTitle: axis.title,
        yTitle: 'instances',
        yFormat: 'integer',
        series: runs.map((r) => ({ name: r.label, x: xs(r), y: r.series.inUse ?? [] })),
        legendTitle: legend,
      }),
    );
  }
  out.push(`<section id="pending"><h2>Pending tasks and instances in use over time</h2>\n${charts.map(figure).join('\n')}</section>`);
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
  if (input.runs.length > 0) {
    sections.push(...(await timeSections(input.runs, input.runsLegend ?? 'strategy', input.runsNote)));
    nav.push(['utilization', 'Utilization'], ['pending', 'Pending'], ['failures', 'Failures']);
  }
  if (input.services && input.services.length > 0) {
    const axis = timeAxis(input.runs);
    sections.push(await serviceSection(input.services, axis.scale, axis.title));
    nav.push(['services', 'Services']);
  }
  const s = input.scenario;
  const source = s.text === undefined ? '' : `\n<pre>${esc(s.text)}</pre>`;
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
