// ARNs and UUIDs, spelled as ECS spells them. UUIDs come from a seeded stream, never crypto.
import type { RandomStream } from '../engine/rng.js';

export interface ArnContext {
  readonly region: string;
  readonly accountId: string;
}

export type ArnKind = 'cluster' | 'container-instance' | 'task' | 'task-definition' | 'container';

export function arnPrefix(ctx: ArnContext, kind: ArnKind): string {
  return `arn:aws:ecs:${ctx.region}:${ctx.accountId}:${kind}/`;
}

const HEX = '0123456789abcdef';

function hex32(n: number, out: string[]): void {
  for (let s = 28; s >= 0; s -= 4) out.push(HEX[(n >>> s) & 15]!);
}

const HEX_CODES = Array.from(HEX, (ch) => ch.charCodeAt(0));
const DASH = 45;

/** A version-4 UUID drawn from `rng` (four 32-bit draws). */
export function uuidFrom(rng: RandomStream): string {
  const a = rng.uint32();
  const b = ((rng.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.uint32();
  return uuidOfWords(a, b, c, d);
}

/** The UUID spelled by four 32-bit words, most significant first (as uuidFrom spells its draws). */
export function uuidOfWords(a: number, b: number, c: number, d: number): string {
  // one String.fromCharCode call builds the flat string directly: every task and container id
  // goes through here, and joining pieces made ten times more garbage than the id itself
  const H = HEX_CODES;
  return String.fromCharCode(
    H[a >>> 28]!, H[(a >>> 24) & 15]!, H[(a >>> 20) & 15]!, H[(a >>> 16) & 15]!,
    H[(a >>> 12) & 15]!, H[(a >>> 8) & 15]!, H[(a >>> 4) & 15]!, H[a & 15]!, DASH,
    H[b >>> 28]!, H[(b >>> 24) & 15]!, H[(b >>> 20) & 15]!, H[(b >>> 16) & 15]!, DASH,
    H[(b >>> 12) & 15]!, H[(b >>> 8) & 15]!, H[(b >>> 4) & 15]!, H[b & 15]!, DASH,
    H[c >>> 28]!, H[(c >>> 24) & 15]!, H[(c >>> 20) & 15]!, H[(c >>> 16) & 15]!, DASH,
    H[(c >>> 12) & 15]!, H[(c >>> 8) & 15]!, H[(c >>> 4) & 15]!, H[c & 15]!,
    H[d >>> 28]!, H[(d >>> 24) & 15]!, H[(d >>> 20) & 15]!, H[(d >>> 16) & 15]!,
    H[(d >>> 12) & 15]!, H[(d >>> 8) & 15]!, H[(d >>> 4) & 15]!, H[d & 15]!,
  );
}

/** Value of a lowercase hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * The four words of `uuid` written to `out[at..at+3]`, when `uuid` is spelled exactly as
 * uuidOfWords spells them (lowercase, dashes at 8, 13, 18, 23); false, and `out` unspecified, else.
 * uuidOfWords of the words gives `uuid` back.
 */
export function uuidWords(uuid: string, out: Uint32Array, at: number): boolean {
  if (uuid.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let w = at;
  for (let i = 0; i < 36; i++) {
    const code = uuid.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== DASH) return false;
      continue;
    }
    const v = hexValue(code);
    if (v < 0) return false;
    word = word * 16 + v;
    if (++digits === 8) {
      out[w++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

/** An EC2-style instance id (`i-` and 17 hex digits) drawn from `rng`. */
export function ec2InstanceIdFrom(rng: RandomStream): string {
  const h: string[] = [];
  hex32(rng.uint32(), h);
  hex32(rng.uint32(), h);
  hex32(rng.uint32(), h);
  return `i-${h.join('').slice(0, 17)}`;
}

/**
 * The ARN of a resource that lives in a cluster (task, container instance, container): the 2015
 * form `PREFIX + ID`, or with `long` the form ECS adopted later (its `taskLongArnFormat` and
 * `containerInstanceLongArnFormat` account settings), `PREFIX + CLUSTER/ID`.
 */
export function scopedArn(prefix: string, cluster: string, id: string, long: boolean): string {
  return long ? `${prefix}${cluster}/${id}` : prefix + id;
}

/**
 * The id named by `ref` (an id, or an ARN starting with `prefix` in the short or the long form) of
 * a resource in `cluster`; undefined when `ref` is an ARN of another kind or of another cluster.
 * Both forms are read whatever the format in use, as ECS read old ARNs after the switch.
 */
export function scopedIdFromRef(prefix: string, cluster: string, ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  if (!ref.startsWith(prefix) || ref.length === prefix.length) return undefined;
  const rest = ref.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return rest;
  if (slash !== cluster.length || !rest.startsWith(cluster) || slash === rest.length - 1) return undefined;
  return rest.slice(slash + 1);
}

/**
 * The id part of "UUID or full ARN" parameters: returns the part after `kind/` when `ref`
 * is an ARN of that kind in this region and account, `ref` itself when it is not an ARN,
 * and undefined when it is an ARN of another kind, region or account.
 */
export function idFromRef(ctx: ArnContext, kind: ArnKind, ref: string): string | undefined {
  return idAfterPrefix(arnPrefix(ctx, kind), ref);
}

/**
 * idFromRef with the ARN prefix (`arnPrefix(ctx, kind)`) built by the caller: lookups that run
 * for every task (StopTask, DescribeTasks) keep the prefix rather than build it per call.
 */
export function idAfterPrefix(prefix: string, ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  if (!ref.startsWith(prefix) || ref.length === prefix.length) return undefined;
  return ref.slice(prefix.length);
}
