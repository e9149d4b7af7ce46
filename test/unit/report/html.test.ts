// The HTML report page: self-contained (no script, nothing fetched), every section present, SVG
// ids unique across charts, text escaped, and the same input gives the same bytes.
import { describe, expect, it } from 'vitest';
import { scopeIds, thin } from '../../../src/report/charts.js';
import { renderHtmlReport, type ReportInput } from '../../../src/report/html.js';

const t = Array.from({ length: 121 }, (_, i) => i * 60_000);
const series = (k: number) => ({
  t,
  utilization: { CPU: t.map((_, i) => Math.min(1, (i / 121) * k)), MEMORY: t.map((_, i) => Math.min(1, (i / 150) * k)) },
  pending: t.map((_, i) => (i % 17 === 0 ? 2 : 0)),
  inUse: t.map((_, i) => Math.min(30, i)),
});

const INPUT: ReportInput = {
  title: 'ecsim compare',
  scenario: { name: 'a<b>&"c"', path: 'x.yaml', text: 'name: <script>alert(1)</script>\n' },
  seed: 7,
  command: 'ecsim compare x.yaml',
  version: '0.0.0',
  table: { columns: ['metric', 'random', 'binpack'], rows: [{ label: 'instances in use', cells: ['30', '22'], best: [1] }] },
  comparison: {
    strategies: ['random', 'binpack'],
    replications: 3,
    metrics: [{ label: 'instances in use', format: 'number', better: 'lower', values: [{ mean: 30, low: 29, high: 31 }, { mean: 22, low: 21, high: 23 }], best: [1] }],
  },
  plan: {
    group: 'prod/0',
    target: 'placementRate>=0.999',
    metricLabel: 'placementRate',
    metricFormat: 'percent',
    threshold: 0.999,
    probes: [
      { count: 10, value: 0.9, meets: false },
      { count: 20, value: 1, meets: true },
    ],
    answer: 20,
    notes: ['margin'],
  },
  runs: [
    { label: 'random', series: series(1), failuresByReason: { 'RESOURCE:MEMORY': 3 } },
    { label: 'binpack', series: series(1.2), failuresByReason: {} },
  ],
};

describe('renderHtmlReport', () => {
  it('is one self-contained page with every section', async () => {
    const html = await renderHtmlReport(INPUT);
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['figures', 'plan', 'comparison', 'utilization', 'pending', 'failures', 'scenario']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(http/i);
    // the only URLs are XML namespaces
    for (const m of html.matchAll(/https?:\/\/[^"\s)]+/g)) expect(m[0]).toMatch(/^http:\/\/www\.w3\.org\//);
    // charts: one per run (2) for utilization, waiting and in use; failures, comparison, probes
    expect(html.match(/<svg /g)).toHaveLength(9);
    expect(html.match(/<\/svg>/g)).toHaveLength(9);
  });

  it('escapes scenario text and names', async () => {
    const html = await renderHtmlReport(INPUT);
    expect(html).toContain('name: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
  });

  it('gives every SVG element id once, and references resolve', async () => {
    const html = await renderHtmlReport(INPUT);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('is byte-identical for the same input, even rendered again in the same process', async () => {
    const a = await renderHtmlReport(INPUT);
    const b = await renderHtmlReport(INPUT);
    expect(b).toBe(a);
  });

  it('marks the best cell and shows a page without failures', async () => {
    const html = await renderHtmlReport({ ...INPUT, runs: [{ label: 'only', series: series(1), failuresByReason: {} }] });
    expect(html).toContain('<td class="best">22 ★</td>');
    expect(html).toContain('No task failed to place.');
  });
});

describe('chart helpers', () => {
  it('scopeIds renames ids and their references per chart', () => {
    expect(scopeIds('<clipPath id="clip3"/><g clip-path="url(#clip3)"/>', 'c1')).toBe('<clipPath id="c1-1"/><g clip-path="url(#c1-1)"/>');
  });

  it('thin keeps the first and last point and at most max points', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const out = thin(xs, 11);
    expect(out).toHaveLength(11);
    expect(out[0]).toBe(0);
    expect(out[10]).toBe(1000);
    expect(thin([1, 2, 3], 11)).toEqual([1, 2, 3]);
  });
});

describe('time charts', () => {
  const retry = t.map((_, i) => (i > 30 && i < 60 ? 5 : 0));
  const { comparison: _c, plan: _p, ...rest } = INPUT;
  const one: ReportInput = {
    ...rest,
    runs: [{ label: 'seed 1', series: { ...series(1), awaitingRetry: retry, stranded: { CPU: t.map(() => 0.05), MEMORY: t.map(() => 0.1) } }, failuresByReason: {} }],
    events: [
      { at: 3_600_000, label: 'disconnectAgents prod' },
      { at: 5_400_000, label: 'reconnectAgents prod' },
    ],
    workloads: { columns: ['workload', 'placement rate'], rows: [{ label: 'web', cells: ['99.00%'] }] },
  };

  it('time axes in clock form', async () => {
    const html = await renderHtmlReport(one);
    expect(html).toContain('simulated time (h:mm)');
    for (const label of ['>0:30<', '>1h<', '>1:30<', '>2h<']) expect(html).toContain(label);
  });

  it('hover values as SVG <title>, no script', async () => {
    const html = await renderHtmlReport(one);
    expect(html).toMatch(/<title>CPU: \d+\.\d% at 1:30<\/title>/);
    expect(html).toMatch(/<title>awaiting retry: 5 at 0:3\d<\/title>/);
    expect(html).not.toMatch(/<script/i);
  });

  it("the scenario's events marked on every time chart", async () => {
    const html = await renderHtmlReport(one);
    const charts = html.split('<svg ').slice(1).filter((svg) => svg.includes('simulated time'));
    expect(charts.length).toBe(4); // utilization, waiting, in use, stranded
    for (const svg of charts) {
      expect(svg).toContain('>disconnectAgents prod<');
      expect(svg).toContain('<title>reconnectAgents prod at 1:30</title>');
    }
  });

  it('retry backlog beside PENDING, stranded capacity, per-workload table, charts as wide as the page', async () => {
    const html = await renderHtmlReport(one);
    expect(html).toContain('Tasks waiting: PENDING, and failed to place awaiting a retry');
    expect(html).toContain('>awaiting retry<');
    expect(html).toContain('<section id="stranded">');
    expect(html).toContain('<section id="workloads"><h2>Per workload</h2>');
    expect(html).toContain('figure.wide svg { width: 100%; height: auto; }');
    expect(html).toMatch(/<figure class="wide"><svg /);
  });

  it('several runs: one chart per run on one scale, so coinciding lines stay apart', async () => {
    const html = await renderHtmlReport(INPUT);
    for (const run of ['random', 'binpack']) {
      expect(html).toContain(`PENDING tasks — ${run}`);
      expect(html).toContain(`Reserved / registered, per resource — ${run}`);
    }
    expect(html).toContain('One chart per strategy, on one scale');
  });
});
