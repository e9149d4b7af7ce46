// `ecsim schema`: prints the scenario format as JSON Schema (draft-07), for editors: save it and
// point `# yaml-language-server: $schema=<file>` at it, and they complete and check scenarios.
import type { Command } from 'commander';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft-07) of scenario files')
    .option('-o, --output <file>', 'write it to FILE instead of stdout')
    .action((flags: { output?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema, null, 2)}\n`;
      if (flags.output === undefined) {
        process.stdout.write(text);
        return;
      }
      const tmp = join(dirname(flags.output), `.${basename(flags.output)}.${process.pid}.tmp`);
      try {
        writeFileSync(tmp, text);
        renameSync(tmp, flags.output);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw new CliError(`ecsim schema: cannot write ${flags.output}: ${e instanceof Error ? e.message : String(e)}`, EXIT_USAGE);
      }
    });
}
