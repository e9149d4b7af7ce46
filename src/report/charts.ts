// Charts for the HTML report: Vega-Lite specs compiled and rendered to SVG strings in Node (no
// canvas, no browser, no network), so the report is one self-contained file. Vega numbers the
// clip paths it emits with a process-wide counter; `scopeIds` renames every id per chart, so the
// same report rendered twice — in one process or two — is the same bytes.
import type { TopLevelSpec } from 'vega-lite';

// vega and vega-lite take about 0.4 s to load: only commands that draw a report pay for it
let engines: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
const loadEngines = () => (engines ??= Promise.all([import('vega'), import('vega-lite')]));

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
}

export type AxisFormat = 'percent' | 'integer' | 'number';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
/** At most this many points per line: enough for a smooth curve, small enough to keep the file light. */
export const MAX_POINTS = 600;

const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal' },
  title: { fontSize: 14, anchor: 'start', fontWeight: 600 },
} as const;

function axisFormat(f: AxisFormat): string {
  return f === 'percent' ? '.3~%' : f === 'integer' ? 'd' : '~s';
}

/** Renders a Vega-Lite spec to an SVG string with ids scoped by `idPrefix`. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [{ parse, View }, { compile }] = await loadEngines();
  const vg = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none', logLevel: 0 });
  try {
    return scopeIds(withTitles(await view.toSVG()), idPrefix);
  } finally {
    view.finalize();
  }
}

/**
 * Gives every mark item that carries a description (Vega writes it as `aria-label`) an SVG
 * `<title>` child, which browsers show on hover: hover values without a script.
 */
export function withTitles(svg: string): string {
  return svg.replace(/<(path|line|rect)([^>]*?) aria-label="([^"]*)"([^>]*?)(\/>|><\/\1>)/g, (_all, tag: string, pre: string, label: string, post: string) => {
    return `<${tag}${pre} aria-label="${label}"${post}><title>${label}</title></${tag}>`;
  });
}

/** Renames every `id` (and its `url(#…)` / `href="#…"` uses) to `prefix-1`, `prefix-2`, … in order of appearance. */
export function scopeIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) {
    if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg
    .replace(/\bid="([^"]+)"/g, (all, id: string) => `id="${names.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (names.has(id) ? `url(#${names.get(id)})` : all))
    .replace(/href="#([^"]+)"/g, (all, id: string) => (names.has(id) ? `href="#${names.get(id)}"` : all));
}

