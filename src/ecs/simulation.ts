// createSimulation: the engine, the control plane and the 20 actions behind one object.
// The `ecs` methods are synchronous and mirror the API; the rest are simulation controls.
import type { EventHandle } from '../engine/event-queue.js';
import { Simulator } from '../engine/simulator.js';
import * as agent from './agent.js';
import type { EcsApi, Failure, RunTaskRequest } from './api-types.js';
import * as clusters from './clusters.js';
import { setAgentConnected } from './container-instances.js';
import * as instances from './container-instances.js';
import { ControlPlane, type LifecycleListener } from './control-plane.js';
import { EcsError } from './errors.js';
import { resolveStrategyOption } from './placement-context.js';
import { checkSimulationOptions, checkTime, type SimulationOptions } from './simulation-options.js';

export type { SimulationOptions } from './simulation-options.js';
import { snapshotState } from './snapshot.js';
import { DEFAULT_STOPPED_TASK_RETENTION_MS, type ContainerRecord, type TaskRecord } from './state.js';
import * as taskDefinitions from './task-definitions.js';
import * as tasks from './tasks.js';

export interface Simulation {
  readonly ecs: EcsApi;
  /** Simulated time in ms. */
  now(): number;
  /** Runs every event with time <= t (ms), then sets the clock to t. @throws RangeError when t is not a finite number or is before now. */
  runUntil(t: number): void;
  /** Runs events until none are left. */
  runUntilIdle(): void;
  /** Runs `fn` at now + delayMs; returns a handle for `cancel`. */
  schedule(delayMs: number, fn: () => void): EventHandle;
  /** Runs `fn(arg)` at now + delayMs: one function made once serves many events, so none needs a closure of its own. */
  schedule<A>(delayMs: number, fn: (arg: A) => void, arg: A): EventHandle;
  /** Cancels a scheduled function; false if it already ran. */
  cancel(handle: EventHandle): boolean;
  /** Models a lost agent: the instance reports agentConnected false; RunTask skips it. */
  disconnectAgent(containerInstance: string): void;
  connectAgent(containerInstance: string): void;
  /** Events processed so far. */
  eventsProcessed(): number;
  /** Subscribes to lifecycle notifications (for metrics); returns an unsubscribe function. */
  observe(listener: LifecycleListener): () => void;
  /** A canonical JSON-able snapshot of the whole state and every random stream. */
  snapshot(): unknown;
  /** The control plane itself, for collectors and tools built on ecsim. Not part of the ECS API. */
  readonly controlPlane: ControlPlane;
  /** Actions answered with records, for the scenario runner. Not part of the ECS API. */
  readonly runner: RunnerEntryPoints;
}

/**
 * Entry points for a program that drives the simulation and holds its records (the scenario
 * runner): an action's checks and state changes, answered with records instead of response
 * objects. Each shares its action's code path, so it draws and changes exactly what the action
 * would, and throws what the action throws (an EcsError naming the action). Not part of the ECS API.
 */
export interface RunnerEntryPoints {
  /** RunTask: appends the records placed to `placed` (in placement order) and returns the response's `failures` (not to be changed: often a shared empty list). */
  runTask(req: RunTaskRequest, placed: TaskRecord[]): readonly Failure[];
  /** SubmitContainerStateChange of `container` of `task` to STOPPED with `exitCode`. */
  containerExited(task: TaskRecord, container: ContainerRecord, exitCode: number): void;
}

/** What an action's failure becomes: the EcsError naming `action`, an InvariantError as it is, anything else a ServerException. */
function actionError(action: string, e: unknown): unknown {
  if (e instanceof EcsError) {
    (e as { action: string }).action = action;
    return e;
  }
  if (e instanceof Error && e.name === 'InvariantError') return e;
  // anything else is a bug in ecsim surfacing through an action: ECS would answer 500
  const err = new EcsError('ServerException', e instanceof Error ? e.message : String(e), action);
  (err as { cause?: unknown }).cause = e;
  return err;
}

function wrap<A extends unknown[], R>(action: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (e) {
      throw actionError(action, e);
    }
  };
}

