// The checks a run makes of a scenario before it plays any workload, beyond what the loader checks
// (everything the file alone decides is checked when it loads — format/checks.ts — so `validate`
// agrees with `run`). What is left depends on the run's options: a startTask workload's own
// `strategy` must have been loaded into a scheduler, and the top-level `strategy` must be one
// createSimulation accepts.
import { schedulerOption, type RunOptions } from './run-options.js';
import { ScenarioRunError } from './run-error.js';
import type { Scenario } from './types.js';

/**
 * Checks every workload against the run's schedulers, in file order.
 * @throws ScenarioRunError at the first workload whose strategy was not loaded.
 */
export function checkWorkloads(scenario: Scenario, options: RunOptions): void {
  scenario.workloads.forEach((w, index) => {
    if (w.launch === 'startTask' && w.strategy !== undefined && schedulerOption(options, w) === undefined) {
      throw new ScenarioRunError(`the strategy ${JSON.stringify(w.strategy)} was not loaded (run it with ecsim, or pass a scheduler)`, ['workloads', index, 'strategy']);
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
