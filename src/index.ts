// ecsim's public surface: explicit named exports, `export type` for types.
export { createSimulation, type Simulation, type SimulationOptions } from './ecs/simulation.js';
export { EcsError, InvariantError, type EcsErrorName } from './ecs/errors.js';
export type { AgentOptions, LifecycleListener } from './ecs/control-plane.js';
export type * from './ecs/api-types.js';
export { loadStrategy, StrategyLoadError, type LoadStrategyOptions } from './placement/load-strategy.js';
export { builtinStrategy, RANDOM, parseStrategyText, strategyFromSpecs } from './placement/builtin.js';
export { PlacementParameterError } from './placement/errors.js';
export { startTaskWithStrategy, type ScheduledStartTaskRequest } from './ecs/scheduled-start-task.js';
export type {
  Filter,
  InstanceMeta,
  InstanceView,
  PlacementConstraintSpec,
  PlacementRequest,
  PlacementRng,
  PlacementStrategy,
  PlacementStrategySpec,
  Scorer,
} from './placement/types.js';
// Scenarios: load and validate a YAML scenario, run it, read its metrics.
export { loadScenario, type LoadResult } from './scenario/load.js';
export { formatScenarioError, type ScenarioError, type ScenarioErrorCode } from './scenario/errors.js';
export { scenarioJsonSchema } from './scenario/schema.js';
export { parseDuration, formatDuration } from './scenario/duration.js';
export type { Scenario, Workload, ScenarioEvent } from './scenario/types.js';
export { runScenario } from './scenario/runner.js';
export { ScenarioRunError } from './scenario/run-error.js';
export { REASON_NO_INSTANCES } from './scenario/workload-driver.js';
export { DEFAULT_SAMPLE_EVERY, type RunOptions } from './scenario/run-options.js';
export type { RunResult, TaskRow, TimeSeries, TimeSeriesRow, EventOutcome } from './scenario/run-result.js';
export { firstFitScheduler, type StartTaskScheduler, type StartTaskLaunch, type SchedulerContext } from './scenario/start-task-scheduler.js';
export { REASON_EVENT_STOP } from './scenario/events.js';
export { MetricsCollector, type CollectorOptions } from './metrics/collector.js';
export type { Demand } from './model/demand.js';
export type { ClusterSummary, WorkloadSummary, MeanPeak, TaskCounts, InstanceSummary } from './metrics/summary.js';
export type { SampleSummary } from './metrics/samples.js';
// Services: the ECS service scheduler over a simulation (what a scenario's `services:` run on).
export { ServiceWorld } from './scenario/services/service-world.js';
export { ServiceScheduler, RETRY_FIRST_MS, RETRY_MAX_MS, type ServiceSchedulerOptions } from './scenario/services/service-scheduler.js';
export type { ServiceSpec, DeploymentSpec, ScaleChange } from './scenario/services/spec.js';
export type { ServiceSummary, DeploymentSummary, DeploymentOutcome, ServiceEventRecord, ServiceSampleRow } from './metrics/service-metrics.js';
