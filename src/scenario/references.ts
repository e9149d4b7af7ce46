// Names a scenario defines and refers to: clusters, task definition families (with how many revisions
// the file registers) and workloads. A first, lenient pass reads the names straight off the YAML tree —
// even from entries that are otherwise broken — so references anywhere can be checked in the same pass
// that checks types, and one run reports both kinds of mistake.

import { isMap, isScalar, isSeq } from 'yaml';

import { INVALID, string, transform } from './codec.js';
import type { Codec } from './codec.js';
import { offsetOf } from './context.js';
import type { DecodeContext, Loc } from './context.js';
import { didYouMean } from './suggest.js';
import type { TaskDefinitionRef } from './types.js';

/** ECS names: clusters, families, task groups. */
export const NAME_PATTERN = '^[A-Za-z0-9_-]{1,255}$';
export const NAME_HINT = 'a name of 1 to 255 letters, digits, hyphens and underscores';

/** `family` or `family:revision`. */
export const TASK_DEFINITION_REF_PATTERN = '^[A-Za-z0-9_-]{1,255}(:[0-9]+)?$';

export interface SymbolTable {
  /** Cluster names in file order. */
  readonly clusters: readonly string[];
  /** Family → number of task definitions the file registers for it (its latest revision). */
  readonly families: ReadonlyMap<string, number>;
  /** Workload names in file order. */
  readonly workloads: readonly string[];
}

export const EMPTY_SYMBOLS: SymbolTable = { clusters: [], families: new Map(), workloads: [] };

/**
 * Reads the names a document defines. Anything not shaped as expected is skipped silently: the schema
 * pass reports it (duplicates included).
 */
export function collectSymbols(root: unknown, rootLoc: Loc, ctx: DecodeContext): SymbolTable {
  const clusters: string[] = [];
  const families = new Map<string, number>();
  const workloads: string[] = [];
  const rootNode = ctx.resolve(root, rootLoc, true);
  if (rootNode === undefined || rootNode === null || !isMap(rootNode)) return { clusters, families, workloads };
  const sections = new Map(ctx.entries(rootNode, rootLoc, true).map((entry) => [entry.key, entry]));

  const eachName = (section: string, key: string, visit: (name: string) => void): void => {
    const entry = sections.get(section);
    if (entry === undefined) return;
    const sectionLoc: Loc = { path: [section], offset: entry.valueOffset };
    const list = ctx.resolve(entry.value, sectionLoc, true);
    if (list === undefined || list === null || !isSeq(list)) return;
    list.items.forEach((item: unknown, index) => {
      const itemLoc: Loc = { path: [section, index], offset: offsetOf(item, sectionLoc.offset) };
      const map = ctx.resolve(item, itemLoc, true);
      if (map === undefined || map === null || !isMap(map)) return;
      const nameEntry = ctx.entries(map, itemLoc, true).find((candidate) => candidate.key === key);
      if (nameEntry === undefined) return;
      const nameLoc: Loc = { path: [section, index, key], offset: nameEntry.valueOffset };
      const name = ctx.resolve(nameEntry.value, nameLoc, true);
      if (name !== undefined && name !== null && isScalar(name) && typeof name.value === 'string') visit(name.value);
    });
  };

  eachName('clusters', 'name', (name) => clusters.push(name));
  eachName('workloads', 'name', (name) => workloads.push(name));
  eachName('taskDefinitions', 'family', (family) => families.set(family, (families.get(family) ?? 0) + 1));
  return { clusters, families, workloads };
}

function listed(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return 'none are defined';
  const shown = all.slice(0, 8).map((name) => JSON.stringify(name)).join(', ');
  return `defined: ${shown}${all.length > 8 ? `, and ${all.length - 8} more` : ''}`;
}

function nameReference(noun: string, section: string, names: () => readonly string[], description: string): Codec<string> {
  const base = string({ pattern: NAME_PATTERN, patternHint: `the name of a ${noun} in ${section}`, description });
  return transform(base, (name, loc, ctx) => {
    const known = names();
    if (known.includes(name)) return name;
    ctx.report(loc, 'unknown_reference', `unknown ${noun} ${JSON.stringify(name)}${didYouMean(name, known)}; ${listed(known)} in ${section}`);
    return INVALID;
  });
}

/** A cluster name defined in `clusters`. */
export const clusterRef = (symbols: SymbolTable): Codec<string> =>
  nameReference('cluster', 'clusters', () => symbols.clusters, 'The name of a cluster defined in clusters.');

/** A workload name defined in `workloads`. */
export const workloadRef = (symbols: SymbolTable): Codec<string> =>
  nameReference('workload', 'workloads', () => symbols.workloads, 'The name of a workload defined in workloads.');

/**
 * `family` (its latest revision in the file) or `family:revision`, resolved against the task
 * definitions the file registers: each family's definitions get revisions 1, 2, … in file order.
 */
export function taskDefinitionRef(symbols: SymbolTable): Codec<TaskDefinitionRef> {
  const base = string({
    pattern: TASK_DEFINITION_REF_PATTERN,
    patternHint: 'a task definition family or family:revision',
    description: 'A task definition in taskDefinitions: family (its latest revision) or family:revision.',
  });
  return transform(base, (text, loc, ctx) => {
    const colon = text.indexOf(':');
    const family = colon < 0 ? text : text.slice(0, colon);
    const registered = symbols.families.get(family);
    if (registered === undefined) {
      const known = [...symbols.families.keys()];
      ctx.report(loc, 'unknown_reference', `unknown task definition family ${JSON.stringify(family)}${didYouMean(family, known)}; ${listed(known)} in taskDefinitions`);
      return INVALID;
    }
    if (colon < 0) return { family, revision: registered };
    const revision = Number(text.slice(colon + 1));
    if (!Number.isSafeInteger(revision) || revision < 1 || revision > registered) {
      const range = registered === 1 ? 'revision 1' : `revisions 1 to ${registered}`;
      ctx.report(loc, 'unknown_revision', `task definition ${JSON.stringify(text)} is not registered: the file registers ${range} of ${JSON.stringify(family)}`);
      return INVALID;
    }
    return { family, revision };
  });
}
