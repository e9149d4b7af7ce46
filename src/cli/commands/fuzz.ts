// `ecsim fuzz`: the model-based fuzzer of resource accounting as a product command, for users' CI.
// Prints the seed first (so a run that is killed can still be replayed), then either a clean summary
// (exit 0) or the shrunk counterexample with a one-line replay command (exit 1); bad input exits 2.
import { InvalidArgumentError, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { FuzzInputError, runFuzz, type FuzzOptions, type FuzzResult } from '../../fuzz/run.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error.js';
import { seedValue } from './run.js';

interface FuzzFlags {
  strategy?: string;
  scenario?: string;
  runs?: number;
  minutes?: number;
  seed?: number;
  path?: string;
  replayPath?: string;
  maxCommands?: number;
  json?: boolean;
  quiet?: boolean;
}

/** Sequences run when neither --runs nor --minutes is given. */
export const DEFAULT_RUNS = 1000;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of minutes above zero, got ${JSON.stringify(value)}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('fuzz')
    .description('fuzz resource accounting: random call sequences checked against a reference model and invariants')
    .option('--strategy <strategy>', 'RunTask placement: a built-in (binpack:memory, spread:instanceId, …) or a strategy module (./my-strategy.mjs); default: every built-in in turn')
    .option('--scenario <file>', "draw clusters, instances and task definitions from a scenario's fleet")
    .option('--runs <n>', `command sequences to run (default ${DEFAULT_RUNS})`, positiveInt)
    .option('--minutes <m>', 'run for this long instead of a number of sequences', positiveNumber)
    .option('--seed <n>', 'fast-check seed (default: a fresh one, printed)', seedValue)
    .option('--path <path>', "replay: the failure's fast-check path")
    .option('--replay-path <path>', "replay: the failure's command replayPath")
    .option('--max-commands <n>', 'most commands per sequence (default 50)', positiveInt)
    .option('--json', 'print one JSON document with the result')
    .option('-q, --quiet', 'no progress bar')
    .action(async (flags: FuzzFlags) => {
      process.exitCode = await fuzzCommand(flags);
    });
}

function progress(enabled: boolean, flags: FuzzFlags, start: number): { update(sequences: number, commands: number): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const byTime = flags.minutes !== undefined;
  const total = byTime ? Math.round(flags.minutes! * 60) : (flags.runs ?? DEFAULT_RUNS);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `fuzz {bar} {percentage}% | {sequences} sequences | {commands} commands${byTime ? ' | {value}/{total} s' : ''}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { sequences: '0', commands: '0' });
  return {
    update(sequences, commands) {
      const payload = { sequences: sequences.toLocaleString('en-US'), commands: commands.toLocaleString('en-US') };
      // shrinking runs past the planned count: keep the bar full rather than past 100%
      const value = byTime ? Math.round((performance.now() - start) / 1000) : sequences;
      bar.update(Math.min(value, total), payload);
    },
    stop: () => bar.stop(),
  };
}

/** The failure report: what broke, the setting, the shrunk commands, the calls made, the replay line. */
export function formatFailure(result: FuzzResult): string {
  const f = result.failure!;
  const s = f.setting;
  const lines = [
    `FAILED: ${f.message}`,
    '',
    `seed ${result.seed}, path ${f.path}${f.replayPath === undefined ? '' : `, replayPath ${f.replayPath}`} (${f.shrinks} shrinks)`,
    `setting: agent ${s.mode} (startDelayMs ${s.startDelayMs}, stopDelayMs ${s.stopDelayMs}), simulation seed ${s.simSeed}, strategy ${s.strategy}, failureDetail ${s.failureDetail ?? 'instances'}${s.replay ? ', run twice' : ''}`,
    '',
    `shrunk counterexample: ${f.commands.length} command${f.commands.length === 1 ? '' : 's'} after a prelude of ${f.prelude.length}`,
    ...f.prelude.map((l) => `  # ${l}`),
    ...f.commands.map((l) => `  ${l}`),
  ];
  if (f.trace.length > 0) {
    const shown = f.trace.slice(-(f.commands.length + 3));
    lines.push('', `calls made (last ${shown.length} of ${f.trace.length}):`, ...shown.map((l) => `  ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`));
  }
  lines.push('', 'replay:', `  ${result.replay}`);
  return `${lines.join('\n')}\n`;
}

async function fuzzCommand(flags: FuzzFlags): Promise<number> {
  if (flags.runs !== undefined && flags.minutes !== undefined) throw new CliError('ecsim fuzz: give --runs or --minutes, not both', EXIT_USAGE);
  // a fresh seed is the point of fuzzing in CI; it is printed first so any run can be replayed
  const seed = flags.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const options: FuzzOptions = { seed, command: 'npx ecsim fuzz' };
  if (flags.minutes !== undefined) options.minutes = flags.minutes;
  else options.runs = flags.runs ?? DEFAULT_RUNS;
  if (flags.strategy !== undefined) options.strategy = flags.strategy;
  if (flags.scenario !== undefined) options.scenario = flags.scenario;
  if (flags.path !== undefined) options.path = flags.path;
  if (flags.replayPath !== undefined) options.replayPath = flags.replayPath;
  if (flags.maxCommands !== undefined) options.maxCommands = flags.maxCommands;
  const budget = flags.minutes !== undefined ? `${flags.minutes} minute${flags.minutes === 1 ? '' : 's'}` : `${(flags.runs ?? DEFAULT_RUNS).toLocaleString('en-US')} sequences`;
  if (!flags.json) process.stdout.write(`ecsim fuzz: seed ${seed}${flags.path === undefined ? `, ${budget}` : ', replaying a counterexample'}\n`);
  const start = performance.now();
  const bar = progress(!flags.quiet && !flags.json, flags, start);
  options.onProgress = (p) => bar.update(p.sequences, p.commands);
  let result: FuzzResult;
  try {
    result = await runFuzz(options);
  } catch (e) {
    if (e instanceof FuzzInputError || e instanceof RangeError) throw new CliError(`ecsim fuzz: ${e.message}`, EXIT_USAGE);
    throw e;
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...result, seconds: Math.round(seconds * 10) / 10 }, null, 2)}\n`);
  } else {
    const what = `${result.sequences.toLocaleString('en-US')} sequences, ${result.commands.toLocaleString('en-US')} commands in ${seconds.toFixed(1)} s`;
    const against = `placement: ${result.placement}${result.scenario === undefined ? '' : `; scenario ${result.scenario}`}`;
    if (result.ok) process.stdout.write(`ok: ${what}, every invariant held (${against})\n`);
    else process.stdout.write(`${what} (${against})\n\n${formatFailure(result)}`);
  }
  return result.ok ? 0 : EXIT_FAILURE;
}
