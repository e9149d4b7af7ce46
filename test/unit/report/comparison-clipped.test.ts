// A comparison whose interval was clipped to the metric's range shows it by its ends, marked ‡,
// and the table, the JSON and the HTML report say so.
import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../../src/experiment/compare.js';
import { estimate, possibleRange } from '../../../src/experiment/statistics.js';
import { comparisonJson, comparisonTable } from '../../../src/report/comparison.js';
import { renderHtmlReport } from '../../../src/report/html.js';
import { compareReportInput } from '../../../src/report/html-input.js';

function result(values: Record<string, number[]>): ComparisonResult {
  const strategies = Object.keys(values);
  return {
    scenario: 's',
    seeds: [1, 2, 3],
    replications: 3,
    strategies,
    metrics: [
      {
        key: 'placementRate',
        label: 'placement rate',
        better: 'higher',
        format: 'percent',
        best: [],
        byStrategy: Object.fromEntries(strategies.map((s) => [s, { ...estimate(values[s]!, 0.95, possibleRange('percent')), values: values[s]! }])),
      },
    ],
  };
}

describe('clipped intervals', () => {
  const clipped = result({ random: [1, 1, 0.98], binpack: [0.5, 0.6, 0.7] });

  it('the table shows a clipped interval by its ends, ‡, with a note', () => {
    const text = comparisonTable(clipped);
    expect(text).toMatch(/99\.33% \[\d+\.\d+%, 100\.00%\]‡/);
    expect(text).toMatch(/60\.00% ± /);
    expect(text).toMatch(/‡ interval clipped to what the metric can be/);
    expect(comparisonTable(result({ binpack: [0.5, 0.6, 0.7] }))).not.toMatch(/‡/);
  });

  it('the JSON marks it', () => {
    const doc = JSON.parse(comparisonJson(clipped));
    expect(doc.metrics[0].byStrategy.random.ci95[1]).toBe(1);
    expect(doc.metrics[0].byStrategy.random.ci95Clipped).toBe(true);
    expect(doc.metrics[0].byStrategy.binpack).not.toHaveProperty('ci95Clipped');
  });

  it('the report says so beside the bars', async () => {
    const src = { scenarioName: 's', scenarioPath: 's.yaml', scenarioText: '', seed: 1, command: 'ecsim compare s.yaml', version: '0' };
    expect(await renderHtmlReport(compareReportInput(clipped, src))).toMatch(/interval clipped to what the metric can be/);
  });
});
