// `ecsim plan --minimize cost`: which instance group is cheapest for the scenario's load. Each
// candidate (an instance type put in place of the group, or a whole group from a candidates file)
// replaces the group, and the smallest count meeting the targets is searched as plan.ts searches
// one group (an autoscaled candidate: the smallest autoscaling max, see group-size.ts). The
// cheapest candidate is the one whose group costs least at its answer, cost being what the
// scenario's fleet ledger bills: the group's instance-hours (launch to deregistration, per second)
// × its price, the mean over replications.
//
// Common random numbers: every probe of every candidate runs the same seeds (seed, seed + 1, …), and
// the runner draws arrivals and lifetimes from each workload's own named streams, so a candidate's
// type and count change where tasks go, never which tasks arrive when (see runner.ts).
import { instanceTypeNames, instanceTypeResources } from '../model/instance-types.js';
import { onDemandPrice, PRICE_TABLE_SOURCE } from '../model/instance-prices.js';
import { round } from '../metrics/summary.js';
import { didYouMean } from '../scenario/suggest.js';
import type { InstanceGroup, Scenario } from '../scenario/types.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import { groupAt, groupSize, withGroup } from './group-size.js';
import { planBasis, planCapacity, type PlanOptions, type PlanResult, type Probe } from './plan.js';
import type { ReplicationPool } from './pool.js';

/** Hours in the month planners quote (AWS's pricing pages use 730). */
export const HOURS_PER_MONTH = 730;

/** One group to try in place of the plan's group. */
export interface Candidate {
  /** How outputs name it: its instance type, or `#N (CPU …, MEMORY …)` for a group given by resources. */
  label: string;
  /** The whole group, priced (`pricePerHour` set). */
  group: InstanceGroup & { pricePerHour: number };
}

/**
 * Candidates that are `base` with another instance type: the group keeps its zone, attributes,
 * reserved ports and autoscaling; its resources become the type's, its price the type's from
 * `prices` (TYPE → USD per hour, from --price) or else the built-in table. Its starting count is
 * scaled by CPU, so the search starts near the base group's capacity.
 * @throws RangeError for an unknown type (with the closest name), a type with no price, or a type listed twice.
 */
export function typeCandidates(base: InstanceGroup, types: readonly string[], prices: Readonly<Record<string, number>> = {}): Candidate[] {
  if (types.length === 0) throw new RangeError('--types needs at least one instance type, e.g. --types m5.large,c5.xlarge');
  const seen = new Set<string>();
  return types.map((type) => {
    if (seen.has(type)) throw new RangeError(`--types lists ${type} twice`);
    seen.add(type);
    const resources = instanceTypeResources(type);
    if (resources === undefined) {
      throw new RangeError(`--types: unknown instance type ${JSON.stringify(type)}${didYouMean(type, instanceTypeNames())}; for another type write it with its resources and pricePerHour in a --candidates file`);
    }
    const price = Object.hasOwn(prices, type) ? prices[type] : onDemandPrice(type);
    if (price === undefined) throw new RangeError(`--types: instance type ${type} has no price in the built-in table; give --price ${type}=USD`);
    // the base's own pricePerHour priced the base's type, not this one
    const { pricePerHour: _, ...rest } = base;
    const group = { ...rest, type, resources, pricePerHour: price };
    return { label: type, group: { ...group, count: startCount(base, group) } };
  });
}

/**
 * Where a fixed candidate's search starts: as many instances as hold the base group's CPU (at
 * least 1), so the default range (up to 4 × that, or that + 16) fits every candidate alike. An
 * autoscaled candidate keeps its own count, the size its scaler starts from.
 */
function startCount(base: InstanceGroup, candidate: InstanceGroup): number {
  if (candidate.autoscaling) return candidate.count;
  const cpu = candidate.resources.CPU;
  return cpu > 0 ? Math.max(1, Math.round((base.count * base.resources.CPU) / cpu)) : base.count;
}

/**
 * Candidates from a candidates file's groups (each already validated and priced by the loader:
 * its pricePerHour, else the table's price of its type). Labels are the types, numbered when a
 * type or a resources-only group repeats. A fixed group's count is what the plan searches, so the
 * file's count is not used: the search starts at the count holding `base`'s CPU.
 */
export function fileCandidates(groups: readonly InstanceGroup[], base: InstanceGroup): Candidate[] {
  const labels = groups.map((g) => g.type ?? `CPU ${g.resources.CPU}, MEMORY ${g.resources.MEMORY}`);
  return groups.map((g, i) => {
    const price = g.pricePerHour ?? (g.type === undefined ? undefined : onDemandPrice(g.type));
    if (price === undefined) throw new RangeError(`candidate ${i + 1} (${labels[i]}) has no price: give its pricePerHour`);
    const unique = labels.filter((l) => l === labels[i]).length === 1 && g.type !== undefined;
    return { label: unique ? labels[i]! : `#${i + 1} (${labels[i]})`, group: { ...g, count: startCount(base, g), pricePerHour: price } };
  });
}