/**
 * Creates a simulated ECS control plane with its own clock and random streams.
 * Defaults: seed 0, region us-east-1, account 012345678910, agent auto with 1000 ms start and stop delays.
 * @throws RangeError naming the option when one is unknown (`sed`) or of the wrong kind (see simulation-options.ts).
 */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  checkSimulationOptions(options);
  const agentOpts = options.agent ?? {};
  const mode = agentOpts.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'manual') throw new RangeError(`agent.mode must be 'auto' or 'manual', got ${String(mode)}`);
  const delay = (v: number | undefined, name: string): number => {
    if (v === undefined) return 1000;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`agent.${name} must be a finite number >= 0`);
    return v;
  };
  const sim = new Simulator();
  const cp = new ControlPlane(sim, {
    seed: String(options.seed ?? 0),
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '012345678910',
    agent: { mode, startDelayMs: delay(agentOpts.startDelayMs, 'startDelayMs'), stopDelayMs: delay(agentOpts.stopDelayMs, 'stopDelayMs') },
    failureDetail: options.failureDetail ?? 'instances',
    longArns: options.longArns === true,
    strategy: resolveStrategyOption(options.strategy),
    stoppedTaskRetentionMs: options.stoppedTaskRetentionMs ?? DEFAULT_STOPPED_TASK_RETENTION_MS,
  });
  const ecs: EcsApi = {
    createCluster: wrap('CreateCluster', (req) => clusters.createCluster(cp, req)),
    listClusters: wrap('ListClusters', (req) => clusters.listClusters(cp, req)),
    describeClusters: wrap('DescribeClusters', (req) => clusters.describeClusters(cp, req)),
    deleteCluster: wrap('DeleteCluster', (req) => clusters.deleteCluster(cp, req)),
    registerContainerInstance: wrap('RegisterContainerInstance', (req) => instances.registerContainerInstance(cp, req)),
    deregisterContainerInstance: wrap('DeregisterContainerInstance', (req) => instances.deregisterContainerInstance(cp, req)),
    listContainerInstances: wrap('ListContainerInstances', (req) => instances.listContainerInstances(cp, req)),
    describeContainerInstances: wrap('DescribeContainerInstances', (req) => instances.describeContainerInstances(cp, req)),
    registerTaskDefinition: wrap('RegisterTaskDefinition', (req) => taskDefinitions.registerTaskDefinition(cp, req)),
    deregisterTaskDefinition: wrap('DeregisterTaskDefinition', (req) => taskDefinitions.deregisterTaskDefinition(cp, req)),
    listTaskDefinitions: wrap('ListTaskDefinitions', (req) => taskDefinitions.listTaskDefinitions(cp, req)),
    describeTaskDefinition: wrap('DescribeTaskDefinition', (req) => taskDefinitions.describeTaskDefinition(cp, req)),
    runTask: wrap('RunTask', (req) => tasks.runTask(cp, req)),
    startTask: wrap('StartTask', (req) => tasks.startTask(cp, req)),
    stopTask: wrap('StopTask', (req) => tasks.stopTask(cp, req)),
    listTasks: wrap('ListTasks', (req) => tasks.listTasks(cp, req)),
    describeTasks: wrap('DescribeTasks', (req) => tasks.describeTasks(cp, req)),
    submitTaskStateChange: wrap('SubmitTaskStateChange', (req) => agent.submitTaskStateChange(cp, req)),
    submitContainerStateChange: wrap('SubmitContainerStateChange', (req) => agent.submitContainerStateChange(cp, req)),
    discoverPollEndpoint: wrap('DiscoverPollEndpoint', (req) => agent.discoverPollEndpoint(cp, req)),
  };
  return {
    ecs,
    now: () => sim.now(),
    runUntil: (t) => sim.runUntil(checkTime('runUntil', t, sim.now())),
    runUntilIdle: () => sim.runUntilIdle(),
    schedule: (delayMs: number, fn: (arg: never) => void, arg?: unknown) => sim.schedule(delayMs, fn as (arg: unknown) => void, arg),
    cancel: (h) => sim.cancel(h),
    disconnectAgent: wrap('DisconnectAgent', (ref: string) => setAgentConnected(cp, ref, false)),
    connectAgent: wrap('ConnectAgent', (ref: string) => setAgentConnected(cp, ref, true)),
    eventsProcessed: () => sim.eventsProcessed,
    observe(listener) {
      cp.listeners.push(listener);
      return () => {
        const i = cp.listeners.indexOf(listener);
        if (i >= 0) cp.listeners.splice(i, 1);
      };
    },
    snapshot: () => snapshotState(cp),
    controlPlane: cp,
    runner: {
      // written out rather than wrapped: the runner calls these for every task
      runTask(req, placed) {
        try {
          return tasks.runTaskRecords(cp, req, placed);
        } catch (e) {
          throw actionError('RunTask', e);
        }
      },
      containerExited(task, container, exitCode) {
        try {
          agent.containerExited(cp, task, container, exitCode);
        } catch (e) {
          throw actionError('SubmitContainerStateChange', e);
        }
      },
    },
  };
}
