// The base of every fuzz command and what the commands share. A command carries only the
// arguments it was generated with (indices into the model's lists, never live objects), so a
// sequence can be shrunk, printed and replayed; `run` applies it and then checks every invariant.
// What a call must answer is written as a table of refusals in the order ECS checks them
// (`expectFirst`), not as nested conditionals.
import type fc from 'fast-check';
import type { EcsErrorName } from '../ecs/errors.js';
import { OK, reject, type Expectation } from './harness.js';
import { checkInvariants, FuzzViolation, type FuzzReal } from './invariants.js';
import type { FuzzModel } from './model.js';

/** The base of every fuzz command: run = apply, then check every invariant. */
export abstract class FuzzCommand<A extends object = object> implements fc.Command<FuzzModel, FuzzReal> {
  abstract readonly name: string;
  constructor(readonly args: A) {}

  /** The model list the command picks from by index: it can run only when that list has something. */
  protected readonly picksFrom: 'instances' | 'tasks' | 'taskDefinitions' | undefined = undefined;

  check(m: Readonly<FuzzModel>): boolean {
    return this.picksFrom === undefined || m[this.picksFrom].length > 0;
  }

  run(m: FuzzModel, r: FuzzReal): void {
    this.apply(m, r);
    checkInvariants(m, r);
  }

  protected abstract apply(m: FuzzModel, r: FuzzReal): void;

  toString(): string {
    return scriptLine(this.name, this.args as Record<string, unknown>);
  }
}

/** `name key=value …` with JSON values: one line of a fuzz script. */
export function scriptLine(name: string, args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [name, ...parts].join(' ');
}

/** One check a call must pass: when `when()` holds, ECS refuses the call with `error`. */
export type Refusal = readonly [when: () => boolean, error: EcsErrorName, why: string];

/** The first refusal that applies, in the order listed (ECS's order); OK when none does. */
export function expectFirst(refusals: readonly Refusal[]): Expectation {
  for (const [when, error, why] of refusals) if (when()) return reject(error, why);
  return OK;
}

/** The refusal of a call naming a cluster that is not ACTIVE (every action checks it first). */
export const clusterRefusal = (m: FuzzModel, cluster: string): Refusal => [
  () => !m.activeCluster(cluster),
  'ClusterNotFoundException',
  `cluster ${cluster} is not ACTIVE`,
];

export const pickFrom = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
export const uuidOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
export function violation(what: FuzzViolation['invariant'], msg: string): never {
  throw new FuzzViolation(what, msg);
}
