// `ecsim/internals`: for tools built on ecsim rather than programs using it — the strategy
// vocabulary and pipeline (built-ins by spec, filters, scorers), the metrics collector behind
// runScenario's figures, the default StartTask scheduler, and the control plane's placement view.
// Not the library's surface (that is src/index.ts, `ecsim`): these names follow the code and may
// change between minor versions. Explicit named exports; `export type` for types.

// Placement: built-in strategies by text or spec, and the pieces they are made of
export { builtinStrategy, parseStrategyText, RANDOM, strategyFromSpecs } from './placement/builtin.js';
export { PlacementParameterError } from './placement/errors.js';
export { makeRequest, pipelineStrategy, explain, bindingReason, type RuledOut } from './placement/pipeline.js';
export { distinctInstanceFilter, fitFilter, memberOfFilter } from './placement/filters.js';
export { binpackScorer, firstFitScorer, spreadAttributeScorer, spreadInstanceScorer } from './placement/scorers.js';
export { TableInstanceView } from './placement/instance-view.js';
export type { Filter, InstanceMeta, PlacementStrategySpec, Scorer } from './placement/types.js';

// The control plane (Simulation.controlPlane) and its records
export type { ControlPlane } from './ecs/control-plane.js';
export type { ClusterRecord, InstanceRecord, TaskDefinitionRecord, TaskRecord } from './ecs/state.js';

// Scenarios and metrics
export { firstFitScheduler } from './scenario/start-task-scheduler.js';
export { MetricsCollector, type CollectorOptions } from './metrics/collector.js';
