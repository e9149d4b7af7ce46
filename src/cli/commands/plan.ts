// `ecsim plan scenario.yaml --group prod/0 --target 'placementRate>=0.999'`: the smallest count of
// one instance group that meets the targets, by bisection over runs of the scenario (replications
// in parallel worker threads). Prints each probe as it finishes (stderr), then the probes, the
// answer and its margin (stdout), or --json; an hourly price turns the answer into a cost. With
// --grid every count of a range is probed instead, and --shard I/N runs one shard of those runs.
// --minimize cost sizes each of several candidate groups instead and picks the cheapest (plan-cost.ts).
import type { Command } from 'commander';
import { parseGrid, planGrid, prepareGrid, type Grid } from '../../experiment/plan-grid.js';
import { parseTargets, planBasis, planCapacity, probeJob, reportCounts, targetFormats, type Criterion, type Probe } from '../../experiment/plan.js';
import { defaultWorkers, ReplicationPool } from '../../experiment/pool.js';
import { resourceDimensions } from '../../scenario/fleet.js';
import { formatValue } from '../../report/comparison.js';
import type { InstanceGroup, Scenario } from '../../scenario/types.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, nonNegativeInt, planRuns, positiveInt, reportSource, scenarioDirOf, showPlan } from '../experiment.js';
import { headerBase, isSharded, moduleDigests, runShardJobs, shardOf, writeShard, type ShardFlags } from '../shards.js';
import { loadScenarioFile } from '../scenario-file.js';
import { progressOption, resolveProgressMode, runsProgress, type ProgressMode } from '../progress.js';
import { checkOutputFile } from '../outputs.js';
import { positiveDuration, sampleEveryOption, seedValue } from './run.js';
import { candidatesOf, checkCostFlags, showCostPlan } from './plan-cost.js';

