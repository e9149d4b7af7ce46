// The HTML report's Fleet section, for a run that prices or autoscales a group: per autoscaled
// group, its size over time (desired, booting, registered) against the reservation metric its
// policy tracks (with the target as a rule), each scaling action marked with from→to and why on
// hover; then the cost table and the tasks that waited for a scale-out. Reads results only.
import type { TopLevelSpec } from 'vega-lite';
import { clockAxis, clockLabel, HOVER_POINTS, renderSvg, thin, type TimeMark } from './charts.js';

/** One autoscaled group as the report draws it. */
export interface ReportFleetGroup {
  /** `cluster/index` */
  key: string;
  cluster: string;
  /** e.g. `targetTracking CPUReservation 60% [10, 200]` */
  policy: string;
  /** The reservation drawn beside the sizes: the tracked metric, or CPU's for a capacity provider. */
  metric: string;
  /** The policy's target in percent when the drawn metric is the tracked one. */
  target?: number;
  /** Why the drawn metric is not the tracked one (capacityProvider). */
  metricNote?: string;
  t: readonly number[];
  desired: readonly number[];
  booting: readonly number[];
  registered: readonly number[];
  /** The drawn metric in percent at each sample (null: nothing registered). */
  reservation: readonly (number | null)[];
  actions: readonly { at: number; from: number; to: number; reason: string }[];
}

