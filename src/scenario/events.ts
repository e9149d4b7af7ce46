// Scenario events: things that happen to the fleet at a point in simulated time, carried out
// through the public API and the simulation's agent controls. Which instances or tasks are hit is
// drawn from the runner's `events` stream, uniformly among those the event can apply to, over
// candidates listed in registration (and placement) order, so the choice is reproducible.
import type { RandomStream } from '../engine/rng.js';
import type { Simulation } from '../ecs/simulation.js';
import { RUNNING, STOPPED, type TaskRecord } from '../ecs/state.js';
import { instancesOf } from './simulation-view.js';
import { registerInstances } from './fleet.js';
import type { ScenarioEvent } from './types.js';

/** The stoppedReason of tasks a `stopTasks` event stops. */
export const REASON_EVENT_STOP = 'Stopped by scenario event';

/** What an event did. */
export interface AppliedEvent {
  /** Simulated time, ms. */
  at: number;
  action: ScenarioEvent['kind'];
  cluster: string;
  /** How many instances or tasks it asked for; null for "all" (reconnectAgents without count). */
  requested: number | null;
  /** How many it could apply to (fewer when there were fewer candidates). */
  affected: number;
  /** Tasks the event stopped (forced deregistration, stopTasks). */
  tasksStopped: number;
}

export interface EventContext {
  readonly sim: Simulation;
  readonly rng: RandomStream;
}

/** Picks `k` of `items` uniformly (partial Fisher–Yates), in the order drawn. Mutates `items`. */
export function pickUniform<T>(items: T[], k: number, rng: RandomStream): T[] {
  const n = items.length;
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items.slice(0, m);
}

/** Carries out one event now. Never throws for an event with too few candidates: it does what it can. */
export function applyEvent(event: ScenarioEvent, ctx: EventContext): AppliedEvent {
  const { sim, rng } = ctx;
  const out: AppliedEvent = { at: sim.now(), action: event.kind, cluster: event.cluster, requested: null, affected: 0, tasksStopped: 0 };
  const instances = instancesOf(sim, event.cluster);
  switch (event.kind) {
    case 'disconnectAgents': {
      out.requested = event.count;
      const candidates = instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected);
      for (const inst of pickUniform(candidates, event.count, rng)) {
        sim.disconnectAgent(inst.arn);
        out.affected++;
      }
      break;
    }
    case 'reconnectAgents': {
      out.requested = event.count ?? null;
      const candidates = instances.filter((i) => i.status === 'ACTIVE' && !i.agentConnected);
      const chosen = event.count === undefined ? candidates : pickUniform(candidates, event.count, rng);
      for (const inst of chosen) {
        sim.connectAgent(inst.arn);
        out.affected++;
      }
      break;
    }
    case 'deregisterInstances': {
      out.requested = event.count;
      // without force ECS refuses an instance with live tasks, so only idle ones are candidates
      const candidates = instances.filter((i) => i.status === 'ACTIVE' && (event.force || i.liveTasks.size === 0));
      for (const inst of pickUniform(candidates, event.count, rng)) {
        out.tasksStopped += inst.liveTasks.size;
        sim.ecs.deregisterContainerInstance({ cluster: event.cluster, containerInstance: inst.arn, force: event.force });
        out.affected++;
      }
      break;
    }
    case 'addInstances': {
      out.requested = event.count;
      out.affected = registerInstances(sim, event.cluster, event, event.count).length;
      break;
    }
    case 'stopTasks': {
      out.requested = event.count;
      const candidates: TaskRecord[] = [];
      // a service's tasks carry the ECS group service:NAME (services/service-scheduler.ts)
      const group = event.service === undefined ? undefined : `service:${event.service}`;
      for (const inst of instances) {
        if (inst.liveTasks.size === 0) continue;
        for (const t of inst.liveTasks) {
          if (t.desiredStatus !== RUNNING || t.lastStatus === STOPPED) continue;
          if (event.workload !== undefined && t.startedBy !== event.workload) continue;
          if (group !== undefined && t.group !== group) continue;
          candidates.push(t);
        }
      }
      for (const t of pickUniform(candidates, event.count, rng)) {
        sim.ecs.stopTask({ cluster: event.cluster, task: sim.controlPlane.taskArn(t), reason: REASON_EVENT_STOP });
        out.affected++;
      }
      out.tasksStopped = out.affected;
      break;
    }
  }
  return out;
}
