// Benchmarks 1 and 6: RunTask throughput through the public `ecs.runTask` (count 10) on a
// heterogeneous fleet held at about 70% of its CPU reserved, in steady state: every RunTask of 10
// tasks is followed by stopping the 10 oldest live tasks (SubmitTaskStateChange STOPPED, manual
// agent mode), so the fleet neither fills up nor drains. With `naive: true` the same loop runs with
// a reference placement that filters every instance and then draws one (benchmark 6).
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { createSimulation } from '../../dist/index.js';
import { RANDOM } from '../../dist/internals.js';
import { serve, isEntry, progress } from '../lib/child.mjs';
import { ArnQueue, checkAccounting, registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';
const FILL = 0.7;

/**
 * The reference placement, as a strategy: every ACTIVE instance is checked (the same flat fit check
 * the fast path uses at a leaf), then one is drawn uniformly from the placement stream. Random
 * while the fleet is being filled, so only the measured loop pays for it.
 */
export function naivePlacement() {
  return {
    name: 'naive',
    enabled: false,
    place(request, view, rng) {
      if (!this.enabled) return RANDOM.place(request, view, rng);
      const candidates = [];
      for (let pos = 0; pos < view.size; pos++) {
        if (view.isActive(pos) && view.fit(pos, request.demand) === 0) candidates.push(pos);
      }
      return candidates.length === 0 ? -1 : candidates[rng.int(candidates.length)];
    },
  };
}

export async function run({ instances = 10_000, timeMs = 2000, naive = false, seed = 'bench' } = {}) {
  const hook = naive ? naivePlacement() : undefined;
  const sim = createSimulation({ seed, agent: { mode: 'manual' }, failureDetail: 'summary', ...(hook ? { strategy: hook } : {}) });
  const { ecs } = sim;
  const defs = registerTaskDefs(ecs);
  let t = performance.now();
  const fleet = registerFleet(ecs, CLUSTER, instances);
  progress(`${instances} instances registered in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const requests = defs.map((d) => ({ cluster: CLUSTER, taskDefinition: d.family, count: 10 }));
  const cpuOf = new Map(defs.map((d) => [d.family, d.cpu]));
  const live = new ArnQueue();
  const liveCpu = [];
  let reserved = 0;
  let k = 0;
  t = performance.now();
  while (reserved < FILL * fleet.totalCpu) {
    const req = requests[k++ % requests.length];
    const r = ecs.runTask(req);
    if (r.tasks.length === 0) throw new Error(`fill: RunTask placed nothing at ${(reserved / fleet.totalCpu).toFixed(2)} reserved`);
    for (const task of r.tasks) live.push(task.taskArn);
    reserved += r.tasks.length * cpuOf.get(req.taskDefinition);
    liveCpu.push(r.tasks.length);
  }
  progress(`filled to ${((100 * reserved) / fleet.totalCpu).toFixed(0)}% CPU with ${live.size} tasks in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (hook) hook.enabled = true;

  let calls = 0;
  let placed = 0;
  let short = 0;
  let stopped = 0;
  let placeMs = 0;
  const stop = { cluster: CLUSTER, task: '', status: 'STOPPED' };
  const cycle = () => {
    const req = requests[k++ % requests.length];
    const t0 = performance.now();
    const r = ecs.runTask(req);
    placeMs += performance.now() - t0;
    calls++;
    const n = r.tasks.length;
    placed += n;
    if (n < 10) short++;
    for (let i = 0; i < n; i++) live.push(r.tasks[i].taskArn);
    for (let i = 0; i < n; i++) {
      stop.task = live.shift();
      ecs.submitTaskStateChange(stop);
      stopped++;
    }
  };
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(500, timeMs / 4), throws: true });
  bench.add(`runTask x10 + stop x10 @${instances}`, cycle);
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`tinybench: ${res.state} ${res.error ?? ''}`);

  // the run succeeded: every call placed its 10 tasks, and the books balance
  if (short > 0) throw new Error(`${short} of ${calls} RunTask calls placed fewer than 10 tasks`);
  t = performance.now();
  const books = checkAccounting(ecs, CLUSTER, fleet.arns, live.toArray(), defs);
  progress(`accounting checked in ${((performance.now() - t) / 1000).toFixed(1)} s: ${(100 * books.reservedCpu).toFixed(1)}% CPU reserved`);
  if (!(books.reservedCpu >= 0.5 && books.reservedCpu <= 0.9)) throw new Error(`reserved CPU ${books.reservedCpu} left 50-90%`);

  const cycleMs = res.latency.mean;
  return {
    instances,
    naive,
    calls,
    tasksPlaced: placed,
    tasksStopped: stopped,
    liveTasks: live.size,
    reservedCpu: books.reservedCpu,
    reservedMemory: books.reservedMemory,
    samples: res.latency.samples?.length ?? res.latency.samplesCount ?? calls,
    cycleMeanMs: cycleMs,
    cycleRme: res.latency.rme,
    /** Steady state: tasks placed per second of (RunTask x10 + stopping 10). */
    steadyTasksPerS: 10 / (cycleMs / 1000),
    /** Tasks placed per second of time spent inside ecs.runTask. */
    runTaskTasksPerS: placed / (placeMs / 1000),
  };
}

if (isEntry(import.meta.url)) await serve(run);
