// A canonical snapshot of the whole control plane and its random streams: two states are the
// same exactly when their snapshots serialise to the same JSON. Used to prove that a rejected
// call changed nothing and that runs are deterministic.
import type { ControlPlane } from './control-plane.js';
import { instanceView, clusterView, taskDefinitionView, taskView } from './views.js';

export function snapshotState(cp: ControlPlane): unknown {
  return {
    now: cp.sim.now(),
    pendingEvents: cp.sim.pending,
    clusters: [...cp.clusters.values()].map((c) => ({
      ...clusterView(c),
      instances: c.instances.map((i) => instanceView(cp.table, i)),
      tasks: cp.retainedTasks(c).map((t) => taskView(cp, t)),
    })),
    taskDefinitions: cp.taskDefinitions.map(taskDefinitionView),
    random: cp.streams.snapshot(),
  };
}
