// ecsim's public surface — the library: create a simulation and call the ECS API on it, its errors
// and API types, scenarios (load, validate, run, their results), and strategies: one way to get
// one, `loadStrategy(text or module path)` (createSimulation and runScenario also take the text
// form), and the types to write your own. Tools built on ecsim's internals (collectors, the
// strategy vocabulary, schedulers) import `ecsim/internals` (src/internals.ts), which may change
// between minor versions. Explicit named exports; `export type` for types.

// The simulation and the ECS API
export { createSimulation, type Simulation, type SimulationOptions } from './ecs/simulation.js';
export type { AgentOptions } from './ecs/simulated-agent.js';
export type { LifecycleListener } from './ecs/lifecycle.js';
export { EcsError, InvariantError, type EcsErrorName } from './ecs/errors.js';
export type * from './ecs/api-types.js';

// Placement strategies: get one, or write one
export { loadStrategy, StrategyLoadError, type LoadStrategyOptions } from './placement/load-strategy.js';
export type { InstanceView, PlacementConstraintSpec, PlacementRequest, PlacementRng, PlacementStrategy } from './placement/types.js';
export type { Demand } from './model/demand.js';
export { startTaskWithStrategy, type ScheduledStartTaskRequest } from './ecs/scheduled-start-task.js';

// Scenarios: load and validate a YAML scenario, run it, read its results
export { loadScenario, type LoadResult } from './scenario/load.js';
export { formatScenarioError, type ScenarioError, type ScenarioErrorCode } from './scenario/errors.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { parseDuration, formatDuration } from './scenario/duration.js';
export type { Scenario, Workload, ScenarioEvent } from './scenario/types.js';
export { runScenario, startScenario, type LiveScenario, type LiveOptions } from './scenario/runner.js';
export { ScenarioRunError } from './scenario/run-error.js';
export { DEFAULT_SAMPLE_EVERY, type RunOptions } from './scenario/run-options.js';
export type { RunResult, TaskRow, TimeSeries, TimeSeriesRow, EventOutcome } from './scenario/run-result.js';
export type { StartTaskScheduler, StartTaskLaunch, SchedulerContext } from './scenario/start-task-scheduler.js';
export { REASON_NO_INSTANCES } from './scenario/workload-driver.js';
export { REASON_EVENT_STOP } from './scenario/events.js';
export type { ClusterSummary, WorkloadSummary, MeanPeak, TaskCounts, InstanceSummary } from './metrics/summary.js';
export type { SampleSummary } from './metrics/samples.js';
// Services: the ECS service scheduler over a simulation (what a scenario's `services:` run on).
export { ServiceWorld } from './scenario/services/service-world.js';
export { ServiceScheduler, RETRY_FIRST_MS, RETRY_MAX_MS, type ServiceSchedulerOptions } from './scenario/services/service-scheduler.js';
export type { ServiceSpec, DeploymentSpec, ScaleChange } from './scenario/services/spec.js';
export type { ServiceSummary, DeploymentSummary, DeploymentOutcome, ServiceEventRecord, ServiceSampleRow } from './metrics/service-metrics.js';
