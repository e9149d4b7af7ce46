// `ecsim validate scenario.yaml…`: checks scenario files without running them. Prints one line per
// valid file (what it holds) and every problem of an invalid one, one line each as
// `file:line:column path: message`; exits 2 when any file is invalid or unreadable. It accepts
// exactly what `run` accepts: the loader makes every check of the file, and the strategy modules the
// file names are loaded as `run` loads them (a module's top level runs, as it would in `run`).
// Warnings (valid, but most likely not meant: see src/scenario/warnings.ts) go to stderr and
// leave the exit code 0.
import type { Command } from 'commander';
import { strategyOptions } from '../../experiment/strategies.js';
import { formatDuration } from '../../scenario/duration.js';
import type { Scenario } from '../../scenario/types.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, scenarioDirOf } from '../experiment.js';
import { describeWarnings, loadScenarioFile } from '../scenario-file.js';

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
    .action(async (files: string[], flags: { quiet?: boolean }) => {
      const errors: string[] = [];
      for (const file of files) {
        try {
          const scenario = loadScenarioFile(file);
          try {
            await strategyOptions(scenario, scenarioDirOf(file));
          } catch (e) {
            throw asCliError('validate', file, e);
          }
          if (!flags.quiet) process.stdout.write(`${describeScenario(file, scenario)}\n`);
          // valid, so exit 0, but most likely not what was meant: said on stderr, even with --quiet
          for (const w of describeWarnings(file, scenario)) process.stderr.write(`ecsim validate: ${w}\n`);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          errors.push(e.message);
        }
      }
      if (errors.length > 0) throw new CliError(errors.join('\n'), EXIT_USAGE);
    });
}
