// The scenario runner: wires a run together and drives the clock. It checks the options
// (run-options.ts) and the scenario's runnable-ness (run-checks.ts), creates the simulation,
// builds the fleet through the public API (fleet.ts), schedules the scenario's events
// (events.ts), hands the workloads to the workload driver (workload-driver.ts) and the placed
// tasks' lifetimes to their owner (lifetimes.ts), starts the services (services/) and the machine traces (traces/), then advances time sample by sample and turns
// what the metrics collector saw into the result (build-result.ts, types in run-result.ts).
//
// Randomness: the simulation draws ids and RunTask placement from its own streams; the runner
// draws from separate streams of the same seed: `workload:<name>:arrival`,
// `workload:<name>:lifetime`, `events` and the services' `service:<name>:…`. Every requested task gets its lifetime when it is
// requested, whether it is placed or not, so arrivals, lifetimes and event choices over the same
// candidates replay unchanged under another placement strategy (common random numbers).
import { RandomStreams } from '../engine/rng.js';
import { createSimulation, type Simulation, type SimulationOptions } from '../ecs/simulation.js';
import { MetricsCollector } from '../metrics/collector.js';
import { buildRunResult } from './build-result.js';
import { applyEvent } from './events.js';
import { buildFleet, demandOf, resourceDimensions, taskDefinitionKey } from './fleet.js';
import { TaskLifetimes } from './lifetimes.js';
import { checkWorkloads, strategyRejection } from './run-checks.js';
import { resolveRunOptions, type RunOptions, type RunSettings } from './run-options.js';
import type { EventOutcome, RunResult, TraceResults } from './run-result.js';
import { alignedMachineSpec, TraceMachines } from './traces/trace-machines.js';
import { traceErrorsAt } from './traces/trace-workload.js';
import type { Scenario } from './types.js';
import { addServices } from './services/service-result.js';
import { ServiceWorld } from './services/service-world.js';
import { FleetWorld, scenarioHasFleetPolicy } from './autoscaling/fleet-world.js';
import { WorkloadDriver } from './workload-driver.js';

/**
 * Runs a validated scenario to its horizon and returns its metrics. Pure: no I/O, no wall
 * clock; the same scenario, options and seed give the same result.
 * @throws RangeError for bad options; ScenarioRunError when the control plane rejects a request the
 *   scenario makes (e.g. a placement strategy it does not accept); InvariantError on an ecsim bug.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const run = wire(scenario, options, true);
  const others: Sampled = {
    sample: () => {
      run.services?.sample();
      run.fleet?.sample();
    },
  };
  advance(run.sim, run.collector, others, run.settings, options.onProgress);
  return run.result(run.settings.end);
}

/** Options of a scenario whose clock the caller moves: runScenario's, and how the world is built. */
export interface LiveOptions extends RunOptions {
  /** Also run the scenario's workloads, services and events as the clock advances (else only its fleet and task definitions). Default false. */
  play?: boolean;
  /** Settings of the simulation beyond the scenario's (a text `seed` seeds its streams instead of the scenario's seed). */
  simulation?: Pick<SimulationOptions, 'seed' | 'region' | 'accountId' | 'longArns' | 'failureDetail'>;
}

/** A scenario's world with a clock the caller moves (`ecsim serve --scenario`). */
export interface LiveScenario {
  readonly sim: Simulation;
  /** Runs every event up to simulated time `t` (ms). @throws RangeError when t < now. */
  advanceTo(t: number): void;
  /** What the run reported so far, from 0 to now, as runScenario reports it at its horizon (no time series). */
  result(): RunResult;
}

/**
 * Builds a scenario's clusters, instances and task definitions in a new simulation and, with
 * `play`, schedules its workloads, services and events (over the scenario's duration), then leaves
 * the clock to the caller. The same scenario, options and calls give the same world.
 * @throws as runScenario.
 */
export function startScenario(scenario: Scenario, options: LiveOptions = {}): LiveScenario {
  const run = wire(scenario, options, options.play === true);
  return {
    sim: run.sim,
    advanceTo: (t) => run.sim.runUntil(t),
    result: () => run.result(run.sim.now()),
  };
}

/** A run wired up, before its clock moves: the fleet built and, with `play`, its events, services and workloads scheduled. */
function wire(scenario: Scenario, options: LiveOptions, play: boolean) {
  const settings = resolveRunOptions(scenario, options);
  const sim = createScenarioSimulation(scenario, options, settings.seed);
  const collector = metricsFor(scenario, sim, options);
  const lifetimes = new TaskLifetimes(sim, settings.end);
  sim.observe(collector);
  sim.observe(lifetimes);
  const fleet = scenarioHasFleetPolicy(scenario) ? new FleetWorld(sim, scenario, settings.end) : undefined;
  if (fleet) sim.observe(fleet);
  const groupArns = buildFleet(sim, scenario, settings.groupCounts);
  const streams = new RandomStreams(String(settings.seed));
  const events = play ? scheduleEvents(scenario, sim, streams, settings.end) : [];
  let services: ServiceWorld | undefined;
  let driver: WorkloadDriver | undefined;
  // machines from a trace are the fleet: they register at their trace times whether or not the workloads play
  const machines = startMachineTraces(scenario, sim, settings.end);
  if (play) {
    checkWorkloads(scenario, options);
    services = scenario.services && scenario.services.length > 0 ? new ServiceWorld(sim, scenario.services, { streams, lifetimes, end: settings.end }) : undefined;
    services?.start();
    driver = new WorkloadDriver({ sim, collector, lifetimes, streams, end: settings.end, options, ...(fleet ? { retryQueue: fleet.retryQueue } : {}) });
    driver.start(scenario);
  }
  // the bill starts with the fleet; autoscaling is part of playing the scenario
  fleet?.start(groupArns, play ? services : undefined, play);
  /** The result with the gauges integrated up to `end` (the clock may move on afterwards). */
  const result = (end: number): RunResult => {
    collector.finish(end);
    services?.finish(end);
    const traces = machines.length > 0 || scenario.workloads.some((w) => w.trace !== undefined) ? traceResults(driver, machines) : undefined;
    const out = buildRunResult(collector, {
      scenario: scenario.name,
      seed: settings.seed,
      end,
      sampleEvery: settings.sampleEvery,
      events,
      eventsProcessed: sim.eventsProcessed(),
      recordTasks: options.recordTasks ?? false,
      ...(traces ? { traces } : {}),
    });
    if (services) addServices(out, services, end);
    if (fleet) out.fleet = fleet.result(out.timeseries.times, end);
    return out;
  };
  return { sim, collector, services, fleet, settings, result };
}

