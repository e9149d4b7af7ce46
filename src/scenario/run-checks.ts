// The checks a run makes of a scenario before it plays any workload, beyond what the loader
// checks: every workload's task definition is in the file, a workload's own `strategy` belongs
// to `launch: startTask` and was loaded, `placementStrategy` belongs to `launch: runTask`, the
// built-in first-fit scheduler gets no constraints, and the scenario's top-level `strategy` is
// one createSimulation accepts. They live here, apart from the wiring, because they belong in
// the loader's refinement (so `validate` agrees with `run`); a check that moves there is deleted
// here.
import { firstFitScheduler } from './start-task-scheduler.js';
import { schedulerOption, type RunOptions } from './run-options.js';
import { ScenarioRunError } from './run-error.js';
import { taskDefinitionKey } from './fleet.js';
import type { Scenario } from './types.js';

/**
 * Checks every workload against the file and the run's schedulers, in file order.
 * @throws ScenarioRunError at the first workload field that cannot run as written.
 */
export function checkWorkloads(scenario: Scenario, options: RunOptions): void {
  const tdByKey = new Map(scenario.taskDefinitions.map((td) => [taskDefinitionKey(td), td]));
  scenario.workloads.forEach((w, index) => {
    const key = taskDefinitionKey(w.taskDefinition);
    const td = tdByKey.get(key);
    if (!td) throw new ScenarioRunError(`${key} is not in the scenario`, ['workloads', index, 'taskDefinition']);
    const given = schedulerOption(options, w);
    if (w.strategy !== undefined && (w.launch !== 'startTask' || given === undefined)) {
      throw new ScenarioRunError(
        w.launch === 'startTask'
          ? `the strategy ${JSON.stringify(w.strategy)} was not loaded (run it with ecsim, or pass a scheduler)`
          : `a workload's own strategy applies to launch: startTask (its scheduler); for runTask use placementStrategy`,
        ['workloads', index, 'strategy'],
      );
    }
    const scheduler = w.launch === 'startTask' ? (given ?? firstFitScheduler) : undefined;
    if (scheduler && w.placementStrategy.length > 0) {
      throw new ScenarioRunError(`applies to launch: runTask; a startTask workload is placed by its scheduler (strategy)`, ['workloads', index, 'placementStrategy']);
    }
    if (scheduler === firstFitScheduler && td.placementConstraints.length + w.placementConstraints.length > 0) {
      throw new ScenarioRunError(
        `the built-in first-fit StartTask scheduler does not evaluate placementConstraints (the workload's or its task definition's); give the workload a strategy`,
        ['workloads', index],
      );
    }
  });
}

/**
 * What createSimulation's rejection of a strategy means for the scenario: a RangeError over the
 * scenario's own top-level `strategy` (no override given) is the file's fault and is located at
 * `strategy`; anything else is returned unchanged.
 */
export function strategyRejection(e: unknown, scenario: Scenario, options: RunOptions): unknown {
  if (e instanceof RangeError && options.strategy === undefined && scenario.strategy !== undefined) {
    return new ScenarioRunError(e.message, ['strategy']);
  }
  return e;
}
