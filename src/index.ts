// ecsim's public surface: explicit named exports, `export type` for types.
export { createSimulation, type Simulation, type SimulationOptions } from './ecs/simulation.js';
export { EcsError, InvariantError, type EcsErrorName } from './ecs/errors.js';
export type { AgentOptions, LifecycleListener } from './ecs/control-plane.js';
export type * from './ecs/api-types.js';
