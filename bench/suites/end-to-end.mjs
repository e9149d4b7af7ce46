// Benchmark 5a: end to end. 10,000 heterogeneous instances and 1,000,000 tasks through the whole
// lifecycle: each task arrives (Poisson, 1,000/s simulated), is placed by a public RunTask, the
// simulated agent reports it RUNNING after 1 s, it runs for an exponential lifetime (mean 60 s),
// its essential container exits (public SubmitContainerStateChange STOPPED, exit code 0), the task
// stops and releases its resources; a metrics listener (the public `observe`) counts every
// transition and integrates the number of running tasks over time. The workload is driven through
// the public API and the engine's `schedule` (the same shape as src/scenario/runner.ts, written
// out here so the benchmark measures the control plane and engine, not YAML loading or reports).
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../../dist/index.js';
import { RandomStreams } from '../../dist/engine/index.js';
import { isEntry, progress, serve } from '../lib/child.mjs';
import { checkAccounting, registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';

export async function run({ instances = 10_000, tasks = 1_000_000, arrivalsPerS = 1000, lifetimeS = 60, seed = 'bench' } = {}) {
  const wall0 = performance.now();
  const sim = createSimulation({ seed, failureDetail: 'summary', agent: { mode: 'auto', startDelayMs: 1000, stopDelayMs: 1000 } });
  const { ecs } = sim;
  const engine = sim.controlPlane.sim;
  const defs = registerTaskDefs(ecs);
  const fleet = registerFleet(ecs, CLUSTER, instances);
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const lifetimes = streams.stream('lifetimes');
  const requests = defs.map((d) => ({ cluster: CLUSTER, taskDefinition: d.family }));
  const exit = { cluster: CLUSTER, task: '', containerName: '', status: 'STOPPED', exitCode: 0 };

  const m = { arrived: 0, placed: 0, unplaced: 0, running: 0, stopped: 0, exitedOk: 0, runningNow: 0, runningArea: 0, lastChange: 0, startLatencyMs: 0 };
  const account = () => {
    const now = engine.now();
    m.runningArea += m.runningNow * (now - m.lastChange);
    m.lastChange = now;
  };
  const finish = (task) => {
    exit.task = sim.controlPlane.taskArn(task);
    exit.containerName = task.containers[0].name;
    ecs.submitContainerStateChange(exit);
  };
  sim.observe({
    taskPlaced: () => m.placed++,
    taskRunning: (task) => {
      account();
      m.running++;
      m.runningNow++;
      m.startLatencyMs += task.startedAt - task.createdAt;
      engine.schedule(lifetimes.exponential(lifetimeS * 1000), finish, task);
    },
    taskStopped: (task, previous) => {
      if (previous === 1) {
        account();
        m.runningNow--;
      }
      m.stopped++;
      if (task.containers[0].exitCode === 0) m.exitedOk++;
    },
  });
  const meanGapMs = 1000 / arrivalsPerS;
  const arrive = () => {
    const i = m.arrived++;
    if (m.arrived < tasks) engine.schedule(arrivals.exponential(meanGapMs), arrive);
    const r = ecs.runTask(requests[i % requests.length]);
    if (r.tasks.length === 0) m.unplaced++;
  };
  engine.schedule(0, arrive);
  const life0 = performance.now();
  let nextReport = 0;
  while (engine.nextEventTime() < Infinity) {
    engine.runUntil(engine.now() + 60_000);
    if (m.arrived >= nextReport) {
      progress(`end-to-end: ${m.arrived} arrived, ${m.stopped} stopped at ${(engine.now() / 1000).toFixed(0)} s simulated`);
      nextReport += tasks / 4;
    }
  }
  const lifecycleS = (performance.now() - life0) / 1000;
  const totalS = (performance.now() - wall0) / 1000;

  // the run succeeded: every task arrived, was placed or refused, and every placed task ran,
  // exited and released what it held
  if (m.arrived !== tasks) throw new Error(`${m.arrived} of ${tasks} tasks arrived`);
  if (m.placed + m.unplaced !== tasks) throw new Error(`placed ${m.placed} + unplaced ${m.unplaced} != ${tasks}`);
  if (m.running !== m.placed || m.stopped !== m.placed || m.exitedOk !== m.placed) {
    throw new Error(`placed ${m.placed}, running ${m.running}, stopped ${m.stopped}, exited 0 ${m.exitedOk}`);
  }
  if (m.unplaced > 0.01 * tasks) throw new Error(`${m.unplaced} tasks could not be placed: the fleet is too small for the workload`);
  const books = checkAccounting(ecs, CLUSTER, fleet.arns, [], defs);
  if (books.reservedCpu !== 0 || books.reservedMemory !== 0) throw new Error(`resources still reserved after every task stopped`);
  return {
    instances,
    tasks,
    placed: m.placed,
    unplaced: m.unplaced,
    events: sim.eventsProcessed(),
    simulatedS: engine.now() / 1000,
    meanRunningTasks: m.runningArea / engine.now(),
    meanStartLatencyMs: m.startLatencyMs / m.running,
    lifecycleWallS: lifecycleS,
    totalWallS: totalS,
    tasksPerS: tasks / lifecycleS,
    eventsPerS: sim.eventsProcessed() / lifecycleS,
  };
}

if (isEntry(import.meta.url)) await serve(run);
