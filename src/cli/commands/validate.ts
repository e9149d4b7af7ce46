// `ecsim validate scenario.yaml…`: checks scenario files without running them. Prints one line per
// valid file (what it holds) and every problem of an invalid one, one line each as
// `file:line:column path: message`; exits 2 when any file is invalid or unreadable.
import type { Command } from 'commander';
import { formatDuration } from '../../scenario/duration.js';
import type { Scenario } from '../../scenario/types.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { loadScenarioFile } from '../scenario-file.js';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** One line describing a valid scenario. */
export function describeScenario(file: string, s: Scenario): string {
  const instances = s.clusters.reduce((n, c) => n + c.instances.reduce((m, g) => m + g.count, 0), 0);
  return (
    `${file}: ok (${s.name}: ${plural(s.clusters.length, 'cluster')}, ${plural(instances, 'instance')}, ` +
    `${plural(s.taskDefinitions.length, 'task definition')}, ${plural(s.workloads.length, 'workload')}, ` +
    `${plural(s.events.length, 'event')}, ${formatDuration(s.duration)})`
  );
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check scenario files without running them')
    .argument('<scenario...>', 'scenario files (YAML)')
    .option('-q, --quiet', 'print only errors')
    .action((files: string[], flags: { quiet?: boolean }) => {
      const errors: string[] = [];
      for (const file of files) {
        try {
          const scenario = loadScenarioFile(file);
          if (!flags.quiet) process.stdout.write(`${describeScenario(file, scenario)}\n`);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          errors.push(e.message);
        }
      }
      if (errors.length > 0) throw new CliError(errors.join('\n'), EXIT_USAGE);
    });
}
