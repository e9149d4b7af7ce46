#!/usr/bin/env node
// The `ecsim` command line: commander wiring only. Each subcommand lives in ./commands and
// registers itself here. Exit codes: 0 ran, 1 failed, 2 bad input (usage, unreadable or invalid file).
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { commands } from './commands/index.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ecsim')
    .description('Deterministic discrete-event simulator of the Amazon ECS scheduler (ECS API 2015-01-08)')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of commands) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(e.message.endsWith('\n') ? e.message : `${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`ecsim: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.ECSIM_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
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
