// What `ecsim plan` searches in an instance group, and the scenario with the group set to one
// value of it. A fixed group is searched by its `count`. An autoscaled group has no fixed count (its
// scaler moves it), so the search is over `autoscaling.max`, the most instances the policy may run:
// the smallest ceiling that still meets the targets is the cheapest one. Its `min` and starting
// count stay as written, lowered to the probed max when above it, and the search never goes below
// `min` (a ceiling under the floor is no Auto Scaling group).
import type { InstanceGroup, Scenario } from '../scenario/types.js';

/** `count` for a fixed group, `max` for an autoscaled one. */
export type SearchedSize = 'count' | 'max';

/** What a plan searches in a group, the group's own value of it, and the least value a search may probe. */
export interface GroupSize {
  searched: SearchedSize;
  value: number;
  floor: number;
}

/** The size a plan searches in `group`. */
export function groupSize(group: InstanceGroup): GroupSize {
  const as = group.autoscaling;
  return as ? { searched: 'max', value: as.max, floor: as.min } : { searched: 'count', value: group.count, floor: 0 };
}

/** `group` with its searched size set to `k` (for an autoscaled group, k >= its min). */
export function sizedGroup(group: InstanceGroup, k: number): InstanceGroup {
  const as = group.autoscaling;
  if (!as) return { ...group, count: k };
  const min = Math.min(as.min, k);
  return { ...group, count: Math.max(min, Math.min(group.count, k)), autoscaling: { ...as, min, max: k } };
}

/**
 * Splits `cluster/index` and finds the group.
 * @throws RangeError naming the groups the scenario has.
 */
export function groupAt(scenario: Scenario, key: string): { cluster: number; index: number; group: InstanceGroup } {
  const m = /^(.+)\/(\d+)$/.exec(key);
  const cluster = m ? scenario.clusters.findIndex((c) => c.name === m[1]) : -1;
  const index = m ? Number(m[2]) : -1;
  const group = cluster >= 0 ? scenario.clusters[cluster]!.instances[index] : undefined;
  if (!group) {
    const known = scenario.clusters.flatMap((c) => c.instances.map((_, i) => `${c.name}/${i}`));
    throw new RangeError(`--group ${key} is not an instance group of the scenario (groups: ${known.join(', ') || 'none'})`);
  }
  return { cluster, index, group };
}

/** A copy of `scenario` with group `key` replaced by `group` (the rest shared, not copied). */
export function withGroup(scenario: Scenario, key: string, group: InstanceGroup): Scenario {
  const at = groupAt(scenario, key);
  return {
    ...scenario,
    clusters: scenario.clusters.map((c, ci) => (ci === at.cluster ? { ...c, instances: c.instances.map((g, i) => (i === at.index ? group : g)) } : c)),
  };
}
