// Benchmark 5a through the scenario runner: the same fleet and workload as end-to-end.mjs — 10,000
// heterogeneous instances, 1,000,000 tasks arriving at 1,000/s, exponential lifetimes of mean 60 s
// — written as a scenario and played by `runScenario`, whose metrics collector also keeps
// time-weighted utilisation, stranded capacity and latency percentiles. Arrivals go on to the
// horizon, so the tasks that arrived in its last minute or so are still running when it ends.
import { performance } from 'node:perf_hooks';
import { loadScenario, runScenario } from '../../dist/index.js';
import { isEntry, serve } from '../lib/child.mjs';
import { INSTANCE_SHAPES, TASK_DEFS } from '../lib/fleet.mjs';

/** The scenario as YAML text, so it goes through the same loader a user's file does. */
export function scenarioText({ instances, tasks, arrivalsPerS, lifetimeS, retention }) {
  const per = Math.floor(instances / INSTANCE_SHAPES.length);
  const fleet = INSTANCE_SHAPES.map((s, i) => {
    const count = i === 0 ? instances - per * (INSTANCE_SHAPES.length - 1) : per;
    return `      - { count: ${count}, resources: { CPU: ${s.cpu}, MEMORY: ${s.memory} } }`;
  });
  const defs = TASK_DEFS.map(
    (d) => `  - family: ${d.family}\n    containerDefinitions:\n${d.containers.map((c) => `      - ${JSON.stringify(c)}`).join('\n')}`,
  );
  const perWorkload = Math.round((arrivalsPerS * 60) / TASK_DEFS.length);
  const horizonS = Math.ceil(tasks / arrivalsPerS);
  const workloads = TASK_DEFS.map(
    (d) =>
      `  - name: ${d.family}\n    cluster: bench\n    taskDefinition: ${d.family}\n    arrival: { poisson: { ratePerMinute: ${perWorkload} } }\n    lifetime: { exponential: { mean: ${lifetimeS}s } }`,
  );
  return [
    'version: 1',
    'name: bench-end-to-end',
    'seed: 1',
    `duration: ${horizonS}s`,
    // how long a STOPPED task stays describable (the scenario key; default an hour, as ECS)
    ...(retention === undefined ? [] : [`stoppedTaskRetention: ${retention}`]),
    'clusters:',
    '  - name: bench',
    '    instances:',
    ...fleet,
    'taskDefinitions:',
    ...defs,
    'workloads:',
    ...workloads,
    '',
  ].join('\n');
}

export async function run({ instances = 10_000, tasks = 1_000_000, arrivalsPerS = 1000, lifetimeS = 60 } = {}) {
  const text = scenarioText({ instances, tasks, arrivalsPerS, lifetimeS });
  const t0 = performance.now();
  const loaded = loadScenario(text, 'bench-end-to-end.yaml');
  if (!loaded.ok) throw new Error(`scenario does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const result = runScenario(loaded.scenario);
  const wallS = (performance.now() - t0) / 1000;
  // the run succeeded: about the requested number of tasks arrived, nearly all were placed, and
  // the ones that finished released what they held
  let requested = 0;
  let placed = 0;
  for (const w of Object.values(result.workloads)) {
    requested += w.tasks.requested;
    placed += w.tasks.placed;
  }
  if (Math.abs(requested - tasks) > 0.01 * tasks) throw new Error(`${requested} tasks arrived, expected about ${tasks}`);
  if (placed < 0.99 * requested) throw new Error(`only ${placed} of ${requested} tasks placed`);
  return { instances, requested, placed, eventsProcessed: result.eventsProcessed, wallS, tasksPerS: requested / wallS };
}

if (isEntry(import.meta.url)) await serve(run);
