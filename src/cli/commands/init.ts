// `ecsim init [FILE]`: writes a commented starter scenario (default scenario.yaml) that validates
// and runs as written; never overwrites a file unless --force says so.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { STARTER_SCENARIO } from '../../scenario/starter.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { checkOutputFile, writeAll } from '../outputs.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented starter scenario that validates and runs')
    .argument('[file]', 'where to write it', 'scenario.yaml')
    .option('-f, --force', 'overwrite FILE if it exists')
    .action(async (file: string, flags: { force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new CliError(`ecsim init: ${file} already exists; give --force to overwrite it`, EXIT_USAGE);
      checkOutputFile('init', 'FILE', file);
      await writeAll('init', [{ path: file, write: (to) => writeFile(to, STARTER_SCENARIO) }]);
      process.stderr.write(`wrote ${file}; next: ecsim run ${file}\n`);
    });
}
