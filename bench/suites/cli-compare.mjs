// Whole-process `ecsim compare`: the end-to-end scenario of cli-run.mjs under three placement
// strategies with five replications each (15 runs of the scenario) on `workers` worker threads,
// then, in the same child, one plain `ecsim run` of the same file: the target is the compare's wall
// time as a multiple of that one run's (15 runs on 2 cores cannot do better than 7.5×). Each of
// the other strategies is also timed alone (`compare -s S -n 1 -w 1`), so the result separates
// what the strategies cost from what the pool costs: `poolEfficiency` is the sum of the 15 runs'
// single-run walls over `workers`, divided by the compare's wall (1 when the workers are never
// idle and starting them costs nothing), and `cpuOverhead` the same in CPU seconds, which the
// machine's load moves much less: how much more CPU the compare spent than its runs alone. The compare's --json is checked before its time counts:
// every strategy has five replications and each replication saw about the requested number of
// tasks.
import { isEntry, progress, serve } from '../lib/child.mjs';
import { runEcsim, scenarioFile } from '../lib/cli.mjs';
import { checkRun } from './cli-run.mjs';
import { scenarioText } from './end-to-end-runner.mjs';

const STRATEGIES = ['random', 'binpack:memory', 'spread:instanceId'];

export async function run({ instances = 10_000, tasks = 1_000_000, arrivalsPerS = 1000, lifetimeS = 60, replications = 5, workers = 2 } = {}) {
  const file = scenarioFile(scenarioText({ instances, tasks, arrivalsPerS, lifetimeS }), 'bench-end-to-end.yaml');
  try {
    progress(`ecsim compare: ${STRATEGIES.length} strategies × ${replications} replications, ${workers} workers`);
    const c = await runEcsim(['compare', file.path, '-s', STRATEGIES.join(','), '-n', String(replications), '-w', String(workers), '--json', '--quiet', '--progress', 'none']);
    const doc = JSON.parse(c.stdout);
    const requested = doc.metrics.find((m) => m.key === 'tasks.requested');
    if (!requested) throw new Error('compare --json has no tasks.requested metric');
    for (const s of STRATEGIES) {
      const values = requested.byStrategy[s]?.values ?? [];
      if (values.length !== replications) throw new Error(`${s}: ${values.length} replications, expected ${replications}`);
      for (const v of values) if (Math.abs(v - tasks) > 0.01 * tasks) throw new Error(`${s}: a replication saw ${v} tasks, expected about ${tasks}`);
    }
    progress(`ecsim compare: ${c.wallS.toFixed(1)} s wall; now one run of the same scenario`);
    const one = await runEcsim(['run', file.path, '--json', '--quiet', '--progress', 'none']);
    checkRun(one.stdout, tasks);
    const alone = { [STRATEGIES[0]]: one.wallS };
    const aloneCpu = { [STRATEGIES[0]]: one.cpuS };
    for (const s of STRATEGIES.slice(1)) {
      progress(`ecsim compare: ${s} alone`);
      const r = await runEcsim(['compare', file.path, '-s', s, '-n', '1', '-w', '1', '--json', '--quiet', '--progress', 'none']);
      alone[s] = r.wallS;
      aloneCpu[s] = r.cpuS;
    }
    const runs = STRATEGIES.length * replications;
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    const serialS = sum(alone) * replications;
    const serialCpuS = Object.values(aloneCpu).includes(undefined) ? undefined : sum(aloneCpu) * replications;
    return {
      instances,
      tasks,
      strategies: STRATEGIES,
      replications,
      workers,
      runs,
      compareWallS: c.wallS,
      compareMaxRssKb: c.maxRssKb,
      oneRunWallS: one.wallS,
      ratio: c.wallS / one.wallS,
      /** Wall of one run of each strategy, alone in its process. */
      aloneWallS: alone,
      poolEfficiency: serialS / workers / c.wallS,
      compareCpuS: c.cpuS,
      /**
       * The compare's CPU time over the 15 runs' alone: above 1 by what the pool itself costs
       * (thread start-up, messages, results), whatever the machine's load does to wall times.
       */
      cpuOverhead: serialCpuS === undefined || c.cpuS === undefined ? undefined : c.cpuS / serialCpuS,
    };
  } finally {
    file.cleanup();
  }
}

if (isEntry(import.meta.url)) await serve(run);
