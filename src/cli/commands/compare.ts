// `ecsim compare scenario.yaml --strategies random,binpack:memory,spread:zone,first-fit`: the same
// scenario under each strategy with common random numbers, N replications in parallel worker
// threads, a side-by-side table (★ best per row), or --json / --csv, and an optional HTML report.
import type { Command } from 'commander';
import { compareStrategies } from '../../experiment/compare.js';
import { defaultWorkers, ReplicationPool } from '../../experiment/pool.js';
import { comparisonCsv, comparisonJson, comparisonTable } from '../../report/comparison.js';
import { compareReportInput } from '../../report/html-input.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, jobsBar, positiveInt, reportSource, scenarioDirOf, writeReport } from '../experiment.js';
import { loadScenarioFile } from '../scenario-file.js';
import { checkOutputFile } from '../outputs.js';
import { positiveDuration, sampleEveryOption, seedValue } from './run.js';

interface CompareFlags {
  strategies: string;
  replications: number;
  workers?: number;
  seed?: number;
  duration?: number;
  sampleEvery: number;
  json?: boolean;
  csv?: boolean;
  report?: string;
  quiet?: boolean;
}

export const DEFAULT_STRATEGIES = 'random,binpack:memory,spread:instanceId,first-fit';

export function register(program: Command): void {
  program
    .command('compare')
    .description('run a scenario under several placement strategies and compare them side by side')
    .argument('<scenario>', 'scenario file (YAML)')
    .option(
      '-s, --strategies <list>',
      'comma-separated strategies: random, first-fit, binpack:cpu, binpack:memory, spread:instanceId, spread:ATTRIBUTE, combinations such as "spread:zone then binpack:memory", or module paths (.mjs)',
      DEFAULT_STRATEGIES,
    )
    .option('-n, --replications <n>', 'seeds per strategy (seed, seed+1, …); more than one adds 95% confidence intervals', positiveInt, 1)
    .option('-w, --workers <n>', 'worker threads (default: the number of cores); results do not depend on it', positiveInt)
    .option('--seed <n>', "seed of the first replication (overrides the scenario's)", seedValue)
    .option('--duration <duration>', "simulated horizon, e.g. 30m, 6h, or ms (overrides the scenario's)", positiveDuration)
    .addOption(sampleEveryOption('time-series sampling interval (for --report; a bare number is ms)'))
    .option('--json', 'print one JSON document instead of the table')
    .option('--csv', 'print CSV (metric,strategy,n,mean,ci95_low,ci95_high,sd,best) instead of the table')
    .option('--report <file>', 'also write a self-contained HTML report')
    .option('-q, --quiet', 'no progress bar')
    .action(async (file: string, flags: CompareFlags) => {
      if (flags.json && flags.csv) throw new CliError('ecsim compare: choose one of --json and --csv', EXIT_USAGE);
      const scenario = loadScenarioFile(file);
      if (flags.report !== undefined) checkOutputFile('compare', '--report', flags.report);
      const pool = new ReplicationPool(flags.workers ?? defaultWorkers());
      const bar = jobsBar(!flags.quiet, scenario.name);
      try {
        const result = await compareStrategies(scenario, pool, {
          strategies: flags.strategies.split(','),
          baseDir: process.cwd(),
          scenarioDir: scenarioDirOf(file),
          replications: flags.replications,
          sampleEvery: flags.sampleEvery,
          withSeries: flags.report !== undefined,
          onProgress: (done, total) => bar.update(done, total),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.duration === undefined ? {} : { duration: flags.duration }),
        });
        bar.stop();
        if (flags.report !== undefined) {
          await writeReport('compare', flags.report, compareReportInput(result, reportSource(file, scenario, result.seeds[0]!, process.argv.slice(2))));
        }
        process.stdout.write(flags.json ? comparisonJson(result) : flags.csv ? comparisonCsv(result) : comparisonTable(result));
        if (flags.report !== undefined && !flags.quiet && !flags.json && !flags.csv) process.stderr.write(`wrote ${flags.report}\n`);
      } catch (e) {
        throw asCliError('compare', file, e);
      } finally {
        bar.stop();
        await pool.close();
      }
    });
}
