// `ecsim replay FILE`: plays a recording (`ecsim serve --record FILE`) against a fresh world and
// checks that every response is the same, byte for byte. Exit 0 when they all are, 1 with the first
// difference otherwise, 2 when the file (or a scenario it names) cannot be read.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { replayRecording } from '../../server/record.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error.js';
import { resolveServiceOptions } from './serve.js';

export function register(program: Command): void {
  program
    .command('replay')
    .description('replay an `ecsim serve --record` file against a fresh world and check every response byte for byte')
    .argument('<file>', 'recording (JSON lines)')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`ecsim replay: cannot read ${file}: ${(e as Error).message}`, EXIT_USAGE);
      }
      const result = await replayRecording(text, resolveServiceOptions);
      if (!result.ok) throw new CliError(`${file}:${result.line}: ${result.message}`, EXIT_FAILURE);
      process.stdout.write(`${file}: ${result.requests} requests in ${result.sessions} session${result.sessions === 1 ? '' : 's'} replayed, every response the same\n`);
    });
}
