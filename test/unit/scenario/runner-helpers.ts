// Builds scenarios for runner tests from YAML text, failing loudly when the text does not load.
import { formatScenarioError } from '../../../src/scenario/errors.js';
import { loadScenario } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/types.js';

export function scenarioOf(yaml: string): Scenario {
  const r = loadScenario(yaml, 'test.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}

/** A one-cluster scenario with `instances` identical instances of 1024 CPU / 2048 MiB and a 512 / 512 task. */
export function small(opts: { instances?: number; duration?: string; workloads: string; events?: string; seed?: number; extraTd?: string }): Scenario {
  return scenarioOf(`
version: 1
name: small
seed: ${opts.seed ?? 1}
duration: ${opts.duration ?? '1h'}
clusters:
  - name: c
    instances:
      - { count: ${opts.instances ?? 2}, resources: { CPU: 1024, MEMORY: 2048 } }
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: main, image: x, cpu: 512, memory: 512 }
      - { name: sidecar, image: y, cpu: 0, memory: 16, essential: false }
${opts.extraTd ?? ''}
workloads:
${opts.workloads}
${opts.events ? `events:\n${opts.events}` : ''}
`);
}
