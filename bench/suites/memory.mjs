// Benchmark 5b: peak memory of 100,000 heterogeneous instances holding 1,000,000 live tasks. The
// tasks are placed by public RunTask calls (count 10, a mix of a small task and a web task with a
// dynamic host port), the simulated agent reports each RUNNING, and the simulation is run until
// nothing is pending: a million RUNNING tasks, every one describable. Peak RSS is read from the
// kernel (process.resourceUsage().maxRSS; the parent also runs this under /usr/bin/time -v).
import { performance } from 'node:perf_hooks';
import { createSimulation } from '../../dist/index.js';
import { isEntry, progress, serve } from '../lib/child.mjs';
import { registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';

export async function run({ instances = 100_000, tasks = 1_000_000, seed = 'bench' } = {}) {
  const t0 = performance.now();
  const sim = createSimulation({ seed, failureDetail: 'summary', agent: { mode: 'auto', startDelayMs: 1000 } });
  const { ecs } = sim;
  const defs = registerTaskDefs(ecs).filter((d) => d.family === 'small' || d.family === 'web');
  registerFleet(ecs, CLUSTER, instances);
  progress(`memory: ${instances} instances registered; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  const requests = defs.map((d) => ({ cluster: CLUSTER, taskDefinition: d.family, count: 10 }));
  let placed = 0;
  for (let i = 0; placed < tasks; i++) {
    const r = ecs.runTask(requests[i % requests.length]);
    if (r.tasks.length !== 10) throw new Error(`RunTask placed ${r.tasks.length} of 10 after ${placed} tasks`);
    placed += 10;
  }
  sim.runUntilIdle();
  const buildS = (performance.now() - t0) / 1000;
  // the state is what it should be: a million RUNNING tasks, nothing pending
  const c = ecs.describeClusters({ clusters: [CLUSTER] }).clusters[0];
  if (c.runningTasksCount !== tasks || c.pendingTasksCount !== 0) throw new Error(`cluster reports ${c.runningTasksCount} running, ${c.pendingTasksCount} pending`);
  if (c.registeredContainerInstancesCount !== instances) throw new Error(`cluster reports ${c.registeredContainerInstancesCount} instances`);
  const live = ecs.listTasks({ cluster: CLUSTER, maxResults: 100 });
  const sample = ecs.describeTasks({ cluster: CLUSTER, tasks: live.taskArns });
  if (sample.tasks.some((t) => t.lastStatus !== 'RUNNING')) throw new Error('a listed task is not RUNNING');
  const usage = process.memoryUsage();
  globalThis.gc?.();
  const afterGc = process.memoryUsage();
  const peakRssKb = process.resourceUsage().maxRSS;
  progress(`memory: ${tasks} tasks RUNNING after ${buildS.toFixed(1)} s; peak RSS ${(peakRssKb / 1024).toFixed(0)} MiB`);
  return {
    instances,
    tasks,
    buildS,
    peakRssKb,
    rssKb: Math.round(usage.rss / 1024),
    heapUsedAfterGcKb: Math.round(afterGc.heapUsed / 1024),
    heapBytesPerTask: afterGc.heapUsed / tasks,
  };
}

if (isEntry(import.meta.url)) await serve(run);
