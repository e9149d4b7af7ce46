// `ecsim compare scenario.yaml --strategies random,binpack:memory,spread:zone,first-fit`: the same
// scenario under each strategy with common random numbers, N replications in parallel worker
// threads, a side-by-side table (★ best per row), or --json / --csv, and an optional HTML report.
// `ecsim compare a.yaml b.yaml …` compares the files as variants (fleets, scaling policies) under
// one strategy, on the same arrivals, and refuses files whose workloads differ. With --shard I/N
// (or a batch engine's array index) it runs one shard and writes its raw results for `ecsim merge`.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { compareStrategies, compareVariants, prepareComparison } from '../../experiment/compare.js';
import { checkVariants } from '../../experiment/variants.js';
import { defaultWorkers, ReplicationPool } from '../../experiment/pool.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, CSV_FLAG, positiveInt, reportSource, scenarioDirOf, showComparison } from '../experiment.js';
import { headerBase, isSharded, moduleDigests, runShardJobs, shardOf, writeShard, type ShardFlags } from '../shards.js';
import { loadScenarioFile } from '../scenario-file.js';
import { progressOption, resolveProgressMode, runsProgress, type ProgressMode } from '../progress.js';
import { checkOutputFile } from '../outputs.js';
import { positiveDuration, sampleEveryOption, seedValue } from './run.js';

interface CompareFlags extends ShardFlags {
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
  progress?: ProgressMode;
}

export const DEFAULT_STRATEGIES = 'random,binpack:memory,spread:instanceId,first-fit';

export function register(program: Command): void {
  program
    .command('compare')
    .description('run a scenario under several placement strategies, or several variants of a scenario under one, and compare them side by side')
    .argument('<scenarios...>', 'scenario file (YAML); several files: compare them as variants (their fleets and scaling policies) on the same arrivals, under one strategy')
    .option(
      '-s, --strategies <list>',
      'comma-separated strategies: random, first-fit, binpack:cpu, binpack:memory, spread:instanceId, spread:ATTRIBUTE, combinations such as "spread:zone then binpack:memory", or module paths (.mjs); with several scenario files, one strategy (default: each file\'s own)',
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
    .addOption(progressOption())
    .option('--shard <I/N>', 'run only shard I (from 0) of N: replication r goes to shard r mod N; writes raw results for ecsim merge')
    .option('--shards <n>', 'the number of shards, when the index comes from JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX', positiveInt)
    .option('--out <file>', 'write the shard file here (JSON Lines; default stdout); alone, every replication in one file')
    .action(async (files: string[], flags: CompareFlags, command: Command) => {
      if (flags.json && flags.csv) throw new CliError('ecsim compare: choose one of --json and --csv', EXIT_USAGE);
      if (files.length > 1) {
        await compareVariantFiles(files, flags, command.getOptionValueSource('strategies') === 'default' ? undefined : flags.strategies);
        return;
      }
      const file = files[0]!;
      const shard = isSharded(flags) ? shardOf('compare', flags) : undefined;
      const scenario = loadScenarioFile(file);
      if (flags.report !== undefined) checkOutputFile('compare', '--report', flags.report);
      const pool = new ReplicationPool(flags.workers ?? defaultWorkers());
      const bar = runsProgress(resolveProgressMode(flags.progress, flags.quiet), scenario.name);
      const source = () => reportSource(file, scenario, flags.seed ?? scenario.seed, process.argv.slice(2), CSV_FLAG);
      try {
        const options = {
          strategies: flags.strategies.split(','),
          baseDir: process.cwd(),
          scenarioDir: scenarioDirOf(file),
          replications: flags.replications,
          sampleEvery: flags.sampleEvery,
          // a shard keeps replication 0's series: the merge may be asked for a report
          withSeries: shard !== undefined || flags.report !== undefined,
          onProgress: (done: number, total: number) => bar.update(done, total),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          ...(flags.duration === undefined ? {} : { duration: flags.duration }),
        };
        if (shard === undefined) {
          const result = await compareStrategies(scenario, pool, options);
          bar.stop();
          await showComparison('compare', result, flags, source());
          return;
        }
        const setup = await prepareComparison(scenario, options);
        const R = setup.seeds.length;
        const entries = await runShardJobs(pool, 'compare', setup.jobs, R, shard, (i) => ({ strategy: setup.labels[Math.floor(i / R)]! }), options.onProgress);
        bar.stop();
        const header = {
          ...headerBase(source(), shard, setup.seeds, { ...(flags.duration === undefined ? {} : { duration: flags.duration }), sampleEvery: flags.sampleEvery }, moduleDigests(scenario, scenarioDirOf(file), setup.specs)),
          compare: { specs: setup.specs, labels: setup.labels },
        };
        await writeShard('compare', flags.out, header, entries, flags.quiet ?? false);
      } catch (e) {
        throw asCliError('compare', file, e);
      } finally {
        bar.stop();
        await pool.close();
      }
    });
}

/** `ecsim compare a.yaml b.yaml …`: the files as variants under one strategy, on common random numbers. */
async function compareVariantFiles(files: readonly string[], flags: CompareFlags, strategies: string | undefined): Promise<void> {
  if (isSharded(flags)) throw new CliError('ecsim compare: --shard, --shards and --out take one scenario file; several files are compared in one run', EXIT_USAGE);
  const specs = strategies?.split(',').map((x) => x.trim());
  if (specs && specs.length !== 1) {
    throw new CliError(`ecsim compare: several scenario files are compared under one strategy; --strategies lists ${specs.length} (${specs.join(', ')})`, EXIT_USAGE);
  }
  const variants = files.map((file) => ({ file, scenario: loadScenarioFile(file), scenarioDir: scenarioDirOf(file) }));
  const check = checkVariants(variants, { ...(flags.seed === undefined ? {} : { seed: flags.seed }), ...(flags.duration === undefined ? {} : { duration: flags.duration }) });
  if (check.problems.length > 0) throw new CliError(check.problems.map((p) => `ecsim compare: ${p}`).join('\n'), EXIT_USAGE);
  if (flags.report !== undefined) checkOutputFile('compare', '--report', flags.report);
  const first = variants[0]!;
  const pool = new ReplicationPool(flags.workers ?? defaultWorkers());
  const bar = runsProgress(resolveProgressMode(flags.progress, flags.quiet), `${variants.length} variants`);
  try {
    const result = await compareVariants(
      variants.map((v, i) => ({ ...v, ...check.columns[i]! })),
      pool,
      {
        ...(specs ? { strategy: specs[0]! } : {}),
        baseDir: process.cwd(),
        replications: flags.replications,
        sampleEvery: flags.sampleEvery,
        withSeries: flags.report !== undefined,
        onProgress: (done: number, total: number) => bar.update(done, total),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        ...(flags.duration === undefined ? {} : { duration: flags.duration }),
      },
    );
    bar.stop();
    const source = reportSource(first.file, first.scenario, flags.seed ?? first.scenario.seed, process.argv.slice(2), CSV_FLAG);
    await showComparison('compare', result, flags, { ...source, variants: variants.map((v, i) => ({ label: check.columns[i]!.label, path: v.file, text: readFileSync(v.file, 'utf8') })) });
  } catch (e) {
    throw asCliError('compare', first.file, e);
  } finally {
    bar.stop();
    await pool.close();
  }
}
