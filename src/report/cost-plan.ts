// Text and JSON output of `ecsim plan --minimize cost`: one row per candidate (what was searched,
// the answer, its price, what the answer costs over the horizon and per 730-hour month, each target's
// value and margin there, whether it meets), ★ on the cheapest, then the cheapest spelled out with
// its margins and what the runner-up would cost more. No colour, no wall-clock figure.
import Table from 'cli-table3';
import type { CandidatePlan, CostPlanResult } from '../experiment/cost-plan.js';
import { groupSize } from '../experiment/group-size.js';
import type { MetricFormat } from '../experiment/metrics.js';
import type { Probe, TargetOutcome } from '../experiment/plan.js';
import { formatValue } from './comparison.js';
import { formatMs } from './table.js';

const STYLE = { head: [] as string[], border: [] as string[], compact: true };

const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A margin in the target's unit, signed: +0.050 points, -1.2 s, +3. */
function formatMargin(m: number, f: MetricFormat): string {
  if (f === 'percent') return `${m >= 0 ? '+' : '-'}${(Math.abs(m) * 100).toFixed(3)} points`;
  if (f === 'ms') return `${m >= 0 ? '+' : '-'}${formatMs(Math.abs(m))}`;
  return `${m >= 0 ? '+' : ''}${m.toLocaleString('en-US', { maximumFractionDigits: 3 })}`;
}

const outcomeCell = (o: TargetOutcome, f: MetricFormat): string => `${formatValue(o.value, f)} (${formatMargin(o.margin, f)})`;

/** The probe a candidate's row shows: its answer, or, when none meets, the largest size tried. */
function shownProbe(c: CandidatePlan): Probe | undefined {
  if (c.plan.atAnswer) return c.plan.atAnswer;
  return [...c.plan.probes].sort((a, b) => b.count - a.count)[0];
}

function searchedName(c: CandidatePlan): string {
  return groupSize(c.group).searched === 'max' ? 'max' : 'count';
}

