// Benchmark 3: StartTask throughput on 10,000 heterogeneous instances held at about half their
// CPU reserved. Each call names 10 instances (as a custom scheduler would: here a fixed scrambled
// walk over the fleet) and starts one small task on each; once as many started tasks are live as there are instances,
// the oldest are stopped (SubmitTaskStateChange STOPPED) as new ones start: a steady state.
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { createSimulation } from '../../dist/index.js';
import { isEntry, progress, serve } from '../lib/child.mjs';
import { ArnQueue, checkAccounting, registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';
const FILL = 0.5;


export async function run({ instances = 10_000, timeMs = 2000, seed = 'bench' } = {}) {
  const sim = createSimulation({ seed, agent: { mode: 'manual' }, failureDetail: 'summary' });
  const { ecs } = sim;
  const defs = registerTaskDefs(ecs);
  const fleet = registerFleet(ecs, CLUSTER, instances);
  const live = new ArnQueue();
  const started = new ArnQueue();
  // one started task per instance stays live; beyond that, the oldest are stopped
  const window = instances;
  let reserved = 0;
  let k = 0;
  const cpuOf = new Map(defs.map((d) => [d.family, d.cpu]));
  while (reserved < FILL * fleet.totalCpu) {
    const d = defs[k++ % defs.length];
    const r = ecs.runTask({ cluster: CLUSTER, taskDefinition: d.family, count: 10 });
    for (const t of r.tasks) live.push(t.taskArn);
    reserved += r.tasks.length * cpuOf.get(d.family);
  }
  progress(`start-task: ${instances} instances filled to ${100 * FILL}% CPU with ${live.size} tasks`);

  // a scrambled visiting order (stride coprime with the fleet size), 10 instances per call
  const stride = 7919;
  let cursor = 0;
  const names = new Array(10);
  const req = { cluster: CLUSTER, taskDefinition: 'small', containerInstances: names };
  const stop = { cluster: CLUSTER, task: '', status: 'STOPPED' };
  let calls = 0;
  let placed = 0;
  let refused = 0;
  let startMs = 0;
  const cycle = () => {
    for (let i = 0; i < 10; i++) {
      names[i] = fleet.arns[cursor];
      cursor = (cursor + stride) % instances;
    }
    const t0 = performance.now();
    const r = ecs.startTask(req);
    startMs += performance.now() - t0;
    calls++;
    placed += r.tasks.length;
    refused += r.failures.length;
    for (const t of r.tasks) started.push(t.taskArn);
    while (started.size > window) {
      stop.task = started.shift();
      ecs.submitTaskStateChange(stop);
    }
  };
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(500, timeMs / 4), throws: true });
  bench.add(`startTask x10 + stop @${instances}`, cycle);
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`tinybench: ${res.state}`);
  if (placed + refused !== 10 * calls) throw new Error(`startTask answered ${placed + refused} of ${10 * calls} named instances`);
  if (placed < 0.5 * 10 * calls) throw new Error(`only ${placed} of ${10 * calls} StartTask placements succeeded`);
  const books = checkAccounting(ecs, CLUSTER, fleet.arns, [...live.toArray(), ...started.toArray()], defs);
  const cycleMs = res.latency.mean;
  return {
    instances,
    calls,
    tasksPlaced: placed,
    refused,
    reservedCpu: books.reservedCpu,
    cycleMeanMs: cycleMs,
    cycleRme: res.latency.rme,
    steadyTasksPerS: (placed / calls) / (cycleMs / 1000),
    startTaskTasksPerS: placed / (startMs / 1000),
  };
}

if (isEntry(import.meta.url)) await serve(run);
