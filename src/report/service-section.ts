// The HTML report's Services section: per service, desired vs running (and pending) over time with
// the deployments and the scenario's events marked as vertical rules, the deployments in words and
// the service's latest event messages. Reads results only.
import type { TopLevelSpec } from 'vega-lite';
import { clockAxis, renderSvg, thin } from './charts.js';

/** A moment marked on a service's chart. */
export interface ServiceMark {
  /** Simulated ms. */
  at: number;
  /** Short text shown at the top of the rule. */
  label: string;
  kind: 'deployment' | 'event';
}

/** One service as the report shows it. */
export interface ReportService {
  name: string;
  cluster: string;
  t: readonly number[];
  desired: readonly number[];
  running: readonly number[];
  pending: readonly number[];
  marks: readonly ServiceMark[];
  /** Sentences: availability, deployments. */
  notes: readonly string[];
  /** `at  message` lines, the latest last. */
  events: readonly string[];
  /** The service's row of the section's table, one cell per SERVICE_TABLE_COLUMNS after the name. */
  row?: readonly string[];
}

/** Columns of the Services section's table (after the service's name). */
export const SERVICE_TABLE_COLUMNS = [
  'cluster',
  'desired at end',
  'running at end',
  'pending at end',
  'availability',
  'below desired',
  'deployments (completed / all)',
  'placement failures',
  'launched',
  'replaced',
] as const;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function serviceChart(s: ReportService, id: string): Promise<string> {
  const values: { x: number; y: number; series: string }[] = [];
  const add = (name: string, ys: readonly number[]): void => {
    for (const [x, y] of thin(s.t.map((t, i) => [t, ys[i] ?? 0] as const))) values.push({ x, y, series: name });
  };
  add('desired', s.desired);
  add('running', s.running);
  add('pending', s.pending);
  // labels of marks close together (a deployment's start and its stuck) stagger over three rows instead of printing over one another
  const marks = s.marks.map((m, i) => ({ x: m.at, label: m.label, kind: m.kind, py: 2 + (i % 3) * 11 }));
    const end = s.t[s.t.length - 1] ?? 0;
  const axis = clockAxis(end);
  const x = { field: 'x', type: 'quantitative', title: axis.title, scale: { domain: [0, end], nice: false }, axis: { values: axis.values, labelExpr: axis.labelExpr } };
  const layer: unknown[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 1.5, interpolate: 'step-after' },
      encoding: {
        x,
        y: { field: 'y', type: 'quantitative', title: 'tasks', axis: { tickMinStep: 1, format: 'd' } },
        color: { field: 'series', type: 'nominal', title: null, sort: ['desired', 'running', 'pending'], scale: { range: ['#888888', '#2f6f4f', '#c77c2f'] } },
        strokeDash: { field: 'series', type: 'nominal', sort: ['desired', 'running', 'pending'], scale: { range: [[4, 3], [1, 0], [1, 0]] }, legend: null },
      },
    },
  ];
  if (marks.length > 0) {
    layer.push(
      {
        data: { values: marks },
        mark: { type: 'rule', strokeWidth: 1, opacity: 0.7 },
        encoding: { x, color: { field: 'kind', type: 'nominal', scale: { domain: ['deployment', 'event'], range: ['#2f5f8f', '#b03030'] }, legend: null } },
      },
      {
        data: { values: marks },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, angle: 0 },
        encoding: { x, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'label' }, color: { field: 'kind', type: 'nominal', legend: null } },
      },
    );
  }
  const spec = {
    title: `${s.name} (${s.cluster}): desired vs running`,
    width: 1120,
    height: 200,
    layer,
    resolve: { scale: { color: 'independent' } },
  };
  return renderSvg(spec as TopLevelSpec, id);
}

/** The section, or an empty string when there are no services. */
export async function serviceSection(services: readonly ReportService[] | undefined): Promise<string> {
  if (!services || services.length === 0) return '';
  const parts: string[] = [];
  for (const [i, s] of services.entries()) {
    const chart = await serviceChart(s, `svc${i}`);
    const notes = s.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n');
    const events = s.events.length === 0 ? '' : `\n<pre>${esc(s.events.join('\n'))}</pre>`;
    parts.push(`<h3>${esc(s.name)}</h3>\n${notes}\n<figure class="wide">${chart}</figure>${events}`);
  }
  const rows = services.filter((s) => s.row);
  const summary =
    rows.length === 0
      ? ''
      : `<div class="table-wrap"><table><thead><tr><th>service</th>${SERVICE_TABLE_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>\n${rows
          .map((s) => `<tr><td>${esc(s.name)}</td>${s.row!.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody></table></div>\n<p class="note">Placement failures count every launch attempt that could not place a task (a retried task counts at every attempt), by reason.</p>\n`;
  return `<section id="services"><h2>Services</h2>\n${summary}<p class="note">Dashed: desired; blue rules: deployments (start, end or stuck); red rules: scenario events.</p>\n${parts.join('\n')}</section>`;
}