/** Keeps at most `max` evenly spaced points (always the first and the last). */
export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** A scenario event drawn on time charts: a dashed vertical line at `at` (simulated ms) with a short label. */
export interface TimeMark {
  at: number;
  label: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tick steps a clock axis may use, smallest first. */
const TIME_STEPS = [1_000, 5_000, 15_000, 30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

/**
 * A simulated-time axis in clock form: ticks on round steps (at most about 12), labelled `1:30`
 * (h:mm), `2h` on whole hours, or `m:ss` for runs under ten minutes. `values` are in ms.
 */
export function clockAxis(maxMs: number): { values: number[]; labelExpr: string; title: string } {
  const step = TIME_STEPS.find((s) => maxMs / s <= 12) ?? 24 * HOUR;
  const values: number[] = [];
  for (let t = 0; t <= maxMs + 1e-9; t += step) values.push(t);
  const short = maxMs < 10 * MINUTE;
  const labelExpr = short
    ? "floor(datum.value / 60000) + ':' + pad(floor((datum.value % 60000) / 1000), 2, '0', 'left')"
    : "datum.value % 3600000 === 0 ? floor(datum.value / 3600000) + 'h' : floor(datum.value / 3600000) + ':' + pad(floor((datum.value % 3600000) / 60000), 2, '0', 'left')";
  return { values, labelExpr, title: short ? 'simulated time (m:ss)' : 'simulated time (h:mm)' };
}

/** `1:30` / `2h` / `0:45` as the axis writes it, for hover text. */
export function clockLabel(ms: number, short: boolean): string {
  if (short) return `${Math.floor(ms / MINUTE)}:${String(Math.floor((ms % MINUTE) / 1000)).padStart(2, '0')}`;
  return ms % HOUR === 0 ? `${ms / HOUR}h` : `${Math.floor(ms / HOUR)}:${String(Math.floor((ms % HOUR) / MINUTE)).padStart(2, '0')}`;
}

/** Points per line that carry a hover value (SVG <title>): enough to read a curve, few enough to stay light. */
export const HOVER_POINTS = 120;

function hoverText(v: number, f: AxisFormat): string {
  if (f === 'percent') return `${(v * 100).toFixed(1)}%`;
  if (f === 'integer') return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toLocaleString('en-US');
}

/**
 * A line chart of one or more series over simulated time (x in ms, a clock axis), with the
 * scenario's events as dashed rules and hover values (an SVG <title> per hover point, no script).
 */
export async function lineChart(opts: {
  id: string;
  title: string;
  yTitle: string;
  series: readonly LineSeries[];
  yFormat: AxisFormat;
  /** Fix the y axis to [0, 1] (fractions). */
  unitInterval?: boolean;
  /** Fix the y axis to [0, max] (small multiples share one scale). */
  yMax?: number;
  width?: number;
  height?: number;
  legendTitle?: string;
  marks?: readonly TimeMark[];
  /** The end of the time axis, ms (default: the last x). */
  xMax?: number;
}): Promise<string> {
  const values: { x: number; y: number; series: string }[] = [];
  const hover: { x: number; y: number; series: string; tip: string }[] = [];
  let xMax = opts.xMax ?? 0;
  for (const s of opts.series) xMax = Math.max(xMax, s.x[s.x.length - 1] ?? 0);
  const axis = clockAxis(xMax);
  const short = xMax < 10 * MINUTE;
  for (const s of opts.series) {
    const pts = s.x.map((x, i) => [x, s.y[i] ?? 0] as const);
    for (const [x, y] of thin(pts)) values.push({ x, y, series: s.name });
    for (const [x, y] of thin(pts, HOVER_POINTS)) {
      hover.push({ x, y, series: s.name, tip: `${opts.series.length > 1 ? `${s.name}: ` : ''}${hoverText(y, opts.yFormat)} at ${clockLabel(x, short)}` });
    }
  }
  const top = opts.yMax ?? Math.max(0, ...values.map((v) => v.y));
  // counts: whole-number ticks only (a "1.5 tasks" tick would be printed as a second "2")
  const yAxis: Record<string, unknown> = opts.yFormat === 'integer' ? countAxis(top) : { format: axisFormat(opts.yFormat) };
  const y: Record<string, unknown> = { field: 'y', type: 'quantitative', title: opts.yTitle, axis: yAxis };
  if (opts.unitInterval) y.scale = { domain: [0, 1] };
  else if (opts.yMax !== undefined) y.scale = { domain: [0, opts.yFormat === 'integer' ? Math.max(1, opts.yMax) : opts.yMax > 0 ? opts.yMax : 1] };
  const x = { field: 'x', type: 'quantitative', title: axis.title, scale: { domain: [0, xMax], nice: false }, axis: { values: axis.values, labelExpr: axis.labelExpr } };
  const color = { field: 'series', type: 'nominal', title: opts.legendTitle ?? null, sort: opts.series.map((s) => s.name) };
  const layer: Record<string, unknown>[] = [
    { data: { values }, mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after', aria: false }, encoding: { x, y, color } },
    // invisible points that carry the hover text (rendered as <title> by renderSvg)
    { data: { values: hover }, mark: { type: 'point', filled: true, opacity: 0, size: 80 }, encoding: { x, y, color, description: { field: 'tip' } } },
  ];
  const marks = (opts.marks ?? []).filter((m) => m.at <= xMax);
  if (marks.length > 0) {
    // labels of events close together stagger over four rows instead of printing over one another
    const events = marks.map((m, i) => ({ x: m.at, label: m.label, tip: `${m.label} at ${clockLabel(m.at, short)}`, py: 2 + (i % 4) * 11 }));
    layer.push(
      { data: { values: events }, mark: { type: 'rule', strokeDash: [4, 3], color: '#8a5a00', strokeWidth: 1 }, encoding: { x: { ...x, field: 'x' }, description: { field: 'tip' } } },
      {
        data: { values: events },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: '#8a5a00', angle: 0 },
        encoding: { x: { ...x, field: 'x' }, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'label' } },
      },
    );
  }
  const spec = {
    title: opts.title,
    width: opts.width ?? 1120,
    height: opts.height ?? 200,
    layer,
    resolve: { scale: { color: 'shared' } },
  };
  return renderSvg(spec as unknown as TopLevelSpec, opts.id);
}

/** One bar per category with a 95% confidence interval whisker; the best categories are filled darker. */
export async function barsWithInterval(opts: {
  id: string;
  title: string;
  yTitle: string;
  bars: readonly { category: string; mean: number; low: number; high: number; best: boolean }[];
  yFormat: AxisFormat;
  width?: number;
  height?: number;
}): Promise<string> {
  const values = opts.bars.map((b) => ({ category: b.category, mean: b.mean, low: b.low, high: b.high, best: b.best ? 'best' : 'other' }));
  // labels longer than a bar's step (variant names such as target-tracking-60) would run into each other level
  const many = opts.bars.length > 3 || opts.bars.some((b) => b.category.length > 13);
  const x = {
    field: 'category',
    type: 'nominal',
    title: null,
    sort: opts.bars.map((b) => b.category),
    axis: { labelAngle: many ? -30 : 0, labelLimit: 160, labelAlign: many ? 'right' : 'center' },
  };
  const spec = {
    title: opts.title,
    width: opts.width ?? { step: many ? 56 : 96 },
    height: opts.height ?? 150,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.6 } },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: opts.yTitle, axis: { format: axisFormat(opts.yFormat) } },
          color: { field: 'best', type: 'nominal', scale: { domain: ['best', 'other'], range: ['#2f6f4f', '#a7c4b5'] }, legend: null },
        },
      },
      {
        mark: { type: 'rule', strokeWidth: 1.5, color: '#222' },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        mark: { type: 'tick', color: '#222', thickness: 1.5, size: 10 },
        encoding: { x, y: { field: 'low', type: 'quantitative' } },
      },
      {
        mark: { type: 'tick', color: '#222', thickness: 1.5, size: 10 },
        encoding: { x, y: { field: 'high', type: 'quantitative' } },
      },
    ],
  };
  return renderSvg(spec as TopLevelSpec, opts.id);
}

