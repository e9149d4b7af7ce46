// What `ecsim compare`, `ecsim plan` and `ecsim merge` share: option parsers, turning failures into
// exit codes, writing the HTML report, and showing a comparison or a capacity search — one path, so a merge of shards prints exactly
// what the unsharded command prints.
import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { ComparisonResult } from '../experiment/compare.js';
import type { JobResult } from '../experiment/job.js';
import type { MetricFormat } from '../experiment/metrics.js';
import type { PlanResult } from '../experiment/plan.js';
import { JobFailedError } from '../experiment/pool.js';
import { PlacementParameterError } from '../placement/errors.js';
import { StrategyLoadError } from '../placement/load-strategy.js';
import { renderHtmlReport, type ReportInput } from '../report/html.js';
import { comparisonCsv, comparisonJson, comparisonTable, planJson, planText } from '../report/comparison.js';
import type { TimeMark } from '../report/charts.js';
import { compareReportInput, planReportInput, type ReportSource } from '../report/html-input.js';
import { ScenarioRunError } from '../scenario/run-error.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error.js';
import { writeAll, type PlannedFile } from './outputs.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/** This ecsim's version. */
export const ECSIM_VERSION = pkg.version;

/** A commander parser for a positive integer. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/** A commander parser for a non-negative integer. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Maps what an experiment throws to a CliError: bad input exits 2, anything else 1. */
export function asCliError(command: string, file: string, e: unknown): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof StrategyLoadError || e instanceof PlacementParameterError || e instanceof RangeError) {
    return new CliError(`ecsim ${command}: ${e.message}`, EXIT_USAGE);
  }
  if (e instanceof ScenarioRunError) return new CliError(`${file}: ${e.message}`, EXIT_USAGE, { cause: e });
  if (e instanceof JobFailedError) {
    const usage = ['StrategyLoadError', 'ScenarioRunError', 'RangeError', 'PlacementParameterError'].includes(e.originalName);
    const where = e.originalName === 'ScenarioRunError' ? file : `ecsim ${command}`;
    return new CliError(`${where}: ${e.message}`, usage ? EXIT_USAGE : EXIT_FAILURE, { cause: e });
  }
  return e;
}

/** Options that change where, how or in how many pieces results are made, never the results: left out of the report's command line. */
const PRESENTATION = new Map<string, boolean>([
  ['--report', true],
  ['--workers', true],
  ['-w', true],
  ['--quiet', false],
  ['-q', false],
  ['--json', false],
  // a shard's own options: every shard of a sweep, and the unsharded run, show one command
  ['--shard', true],
  ['--shards', true],
  ['--out', true],
  ['--progress', true],
  ['--debug', false],
]);

function withoutPresentation(argv: readonly string[], extra: ReadonlyMap<string, boolean>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const takesValue = PRESENTATION.get(name) ?? extra.get(name);
    if (takesValue === undefined) out.push(a);
    else if (takesValue && name === a) i++;
  }
  return out;
}

/** `--csv` of compare: a format flag (in `run` it names a directory, which changes what is written). */
export const CSV_FLAG: ReadonlyMap<string, boolean> = new Map([['--csv', false]]);

/**
 * The report's provenance: scenario file and text, seed, the command as typed without the
 * options that only show results (PRESENTATION, plus `extra`: name → whether it takes a value).
 */
/** The scenario's events as the report's time charts mark them. */
export function eventMarks(scenario: Scenario): TimeMark[] {
  return scenario.events.map((e) => ({ at: e.at, label: `${e.kind} ${e.cluster}` }));
}

export function reportSource(file: string, scenario: Scenario, seed: number, argv: readonly string[], extra: ReadonlyMap<string, boolean> = new Map()): ReportSource {
  return {
    scenarioName: scenario.name,
    scenarioPath: file,
    scenarioText: readFileSync(file, 'utf8'),
    events: eventMarks(scenario),
    seed,
    // without --report, --json, --workers, --quiet and the shard options: the same results give the same page
    command: ['ecsim', ...withoutPresentation(argv, extra)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '),
    version: pkg.version,
  };
}

/** The HTML report as an output of the command: rendered now, written by writeAll. */
export async function reportOutput(path: string, input: ReportInput): Promise<PlannedFile> {
  const html = await renderHtmlReport(input);
  return { path, write: (to) => writeFile(to, html) };
}

/** Renders and writes the HTML report. @throws CliError (exit 2) when the file cannot be written. */
export async function writeReport(command: string, path: string, input: ReportInput): Promise<void> {
  await writeAll(command, [await reportOutput(path, input)]);
}

/** The directory of the scenario file, where its relative module paths start. */
export function scenarioDirOf(file: string): string {
  return dirname(resolve(file));
}

/** How results are shown: the table or text, --json, --csv, and an HTML --report. */
export interface OutputFlags {
  json?: boolean;
  csv?: boolean;
  report?: string;
  quiet?: boolean;
}

/** Prints a comparison (and writes its report): what `compare` and `merge` of compare shards show. */
export async function showComparison(command: string, result: ComparisonResult, flags: OutputFlags, source: ReportSource): Promise<void> {
  if (flags.report !== undefined) await writeReport(command, flags.report, compareReportInput(result, source));
  process.stdout.write(flags.json ? comparisonJson(result) : flags.csv ? comparisonCsv(result) : comparisonTable(result));
  if (flags.report !== undefined && !flags.quiet && !flags.json && !flags.csv) process.stderr.write(`wrote ${flags.report}\n`);
}

/** A plan's runs over time, labelled for the report. */
export function planRuns(counts: readonly number[], runs: readonly Pick<JobResult, 'series' | 'failuresByReason'>[]): ReportPlanRun[] {
  return runs.map((r, i) => ({ label: `${counts[i]} instances`, series: r.series!, failuresByReason: r.failuresByReason }));
}

type ReportPlanRun = Parameters<typeof planReportInput>[2][number];

/**
 * Prints a capacity search (and writes its report from `runs`): what `plan` and `merge` of plan
 * shards show. Sets exit code 1 when no count meets the targets.
 */
export async function showPlan(
  command: string,
  result: PlanResult,
  formats: readonly MetricFormat[],
  flags: OutputFlags,
  runs: readonly ReportPlanRun[],
  source: ReportSource,
): Promise<void> {
  if (flags.report !== undefined) await writeReport(command, flags.report, planReportInput(result, formats, runs, source));
  process.stdout.write(flags.json ? planJson(result) : planText(result, formats));
  if (flags.report !== undefined && !flags.quiet && !flags.json) process.stderr.write(`wrote ${flags.report}\n`);
  if (result.answer === undefined) process.exitCode = EXIT_FAILURE;
}
