// Request members that ecsim does not model but ECS echoes back (tags, roles, a container's
// logConfiguration, a task's launchType, …): kept per resource ARN and laid over every response
// that shows the resource, so a tool that reads back what it wrote sees it. Which members these
// are is read from the service model: a member of the request that the resource's shape also has,
// with the same shape, and that the library does not already handle.
import { shape } from './model.js';

type Bag = Record<string, unknown>;

/** Members of `inputShape` that `resourceShape` echoes with the same shape, less those in `modelled`. */
export function echoedMembers(inputShape: string, resourceShape: string, modelled: readonly string[]): readonly string[] {
  const input = shape(inputShape).members ?? {};
  const resource = shape(resourceShape).members ?? {};
  return Object.keys(input).filter((k) => !modelled.includes(k) && resource[k] !== undefined && resource[k]!.shape === input[k]!.shape);
}

/** The members `names` that `o` has (not undefined, not null), or undefined when it has none. */
export function pick(o: Bag, names: readonly string[]): Bag | undefined {
  let out: Bag | undefined;
  for (const k of names) if (o[k] !== undefined && o[k] !== null) (out ??= {})[k] = o[k];
  return out;
}

/** The echoed members of one region's resources, by ARN, in the order they were stored. */
export class Echoes {
  private readonly byArn = new Map<string, Bag>();

  /** Adds members to what is kept for `arn` (later values win). */
  store(arn: string, bag: Bag | undefined): void {
    if (!bag) return;
    const had = this.byArn.get(arn);
    this.byArn.set(arn, had ? { ...had, ...bag } : bag);
  }

  has(key: string): boolean {
    return this.byArn.has(key);
  }

  get(arn: string): Bag | undefined {
    return this.byArn.get(arn);
  }

  /**
   * Lays what is kept for `o[arnKey]` over `o` (a value of undefined removes the member). `tags`
   * only when `withTags`, as ECS shows tags only when asked to include them.
   */
  overlay(o: Bag, arnKey: string, withTags = true): void {
    const bag = this.byArn.get(o[arnKey] as string);
    if (!bag) return;
    for (const [k, v] of Object.entries(bag)) {
      if (k === 'tags' && !withTags) continue;
      if (k.startsWith('_')) continue; // ecsim's own notes (e.g. containers' members)
      o[k] = v;
    }
  }

  /** A JSON-able copy, for the server's state. */
  snapshot(): Record<string, Bag> {
    return Object.fromEntries(this.byArn);
  }
}
