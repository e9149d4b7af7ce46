// Benchmark 2: a saturated cluster. 10,000 heterogeneous instances are filled with small tasks
// until RunTask places nothing more; then RunTask calls that cannot place are timed, with
// failureDetail 'summary' (the scenario path: one failure naming the binding reason) and, for
// reference, 'instances' (ECS's own shape: every ruled-out instance listed). A counting pass,
// outside the timed loop, shows how many instances each failed call examines.
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { createSimulation } from '../../dist/index.js';
import { isEntry, progress, serve } from '../lib/child.mjs';
import { ArnQueue, checkAccounting, registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';

function saturate(failureDetail, instances, seed) {
  const sim = createSimulation({ seed, agent: { mode: 'manual' }, failureDetail });
  const { ecs } = sim;
  const defs = registerTaskDefs(ecs);
  const fleet = registerFleet(ecs, CLUSTER, instances);
  const live = new ArnQueue();
  const req = { cluster: CLUSTER, taskDefinition: 'small', count: 10 };
  for (;;) {
    const r = ecs.runTask(req);
    for (const t of r.tasks) live.push(t.taskArn);
    if (r.tasks.length === 0) break;
  }
  return { sim, ecs, defs, fleet, live, req };
}

/** Counts fit checks and leaf reads during `fn`, by wrapping the table's and index's methods. */
function countVisits(cp, cluster, fn) {
  const table = cp.table;
  const index = cluster.index;
  let fits = 0;
  let leaves = 0;
  const fit = table.fit;
  const leafFits = index.leafFits;
  table.fit = function (slot, demand) {
    fits++;
    return fit.call(this, slot, demand);
  };
  index.leafFits = function (pos, cpu, mem) {
    leaves++;
    return leafFits.call(this, pos, cpu, mem);
  };
  try {
    fn();
  } finally {
    delete table.fit;
    delete index.leafFits;
  }
  return { fits, leaves };
}

export async function run({ instances = 10_000, timeMs = 1500, seed = 'bench' } = {}) {
  const out = { instances };
  const key = { summary: 'summaryDetail', instances: 'instancesDetail' };
  for (const detail of ['summary', 'instances']) {
    let t = performance.now();
    const { sim, ecs, defs, fleet, live, req } = saturate(detail, instances, seed);
    progress(`${detail}: ${instances} instances saturated with ${live.size} tasks in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const cp = sim.controlPlane;
    const cluster = cp.clusters.get(CLUSTER);
    // the first failed call after the fill may build the demand's tracker (one pass over the fleet)
    const first = countVisits(cp, cluster, () => ecs.runTask(req));
    const probes = 1000;
    const steady = countVisits(cp, cluster, () => {
      for (let i = 0; i < probes; i++) ecs.runTask(req);
    });
    let calls = 0;
    let placed = 0;
    let lastFailures = [];
    const bench = new Bench({ time: timeMs, warmupTime: 200, throws: true });
    bench.add(`failed runTask (${detail}) @${instances}`, () => {
      const r = ecs.runTask(req);
      calls++;
      placed += r.tasks.length;
      lastFailures = r.failures;
    });
    await bench.run();
    const res = bench.tasks[0].result;
    if (res.state !== 'completed') throw new Error(`tinybench: ${res.state}`);
    // the run succeeded: nothing was placed, failures say why, and the books balance
    if (placed !== 0) throw new Error(`${placed} tasks placed on a saturated cluster`);
    if (detail === 'summary' && (lastFailures.length !== 1 || !/^RESOURCE:/.test(lastFailures[0].reason ?? ''))) {
      throw new Error(`summary failures: ${JSON.stringify(lastFailures)}`);
    }
    if (detail === 'instances' && lastFailures.length !== instances) throw new Error(`instances failures: ${lastFailures.length} entries`);
    t = performance.now();
    const books = checkAccounting(ecs, CLUSTER, fleet.arns, live.toArray(), defs);
    progress(`${detail}: accounting checked in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    out[key[detail]] = {
      liveTasks: live.size,
      reservedCpu: books.reservedCpu,
      reservedMemory: books.reservedMemory,
      reason: lastFailures[0]?.reason,
      calls,
      callsPerS: 1000 / res.latency.mean,
      rme: res.latency.rme,
      firstCall: first,
      perCall: { fits: steady.fits / probes, leaves: steady.leaves / probes },
    };
  }
  return out;
}

if (isEntry(import.meta.url)) await serve(run);
