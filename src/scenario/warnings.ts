// Warnings about a scenario that loads but will not do what its author most likely meant: a task
// definition no instance of its cluster could ever hold (and which resource is short), arrivals or
// events at or after the horizon (they never happen), a workload that can never launch a task.
// These are not errors: the file is valid, runs, and the run reports the consequence; `validate`
// prints them on stderr so they are seen before hours of simulation. Pure: reads the scenario only.
import { formatDuration } from './duration.js';
import type { Path } from './errors.js';
import { demandOf, taskDefinitionKey } from './fleet.js';
import type { InstanceGroup, Scenario, TaskDefinition, Workload } from './types.js';

export interface ScenarioWarning {
  /** The field it is about, e.g. `['workloads', 0, 'arrival']`. */
  path: Path;
  message: string;
}

const UNIT: Record<string, string> = { CPU: 'CPU units', MEMORY: 'MiB' };
const amount = (name: string, n: number): string => `${n.toLocaleString('en-US')} ${UNIT[name] ?? name}`;
const groupName = (g: InstanceGroup): string => g.type ?? 'instances given by resources';

/** Every instance group the cluster ever has: its own, then the ones events add. */
function groupsOf(s: Scenario, cluster: string): InstanceGroup[] {
  const own = s.clusters.find((c) => c.name === cluster)?.instances ?? [];
  const added = s.events.filter((e) => e.kind === 'addInstances' && e.cluster === cluster) as InstanceGroup[];
  return [...own, ...added].filter((g) => g.count > 0);
}

/** Why no instance of `groups` can ever hold one task of `td`, or undefined when one can. */
function neverFits(td: TaskDefinition, groups: readonly InstanceGroup[]): string | undefined {
  const demand = demandOf(td);
  const short: string[] = [];
  for (const [name, need] of Object.entries(demand.amounts)) {
    if (need <= 0) continue;
    const most = Math.max(0, ...groups.map((g) => g.resources[name] ?? 0));
    if (most < need) {
      const best = groups.find((g) => (g.resources[name] ?? 0) === most);
      short.push(most === 0 ? `${amount(name, need)} (no instance registers ${name})` : `${amount(name, need)} (the most any instance registers is ${amount(name, most)}, ${groupName(best!)})`);
    }
  }
  if (short.length > 0) return `needs ${short.join(' and ')}`;
  // every group is big enough somewhere; is there one group big enough in every dimension with its ports free?
  const big = groups.filter((g) => Object.entries(demand.amounts).every(([name, need]) => (g.resources[name] ?? 0) >= need));
  if (big.length === 0) return 'needs more than any one instance type has: each is short of one resource or another';
  const portsFree = (g: InstanceGroup) => demand.tcpPorts.every((p) => !g.reservedPorts.includes(p)) && demand.udpPorts.every((p) => !g.reservedUdpPorts.includes(p));
  if (big.some(portsFree)) return undefined;
  return `needs host port ${[...demand.tcpPorts, ...demand.udpPorts].join(', ')}, which every instance big enough for it reserves`;
}

function arrivalWarnings(w: Workload, i: number, end: number): ScenarioWarning[] {
  const at = (path: Path, message: string): ScenarioWarning => ({ path: ['workloads', i, ...path], message });
  const horizon = formatDuration(end);
  const a = w.arrival;
  if (a.kind === 'at') {
    const late = a.times.filter((t) => t >= end);
    if (late.length === 0) return [];
    const all = late.length === a.times.length;
    const which = all ? (late.length === 1 ? 'the arrival time is' : 'every arrival time is') : `${late.length} of ${a.times.length} arrival times ${late.length === 1 ? 'is' : 'are'}`;
    return [at(['arrival'], `${which} at or after the horizon (${horizon}): ${all ? 'the workload never launches' : `${late.length === 1 ? 'it never happens' : 'they never happen'}`}`)];
  }
  if (a.kind === 'burst' && a.at >= end) return [at(['arrival'], `the burst at ${formatDuration(a.at)} is at or after the horizon (${horizon}): the workload never launches`)];
  if ((a.kind === 'poisson' || a.kind === 'every') && w.start !== undefined && w.start >= end) {
    return [at(['start'], `start ${formatDuration(w.start)} is at or after the horizon (${horizon}): the workload never launches`)];
  }
  if (a.kind === 'poisson' && a.ratePerMinute === 0) return [at(['arrival'], 'a rate of 0 per minute: the workload never launches')];
  return [];
}

/**
 * What in a loaded scenario is valid but most likely not meant, in file order (task definitions
 * that fit no instance, per workload; arrivals; events).
 */
export function scenarioWarnings(s: Scenario): ScenarioWarning[] {
  const out: ScenarioWarning[] = [];
  const end = s.duration;
  const tdByKey = new Map(s.taskDefinitions.map((td) => [taskDefinitionKey(td), td]));
  s.workloads.forEach((w, i) => {
    const groups = groupsOf(s, w.cluster);
    const key = taskDefinitionKey(w.taskDefinition);
    if (groups.length === 0) {
      out.push({ path: ['workloads', i, 'cluster'], message: `cluster ${w.cluster} never has an instance (none at the start, no addInstances event): the workload can never launch a task` });
    } else {
      const td = tdByKey.get(key);
      const why = td === undefined ? undefined : neverFits(td, groups);
      if (why !== undefined) out.push({ path: ['workloads', i, 'taskDefinition'], message: `${key} can never be placed in cluster ${w.cluster}: it ${why}` });
    }
    out.push(...arrivalWarnings(w, i, end));
  });
  s.events.forEach((e, i) => {
    if (e.at >= end) out.push({ path: ['events', i, 'at'], message: `${e.kind} at ${formatDuration(e.at)} is at or after the horizon (${formatDuration(end)}): it never happens` });
  });
  return out;
}
