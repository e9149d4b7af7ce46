// The services' part of a RunResult: per service summaries and time-series rows. Added only to
// runs of scenarios with services, so the result of one without them is unchanged.
import type { RunResult } from '../run-result.js';
import type { ServiceWorld } from './service-world.js';

/** Adds `services` and `timeseries.services` to `result` (call after `world.finish(end)`). */
export function addServices(result: RunResult, world: ServiceWorld, end: number): void {
  result.services = world.summaries(end);
  result.timeseries.services = world.services.map((s) => ({ name: s.spec.name, cluster: s.spec.cluster, rows: s.metrics.samples }));
}
