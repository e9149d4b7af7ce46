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

/** A version-4 UUID drawn from `rng` (four 32-bit draws). */
export function uuidFrom(rng: RandomStream): string {
  const a = rng.uint32();
  const b = ((rng.uint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.uint32();
  const h: string[] = [];
  hex32(a, h);
  hex32(b, h);
  hex32(c, h);
  hex32(d, h);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
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
 * The id part of "UUID or full ARN" parameters: returns the part after `kind/` when `ref`
 * is an ARN of that kind in this region and account, `ref` itself when it is not an ARN,
 * and undefined when it is an ARN of another kind, region or account.
 */
export function idFromRef(ctx: ArnContext, kind: ArnKind, ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  const prefix = arnPrefix(ctx, kind);
  if (!ref.startsWith(prefix)) return undefined;
  const id = ref.slice(prefix.length);
  return id.length > 0 ? id : undefined;
}
