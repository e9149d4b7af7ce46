// `ecsim merge shard-*.jsonl [--json | --csv | --report FILE]`: the shard files of one sweep
// (`compare --shard I/N` or `plan --grid … --shard I/N`) back into what the unsharded command
// prints — the same bytes, since the figures are summarised and shown by the same functions. Shards
// that do not belong together are refused, each problem on a line of its own, exit 2.
import type { Command } from 'commander';
import { summariseComparison } from '../../experiment/compare.js';
import { mergeShards, type MergedShards } from '../../experiment/merge.js';
import { planFromGrid, prepareGrid } from '../../experiment/plan-grid.js';
import { parseTargets, targetFormats } from '../../experiment/plan.js';
import type { ReportSource } from '../../report/html-input.js';
import { resourceDimensions } from '../../scenario/fleet.js';
import { formatScenarioError } from '../../scenario/errors.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, ECSIM_VERSION, eventMarks, planRuns, showComparison, showPlan, type OutputFlags } from '../experiment.js';
import { checkOutputFile } from '../outputs.js';
import { readShardFiles } from '../shards.js';

async function showPlanShards(m: MergedShards, scenario: Scenario, flags: OutputFlags, source: ReportSource): Promise<void> {
  const { header: h, results } = m;
  const plan = h.plan!;
  if (flags.csv) throw new CliError('ecsim merge: plan shards have no CSV form; use --json or the text', EXIT_USAGE);
  const targets = parseTargets(plan.targets.join(','), resourceDimensions(scenario));
  const options = {
    group: plan.group,
    targets,
    scenarioDir: '.',
    replications: h.seeds.length,
    seed: h.seeds[0]!,
    criterion: plan.criterion,
    grid: plan.grid,
    ...(h.options.sampleEvery === undefined ? {} : { sampleEvery: h.options.sampleEvery }),
    ...(h.options.duration === undefined ? {} : { duration: h.options.duration }),
    ...(plan.pricePerHour === undefined ? {} : { pricePerHour: plan.pricePerHour }),
  };
  const withSeries = flags.report !== undefined;
  const result = planFromGrid(scenario, options, prepareGrid(scenario, options), results, withSeries);
  const runs = result.runs ?? [];
  await showPlan('merge', result, targetFormats(targets), flags, planRuns(runs.map((r) => r.count), runs), source);
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge the shard files of compare or plan --grid and print what the unsharded command prints')
    .argument('<shards...>', 'shard files (from --shard I/N --out FILE), in any order')
    .option('--json', 'print one JSON document instead of the table')
    .option('--csv', 'print CSV instead of the table (compare)')
    .option('--report <file>', 'also write the self-contained HTML report')
    .option('-q, --quiet', 'no "wrote" line on stderr')
    .action(async (files: string[], flags: OutputFlags) => {
      if (flags.json && flags.csv) throw new CliError('ecsim merge: choose one of --json and --csv', EXIT_USAGE);
      if (flags.report !== undefined) checkOutputFile('merge', '--report', flags.report);
      const read = readShardFiles(files);
      if (read.problems.length > 0) throw new CliError(read.problems.join('\n'), EXIT_USAGE);
      const merged = mergeShards(read.shards, ECSIM_VERSION);
      if (!merged.ok) throw new CliError(merged.problems.join('\n'), EXIT_USAGE);
      const m = merged.merged;
      const h = m.header;
      const loaded = loadScenario(h.scenario.text, h.scenario.path);
      if (!loaded.ok) throw new CliError(loaded.errors.map(formatScenarioError).join('\n'), EXIT_USAGE);
      const scenario = loaded.scenario;
      const source: ReportSource = {
        scenarioName: h.scenario.name,
        scenarioPath: h.scenario.path,
        scenarioText: h.scenario.text,
        events: eventMarks(scenario),
        seed: h.seeds[0]!,
        command: h.command,
        version: h.version,
      };
      try {
        if (h.plan) return await showPlanShards(m, scenario, flags, source);
        const setup = { scenario: scenario.name, dims: resourceDimensions(scenario), labels: h.compare!.labels, seeds: h.seeds };
        await showComparison('merge', summariseComparison(setup, m.results, flags.report !== undefined), flags, source);
      } catch (e) {
        throw asCliError('merge', h.scenario.path, e);
      }
    });
}