/** Whole-number ticks: every integer up to 10, else vega's nice ticks. */
function countAxis(max: number): Record<string, unknown> {
  return max <= 10 ? { format: 'd', values: Array.from({ length: Math.max(1, Math.ceil(max)) + 1 }, (_, i) => i) } : { format: '~s' };
}

/** Horizontal bars of counts by category, grouped by series when there is more than one. */
export async function countBars(opts: {
  id: string;
  title: string;
  xTitle: string;
  rows: readonly { category: string; series: string; count: number }[];
  seriesOrder: readonly string[];
  width?: number;
}): Promise<string> {
  const grouped = opts.seriesOrder.length > 1;
  const categories = [...new Set(opts.rows.map((r) => r.category))];
  const encoding: Record<string, unknown> = {
    y: { field: 'category', type: 'nominal', title: null, sort: categories, axis: { labelLimit: 320 } },
    x: { field: 'count', type: 'quantitative', title: opts.xTitle, axis: countAxis(Math.max(0, ...opts.rows.map((r) => r.count))) },
    color: grouped
      ? { field: 'series', type: 'nominal', title: null, sort: [...opts.seriesOrder] }
      : { value: '#b5543b' },
  };
  if (grouped) encoding.yOffset = { field: 'series', type: 'nominal', sort: [...opts.seriesOrder] };
  const spec = {
    title: opts.title,
    width: opts.width ?? 520,
    height: { step: grouped ? Math.max(8, 36 / opts.seriesOrder.length) : 22 },
    data: { values: opts.rows.map((r) => ({ ...r })) },
    mark: { type: 'bar' },
    encoding,
  };
  return renderSvg(spec as TopLevelSpec, opts.id);
}

/** Capacity search probes: the metric at each count tried, whether it met the target, and the target line. */
export async function probeChart(opts: {
  id: string;
  title: string;
  xTitle: string;
  yTitle: string;
  probes: readonly { count: number; value: number; meets: boolean }[];
  target: number;
  yFormat: AxisFormat;
}): Promise<string> {
  const values = opts.probes.map((p) => ({ count: p.count, value: p.value, result: p.meets ? 'meets target' : 'misses target' }));
  const spec = {
    title: opts.title,
    width: 520,
    height: 200,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'count', type: 'quantitative', title: opts.xTitle, axis: { format: 'd', tickMinStep: 1 }, scale: { zero: false } },
          y: { field: 'value', type: 'quantitative', title: opts.yTitle, axis: { format: axisFormat(opts.yFormat) }, scale: { zero: false } },
          color: { field: 'result', type: 'nominal', title: null, scale: { domain: ['meets target', 'misses target'], range: ['#2f6f4f', '#b5543b'] } },
        },
      },
      {
        data: { values: [{ target: opts.target }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
  return renderSvg(spec as TopLevelSpec, opts.id);
}