/** The candidates table and the cheapest answer. */
export function costPlanText(r: CostPlanResult, formats: readonly MetricFormat[]): string {
  const hours = `${r.horizonHours} h`;
  const t = new Table({
    head: ['candidate', 'sized by', 'answer', '$/instance-h', 'instance-h', `cost (${hours})`, `$/month (${r.hoursPerMonth} h)`, ...r.targets, 'meets'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', ...r.targets.map(() => 'right' as const), 'left'],
    style: STYLE,
  });
  r.candidates.forEach((c, i) => {
    const p = shownProbe(c);
    const targets = r.targets.map((_, k) => {
      const o = p?.targets[k];
      return o === undefined ? '' : outcomeCell(o, formats[k] ?? 'number');
    });
    const price = `${c.group.pricePerHour}`;
    if (c.plan.answer === undefined) {
      t.push([c.label, searchedName(c), `none ≤ ${c.plan.max}`, price, '', '', '', ...targets, `no (at ${p?.count ?? c.plan.max})`]);
    } else {
      const cost = c.cost;
      t.push([
        `${c.label}${i === r.cheapest ? ' ★' : ''}`,
        searchedName(c),
        String(c.plan.answer),
        price,
        cost === undefined ? '' : cost.instanceHours.toLocaleString('en-US', { maximumFractionDigits: 1 }),
        cost === undefined ? 'unpriced' : usd(cost.overHorizon),
        cost === undefined ? '' : usd(cost.perMonth),
        ...targets,
        'yes',
      ]);
    }
  });
  const reps = r.seeds.length === 1 ? `seed ${r.seeds[0]}` : `${r.seeds.length} replications (seeds ${r.seeds[0]}–${r.seeds[r.seeds.length - 1]}), criterion ${r.criterion}`;
  const lines: string[] = [];
  lines.push(`${r.scenario}: cheapest ${r.group} for ${r.targets.join(' and ')}; ${r.candidates.length} candidates; ${reps}, the same arrivals for every probe; horizon ${hours}`);
  lines.push(t.toString());
  lines.push(`each row: the smallest count (an autoscaled group: the smallest autoscaling max) meeting the targets, and what the group's instances cost there (instance-hours × price); (margin) = room to spare`);
  for (const c of r.candidates) {
    if (c.plan.answer !== undefined) continue;
    const max = c.plan.max;
    const peak = shownProbe(c)?.billed?.peakInstances;
    if (c.neverPlaced.length > 0) {
      // a task that fits no instance of the cluster is not helped by more of them
      lines.push(`${c.label}: no ${searchedName(c)} can meet the targets: ${c.neverPlaced.join('; ')}`);
    } else if (peak !== undefined && peak < (shownProbe(c)?.count ?? max)) {
      // the ceiling was never reached: a higher one changes nothing
      lines.push(`${c.label}: no max in ${c.plan.min}–${max} meets the targets, and at max ${shownProbe(c)!.count} its policy ran at most ${peak} instances: a higher --max will not help; change its policy, min or bootTime`);
    } else {
      lines.push(`${c.label}: no ${searchedName(c)} in ${c.plan.min}–${max} meets the targets; widen the search with --max (e.g. --max ${Math.max(max * 2, max + 16)})`);
    }
  }
  if (r.cheapest === undefined) {
    lines.push(`no candidate meets ${r.targets.join(' and ')}`);
  } else {
    const c = r.candidates[r.cheapest]!;
    const cost = c.cost!;
    const sized = searchedName(c) === 'max' ? `autoscaling max ${c.plan.answer}` : `${c.plan.answer} instances`;
    lines.push(`cheapest: ${c.label}, ${sized}: ${usd(cost.overHorizon)} over the ${hours} horizon (${usd(cost.perHour)}/h, ${usd(cost.perMonth)} a month)`);
    c.plan.atAnswer!.targets.forEach((o, k) => {
      lines.push(`  ${o.target}: ${formatValue(o.value, formats[k] ?? 'number')} (margin ${formatMargin(o.margin, formats[k] ?? 'number')})`);
    });
    if (c.plan.below) {
      const misses = c.plan.below.targets.filter((o) => !o.meets).map((o) => o.target);
      lines.push(`  ${c.plan.below.count} miss${misses.length > 0 ? `es ${misses.join(' and ')}` : 'es'}`);
    }
    const others = r.candidates.filter((o, i) => i !== r.cheapest && o.exactCost !== undefined).sort((a, b) => a.exactCost! - b.exactCost!);
    const next = others[0];
    if (next) {
      const more = next.exactCost! - c.exactCost!;
      const pct = c.exactCost! > 0 ? ` (+${((more / c.exactCost!) * 100).toFixed(1)}%)` : '';
      // equal to the cent: the first listed is the cheapest, and the tie is worth saying
      if (Math.round(more * 100) === 0) lines.push(`  next: ${next.label} at ${next.plan.answer} costs the same to the cent (the first listed is marked)`);
      else lines.push(`  next: ${next.label} at ${next.plan.answer} costs ${usd(more)} more over the horizon${pct}`);
    }
  }
  lines.push(`prices: ${r.priceTable.region} ${r.priceTable.operatingSystem} on-demand, ${r.priceTable.asOf} (${r.priceTable.url}), unless a candidate gives pricePerHour or --price TYPE=USD`);
  return `${lines.join('\n')}\n`;
}

function probeJson(p: Probe) {
  return {
    count: p.count,
    meets: p.meets,
    targets: p.targets.map((t) => ({ target: t.target, value: t.value, meets: t.meets, margin: t.margin, mean: t.estimate.mean, ci95: [t.estimate.low, t.estimate.high] })),
    ...(p.billed ? { instanceHours: p.billed.instanceHours, cost: p.billed.cost } : {}),
    ...(p.billed?.peakInstances === undefined ? {} : { peakInstances: p.billed.peakInstances }),
  };
}

/** The cost plan as one JSON document. */
export function costPlanJson(r: CostPlanResult): string {
  const doc = {
    scenario: r.scenario,
    group: r.group,
    minimize: 'cost',
    targets: r.targets,
    criterion: r.criterion,
    seeds: r.seeds,
    horizonHours: r.horizonHours,
    hoursPerMonth: r.hoursPerMonth,
    priceTable: r.priceTable,
    cheapest: r.cheapest === undefined ? null : r.candidates[r.cheapest]!.label,
    candidates: r.candidates.map((c) => ({
      label: c.label,
      type: c.group.type ?? null,
      resources: c.group.resources,
      pricePerHour: c.group.pricePerHour,
      ...(c.group.autoscaling ? { autoscaling: { min: c.group.autoscaling.min, max: c.group.autoscaling.max } } : {}),
      searched: c.plan.searched,
      range: [c.plan.min, c.plan.max],
      answer: c.plan.answer ?? null,
      meets: c.plan.answer !== undefined,
      cost: c.cost ?? null,
      atAnswer: c.plan.atAnswer ? probeJson(c.plan.atAnswer) : null,
      below: c.plan.below ? probeJson(c.plan.below) : null,
      probes: c.plan.probes.map(probeJson),
      nonMonotone: c.plan.nonMonotone,
      neverPlaced: c.neverPlaced,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
