// `ecsim run scenario.yaml`: runs a scenario and prints its summary table, or one JSON document
// (--json), and/or writes timeseries.csv and tasks.csv (--csv DIR). Wall-clock figures stay out of
// the JSON unless --timing asks for them, so the same scenario and seed give identical bytes.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { join } from 'node:path';
import { CSV_FILES, FLEET_CSVS, runCsvOutputs, SERVICES_CSV } from '../../report/csv.js';
import { runReport, toJson, type Timing } from '../../report/json.js';
import { summaryTable } from '../../report/table.js';
import { formatDuration, tryParseDuration } from '../../scenario/duration.js';
import { ScenarioRunError } from '../../scenario/run-error.js';
import { DEFAULT_SAMPLE_EVERY } from '../../scenario/run-options.js';
import type { RunResult } from '../../scenario/run-result.js';
import { runScenario } from '../../scenario/runner.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { progressOption, resolveProgressMode, simulationProgress, type ProgressMode } from '../progress.js';
import { strategyOptions } from '../../experiment/strategies.js';
import { runReportInput } from '../../report/html-input.js';
import { asCliError, reportOutput, reportSource, scenarioDirOf } from '../experiment.js';
import { checkNotDirectory, checkOutputDir, checkOutputFile, writeAll, type PlannedFile } from '../outputs.js';
import { describeRunError, describeWarnings, loadScenarioFile } from '../scenario-file.js';

interface RunFlags {
  json?: boolean;
  csv?: string;
  seed?: number;
  duration?: number;
  sampleEvery: number;
  timing?: boolean;
  quiet?: boolean;
  progress?: ProgressMode;
  strategy?: string;
  report?: string;
}

/**
 * A commander parser for a positive duration as scenario files write one: `30s`, `6h`, `1h30m`, or a
 * bare number of milliseconds (`500`).
 */
export function positiveDuration(value: string): number {
  const r = tryParseDuration(/^\s*\d+\s*$/.test(value) ? Number(value) : value);
  if (!r.ok) throw new InvalidArgumentError(r.message);
  if (r.ms <= 0) throw new InvalidArgumentError(`expected a duration above zero, got ${JSON.stringify(value)}`);
  return r.ms;
}

/** A commander parser for a seed: a non-negative integer. */
export function seedValue(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** `--sample-every`, its default shown as a duration in --help. */
export function sampleEveryOption(description: string): Option {
  return new Option('--sample-every <duration>', description).argParser(positiveDuration).default(DEFAULT_SAMPLE_EVERY, formatDuration(DEFAULT_SAMPLE_EVERY));
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a scenario and report what happened')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--json', 'print one JSON document instead of the table')
    .option('--csv <dir>', 'write timeseries.csv and tasks.csv (and services.csv for a scenario with services; cost.csv, fleet.csv and scaling.csv for one that prices or autoscales) into DIR (created if missing)')
    .option('--seed <n>', "seed of every random stream (overrides the scenario's seed)", seedValue)
    .option('--duration <duration>', "simulated horizon, e.g. 30m, 6h, 1d, or ms (overrides the scenario's)", positiveDuration)
    .addOption(sampleEveryOption('time-series sampling interval (a bare number is ms)'))
    .option('--timing', 'add wall-clock timing to the JSON document (it then differs from run to run)')
    .option('-q, --quiet', 'no table, no progress bar, no notes on stderr (--json still prints its document)')
    .addOption(progressOption())
    .option('--strategy <strategy>', "RunTask placement strategy for requests that name none: random, binpack:memory, spread:zone, first-fit, … or a module path (.mjs); overrides the scenario's")
    .option('--report <file>', 'also write a self-contained HTML report')
    .action(async (file: string, flags: RunFlags) => {
      await runCommand(file, flags);
    });
}

async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const scenario = loadScenarioFile(file);
  if (!flags.quiet) for (const w of describeWarnings(file, scenario)) process.stderr.write(`ecsim run: ${w}\n`);
  // before the simulation: a bad output path should not cost a whole run
  if (flags.csv !== undefined) {
    checkOutputDir('run', '--csv', flags.csv);
    for (const f of [...CSV_FILES, SERVICES_CSV, ...FLEET_CSVS]) checkNotDirectory('run', '--csv', join(flags.csv, f));
  }
  if (flags.report !== undefined) checkOutputFile('run', '--report', flags.report);
  let strategies: Awaited<ReturnType<typeof strategyOptions>>;
  try {
    strategies = await strategyOptions(scenario, scenarioDirOf(file), flags.strategy === undefined ? undefined : { spec: flags.strategy, baseDir: process.cwd() });
  } catch (e) {
    throw asCliError('run', file, e);
  }
  const progress = simulationProgress(resolveProgressMode(flags.progress, flags.quiet), scenario.name);
  const wallStart = performance.now();
  let result: RunResult;
  try {
    result = runScenario(scenario, {
      ...strategies,
      sampleEvery: flags.sampleEvery,
      recordTasks: flags.csv !== undefined,
      onProgress: (now, end, events) => progress.update(now, end, events),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.duration === undefined ? {} : { duration: flags.duration }),
    });
  } catch (e) {
    if (e instanceof ScenarioRunError) throw new CliError(describeRunError(file, e), EXIT_USAGE, { cause: e });
    if (e instanceof RangeError) throw new CliError(`ecsim run: ${e.message}`, EXIT_USAGE);
    throw e;
  } finally {
    progress.stop();
  }
  const wallMs = performance.now() - wallStart;
  const timing: Timing = {
    wallMs: Math.round(wallMs),
    eventsPerSecond: wallMs > 0 ? Math.round((result.eventsProcessed / wallMs) * 1000) : 0,
  };

  // every output or none: staged under temporary names, renamed together once all are written
  const outputs: PlannedFile[] = [];
  if (flags.csv !== undefined) outputs.push(...runCsvOutputs(result, flags.csv));
  if (flags.report !== undefined) outputs.push(await reportOutput(flags.report, runReportInput(result, reportSource(file, scenario, result.seed, process.argv.slice(2)))));
  await writeAll('run', outputs, flags.csv === undefined ? [] : [flags.csv]);
  if (outputs.length > 0 && !flags.quiet && !flags.json) process.stderr.write(`wrote ${outputs.map((o) => o.path).join(', ')}\n`);
  if (flags.json) {
    process.stdout.write(toJson(runReport(result, flags.timing ? timing : undefined)));
    if (!flags.quiet && !flags.timing) {
      process.stderr.write(`ecsim run: ${result.eventsProcessed.toLocaleString('en-US')} events in ${(wallMs / 1000).toFixed(2)} s wall\n`);
    }
  } else if (!flags.quiet) {
    process.stdout.write(summaryTable(result, timing));
  }
}
