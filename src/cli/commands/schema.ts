// `ecsim schema`: prints the scenario format as JSON Schema (draft-07), for editors: save it and
// point `# yaml-language-server: $schema=<file>` at it, and they complete and check scenarios.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { checkOutputFile, writeAll } from '../outputs.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft-07) of scenario files')
    .option('-o, --output <file>', 'write it to FILE instead of stdout')
    .action(async (flags: { output?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema, null, 2)}\n`;
      if (flags.output === undefined) {
        process.stdout.write(text);
        return;
      }
      checkOutputFile('schema', '--output', flags.output);
      await writeAll('schema', [{ path: flags.output, write: (to) => writeFile(to, text) }]);
    });
}
