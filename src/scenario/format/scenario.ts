// The scenario file format, version 1, as one zod schema: parsing a YAML document's value with it
// validates the file and returns the normalized Scenario the runner reads (defaults filled in,
// durations in ms, instance resources resolved, task definition references resolved to revisions);
// the published JSON Schema is generated from it (../schema.ts), and the Scenario types are
// inferred from it (types.ts), so the three cannot drift apart.
//
// One file per part: options.ts (version, seed, duration, agent, strategy), fleet.ts (clusters and
// instance groups), task-definitions.ts, workloads.ts, events.ts; primitives.ts holds the building
// blocks and their wording; checks.ts is the one pass over the whole file (references, uniqueness,
// what the runner would otherwise refuse when it runs).
//
// To add a key: add it to its part's strictMap with a primitive (`int`, `str`, `duration`, `choice`,
// `list`, …), `.describe()` it (editors show that text), and `.default(…)` or `.optional()` it unless
// every file must give it; a form chosen by a key goes in a keyedUnion's `variants`. A check that
// needs another part of the file goes in checks.ts. The key then appears in the inferred types, in
// `ecsim schema` and in scenarios/scenario.schema.json (regenerate it: `ecsim schema -o …`; a test
// fails until you do).

import { checkScenario } from './checks.js';
import { event } from './events.js';
import { cluster } from './fleet.js';
import { list, strictMap } from './primitives.js';
import { options } from './options.js';
import { checkServices, service, serviceSpec } from './services.js';
import { taskDefinition } from './task-definitions.js';
import { workload } from './workloads.js';

type Definition = { family: string; containerDefinitions: unknown[]; placementConstraints: unknown[] };

/** Revisions in registration order: each family's definitions get 1, 2, … as they appear in the file. */
function numberRevisions<T extends Definition>(definitions: readonly T[]): (T & { revision: number })[] {
  const seen = new Map<string, number>();
  return definitions.map((definition) => {
    const revision = (seen.get(definition.family) ?? 0) + 1;
    seen.set(definition.family, revision);
    return { family: definition.family, revision, containerDefinitions: definition.containerDefinitions, placementConstraints: definition.placementConstraints } as T & {
      revision: number;
    };
  });
}

/** `family` (its latest revision in the file) or `family:revision`; checks.ts made sure it exists. */
function resolveReference(ref: string, definitions: readonly { family: string; revision: number }[]): { family: string; revision: number } {
  const colon = ref.indexOf(':');
  if (colon >= 0) return { family: ref.slice(0, colon), revision: Number(ref.slice(colon + 1)) };
  const latest = definitions.filter((d) => d.family === ref).length;
  return { family: ref, revision: latest };
}

/** What a trace workload's arrival and lifetime are: none of its own (its trace drives it). */
const NO_ARRIVALS = { kind: 'at' as const, times: [] as number[] };
const FOREVER = { kind: 'forever' as const };

/** The placeholder definition of a trace workload that names none: family = the workload's name. */
function traceDefinition(workload: string, registered: readonly { family: string }[]) {
  const parsed = taskDefinition.parse({ family: workload, containerDefinitions: [{ name: 'task', image: 'trace', memory: 4 }] });
  return { ...parsed, revision: registered.filter((d) => d.family === workload).length + 1 };
}

export const scenarioSchema = strictMap(
  {
    ...options,
    clusters: list(cluster, { minItems: 1 }),
    taskDefinitions: list(taskDefinition).default([]),
    workloads: list(workload).default([]),
    events: list(event).default([]),
    services: list(service).default([]),
  },
  'a scenario (a map with version, duration and clusters)',
)
  .superRefine(
    (value, ctx) => {
      checkScenario(value, ctx);
      checkServices(value, ctx);
    },
    { when: () => true },
  )
  .transform(({ taskDefinitions, workloads, ...rest }) => {
    const fileDefinitions = numberRevisions(taskDefinitions);
    // a trace workload without a task definition gets one named after it (its placeholder revision;
    // the replay registers one revision per demand), after the file's, so references resolve first
    const registered = [...fileDefinitions];
    const resolved = workloads.map((w) => {
      if (w.taskDefinition !== undefined) return resolveReference(w.taskDefinition, fileDefinitions);
      const own = traceDefinition(w.name, registered);
      registered.push(own);
      return { family: own.family, revision: own.revision };
    });
    return {
      version: rest.version,
      ...(rest.name === undefined ? {} : { name: rest.name }),
      seed: rest.seed,
      duration: rest.duration,
      agent: rest.agent,
      ...(rest.stoppedTaskRetention === undefined ? {} : { stoppedTaskRetention: rest.stoppedTaskRetention }),
      ...(rest.strategy === undefined ? {} : { strategy: rest.strategy }),
      clusters: rest.clusters,
      taskDefinitions: registered,
      workloads: workloads.map((w, i) => ({ ...w, arrival: w.arrival ?? NO_ARRIVALS, lifetime: w.lifetime ?? FOREVER, taskDefinition: resolved[i]! })),
      events: rest.events,
      services: rest.services.map((s) => {
        const families = new Map(registered.map((d) => [d.family, d.revision]));
        const constraintsOf = (taskDefinition: string) => {
          const ref = resolveReference(taskDefinition, registered);
          return registered.find((d) => d.family === ref.family && d.revision === ref.revision)?.placementConstraints ?? [];
        };
        return serviceSpec(s, families, constraintsOf);
      }),
    };
  });
