// Memory follows live tasks, not every task ever placed (issue 11): with ECS's default one-hour
// retention of stopped tasks, a scenario placing 2,000,000 short tasks on 1,000 instances over 20
// simulated hours ends holding about an hour's worth of them. Measured in a child process started
// with --expose-gc, with the simulation still reachable (startScenario), after two full GCs.
// The bound: a task's record with its UUID and ARN strings alone takes over 100 bytes (measured
// with `stoppedTaskRetention: forever`: ~500 bytes a task), so keeping 2,000,000 of them forever
// needs over 190 MB of heap; an hour of them (~100,000) fits well under it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './cli-helpers.js';

const TASKS = 2_000_000;
const BOUND_BYTES = TASKS * 100;

const child = (retention: string): string => `
import { loadScenario, startScenario } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)};
const text = \`version: 1
name: memory
seed: 1
duration: 20h
${retention}
clusters:
  - name: c
    instances:
      - { count: 1000, resources: { CPU: 4096, MEMORY: 8192 } }
taskDefinitions:
  - family: short
    containerDefinitions:
      - { name: app, image: app, cpu: 128, memory: 256 }
workloads:
  - name: short
    cluster: c
    taskDefinition: short
    count: 10
    arrival: { every: 360ms }
    lifetime: { exponential: { mean: 30s } }
\`;
const loaded = loadScenario(text, 'memory.yaml');
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const live = startScenario(loaded.scenario, { play: true });
live.advanceTo(loaded.scenario.duration);
globalThis.gc();
globalThis.gc();
const heapUsed = process.memoryUsage().heapUsed;
const t = live.result().workloads.short.tasks;
const retained = live.sim.ecs.listTasks({ cluster: 'c', desiredStatus: 'STOPPED' });
console.log(JSON.stringify({ placed: t.placed, completed: t.completed, heapUsed, listedFirstPage: retained.taskArns.length }));
`;

describe('stopped-task retention keeps memory down', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('places 2,000,000 short tasks on 1,000 instances and ends with a heap no per-task record kept forever fits in', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', child('')], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out) as { placed: number; completed: number; heapUsed: number; listedFirstPage: number };
    expect(r.placed).toBe(TASKS);
    expect(r.completed).toBeGreaterThan(0.99 * TASKS);
    // the last hour's stopped tasks are still there to list
    expect(r.listedFirstPage).toBe(100);
    expect(r.heapUsed).toBeLessThan(BOUND_BYTES);
  }, 180_000);
});
