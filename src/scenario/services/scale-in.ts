// Which of a service's tasks to stop, as ECS's service scheduler chooses on scale-in (and when a
// deployment retires old tasks): tasks that are not yet RUNNING first (they serve nothing), then by
// the service's placement strategy read backwards — `spread` stops from the attribute value (or
// instance) holding the most of the service's tasks, so the zones stay balanced; `binpack` stops
// from the instance with the most of the binpacked resource left, so instances empty out — and a
// seeded draw among what still ties.
import type { RandomStream } from '../../engine/rng.js';
import type { PlacementStrategy } from '../types.js';

/** A live task of the service, as the chooser needs it. */
export interface StopCandidate {
  readonly id: string;
  readonly instanceArn: string;
  readonly running: boolean;
}

/** What the chooser reads of an instance: its attributes and what it has left. */
export interface InstanceFacts {
  readonly attributes: ReadonlyMap<string, string>;
  /** Remaining amount per resource name (CPU, MEMORY, …). */
  readonly remaining: Record<string, number>;
}

/** Attribute value of instances without the attribute: one bucket of their own, as spread places. */
const NO_VALUE = '\u0000none';

/**
 * Picks `k` of `candidates` to stop. `others` are the service's live tasks that are not
 * candidates: they count towards the balance spread keeps. `demand` is what one task holds, given
 * back to its instance as the task is chosen (so binpack keeps emptying the same instance).
 * Returns the chosen tasks in the order chosen. Draws from `rng` only to break ties.
 */
export function chooseTasksToStop(
  candidates: readonly StopCandidate[],
  others: readonly StopCandidate[],
  k: number,
  strategy: readonly PlacementStrategy[],
  facts: (instanceArn: string) => InstanceFacts,
  demand: Readonly<Record<string, number>>,
  rng: RandomStream,
): StopCandidate[] {
  const left = [...candidates];
  const chosen: StopCandidate[] = [];
  // live tasks per key (attribute value or instance), over candidates and others alike
  const counts = strategy.map(() => new Map<string, number>());
  const keyOf = (s: PlacementStrategy, t: StopCandidate): string => {
    if (s.type !== 'spread') return '';
    if (s.field === 'instanceId' || s.field === 'host') return t.instanceArn;
    return facts(t.instanceArn).attributes.get(s.field.slice('attribute:'.length)) ?? NO_VALUE;
  };
  for (const t of [...candidates, ...others]) {
    strategy.forEach((s, i) => {
      if (s.type !== 'spread') return;
      const key = keyOf(s, t);
      counts[i]!.set(key, (counts[i]!.get(key) ?? 0) + 1);
    });
  }
  // what each instance will have left once the chosen tasks are gone
  const freed = new Map<string, Record<string, number>>();
  const remainingOf = (arn: string, resource: string): number => (facts(arn).remaining[resource] ?? 0) + (freed.get(arn)?.[resource] ?? 0);

  // a larger score vector stops first
  const score = (t: StopCandidate): number[] => {
    const out = [t.running ? 0 : 1];
    strategy.forEach((s, i) => {
      if (s.type === 'spread') out.push(counts[i]!.get(keyOf(s, t)) ?? 0);
      else if (s.type === 'binpack') out.push(remainingOf(t.instanceArn, s.field === 'cpu' ? 'CPU' : 'MEMORY'));
    });
    return out;
  };
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };

  while (chosen.length < k && left.length > 0) {
    let best: number[] | undefined;
    const ties: number[] = [];
    left.forEach((t, i) => {
      const s = score(t);
      const c = best === undefined ? 1 : compare(s, best);
      if (c > 0) {
        best = s;
        ties.length = 0;
        ties.push(i);
      } else if (c === 0) ties.push(i);
    });
    const pick = ties.length === 1 ? ties[0]! : ties[rng.int(ties.length)]!;
    const t = left[pick]!;
    left.splice(pick, 1);
    chosen.push(t);
    strategy.forEach((s, i) => {
      if (s.type !== 'spread') return;
      const key = keyOf(s, t);
      counts[i]!.set(key, (counts[i]!.get(key) ?? 0) - 1);
    });
    let f = freed.get(t.instanceArn);
    if (!f) freed.set(t.instanceArn, (f = {}));
    for (const [name, amount] of Object.entries(demand)) f[name] = (f[name] ?? 0) + amount;
  }
  return chosen;
}
