// A machine trace as the runner plays it: each ADD registers a container instance (the trace's
// capacity × scale, the group's attributes and reserved ports) at its trace time, each REMOVE
// deregisters it (forced: the machine is gone, and so are its tasks), on the clock of the task
// trace of the same family so machines and work stay aligned.
import type { Simulation } from '../../ecs/simulation.js';
import { instanceRequest } from '../fleet.js';
import type { InstanceGroup } from '../types.js';
import type { Path } from '../errors.js';
import { MachineReplay, type MachineEvent } from './machine-replay.js';
import { traceErrorsAt } from './trace-workload.js';
import { TraceReplay } from './replay.js';
import { TASK_FORMAT_OF_MACHINES, type DropCounts, type MachineTraceSpec, type TaskTraceSpec } from './types.js';

/**
 * A machine trace on the clock of the first task trace of its family among `tasks`: that trace's
 * origin (its `start`, else its first event) and speed, so the fleet and the work stay aligned.
 * Without one, the machine trace keeps its own first event and speed 1.
 * @throws TraceError when the task trace cannot be read
 */
export function alignedMachineSpec(machine: MachineTraceSpec, tasks: readonly TaskTraceSpec[]): MachineTraceSpec {
  const family = TASK_FORMAT_OF_MACHINES[machine.format];
  const task = tasks.find((t) => t.format === family);
  if (task === undefined) return machine;
  const origin = task.start ?? openedOrigin(task);
  return { ...machine, speed: task.speed, ...(origin === undefined ? {} : { start: origin }) };
}

function openedOrigin(task: TaskTraceSpec): number | undefined {
  const replay = new TraceReplay(task);
  try {
    return replay.origin();
  } finally {
    replay.close();
  }
}

export interface MachineTraceSummary {
  format: string;
  records: number;
  registered: number;
  deregistered: number;
  /** ADDs of a machine already registered, REMOVEs of one that is not. */
  ignored: number;
  /** Registered when the run ended. */
  active: number;
  dropped: DropCounts;
}

export class TraceMachines {
  readonly spec: MachineTraceSpec;
  private readonly replay: MachineReplay;
  private readonly arns = new Map<string, string>();
  private next: MachineEvent | undefined;
  private readonly counts = { registered: 0, deregistered: 0, ignored: 0 };

  /** @throws ScenarioRunError (at `path`) when the trace cannot be opened. */
  constructor(
    private readonly sim: Simulation,
    private readonly cluster: string,
    private readonly group: InstanceGroup,
    spec: MachineTraceSpec,
    private readonly end: number,
    private readonly path: Path,
  ) {
    this.replay = traceErrorsAt(path, () => new MachineReplay(spec));
    this.spec = spec;
  }

  /** Applies the events at time 0 now (so the fleet exists before anything arrives) and schedules the rest. @throws ScenarioRunError for a malformed trace */
  start(): void {
    this.pull();
    while (this.next !== undefined && this.next.at === 0) {
      this.apply(this.next);
      this.pull();
    }
    this.schedule();
  }

  summary(): MachineTraceSummary {
    return { format: this.spec.format, records: this.replay.records, ...this.counts, active: this.arns.size, dropped: this.replay.dropped };
  }

  private pull(): void {
    this.next = traceErrorsAt(this.path, () => this.replay.next());
    if (this.next !== undefined && this.next.at >= this.end) {
      this.next = undefined;
      this.replay.close();
    }
  }

  private schedule(): void {
    const e = this.next;
    if (e === undefined) return;
    this.sim.schedule(e.at - this.sim.now(), () => {
      // every event due at this instant, in trace order
      while (this.next !== undefined && this.next.at <= this.sim.now()) {
        this.apply(this.next);
        this.pull();
      }
      this.schedule();
    });
  }

  private apply(e: MachineEvent): void {
    if (e.kind === 'add') {
      if (this.arns.has(e.id)) {
        this.counts.ignored++;
        return;
      }
      const req = instanceRequest(this.cluster, { ...this.group, resources: { ...this.group.resources, CPU: e.cpu, MEMORY: e.memory } });
      this.arns.set(e.id, this.sim.ecs.registerContainerInstance(req).containerInstance.containerInstanceArn!);
      this.counts.registered++;
      return;
    }
    const arn = this.arns.get(e.id);
    if (arn === undefined) {
      this.counts.ignored++;
      return;
    }
    this.arns.delete(e.id);
    this.sim.ecs.deregisterContainerInstance({ cluster: this.cluster, containerInstance: arn, force: true });
    this.counts.deregistered++;
  }
}
