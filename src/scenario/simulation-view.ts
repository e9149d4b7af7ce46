// The scenario layer's reads of a running simulation's state: the placement InstanceView of a
// cluster (what a StartTask scheduler chooses instances from), a cluster's instance records (what
// scenario events pick from) and the demand of a registered task definition. All read the control
// plane's own state as it is now (its instance table, feasibility index and records); nothing
// here keeps a copy, and these functions are the only places the scenario layer reaches past the
// ECS API into the control plane. The cluster's reservation is what ECS publishes to CloudWatch as
// CPUReservation / MemoryReservation, which the API itself does not answer.
import { findTaskDefinition } from '../ecs/references.js';
import type { Simulation } from '../ecs/simulation.js';
import type { InstanceRecord } from '../ecs/state.js';
import type { Demand } from '../model/demand.js';
import type { InstanceView } from '../placement/types.js';

/**
 * The placement view of `cluster` (positions in registration order, live reads).
 * @throws RangeError when the simulation has no such cluster.
 */
export function instanceViewOf(sim: Simulation, cluster: string): InstanceView {
  const record = sim.controlPlane.clusters.get(cluster);
  if (!record) throw new RangeError(`no cluster ${JSON.stringify(cluster)} in the simulation`);
  return sim.controlPlane.placement.view(record);
}

/** Every instance ever registered in `cluster`, in registration order (none for an unknown cluster). */
export function instancesOf(sim: Simulation, cluster: string): readonly InstanceRecord[] {
  return sim.controlPlane.clusters.get(cluster)?.instances ?? [];
}

/**
 * What one task of the registered task definition `ref` (`family:revision`) holds, exactly as the
 * control plane places it.
 * @throws RangeError when no such task definition is registered.
 */
export function taskDemandOf(sim: Simulation, ref: string): Demand {
  const td = findTaskDefinition(sim.controlPlane, ref);
  if (!td) throw new RangeError(`no task definition ${JSON.stringify(ref)} in the simulation`);
  return td.demand;
}

/**
 * Reserved and registered amounts of `resource` (CPU or MEMORY) over the ACTIVE instances of
 * `cluster`: the two sums ECS divides to publish CPUReservation and MemoryReservation.
 */
export function clusterReservation(sim: Simulation, cluster: string, resource: 'CPU' | 'MEMORY'): { reserved: number; registered: number } {
  const table = sim.controlPlane.table;
  const dim = table.hasDim(resource);
  let reserved = 0;
  let registered = 0;
  if (dim === undefined) return { reserved, registered };
  const reg = table.registered[dim]!;
  const rem = table.remaining[dim]!;
  for (const inst of instancesOf(sim, cluster)) {
    if (inst.status !== 'ACTIVE') continue;
    registered += reg[inst.slot]!;
    reserved += reg[inst.slot]! - rem[inst.slot]!;
  }
  return { reserved, registered };
}