/** The section's content. */
export interface ReportFleet {
  groups: readonly ReportFleetGroup[];
  /** Cost per group, per cluster and in total (first column labels). */
  cost: { columns: readonly string[]; rows: readonly (readonly string[])[] };
  /** Per cluster: tasks that waited for capacity (placed by a retry), mean and max wait. */
  waits?: { columns: readonly string[]; rows: readonly (readonly string[])[] };
  /** Sentences: where the prices come from, how instance-hours are counted. */
  notes: readonly string[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SIZE_SERIES = ['desired', 'booting', 'registered'] as const;
const COLORS = { desired: '#888888', booting: '#c77c2f', registered: '#2f5f8f' } as const;
const METRIC_COLOR = '#2f6f4f';

async function groupChart(g: ReportFleetGroup, id: string, events: readonly TimeMark[]): Promise<string> {
  const end = g.t[g.t.length - 1] ?? 0;
  const axis = clockAxis(end);
  const short = end < 10 * 60_000;
  const x = { field: 'x', type: 'quantitative', title: axis.title, scale: { domain: [0, end], nice: false }, axis: { values: axis.values, labelExpr: axis.labelExpr } };
  const sizes: { x: number; y: number; series: string }[] = [];
  const sizeHover: { x: number; y: number; series: string; tip: string }[] = [];
  let top = 1;
  for (const name of SIZE_SERIES) {
    const pts = g.t.map((t, i) => [t, g[name][i] ?? 0] as const);
    for (const [px, py] of thin(pts)) sizes.push({ x: px, y: py, series: name });
    for (const [px, py] of thin(pts, HOVER_POINTS)) sizeHover.push({ x: px, y: py, series: name, tip: `${name}: ${py} instances at ${clockLabel(px, short)}` });
    for (const v of g[name]) top = Math.max(top, v);
  }
  const metric: { x: number; y: number; series: string }[] = [];
  const metricHover: { x: number; y: number; series: string; tip: string }[] = [];
  const mpts = g.t.flatMap((t, i) => (g.reservation[i] === null || g.reservation[i] === undefined ? [] : [[t, g.reservation[i]!] as const]));
  for (const [px, py] of thin(mpts)) metric.push({ x: px, y: py, series: g.metric });
  for (const [px, py] of thin(mpts, HOVER_POINTS)) metricHover.push({ x: px, y: py, series: g.metric, tip: `${g.metric}: ${py.toFixed(1)}% at ${clockLabel(px, short)}` });
  const names = [...SIZE_SERIES, g.metric];
  const color = { field: 'series', type: 'nominal', title: null, sort: names, scale: { domain: names, range: [COLORS.desired, COLORS.booting, COLORS.registered, METRIC_COLOR] } };
  const yCount = { field: 'y', type: 'quantitative', title: 'instances', scale: { domain: [0, top] }, axis: top <= 10 ? { format: 'd', values: Array.from({ length: top + 1 }, (_, i) => i) } : { format: '~s' } };
  const yPct = { field: 'y', type: 'quantitative', title: `${g.metric} (%)`, scale: { domain: [0, 100] }, axis: { orient: 'right', format: 'd', titleColor: METRIC_COLOR } };
  const metricLayers: Record<string, unknown>[] = [
    { data: { values: metric }, mark: { type: 'line', strokeWidth: 1, opacity: 0.55, interpolate: 'step-after', aria: false }, encoding: { x, y: yPct, color } },
    { data: { values: metricHover }, mark: { type: 'point', filled: true, opacity: 0, size: 60 }, encoding: { x, y: yPct, color, description: { field: 'tip' } } },
  ];
  if (g.target !== undefined) {
    metricLayers.push({
      data: { values: [{ y: g.target, tip: `target ${g.target}%` }] },
      mark: { type: 'rule', strokeDash: [6, 3], color: METRIC_COLOR, strokeWidth: 1 },
      encoding: { y: yPct, description: { field: 'tip' } },
    });
  }
  const actions = g.actions.map((a) => ({
    x: a.at,
    kind: a.to > a.from ? 'scale-out' : 'scale-in',
    tip: `${a.to > a.from ? 'scale-out' : 'scale-in'} at ${clockLabel(a.at, short)}: ${a.from}→${a.to} (${a.reason})`,
  }));
  const layer: Record<string, unknown>[] = [
    {
      layer: [
        {
          data: { values: sizes },
          mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after', aria: false },
          encoding: {
            x,
            y: yCount,
            color,
            strokeDash: { field: 'series', type: 'nominal', sort: names, scale: { domain: names, range: [[4, 3], [1, 0], [1, 0], [1, 0]] }, legend: null },
          },
        },
        { data: { values: sizeHover }, mark: { type: 'point', filled: true, opacity: 0, size: 80 }, encoding: { x, y: yCount, color, description: { field: 'tip' } } },
      ],
    },
    { layer: metricLayers },
  ];
  const marks = events.filter((m) => m.at <= end);
  if (marks.length > 0) {
    layer.push({
      data: { values: marks.map((m) => ({ x: m.at, tip: `${m.label} at ${clockLabel(m.at, short)}` })) },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#8a5a00', strokeWidth: 1 },
      encoding: { x, description: { field: 'tip' } },
    });
  }
  // scaling actions: a strip under the chart, one tick per action (green out, red in), from→to and why on hover
  const strip = {
    height: 28,
    width: 1120,
    data: { values: actions.length > 0 ? actions : [{ x: 0, kind: 'scale-out', tip: '' }] },
    mark: { type: 'tick', thickness: 2, opacity: actions.length > 0 ? 1 : 0 },
    encoding: {
      x: { ...x, title: null, axis: null },
      y: { field: 'kind', type: 'nominal', title: null, sort: ['scale-out', 'scale-in'], scale: { domain: ['scale-out', 'scale-in'] }, axis: { labelFontSize: 10, ticks: false, domain: false } },
      color: { field: 'kind', type: 'nominal', scale: { domain: ['scale-out', 'scale-in'], range: ['#2f6f4f', '#b5543b'] }, legend: null },
      description: { field: 'tip' },
    },
  };
  const spec = {
    title: `${g.key}: instances against ${g.metric}`,
    spacing: 4,
    vconcat: [{ width: 1120, height: 220, layer, resolve: { scale: { y: 'independent' } } }, strip],
    resolve: { scale: { color: 'independent' } },
    // the legend above the chart, so the actions' strip sits right under the time axis
    config: { legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', direction: 'horizontal' } },
  };
  return renderSvg(spec as unknown as TopLevelSpec, id);
}

function plainTable(t: { columns: readonly string[]; rows: readonly (readonly string[])[] }): string {
  const head = `<thead><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>${head}<tbody>\n${body}\n</tbody></table></div>`;
}

/** The section, or an empty string when the run has no fleet part. */
export async function fleetSection(fleet: ReportFleet | undefined, events: readonly TimeMark[] = []): Promise<string> {
  if (!fleet) return '';
  const parts: string[] = [];
  parts.push(`<h3>Cost</h3>\n${fleet.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}\n${plainTable(fleet.cost)}`);
  if (fleet.waits) parts.push(`<h3>Tasks that waited for a scale-out</h3>\n<p class="note">Tasks that found no room, waited for a retry and were then placed, and how long from their request to that placement.</p>\n${plainTable(fleet.waits)}`);
  if (fleet.groups.length > 0) {
    const charts: string[] = [];
    for (const [i, g] of fleet.groups.entries()) {
      const note = g.metricNote === undefined ? '' : `<p class="note">${esc(g.metricNote)}</p>\n`;
      const n = g.actions.length;
      const out = g.actions.filter((a) => a.to > a.from).length;
      const summary = `${g.policy}: ${n} scaling action${n === 1 ? '' : 's'} (${out} out, ${n - out} in).`;
      charts.push(`<h4>${esc(g.key)}</h4>\n<p class="note">${esc(summary)}</p>\n${note}<figure class="wide">${await groupChart(g, `fleet${i}`, events)}</figure>`);
    }
    parts.push(
      `<h3>Fleet size against the tracked reservation</h3>\n<p class="note">Left axis: instances (dashed: desired). Right axis: the reservation the policy tracks, in percent, with its target as a dashed rule. The strip under each chart: one tick per scaling action (green: out, red: in); hover over one for from→to and why.</p>\n${charts.join('\n')}`,
    );
  }
  return `<section id="fleet"><h2>Fleet</h2>\n${parts.join('\n')}</section>`;
}
