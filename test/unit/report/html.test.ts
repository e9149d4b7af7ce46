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
    // charts: utilization per resource (2), pending, in use, failures, comparison, probes
    expect(html.match(/<svg /g)).toHaveLength(7);
    expect(html.match(/<\/svg>/g)).toHaveLength(7);
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
