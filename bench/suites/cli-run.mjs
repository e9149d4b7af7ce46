// Whole-process `ecsim run`: the end-to-end scenario (end-to-end-runner.mjs's scenarioText — a
// mixed fleet, three task families arriving as Poisson streams, exponential lifetimes of mean 60 s)
// written to a file and run as a user runs it, `ecsim run FILE --json --quiet --progress none`.
// Measures wall time and peak RSS of the ecsim process, after checking from its --json output that
// the run did the work: about the requested number of tasks arrived and nearly all were placed.
// With 10,000 instances and 1,000,000 tasks this is issue 11's headline workload; with 100,000
// instances and 10,000,000 tasks (10,000 arrivals/s, the same load per instance) its scale test.
import { isEntry, progress, serve } from '../lib/child.mjs';
import { runEcsim, scenarioFile } from '../lib/cli.mjs';
import { scenarioText } from './end-to-end-runner.mjs';

/** Checks a `run --json` document against the scenario it ran; returns its task counts. */
export function checkRun(json, tasks) {
  const r = JSON.parse(json);
  const { requested, placed } = r.tasks;
  if (Math.abs(requested - tasks) > 0.01 * tasks) throw new Error(`${requested} tasks arrived, expected about ${tasks}`);
  if (placed < 0.99 * requested) throw new Error(`only ${placed} of ${requested} tasks placed`);
  if (!(r.events?.processed > 2 * placed)) throw new Error(`${r.events?.processed} events processed for ${placed} placed tasks`);
  return { requested, placed, events: r.events.processed, runningAtEnd: r.tasks.runningAtEnd };
}

export async function run({ instances = 10_000, tasks = 1_000_000, arrivalsPerS = 1000, lifetimeS = 60, retention } = {}) {
  const file = scenarioFile(scenarioText({ instances, tasks, arrivalsPerS, lifetimeS, retention }), 'bench-end-to-end.yaml');
  try {
    progress(`ecsim run: ${tasks} tasks on ${instances} instances${retention === undefined ? '' : `, stopped tasks retained ${retention}`}`);
    const r = await runEcsim(['run', file.path, '--json', '--quiet', '--progress', 'none']);
    const counts = checkRun(r.stdout, tasks);
    progress(`ecsim run: ${r.wallS.toFixed(2)} s wall, peak RSS ${r.maxRssKb === undefined ? '?' : (r.maxRssKb / 1024).toFixed(0)} MiB`);
    return { instances, tasks, arrivalsPerS, retention, ...counts, wallS: r.wallS, cpuS: r.cpuS, maxRssKb: r.maxRssKb, tasksPerS: counts.requested / r.wallS };
  } finally {
    file.cleanup();
  }
}

if (isEntry(import.meta.url)) await serve(run);
