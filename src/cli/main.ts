#!/usr/bin/env node
// The `ecsim` command line: commander wiring only. Each subcommand lives in ./commands and
// registers itself here. Exit codes: 0 ran, 1 failed, 2 bad input (usage, unreadable or invalid file).
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { commands, type CommandModule } from './commands/index.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** Global: may follow any command, and only changes what a failure prints. */
export const DEBUG_FLAG = '--debug';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/**
 * The commands a command line needs: the one it names first (before any option), else every one
 * (for --help, --version, or an unknown word to suggest a command for).
 */
function commandsFor(argv: readonly string[]): readonly CommandModule[] {
  const first = argv.slice(2).find((a) => a !== DEBUG_FLAG);
  const named = commands.filter((c) => c.name === first);
  return named.length > 0 ? named : commands;
}

export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const modules = await Promise.all(commandsFor(argv).map((c) => c.load()));
  const program = new Command();
  program
    .name('ecsim')
    .description('Deterministic discrete-event simulator of the Amazon ECS scheduler (ECS API 2015-01-08)')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .option(DEBUG_FLAG, 'on a failure, also print the stack trace (for bug reports and strategy modules)')
    .exitOverride()
    // set before the commands are added: each copies its parent's output settings when created
    .configureOutput({ outputError: (text, write) => write(prefixLines(text, commandOf(program.commands.map((c) => c.name()), argv))) });
  for (const m of modules) m.register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** The stack of the innermost cause (what the user's code or ecsim threw first), for --debug. */
async function stackOf(e: unknown): Promise<string | undefined> {
  let root = e;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  // loaded here, not at start-up: the worker pool is only for commands that run jobs
  const { JobFailedError } = await import('../experiment/pool.js');
  if (root instanceof JobFailedError) return root.originalStack;
  return root instanceof Error ? root.stack : undefined;
}

/** The subcommand `argv` names (its first word that is one), for the `ecsim <command>:` prefix. */
export function commandOf(names: readonly string[], argv: readonly string[]): string | undefined {
  return argv.slice(2).find((a) => names.includes(a));
}

/**
 * Every line of an error message as `ecsim <command>: …`: lines that already carry the prefix stay,
 * a bare `ecsim:` or commander's `error:` becomes it, and any other line gains it.
 */
export function prefixLines(message: string, command: string | undefined): string {
  const prefix = command === undefined ? 'ecsim:' : `ecsim ${command}:`;
  return message
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => {
      if (line.startsWith(`${prefix} `) || line === prefix) return line;
      const rest = line.replace(/^(?:ecsim:|error:)\s*/, '');
      return `${prefix} ${rest}`;
    })
    .join('\n')
    .concat('\n');
}

async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  const command = commandOf(program.commands.map((c) => c.name()), argv);
  const debug = argv.includes(DEBUG_FLAG);
  try {
    await program.parseAsync(argv.filter((a) => a !== DEBUG_FLAG));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(prefixLines(e.message, command));
      const stack = debug ? await stackOf(e.cause) : undefined;
      if (stack !== undefined) process.stderr.write(`${stack}\n`);
      return e.exitCode;
    }
    process.stderr.write(prefixLines(e instanceof Error ? e.message : String(e), command));
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else if (e instanceof Error) process.stderr.write(prefixLines(`(this is a bug in ecsim; ${DEBUG_FLAG} shows where)`, command));
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ecsim: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
