// Text, JSON and CSV output of `ecsim compare` and `ecsim plan`: a side-by-side table (metrics as
// rows, strategies as columns, ★ on the best per row), the probes of a capacity search, and their
// machine-readable forms. No colour and no wall-clock figure, so the bytes depend on the results only.
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { ComparisonResult, MetricComparison } from '../experiment/compare.js';
import type { MetricFormat } from '../experiment/metrics.js';
import type { PlanResult, Probe } from '../experiment/plan.js';
import { formatMs } from './table.js';

const STYLE = { head: [] as string[], border: [] as string[], compact: true };

/** A metric value in its unit: 99.87%, 1,234, 12.3, 850 ms. */
export function formatValue(v: number, format: MetricFormat): string {
  switch (format) {
    case 'percent':
      return `${(v * 100).toFixed(2)}%`;
    case 'integer':
      return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'number':
      return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'ms':
      return formatMs(v);
    case 'usd':
      return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
}

/** The ± half-width in the metric's unit (percent points for fractions). */
function formatHalfWidth(v: number, format: MetricFormat): string {
  if (format === 'percent') return `${(v * 100).toFixed(2)}`;
  if (format === 'ms') return formatMs(v);
  if (format === 'usd') return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Marks an interval cut to the metric's possible range (it is then shown by its ends, not ±). */
export const CLIPPED_MARK = '‡';
export const CLIPPED_NOTE = `${CLIPPED_MARK} interval clipped to what the metric can be (rates at most 100%, counts and times at least 0)`;

/**
 * One table cell: `mean ± half-width` (no interval with one replication), or `mean [low, high]‡`
 * when the interval was clipped; ★ when best.
 */
export function cell(m: MetricComparison, strategy: string, replications: number): string {
  const e = m.byStrategy[strategy]!;
  const mean = formatValue(e.mean, m.format);
  const ci =
    replications <= 1 ? '' : e.clipped ? ` [${formatValue(e.low, m.format)}, ${formatValue(e.high, m.format)}]${CLIPPED_MARK}` : ` ± ${formatHalfWidth(e.halfWidth, m.format)}`;
  return `${mean}${ci}${m.best.includes(strategy) ? ' ★' : ''}`;
}

/** Whether any interval of the comparison was clipped. */
export function anyClipped(r: ComparisonResult): boolean {
  return r.replications > 1 && r.metrics.some((m) => Object.values(m.byStrategy).some((e) => e.clipped));
}

/** The side-by-side table of a comparison. */
export function comparisonTable(r: ComparisonResult): string {
  const t = new Table({ head: ['metric', ...r.strategies], colAligns: ['left', ...r.strategies.map(() => 'right' as const)], style: STYLE });
  for (const m of r.metrics) t.push([m.label, ...r.strategies.map((s) => cell(m, s, r.replications))]);
  const seeds = r.replications === 1 ? `seed ${r.seeds[0]}` : `${r.replications} replications, seeds ${r.seeds[0]}–${r.seeds[r.seeds.length - 1]}`;
  const note =
    r.replications > 1
      ? 'mean ± half-width of the 95% confidence interval (Student t); ★ best mean per row'
      : '★ best per row; --replications N adds 95% confidence intervals';
  const clipped = anyClipped(r) ? `\n${CLIPPED_NOTE}` : '';
  const head = r.variants ? variantsHeading(r, seeds) : `${r.scenario}: ${r.strategies.length} strategies, ${seeds} (same arrivals, lifetimes and events for every strategy)`;
  return `${head}\n${t.toString()}\n${note}${clipped}\n`;
}

/** What a comparison of variants compares: the files, the strategy, what differs, and that the arrivals are common. */
export function variantsHeading(r: ComparisonResult, seeds: string): string {
  const v = r.variants!;
  const strategy = v.strategy === undefined ? 'its own strategy each' : `strategy ${v.strategy}`;
  const lines = [`${v.columns.length} variants under ${strategy}, ${seeds} (same workloads, arrivals and lifetimes for every variant):`];
  for (const c of v.columns) {
    const what = c.differs.length === 0 ? (c === v.columns[0] ? 'the first' : 'the same as the first') : `differs in ${c.differs.join(', ')}`;
    lines.push(`  ${c.label} = ${c.file} (${what})`);
  }
  return lines.join('\n');
}

/** The comparison as one JSON document (stable key order). */
export function comparisonJson(r: ComparisonResult): string {
  const doc = {
    scenario: r.scenario,
    seeds: r.seeds,
    replications: r.replications,
    strategies: r.strategies,
    // a comparison of variants says what its columns are (a comparison of strategies is unchanged)
    ...(r.variants ? { variants: r.variants.columns, strategy: r.variants.strategy ?? null } : {}),
    metrics: r.metrics.map((m) => ({
      key: m.key,
      label: m.label,
      better: m.better,
      best: m.best,
      byStrategy: Object.fromEntries(
        r.strategies.map((s) => {
          const e = m.byStrategy[s]!;
          return [s, { mean: e.mean, ci95: [e.low, e.high], ...(e.clipped ? { ci95Clipped: true } : {}), halfWidth: e.halfWidth, sd: e.sd, n: e.n, values: e.values }];
        }),
      ),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One row per metric and strategy (or variant): metric,strategy,n,mean,ci95_low,ci95_high,sd,best (`variant` for `strategy` in a comparison of variants). */
export function comparisonCsv(r: ComparisonResult): string {
  const rows: (string | number)[][] = [['metric', r.variants ? 'variant' : 'strategy', 'n', 'mean', 'ci95_low', 'ci95_high', 'sd', 'best']];
  for (const m of r.metrics) {
    for (const s of r.strategies) {
      const e = m.byStrategy[s]!;
      rows.push([m.key, s, e.n, e.mean, e.low, e.high, e.sd, m.best.includes(s) ? 1 : 0]);
    }
  }
  return stringify(rows, { record_delimiter: '\n' });
}

function probeCells(p: Probe, formats: readonly MetricFormat[]): string[] {
  return p.targets.map((t, i) => formatValue(t.value, formats[i] ?? 'number'));
}

/** Each probe tried, the answer and its margin. */
export function planText(r: PlanResult, formats: readonly MetricFormat[]): string {
  // an autoscaled group is searched by its autoscaling max, and the text says so wherever it names a size
  const max = r.searched === 'max';
  const t = new Table({
    head: ['#', `${r.group} ${max ? 'max' : 'count'}`, ...r.targets, 'meets'],
    colAligns: ['right', 'right', ...r.targets.map(() => 'right' as const), 'left'],
    style: STYLE,
  });
  r.probes.forEach((p, i) => t.push([String(i + 1), String(p.count), ...probeCells(p, formats), p.meets ? 'yes' : 'no']));
  const lines: string[] = [];
  const reps = r.seeds.length === 1 ? `seed ${r.seeds[0]}` : `${r.seeds.length} replications (seeds ${r.seeds[0]}–${r.seeds[r.seeds.length - 1]}), criterion ${r.criterion}`;
  const range = r.step === undefined ? `search range ${r.min}–${r.max}` : `grid ${r.min}–${r.max}${r.step > 1 ? ` step ${r.step}` : ''}`;
  lines.push(`${r.scenario}: sizing ${r.group}${max ? "'s autoscaling max" : ''} (${r.scenarioCount} in the scenario) for ${r.targets.join(' and ')}; ${reps}; ${range}`);
  lines.push(t.toString());
  if (r.answer === undefined) {
    lines.push(`no ${max ? 'autoscaling max' : 'count'} of ${r.group} in ${r.min}–${r.max} meets ${r.targets.join(' and ')}; widen the search with --max (e.g. --max ${Math.max(r.max * 2, r.max + 16)})`);
  } else {
    lines.push(max ? `answer: autoscaling max ${r.answer} for ${r.group}` : `answer: ${r.answer} instances in ${r.group}`);
    const at = r.atAnswer!;
    at.targets.forEach((o, i) => {
      const f = formats[i] ?? 'number';
      lines.push(`  ${o.target}: ${formatValue(o.value, f)} at ${r.answer} (margin ${formatMargin(o.margin, f)})`);
    });
    if (r.below) {
      const misses = r.below.targets.filter((o) => !o.meets);
      for (const o of misses) {
        const i = r.targets.indexOf(o.target);
        const f = formats[i] ?? 'number';
        lines.push(`  ${max ? `max ${r.below.count} misses` : `${r.below.count} instances miss`} it: ${o.target.split(/[<>=]/)[0]} = ${formatValue(o.value, f)} (short by ${formatMargin(-o.margin, f).replace(/^\+/, '')})`);
      }
    } else {
      lines.push(r.step === undefined ? `  ${r.answer} is the minimum of the search range (--min ${r.min})` : `  ${r.answer} is the first count of the grid (--grid ${r.min}..${r.max})`);
    }
    if (r.cost) {
      lines.push(`  cost: ${r.answer} × $${r.cost.pricePerHour}/h = $${r.cost.perHour.toFixed(2)}/h, $${r.cost.overHorizon.toFixed(2)} over the ${r.cost.horizonHours} h horizon`);
    }
  }
  if (r.nonMonotone.length > 0) {
    const why = r.step === undefined ? 'bisection assumes more instances never hurt' : 'the answer is the smallest count from which every larger count meets';
    lines.push(`note: ${r.nonMonotone.join(', ')} met the target while a larger count missed it; ${why} — try --replications or a longer --duration`);
  }
  return `${lines.join('\n')}\n`;
}

function formatMargin(m: number, f: MetricFormat): string {
  if (f === 'percent') return `${m >= 0 ? '+' : ''}${(m * 100).toFixed(3)} points`;
  if (f === 'ms') return `${m >= 0 ? '+' : '-'}${formatMs(Math.abs(m))}`;
  return `${m >= 0 ? '+' : ''}${m.toLocaleString('en-US', { maximumFractionDigits: 3 })}`;
}

/** The capacity search as one JSON document. */
export function planJson(r: PlanResult): string {
  const probe = (p: Probe) => ({
    count: p.count,
    meets: p.meets,
    targets: p.targets.map((t) => ({ target: t.target, value: t.value, meets: t.meets, margin: t.margin, mean: t.estimate.mean, ci95: [t.estimate.low, t.estimate.high] })),
    activeInstances: p.activeInstances,
    instanceHours: p.instanceHours,
  });
  const doc: Record<string, unknown> = {
    scenario: r.scenario,
    group: r.group,
    searched: r.searched,
    scenarioCount: r.scenarioCount,
    targets: r.targets,
    criterion: r.criterion,
    seeds: r.seeds,
    range: [r.min, r.max],
    ...(r.step === undefined ? {} : { step: r.step }),
    answer: r.answer ?? null,
    atAnswer: r.atAnswer ? probe(r.atAnswer) : null,
    below: r.below ? probe(r.below) : null,
    probes: r.probes.map(probe),
    nonMonotone: r.nonMonotone,
  };
  if (r.cost) doc.cost = r.cost;
  return `${JSON.stringify(doc, null, 2)}\n`;
}