/** Starts every instance group that replays a machine trace (their time-0 machines register now). */
function startMachineTraces(scenario: Scenario, sim: Simulation, end: number): { key: string; machines: TraceMachines }[] {
  const out: { key: string; machines: TraceMachines }[] = [];
  const tasks = scenario.workloads.flatMap((w) => (w.trace ? [w.trace] : []));
  scenario.clusters.forEach((c, ci) => {
    c.instances.forEach((g, i) => {
      if (g.trace === undefined) return;
      const at = ['clusters', ci, 'instances', i, 'trace', 'path'];
      const spec = traceErrorsAt(at, () => alignedMachineSpec(g.trace!, tasks));
      const machines = new TraceMachines(sim, c.name, g, spec, end, at);
      machines.start();
      out.push({ key: `${c.name}/${i}`, machines });
    });
  });
  return out;
}

function traceResults(driver: WorkloadDriver | undefined, machines: { key: string; machines: TraceMachines }[]): TraceResults {
  const byGroup: TraceResults['machines'] = {};
  for (const m of machines) byGroup[m.key] = m.machines.summary();
  return { workloads: driver?.traceSummaries() ?? {}, machines: byGroup };
}

function createScenarioSimulation(scenario: Scenario, options: LiveOptions, seed: number): Simulation {
  const simOptions: SimulationOptions = {
    seed: String(seed),
    failureDetail: 'summary',
    agent: {
      ...(scenario.agent.startDelay === undefined ? {} : { startDelayMs: scenario.agent.startDelay }),
      ...(scenario.agent.stopDelay === undefined ? {} : { stopDelayMs: scenario.agent.stopDelay }),
    },
  };
  if (scenario.stoppedTaskRetention !== undefined) simOptions.stoppedTaskRetentionMs = scenario.stoppedTaskRetention;
  const strategy = options.strategy ?? scenario.strategy;
  if (strategy !== undefined) simOptions.strategy = strategy;
  try {
    return createSimulation({ ...simOptions, ...options.simulation });
  } catch (e) {
    throw strategyRejection(e, scenario, options);
  }
}

function metricsFor(scenario: Scenario, sim: Simulation, options: RunOptions): MetricsCollector {
  const usedFamilies = new Set(scenario.workloads.map((w) => taskDefinitionKey(w.taskDefinition)));
  return new MetricsCollector(sim, {
    dims: resourceDimensions(scenario),
    clusters: scenario.clusters.map((c) => c.name),
    workloads: scenario.workloads.map((w) => ({ name: w.name, cluster: w.cluster })),
    strandingDemands: scenario.taskDefinitions.filter((td) => usedFamilies.has(taskDefinitionKey(td))).map((td) => demandOf(td).amounts),
    recordTasks: options.recordTasks ?? false,
  });
}

/**
 * Schedules every scenario event before the horizon; returns their outcomes in file order, filled
 * in as each event is carried out (an event beyond the horizon stays `reached: false`).
 */
function scheduleEvents(scenario: Scenario, sim: Simulation, streams: RandomStreams, end: number): EventOutcome[] {
  const outcomes: EventOutcome[] = scenario.events.map((e) => ({
    at: e.at,
    action: e.kind,
    cluster: e.cluster,
    requested: e.kind === 'reconnectAgents' ? (e.count ?? null) : e.count,
    affected: 0,
    tasksStopped: 0,
    reached: false,
  }));
  const ctx = { sim, rng: streams.stream('events') };
  scenario.events.forEach((event, i) => {
    if (event.at >= end) return;
    sim.schedule(event.at, () => {
      outcomes[i] = { ...applyEvent(event, ctx), reached: true };
    });
  });
  return outcomes;
}

/** What samples alongside the collector: the services and the fleet. */
interface Sampled {
  sample(): void;
}

/** Runs the simulation to the horizon, sampling every `sampleEvery` and at the end, reporting progress. */
function advance(sim: Simulation, collector: MetricsCollector, others: Sampled, settings: RunSettings, onProgress: RunOptions['onProgress']): void {
  const { end, sampleEvery } = settings;
  const progressStep = Math.max(1, Math.ceil(end / 100));
  let nextSample = 0;
  let nextProgress = progressStep;
  let lastSample = -1;
  for (;;) {
    const t = Math.min(nextSample, nextProgress, end);
    sim.runUntil(t);
    if (t === nextSample) {
      collector.sample(t);
      others.sample();
      lastSample = t;
      nextSample += sampleEvery;
    }
    if (t === nextProgress) nextProgress += progressStep;
    onProgress?.(t, end, sim.eventsProcessed());
    if (t >= end) break;
  }
  if (lastSample !== end) {
    collector.sample(end);
    others.sample();
  }
}
