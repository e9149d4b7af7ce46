// The runner places tasks and ends their lifetimes through the simulation's runner entry points
// (records, no response objects). Those must be the public actions in all but the response: a run
// made with entry points rebuilt on the public API (RunTask and SubmitContainerStateChange, each
// task found again by its ARN) gives the same bytes, for bundled scenarios and for scenarios that
// reach the paths a bundled one may not (retries, no instances, disconnected agents, failures).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunnerEntryPoints, Simulation } from '../../../src/ecs/simulation.js';
import type { TaskRecord } from '../../../src/ecs/state.js';
import { loadScenarioFile } from '../../../src/cli/scenario-file.js';
import { runScenario, startScenario } from '../../../src/scenario/runner.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { small } from './runner-helpers.js';

/** When true, every simulation the runner creates answers its runner entry points through the public API. */
let throughPublicApi = false;
/** How many entry-point calls went each way (so the test knows it compared what it meant to). */
const calls = { runTask: 0, containerExited: 0 };

/** The entry points as a program without them would do it: the public actions, then the records found by ARN. */
function publicEntryPoints(sim: Simulation): RunnerEntryPoints {
  const byArn = (arn: string): TaskRecord => {
    const t = sim.controlPlane.tasksByUuid.get(arn.slice(arn.lastIndexOf('/') + 1));
    if (t === undefined) throw new Error(`no record for ${arn}`);
    return t;
  };
  return {
    runTask(req, placed) {
      calls.runTask++;
      const res = sim.ecs.runTask(req);
      for (const t of res.tasks) placed.push(byArn(t.taskArn!));
      return res.failures;
    },
    containerExited(task, container, exitCode) {
      calls.containerExited++;
      sim.ecs.submitContainerStateChange({ cluster: task.cluster.name, task: sim.controlPlane.taskArn(task), containerName: container.name, status: 'STOPPED', exitCode });
    },
  };
}

vi.mock('../../../src/ecs/simulation.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/ecs/simulation.js')>();
  return {
    ...original,
    createSimulation: (...args: Parameters<typeof original.createSimulation>) => {
      const sim = original.createSimulation(...args);
      if (!throughPublicApi) return sim;
      return { ...sim, runner: publicEntryPoints(sim) };
    },
  };
});

/**
 * The run's result, then the whole control plane's state at the horizon (every task as
 * DescribeTasks shows it, exit codes included, and every random stream), as bytes.
 */
function bytesOf(scenario: Scenario): string {
  const result = runScenario(scenario, { recordTasks: true });
  const live = startScenario(scenario, { play: true });
  live.advanceTo(result.durationMs);
  return JSON.stringify([result, live.sim.snapshot()]);
}

/** The bytes both ways, and how many public calls stood in for the entry points. */
function bothWays(scenario: Scenario): { internal: string; viaPublic: string; publicCalls: typeof calls } {
  throughPublicApi = false;
  const internal = bytesOf(scenario);
  throughPublicApi = true;
  calls.runTask = 0;
  calls.containerExited = 0;
  try {
    const viaPublic = bytesOf(scenario);
    return { internal, viaPublic, publicCalls: { ...calls } };
  } finally {
    throughPublicApi = false;
  }
}

const root = join(import.meta.dirname, '../../../scenarios');
const bundled = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('the runner entry points give the bytes of the public actions', () => {
  it.each(bundled)('%s', (file) => {
    const { internal, viaPublic, publicCalls } = bothWays(loadScenarioFile(join(root, file)));
    expect(viaPublic).toBe(internal);
    expect(publicCalls.runTask + publicCalls.containerExited).toBeGreaterThan(0);
  });

  it('with retries, failures, a second container that is not essential and agents lost and found', () => {
    const scenario = small({
      instances: 4,
      duration: '2h',
      workloads: `
  - name: jobs
    cluster: c
    taskDefinition: job
    arrival: { poisson: { ratePerMinute: 6 } }
    count: 3
    lifetime: { exponential: { mean: 10m } }
    retry: { attempts: 2, backoff: 5m }
  - name: pinned
    cluster: c
    taskDefinition: job
    arrival: { every: 7m }
    lifetime: { fixed: 20m }
    placementStrategy: [{ type: binpack, field: memory }]`,
      events: `
  - { at: 30m, disconnectAgents: { cluster: c, count: 2 } }
  - { at: 50m, reconnectAgents: { cluster: c } }
  - { at: 70m, stopTasks: { cluster: c, count: 3 } }`,
    });
    const { internal, viaPublic, publicCalls } = bothWays(scenario);
    expect(viaPublic).toBe(internal);
    expect(publicCalls.runTask).toBeGreaterThan(10);
    expect(publicCalls.containerExited).toBeGreaterThan(10);
    expect(JSON.parse(internal)[0].total.tasks.retried).toBeGreaterThan(0);
  });
});
