// `ecsim plan scenario.yaml --group prod/0 --target 'placementRate>=0.999'`: the smallest count of
// one instance group that meets the targets, by bisection over runs of the scenario (replications
// in parallel worker threads). Prints each probe as it finishes (stderr), then the probes, the
// answer and its margin (stdout), or --json; an hourly price turns the answer into a cost.
import type { Command } from 'commander';
import { metricByKey } from '../../experiment/metrics.js';
import { parseTargets, planCapacity, type Criterion, type Probe } from '../../experiment/plan.js';
import { defaultWorkers, ReplicationPool } from '../../experiment/pool.js';
import { resourceDimensions } from '../../scenario/fleet.js';
import { formatValue, planJson, planText } from '../../report/comparison.js';
import { planReportInput } from '../../report/html-input.js';
import type { Scenario } from '../../scenario/types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error.js';
import { asCliError, jobsBar, nonNegativeInt, positiveInt, reportSource, scenarioDirOf, writeReport } from '../experiment.js';
import { loadScenarioFile } from '../scenario-file.js';
import { checkOutputFile } from '../outputs.js';
import { positiveDuration, sampleEveryOption, seedValue } from './run.js';

interface PlanFlags {
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

function probeLine(p: Probe, formats: readonly string[]): string {
  const values = p.targets.map((t, i) => `${t.target.split(/[<>=]/)[0]}=${formatValue(t.value, (formats[i] ?? 'number') as 'number')}`);
  return `probe ${p.count}: ${values.join(', ')} → ${p.meets ? 'meets' : 'misses'}\n`;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('find the smallest count of one instance group that meets targets (bisection over runs)')
    .argument('<scenario>', 'scenario file (YAML)')
    .requiredOption('-g, --group <cluster/index>', 'the instance group to size: cluster name / index in its instances list, e.g. prod/0')
    .requiredOption('-t, --target <target>', 'e.g. placementRate>=0.999, placementRate>=99.9%, p99<=30s; repeat or join with "," for several', collect, [])
    .option('-n, --replications <n>', 'seeds per probe (seed, seed+1, …)', positiveInt, 1)
    .option('--criterion <c>', 'how replications decide: mean, ci (the pessimistic end of the 95% interval) or all (every replication)', 'mean')
    .option('--min <n>', 'smallest count to consider (default 1)', nonNegativeInt)
    .option('--max <n>', "largest count to consider (default max(4 × the scenario's count, count + 16))", nonNegativeInt)
    .option('--strategy <strategy>', 'RunTask placement strategy (built-in name or module path); default the scenario\'s')
    .option('--price <usd>', 'hourly price: USD for the group, or TYPE=USD per instance type (repeatable)', collect, [])
    .option('-w, --workers <n>', 'worker threads (default: the number of cores); results do not depend on it', positiveInt)
    .option('--seed <n>', "seed of the first replication (overrides the scenario's)", seedValue)
    .option('--duration <duration>', "simulated horizon, e.g. 30m, 6h, or ms (overrides the scenario's)", positiveDuration)
    .addOption(sampleEveryOption('time-series sampling interval (for --report; a bare number is ms)'))
    .option('--json', 'print one JSON document instead of the text')
    .option('--report <file>', 'also write a self-contained HTML report')
    .option('-q, --quiet', 'no probe lines or progress bar on stderr')
    .action(async (file: string, flags: PlanFlags) => {
      const scenario = loadScenarioFile(file);
      if (flags.report !== undefined) checkOutputFile('plan', '--report', flags.report);
      if (!['mean', 'ci', 'all'].includes(flags.criterion)) throw new CliError(`ecsim plan: --criterion must be mean, ci or all, got ${flags.criterion}`, EXIT_USAGE);
      const dims = resourceDimensions(scenario);
      let targets;
      try {
        targets = parseTargets(flags.target.join(','), dims);
      } catch (e) {
        throw asCliError('plan', file, e);
      }
      const formats = targets.map((t) => metricByKey(t.metric.key, dims)?.format ?? 'number');
      const price = priceOf(flags.price, scenario, flags.group);
      const pool = new ReplicationPool(flags.workers ?? defaultWorkers());
      const bar = jobsBar(!flags.quiet, scenario.name);
      const strategy = flags.strategy === undefined ? undefined : { spec: flags.strategy, baseDir: process.cwd() };
      try {
        const result = await planCapacity(scenario, pool, {
          group: flags.group,
          targets,
          scenarioDir: scenarioDirOf(file),
          replications: flags.replications,
          criterion: flags.criterion as Criterion,
          sampleEvery: flags.sampleEvery,
          onProgress: (done) => bar.update(done, done + flags.replications),
          onProbe: (p) => {
            if (flags.quiet) return;
            bar.stop();
            process.stderr.write(probeLine(p, formats));
          },
          ...(strategy ? { strategy } : {}),
          ...(flags.min === undefined ? {} : { min: flags.min }),
          ...(flags.max === undefined ? {} : { max: flags.max }),
          ...(price === undefined ? {} : { pricePerHour: price }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.duration === undefined ? {} : { duration: flags.duration }),
        });
        bar.stop();
        if (flags.report !== undefined) {
          // the runs at the answer and just below it, over time (replication 0)
          const counts = result.answer === undefined ? [result.probes[result.probes.length - 1]!.count] : [result.answer, ...(result.below ? [result.below.count] : [])];
          const jobs = counts.map((count) => ({
            scenario,
            scenarioDir: scenarioDirOf(file),
            ...(strategy ? { strategy } : {}),
            seed: result.seeds[0]!,
            ...(flags.duration === undefined ? {} : { duration: flags.duration }),
            sampleEvery: flags.sampleEvery,
            groupCounts: { [flags.group]: count },
            metrics: [],
            withSeries: true,
          }));
          const runs = await pool.run(jobs);
          const labelled = runs.map((r, i) => ({ label: `${counts[i]} instances`, series: r.series!, failuresByReason: r.failuresByReason }));
          await writeReport('plan', flags.report, planReportInput(result, formats, labelled, reportSource(file, scenario, result.seeds[0]!, process.argv.slice(2))));
        }
        process.stdout.write(flags.json ? planJson(result) : planText(result, formats));
        if (flags.report !== undefined && !flags.quiet && !flags.json) process.stderr.write(`wrote ${flags.report}\n`);
        if (result.answer === undefined) process.exitCode = EXIT_FAILURE;
      } catch (e) {
        throw asCliError('plan', file, e);
      } finally {
        bar.stop();
        await pool.close();
      }
    });
}
