// `ecsim plan --minimize cost`: the candidates from --types or --candidates, checked before any run
// (unknown types, missing prices, flags that do not combine all exit 2), then every candidate sized
// in place of --group and the cheapest shown as a table (or --json), with an HTML --report of the
// cheapest candidate's search.
import { candidateScenario, fileCandidates, planCost, typeCandidates, type Candidate } from '../../experiment/cost-plan.js';
import { groupAt } from '../../experiment/group-size.js';
import type { MetricFormat } from '../../experiment/metrics.js';
import { planBasis, probeJob, reportCounts, type PlanOptions, type Probe } from '../../experiment/plan.js';
import type { ReplicationPool } from '../../experiment/pool.js';
import { costPlanJson, costPlanText } from '../../report/cost-plan.js';
import { planReportInput, type ReportSource } from '../../report/html-input.js';
import type { Scenario } from '../../scenario/types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error.js';
import { planRuns, writeReport } from '../experiment.js';
import { loadCandidatesFile } from '../scenario-file.js';

/** What `--minimize` may say. */
export const MINIMIZE = ['count', 'cost'] as const;

/** The flags of plan that the cost search reads or refuses. */
export interface CostFlags {
  minimize: string;
  types?: string;
  candidates?: string;
  grid?: string;
  price: string[];
  json?: boolean;
  report?: string;
  quiet?: boolean;
}

/**
 * Refuses flag combinations the cost search does not take, before the scenario is read.
 * @throws CliError (exit 2).
 */
export function checkCostFlags(flags: CostFlags, sharded: boolean): void {
  if (!(MINIMIZE as readonly string[]).includes(flags.minimize)) throw new CliError(`ecsim plan: --minimize must be count or cost, got ${flags.minimize}`, EXIT_USAGE);
  const cost = flags.minimize === 'cost';
  if (flags.types !== undefined && flags.candidates !== undefined) {
    throw new CliError('ecsim plan: --types and --candidates are two ways to give the candidates; give one', EXIT_USAGE);
  }
  if (!cost && (flags.types !== undefined || flags.candidates !== undefined)) {
    throw new CliError(`ecsim plan: ${flags.types !== undefined ? '--types' : '--candidates'} goes with --minimize cost`, EXIT_USAGE);
  }
  if (!cost) return;
  if (flags.types === undefined && flags.candidates === undefined) {
    throw new CliError('ecsim plan: --minimize cost needs candidates: --types m5.large,c5.xlarge or --candidates FILE', EXIT_USAGE);
  }
  if (flags.grid !== undefined || sharded) {
    throw new CliError(`ecsim plan: --minimize cost searches each candidate by bisection; it does not take ${flags.grid !== undefined ? '--grid' : '--shard'}`, EXIT_USAGE);
  }
  if (flags.price.some((p) => !p.includes('='))) {
    throw new CliError('ecsim plan: with --minimize cost, --price prices a candidate type: TYPE=USD (a bare USD would price every candidate alike)', EXIT_USAGE);
  }
}

/** --price TYPE=USD values by type. @throws CliError (exit 2) for a value that is not USD. */
function typePrices(prices: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of prices) {
    const eq = p.lastIndexOf('=');
    const value = p.slice(eq + 1);
    const usd = Number(value.replace(/^\$/, ''));
    if (!Number.isFinite(usd) || usd < 0 || value.trim() === '') throw new CliError(`ecsim plan: --price ${p}: expected USD per hour, e.g. m5.large=0.096`, EXIT_USAGE);
    Object.defineProperty(out, p.slice(0, eq), { value: usd, enumerable: true });
  }
  return out;
}

/**
 * The candidates the flags name, every one checked (known type, priced) before any run.
 * @throws CliError (exit 2) naming the candidate at fault, or listing a candidates file's problems.
 */
export function candidatesOf(flags: CostFlags, scenario: Scenario, group: string): Candidate[] {
  try {
    const base = groupAt(scenario, group).group;
    if (flags.candidates !== undefined) return fileCandidates(loadCandidatesFile(flags.candidates), base);
    const types = flags.types!.split(',').map((t) => t.trim()).filter((t) => t !== '');
    return typeCandidates(base, types, typePrices(flags.price));
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(`ecsim plan: ${e.message}`, EXIT_USAGE);
    throw e;
  }
}

/** Runs the cost search and prints it; exit code 1 when no candidate meets the targets. */
export async function showCostPlan(
  scenario: Scenario,
  pool: ReplicationPool,
  options: Omit<PlanOptions, 'onProbe' | 'onProgress' | 'pricePerHour'>,
  candidates: readonly Candidate[],
  formats: readonly MetricFormat[],
  flags: CostFlags,
  hooks: { onProbe: (label: string, p: Probe) => void; onProgress: (done: number) => void },
  source: () => ReportSource,
): Promise<void> {
  const result = await planCost(scenario, pool, { ...options, candidates, onProbe: (c, p) => hooks.onProbe(c.label, p), onProgress: hooks.onProgress });
  if (flags.report !== undefined) {
    // the cheapest candidate's search drawn as plan draws one (the first candidate's when none meets)
    const k = result.cheapest ?? 0;
    const c = result.candidates[k]!;
    const s = candidateScenario(scenario, options.group, candidates[k]!);
    const counts = reportCounts(c.plan);
    const basis = planBasis(s, options);
    const runs = await pool.run(counts.map((count) => probeJob(s, options, basis, count, result.seeds[0]!, true)));
    const plan = { ...c.plan, group: `${options.group} as ${c.label}` };
    await writeReport('plan', flags.report, planReportInput(plan, formats, planRuns(counts, runs), source()));
  }
  process.stdout.write(flags.json ? costPlanJson(result) : costPlanText(result, formats));
  if (flags.report !== undefined && !flags.quiet && !flags.json) process.stderr.write(`wrote ${flags.report}\n`);
  if (result.cheapest === undefined) process.exitCode = EXIT_FAILURE;
}
