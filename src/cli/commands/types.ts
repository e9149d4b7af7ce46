// `ecsim types [--json]`: the built-in instance types a scenario's `type:` may name, with the
// resources each registers and its built-in on-demand price.
import type { Command } from 'commander';
import { instanceTypesJson, instanceTypesTable } from '../../report/instance-types.js';

export function register(program: Command): void {
  program
    .command('types')
    .description('list the built-in EC2 instance types: the CPU, MEMORY and GPU each registers, and its built-in on-demand price')
    .option('--json', 'print JSON instead of the table')
    .action((flags: { json?: boolean }) => {
      process.stdout.write(flags.json ? instanceTypesJson() : instanceTypesTable());
    });
}