interface PlanFlags extends ShardFlags {
  minimize: string;
  types?: string;
  candidates?: string;
  grid?: string;
  step?: number;
  group: string;
  target: string[];
  replications: number;
  criterion: string;
  min?: number;
  max?: number;
  strategy?: string;
  price: string[];
  workers?: number;
  seed?: number;
  duration?: number;
  sampleEvery: number;
  json?: boolean;
  report?: string;
  quiet?: boolean;
  progress?: ProgressMode;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * The group's hourly price from `--price` values: a bare number is the group's price; TYPE=USD
 * prices an instance type. Undefined when no price is given.
 */
export function priceOf(prices: readonly string[], scenario: Scenario, group: string): number | undefined {
  if (prices.length === 0) return undefined;
  const m = /^(.+)\/(\d+)$/.exec(group);
  const type = m ? scenario.clusters.find((c) => c.name === m[1])?.instances[Number(m[2])]?.type : undefined;
  let found: number | undefined;
  for (const p of prices) {
    const eq = p.lastIndexOf('=');
    const [name, value] = eq < 0 ? [undefined, p] : [p.slice(0, eq), p.slice(eq + 1)];
    const usd = Number(value.replace(/^\$/, ''));
    if (!Number.isFinite(usd) || usd < 0 || value.trim() === '') throw new CliError(`ecsim plan: --price ${p}: expected USD per hour, e.g. 0.10 or m4.large=0.10`, EXIT_USAGE);
    if (name === undefined || name === type) found = usd;
  }
  if (found === undefined) {
    throw new CliError(`ecsim plan: no --price for ${group}'s instance type (${type ?? 'none: the group gives its resources'}); give --price ${type ?? 'USD'}=USD or a bare --price USD`, EXIT_USAGE);
  }
  return found;
}

/** The group `cluster/index` names, if any (plan's search reports a bad name itself). */
function scenarioGroup(scenario: Scenario, group: string): InstanceGroup | undefined {
  const m = /^(.+)\/(\d+)$/.exec(group);
  return m ? scenario.clusters.find((c) => c.name === m[1])?.instances[Number(m[2])] : undefined;
}

function probeLine(p: Probe, formats: readonly string[]): string {
  const values = p.targets.map((t, i) => `${t.target.split(/[<>=]/)[0]}=${formatValue(t.value, (formats[i] ?? 'number') as 'number')}`);
  return `probe ${p.count}: ${values.join(', ')} → ${p.meets ? 'meets' : 'misses'}\n`;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'find the smallest count of one instance group that meets targets (bisection over runs, or a --grid of counts), or with --minimize cost the cheapest of several candidate groups',
    )
    .argument('<scenario>', 'scenario file (YAML)')
    .requiredOption('-g, --group <cluster/index>', 'the instance group to size: cluster name / index in its instances list, e.g. prod/0')
    .requiredOption('-t, --target <target>', 'e.g. placementRate>=0.999, placementRate>=99.9%, p99<=30s; repeat or join with "," for several', collect, [])
    .option('-n, --replications <n>', 'seeds per probe (seed, seed+1, …)', positiveInt, 1)
    .option('--criterion <c>', 'how replications decide: mean, ci (the pessimistic end of the 95% interval) or all (every replication)', 'mean')
    .option('--min <n>', 'smallest count to consider (default 1)', nonNegativeInt)
    .option('--max <n>', "largest count to consider (default max(4 × the scenario's count, count + 16))", nonNegativeInt)
    .option('--strategy <strategy>', 'RunTask placement strategy (built-in name or module path); default the scenario\'s')
    .option('--price <usd>', 'hourly price: USD for the group, or TYPE=USD per instance type (repeatable); with --minimize cost, TYPE=USD overrides the built-in price of a --types candidate', collect, [])
    .option(
      '--minimize <what>',
      "count: the smallest count of --group (an autoscaled group: the smallest autoscaling max); cost: each candidate of --types or --candidates in place of --group, sized the same way, and the cheapest that meets the targets",
      'count',
    )
    .option('--types <list>', "with --minimize cost: instance types to try, e.g. m5.large,m5.xlarge,c5.xlarge (each keeps the group's zone, attributes, ports and autoscaling; resources and price are the type's)")
    .option('--candidates <file>', 'with --minimize cost: a YAML or JSON list of whole instance groups, written as a scenario\'s instances: entries (type or resources, pricePerHour, autoscaling, …)')
    .option('-w, --workers <n>', 'worker threads (default: the number of cores); results do not depend on it', positiveInt)
    .option('--seed <n>', "seed of the first replication (overrides the scenario's)", seedValue)
    .option('--duration <duration>', "simulated horizon, e.g. 30m, 6h, or ms (overrides the scenario's)", positiveDuration)
    .addOption(sampleEveryOption('time-series sampling interval (for --report; a bare number is ms)'))
    .option('--grid <LO..HI>', 'probe every count LO, LO+step, … up to HI instead of bisecting (the answer: the smallest count from which every larger one meets); needed to shard')
    .option('--step <k>', 'step of --grid (default 1)', positiveInt)
    .option('--shard <I/N>', 'with --grid: run only shard I (from 0) of N of the (count, replication) runs; writes raw results for ecsim merge')
    .option('--shards <n>', 'the number of shards, when the index comes from JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX', positiveInt)
    .option('--out <file>', 'write the shard file here (JSON Lines; default stdout); alone, every run of the grid in one file')
    .option('--json', 'print one JSON document instead of the text')
    .option('--report <file>', 'also write a self-contained HTML report')
    .option('-q, --quiet', 'no probe lines or progress bar on stderr')
    .addOption(progressOption())
    .action(async (file: string, flags: PlanFlags) => {
      checkCostFlags(flags, isSharded(flags));
      if (flags.step !== undefined && flags.grid === undefined) throw new CliError('ecsim plan: --step goes with --grid LO..HI', EXIT_USAGE);
      if (flags.grid !== undefined && (flags.min !== undefined || flags.max !== undefined)) throw new CliError('ecsim plan: --grid LO..HI replaces --min and --max', EXIT_USAGE);
      const shard = isSharded(flags) ? shardOf('plan', flags) : undefined;
      if (shard !== undefined && flags.grid === undefined) {
        throw new CliError('ecsim plan: sharding needs --grid LO..HI: bisection picks each probe from the one before, so its probes cannot be dealt out', EXIT_USAGE);
      }
      let grid: Grid | undefined;
      try {
        grid = flags.grid === undefined ? undefined : parseGrid(flags.grid, flags.step);
      } catch (e) {
        throw asCliError('plan', file, e);
      }
      const scenario = loadScenarioFile(file);
      if (flags.report !== undefined) checkOutputFile('plan', '--report', flags.report);
      if (!['mean', 'ci', 'all'].includes(flags.criterion)) throw new CliError(`ecsim plan: --criterion must be mean, ci or all, got ${flags.criterion}`, EXIT_USAGE);
      const dims = resourceDimensions(scenario);
      let targets;
      try {
        targets = parseTargets(
          flags.target.join(','),
          dims,
          (scenario.services ?? []).map((s) => s.name),
        );
      } catch (e) {
        throw asCliError('plan', file, e);
      }
      const formats = targetFormats(targets);
      const candidates = flags.minimize === 'cost' ? candidatesOf(flags, scenario, flags.group) : undefined;
      const price = candidates ? undefined : priceOf(flags.price, scenario, flags.group);
      if (price !== undefined && scenarioGroup(scenario, flags.group)?.autoscaling) {
        // its cost is what its scaler launched, not count × price: the cost search bills it
        throw new CliError(
          `ecsim plan: ${flags.group} autoscales, so its cost is what it launches, not its max × --price; use --minimize cost --types TYPE (with --price TYPE=USD) to size and price it`,
          EXIT_USAGE,
        );
      }
      const pool = new ReplicationPool(flags.workers ?? defaultWorkers());
      const bar = runsProgress(resolveProgressMode(flags.progress, flags.quiet), scenario.name);
      const strategy = flags.strategy === undefined ? undefined : { spec: flags.strategy, baseDir: process.cwd() };
      const source = () => reportSource(file, scenario, flags.seed ?? scenario.seed, process.argv.slice(2));
      const common = {
        group: flags.group,
        targets,
        scenarioDir: scenarioDirOf(file),
        replications: flags.replications,
        criterion: flags.criterion as Criterion,
        sampleEvery: flags.sampleEvery,
        ...(strategy ? { strategy } : {}),
        ...(price === undefined ? {} : { pricePerHour: price }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.duration === undefined ? {} : { duration: flags.duration }),
      };
      try {
        if (candidates !== undefined) {
          const options = {
            ...common,
            ...(flags.min === undefined ? {} : { min: flags.min }),
            ...(flags.max === undefined ? {} : { max: flags.max }),
          };
          await showCostPlan(scenario, pool, options, candidates, formats, flags, {
            onProgress: (d) => bar.update(d, d + flags.replications),
            onProbe: (label, p) => {
              if (flags.quiet) return;
              bar.stop();
              process.stderr.write(`${label} ${probeLine(p, formats)}`);
            },
          }, source);
          return;
        }
        if (grid !== undefined) {
          // a shard keeps replication 0's series at every count: the merge may be asked for a report
          const options = { ...common, grid, withSeries: shard !== undefined || flags.report !== undefined };
          if (shard !== undefined) {
            const setup = prepareGrid(scenario, options);
            const R = setup.basis.seeds.length;
            const entries = await runShardJobs(pool, 'plan', setup.jobs, R, shard, (i) => ({ count: setup.counts[Math.floor(i / R)]! }), (d, t) => bar.update(d, t));
            bar.stop();
            const plan = {
              group: flags.group,
              targets: targets.map((t) => t.text),
              criterion: setup.basis.criterion,
              grid,
              ...(flags.strategy === undefined ? {} : { strategy: flags.strategy }),
              ...(price === undefined ? {} : { pricePerHour: price }),
            };
            const run = { ...(flags.duration === undefined ? {} : { duration: flags.duration }), sampleEvery: flags.sampleEvery };
            const modules = moduleDigests(scenario, scenarioDirOf(file), flags.strategy === undefined ? [] : [flags.strategy]);
            await writeShard('plan', flags.out, { ...headerBase(source(), shard, setup.basis.seeds, run, modules), plan }, entries, flags.quiet ?? false);
            return;
          }
          const result = await planGrid(scenario, pool, options, (d, t) => bar.update(d, t));
          bar.stop();
          if (!flags.quiet) for (const p of result.probes) process.stderr.write(probeLine(p, formats));
          const runs = result.runs ?? [];
          await showPlan('plan', result, formats, flags, planRuns(runs.map((r) => r.count), runs), source());
          return;
        }
        const result = await planCapacity(scenario, pool, {
          ...common,
          onProgress: (done) => bar.update(done, done + flags.replications),
          onProbe: (p) => {
            if (flags.quiet) return;
            bar.stop();
            process.stderr.write(probeLine(p, formats));
          },
          ...(flags.min === undefined ? {} : { min: flags.min }),
          ...(flags.max === undefined ? {} : { max: flags.max }),
        });
        bar.stop();
        let runs: ReturnType<typeof planRuns> = [];
        if (flags.report !== undefined) {
          // the runs at the answer and just below it, over time (replication 0)
          const counts = reportCounts(result);
          const basis = planBasis(scenario, common);
          runs = planRuns(counts, await pool.run(counts.map((count) => probeJob(scenario, common, basis, count, result.seeds[0]!, true))));
        }
        await showPlan('plan', result, formats, flags, runs, source());
      } catch (e) {
        throw asCliError('plan', file, e);
      } finally {
        bar.stop();
        await pool.close();
      }
    });
}
