// Turning strategy names into what the scenario runner takes: the default RunTask strategy (a
// built-in text form or a module path, loaded here so modules work too) and a StartTask scheduler
// for each `launch: startTask` workload that names a strategy module — in the 2015 API, StartTask
// is exactly how a custom scheduler places tasks.
import { startTaskWithStrategy } from '../ecs/scheduled-start-task.js';
import { loadStrategy } from '../placement/load-strategy.js';
import type { PlacementStrategy } from '../placement/types.js';
import type { RunOptions } from '../scenario/run-options.js';
import type { StartTaskScheduler } from '../scenario/start-task-scheduler.js';
import type { Scenario, Workload } from '../scenario/types.js';

/** A strategy as named on a command line or in a scenario, and where a relative module path starts. */
export interface StrategyRef {
  spec: string;
  baseDir: string;
}

/** A StartTask scheduler that lets `strategy` choose each task's instance (see startTaskWithStrategy). */
export function strategyScheduler(strategy: PlacementStrategy): StartTaskScheduler {
  return {
    name: strategy.name,
    start(launch, { sim }) {
      const req: Parameters<typeof startTaskWithStrategy>[2] = {
        cluster: launch.cluster,
        taskDefinition: launch.taskDefinition,
        count: launch.count,
        startedBy: launch.startedBy,
      };
      if (launch.group !== undefined) req.group = launch.group;
      return startTaskWithStrategy(sim, strategy, req);
    },
  };
}

/**
 * The runner options that carry a scenario's strategies: `strategy` (the override when given, else
 * the scenario's top-level `strategy`) and `scheduler` for startTask workloads with their own
 * `strategy`. Relative module paths in the scenario resolve against `scenarioDir`.
 * @throws StrategyLoadError for a strategy that does not load.
 */
export async function strategyOptions(
  scenario: Scenario,
  scenarioDir: string,
  override?: StrategyRef,
): Promise<Pick<RunOptions, 'strategy' | 'scheduler'>> {
  const out: Pick<RunOptions, 'strategy' | 'scheduler'> = {};
  const main = override ?? (scenario.strategy === undefined ? undefined : { spec: scenario.strategy, baseDir: scenarioDir });
  if (main) out.strategy = await loadStrategy(main.spec, { baseDir: main.baseDir });
  const schedulers = new Map<string, StartTaskScheduler>();
  for (const w of scenario.workloads) {
    if (w.launch === 'startTask' && w.strategy !== undefined) {
      schedulers.set(w.name, strategyScheduler(await loadStrategy(w.strategy, { baseDir: scenarioDir })));
    }
  }
  if (schedulers.size > 0) out.scheduler = (w: Workload) => schedulers.get(w.name);
  return out;
}