export interface CostPlanOptions extends Omit<PlanOptions, 'pricePerHour' | 'bill' | 'onProbe' | 'onProgress'> {
  candidates: readonly Candidate[];
  /** Called with each probe of each candidate as it finishes. */
  onProbe?: (candidate: Candidate, probe: Probe) => void;
  /** Called after every finished replication, with the number finished so far. */
  onProgress?: (done: number) => void;
}

/** What the cheapest answer of a candidate costs (means over replications). */
export interface CandidateCost {
  /** The group's billed instance-hours over the horizon. */
  instanceHours: number;
  /** USD over the horizon (rounded to the cent). */
  overHorizon: number;
  /** USD per hour of simulated time. */
  perHour: number;
  /** USD per month of 730 hours, at the horizon's rate (rounded to the cent). */
  perMonth: number;
}

export interface CandidatePlan {
  label: string;
  group: Candidate['group'];
  /** The candidate's own search: probes, answer, the probe below it. */
  plan: PlanResult;
  /** At the answer; undefined when no size in the range meets the targets. */
  cost: CandidateCost | undefined;
  /** Unrounded USD over the horizon at the answer, for ranking. */
  exactCost: number | undefined;
  /**
   * Why some workload of the group's cluster can never be placed with this candidate in the
   * group's place (its tasks need more than any instance of the cluster then has), as `validate`
   * words it; empty when every one fits somewhere. No count helps these, so the advice is not --max.
   */
  neverPlaced: string[];
}

export interface CostPlanResult {
  scenario: string;
  group: string;
  targets: string[];
  criterion: PlanResult['criterion'];
  seeds: number[];
  horizonHours: number;
  hoursPerMonth: number;
  priceTable: typeof PRICE_TABLE_SOURCE;
  /** In the order given. */
  candidates: CandidatePlan[];
  /** Index into `candidates` of the cheapest that meets the targets (the first of equal costs); undefined when none does. */
  cheapest: number | undefined;
}

/**
 * The scenario with candidate `c` in place of `group`.
 * @throws RangeError when `group` is not a group of the scenario.
 */
export function candidateScenario(scenario: Scenario, group: string, c: Candidate): Scenario {
  return withGroup(scenario, group, c.group);
}

/** Messages of the workloads of `cluster` that no instance of `s` can ever hold (see warnings.ts). */
function neverPlacedIn(s: Scenario, cluster: string): string[] {
  return scenarioWarnings(s)
    .filter((w) => w.path[0] === 'workloads' && w.path[2] === 'taskDefinition' && s.workloads[w.path[1] as number]?.cluster === cluster)
    .map((w) => `workload ${s.workloads[w.path[1] as number]!.name}: ${w.message}`);
}

/**
 * Sizes every candidate in turn and picks the cheapest. Every candidate's options are checked
 * before the first run, so a bad range fails before any probe.
 * @throws RangeError for bad options; StrategyLoadError / JobFailedError from the runs.
 */
export async function planCost(scenario: Scenario, pool: ReplicationPool, options: CostPlanOptions): Promise<CostPlanResult> {
  groupAt(scenario, options.group);
  if (options.candidates.length === 0) throw new RangeError('plan --minimize cost needs at least one candidate');
  const { candidates, onProbe, onProgress, ...common } = options;
  const scenarios = candidates.map((c) => candidateScenario(scenario, options.group, c));
  scenarios.forEach((s) => planBasis(s, { ...common, bill: true }));
  const horizonHours = (options.duration ?? scenario.duration) / 3_600_000;
  let done = 0;
  const out: CandidatePlan[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const plan = await planCapacity(scenarios[i]!, pool, {
      ...common,
      bill: true,
      onProbe: (p) => onProbe?.(c, p),
      onProgress: () => onProgress?.(++done),
    });
    const billed = plan.atAnswer?.billed;
    const exact = billed?.cost ?? undefined;
    out.push({
      label: c.label,
      group: c.group,
      plan,
      exactCost: exact,
      neverPlaced: neverPlacedIn(scenarios[i]!, scenario.clusters[groupAt(scenario, options.group).cluster]!.name),
      cost:
        billed === undefined || exact === undefined
          ? undefined
          : {
              instanceHours: round(billed.instanceHours, 6),
              overHorizon: round(exact, 2),
              perHour: round(exact / horizonHours, 4),
              perMonth: round((exact / horizonHours) * HOURS_PER_MONTH, 2),
            },
    });
  }
  let cheapest: number | undefined;
  out.forEach((c, i) => {
    if (c.exactCost === undefined) return;
    if (cheapest === undefined || c.exactCost < out[cheapest]!.exactCost!) cheapest = i;
  });
  return {
    scenario: scenario.name,
    group: options.group,
    targets: options.targets.map((t) => t.text),
    criterion: options.criterion ?? 'mean',
    seeds: out[0]!.plan.seeds,
    horizonHours: round(horizonHours, 6),
    hoursPerMonth: HOURS_PER_MONTH,
    priceTable: PRICE_TABLE_SOURCE,
    candidates: out,
    cheapest,
  };
}

/** What a candidate's search varies, for help and outputs: `count`, or `autoscaling max`. */
export function searchedLabel(c: Candidate): string {
  return groupSize(c.group).searched === 'max' ? 'autoscaling max' : 'count';
}
