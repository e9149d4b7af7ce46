// What `ecsim compare` and `ecsim plan` share: option parsers, the worker pool's lifetime, a
// progress bar over replications (stderr, terminals only), turning failures into exit codes, and
// writing the HTML report.
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { JobFailedError } from '../experiment/pool.js';
import { PlacementParameterError } from '../placement/errors.js';
import { StrategyLoadError } from '../placement/load-strategy.js';
import { renderHtmlReport, type ReportInput } from '../report/html.js';
import type { ReportSource } from '../report/html-input.js';
import { ScenarioRunError } from '../scenario/run-error.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli-error.js';
import { writeAll, type PlannedFile } from './outputs.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

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

/** A bar over finished replications, or a no-op when disabled or stderr is no terminal. */
export function jobsBar(enabled: boolean, label: string): { update(done: number, total: number): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} {bar} {value}/{total} runs | {eta_formatted} left`, hideCursor: true, clearOnComplete: true, barsize: 30 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Maps what an experiment throws to a CliError: bad input exits 2, anything else 1. */
export function asCliError(command: string, file: string, e: unknown): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof StrategyLoadError || e instanceof PlacementParameterError || e instanceof RangeError) {
    return new CliError(`ecsim ${command}: ${e.message}`, EXIT_USAGE);
  }
  if (e instanceof ScenarioRunError) return new CliError(`${file}: ${e.message}`, EXIT_USAGE);
  if (e instanceof JobFailedError) {
    const usage = ['StrategyLoadError', 'ScenarioRunError', 'RangeError', 'PlacementParameterError'].includes(e.originalName);
    const where = e.originalName === 'ScenarioRunError' ? file : `ecsim ${command}`;
    return new CliError(`${where}: ${e.message}`, usage ? EXIT_USAGE : EXIT_FAILURE);
  }
  return e;
}

/** Options that change where or how results are shown, never the results: left out of the report's command line. */
const PRESENTATION = new Map<string, boolean>([
  ['--report', true],
  ['--workers', true],
  ['-w', true],
  ['--quiet', false],
  ['-q', false],
]);

function withoutPresentation(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const takesValue = PRESENTATION.get(name);
    if (takesValue === undefined) out.push(a);
    else if (takesValue && name === a) i++;
  }
  return out;
}

/** The report's provenance: scenario file and text, seed, the command as typed. */
export function reportSource(file: string, scenario: Scenario, seed: number, argv: readonly string[]): ReportSource {
  return {
    scenarioName: scenario.name,
    scenarioPath: file,
    scenarioText: readFileSync(file, 'utf8'),
    seed,
    // without --report, --workers and --quiet: the same results give the same page
    command: ['ecsim', ...withoutPresentation(argv)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '),
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
