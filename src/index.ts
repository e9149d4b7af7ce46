// ecsim's public surface: explicit named exports, `export type` for types.
export { createSimulation, type Simulation, type SimulationOptions } from './ecs/simulation.js';
export { EcsError, InvariantError, type EcsErrorName } from './ecs/errors.js';
export type { AgentOptions, LifecycleListener } from './ecs/control-plane.js';
export type * from './ecs/api-types.js';
export { loadStrategy, StrategyLoadError, type LoadStrategyOptions } from './placement/load-strategy.js';
export { builtinStrategy, RANDOM, parseStrategyText, strategyFromSpecs } from './placement/builtin.js';
export { PlacementParameterError } from './placement/errors.js';
export { startTaskWithStrategy, type ScheduledStartTaskRequest } from './ecs/placement-adapter.js';
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
