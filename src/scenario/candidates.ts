// The candidates file of `ecsim plan --minimize cost --candidates FILE`: a YAML (or JSON) list of
// whole instance groups, each written as a scenario's `instances:` entry would be (type or
// resources, pricePerHour, zone, attributes, autoscaling…), validated by the scenario format's own
// schema so that a candidate means exactly what it would mean in a scenario, with every problem at
// its file:line:col. A candidate must have a price (the built-in table's for its type, or its
// pricePerHour), since cost is what the plan compares, and cannot replay a machine trace.
import { groupPrice } from './autoscaling/fleet-ledger.js';
import type { ScenarioError } from './errors.js';
import { instanceGroup } from './format/fleet.js';
import { list, report, whenClean } from './format/primitives.js';
import { loadDocument } from './load.js';
import type { InstanceGroup } from './types.js';

const candidatesSchema = list(instanceGroup, { minItems: 1, noun: 'a list of instance groups (each as a scenario\'s instances: entry)' }).superRefine((groups, ctx) => {
  groups.forEach((g, i) => {
    if (g.trace !== undefined) report(ctx, [i, 'trace'], 'invalid_value', 'a candidate is a group of instances the plan sizes; a machine trace cannot be sized');
    else if (groupPrice(g) === null) {
      const what = g.type === undefined ? 'a group given by its resources' : `instance type ${g.type} is not in the built-in price table`;
      report(ctx, [i, g.type === undefined ? 'resources' : 'type'], 'missing_key', `${what}: give its pricePerHour (USD per instance-hour), since the plan compares costs`);
    }
  });
}, whenClean);

export type CandidatesResult = { ok: true; groups: InstanceGroup[] } | { ok: false; errors: ScenarioError[] };

/** Parses and validates a candidates file; every problem with its line and column. Never throws. */
export function loadCandidates(text: string, file: string): CandidatesResult {
  const r = loadDocument(text, file, candidatesSchema);
  return r.ok ? { ok: true, groups: r.value } : r;
}
