// The engine's surface: clock and run loop, event queue, named random streams. Knows nothing of ECS.
export { Simulator } from './simulator.js';
export { EventQueue, type EventCallback, type EventHandle } from './event-queue.js';
export { RandomStream, RandomStreams } from './rng.js';
