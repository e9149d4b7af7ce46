// Variants of one scenario compared side by side (`ecsim compare a.yaml b.yaml`): the fleet and its
// scaling policy may differ between the files, what the fleet is asked to run may not. Common
// random numbers hold because the runner draws each workload's arrivals and lifetimes from streams
// named by the workload (`workload:<name>:arrival`), seeded by the run's seed: the same workloads,
// task definitions and services, the same seed and horizon, give the same arrivals whatever the
// fleet. checkVariants says what would break that, and what else sets each variant apart.
import { basename, extname } from 'node:path';
import type { Scenario } from '../scenario/types.js';

/** A scenario file as a variant. */
export interface Variant {
  /** The path as given. */
  file: string;
  scenario: Scenario;
  /** Where the scenario's relative module paths start. */
  scenarioDir: string;
}

/** Keys that must be the same in every variant for the arrivals to be the same. */
const SAME: readonly (keyof Scenario)[] = ['workloads', 'taskDefinitions', 'services'];

/** JSON with object keys sorted, so two equal values give the same text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export interface VariantCheck {
  /** Why common random numbers cannot hold: one line each; empty when they hold. */
  problems: string[];
  /** Per variant (in order): a column label, and the top-level keys that differ from the first variant's. */
  columns: { label: string; differs: string[] }[];
}

/**
 * Checks that `variants` can be compared on common random numbers: the same workloads, task
 * definitions and services, the same seed (unless `overrides.seed` sets one for all) and horizon
 * (unless `overrides.duration` does). Labels are the scenarios' names, or the files' names when two
 * share a name, or the paths when those collide too.
 */
export function checkVariants(variants: readonly Variant[], overrides: { seed?: number; duration?: number } = {}): VariantCheck {
  const problems: string[] = [];
  const first = variants[0];
  if (!first) return { problems: ['no scenario file'], columns: [] };
  const keys = new Set<string>();
  for (const v of variants) for (const k of Object.keys(v.scenario)) keys.add(k);
  const columns = variants.map((v) => ({ label: '', differs: [...keys].filter((k) => k !== 'name' && canonical(v.scenario[k as keyof Scenario]) !== canonical(first.scenario[k as keyof Scenario])) }));
  for (const [i, v] of variants.entries()) {
    if (i === 0) continue;
    const d = columns[i]!.differs;
    for (const k of SAME) if (d.includes(k)) problems.push(`${v.file}: its ${k} differ from ${first.file}'s; variants are compared on the same ${k} (common random numbers), only the fleet may differ`);
    if (d.includes('seed') && overrides.seed === undefined) problems.push(`${v.file}: seed ${v.scenario.seed}, ${first.file}: seed ${first.scenario.seed}; give them one seed or pass --seed`);
    if (d.includes('duration') && overrides.duration === undefined) problems.push(`${v.file}: its duration differs from ${first.file}'s; give them one or pass --duration`);
  }
  // labels: the scenario's name, unless two variants share it
  const names = variants.map((v) => v.scenario.name);
  const files = variants.map((v) => basename(v.file, extname(v.file)));
  const unique = (xs: string[]) => new Set(xs).size === xs.length;
  const labels = unique(names) ? names : unique(files) ? files : variants.map((v) => v.file);
  if (!unique(labels)) problems.push(`the same scenario file is given twice: ${labels.find((l, i) => labels.indexOf(l) !== i)}`);
  columns.forEach((c, i) => {
    c.label = labels[i]!;
    // what set a variant apart is worth saying; that seed or duration were overridden is not
    c.differs = c.differs.filter((k) => !(k === 'seed' && overrides.seed !== undefined) && !(k === 'duration' && overrides.duration !== undefined));
  });
  return { problems, columns };
}
