// Calling the system under test from a fuzz command: the model says beforehand whether the call must
// be accepted or rejected (and with which exception); the harness makes the call, compares the
// outcome, logs the response for the determinism check, and for a rejected call proves invariant 4:
// the canonical snapshot of the whole state and every random stream is unchanged.
import { EcsError, type EcsErrorName } from '../ecs/errors.js';
import { describeError, FuzzViolation, type FuzzReal } from './invariants.js';

/** What the model expects of a call: success, or a rejection with this exception name. */
export type Expectation = { ok: true } | { ok: false; error: EcsErrorName; why: string };

export const OK: Expectation = { ok: true };

export function reject(error: EcsErrorName, why: string): Expectation {
  return { ok: false, error, why };
}

/** First path at which two JSON-able values differ, for a readable report. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} → ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * Makes one call and holds it to the model's expectation. Returns the response, or undefined when
 * the call was (rightly) rejected.
 * @throws FuzzViolation when the outcome differs from the expectation, when the call failed with
 *   anything but an EcsError (ServerException included: ecsim or a strategy broke), or when a
 *   rejected call changed the state or drew a random number.
 */
export function call<T>(r: FuzzReal, action: string, request: unknown, expect: Expectation, fn: () => T): T | undefined {
  r.trace.push(`${action} ${JSON.stringify(request)}`);
  // Only a call the model expects to be rejected needs the snapshot: any other rejection is a
  // finding already. (Snapshots are fresh objects, so serialising can wait until they are compared.)
  const before = expect.ok ? undefined : r.sim.snapshot();
  let response: T;
  try {
    response = fn();
  } catch (e) {
    r.log.push(`${action} ! ${describeError(e)}`);
    if (!(e instanceof EcsError)) throw new FuzzViolation('server-error', `${action} threw ${describeError(e)}`);
    if (e.name === 'ServerException') throw new FuzzViolation('server-error', `${action} failed inside ecsim: ${e.message}`);
    if (expect.ok) throw new FuzzViolation('response', `${action} was rejected (${e.name}: ${e.message}), the model expected it to succeed`);
    if (e.name !== expect.error) {
      throw new FuzzViolation('response', `${action} was rejected with ${e.name} (${e.message}), the model expected ${expect.error} (${expect.why})`);
    }
    const after = r.sim.snapshot();
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      throw new FuzzViolation('rejected-call-changed-state', `${action} was rejected (${e.name}: ${e.message}) but changed ${firstDifference(before, after) ?? 'the state'}`);
    }
    return undefined;
  }
  r.log.push(`${action} ${JSON.stringify(response)}`);
  if (!expect.ok) throw new FuzzViolation('response', `${action} succeeded, the model expected ${expect.error} (${expect.why})`);
  return response;
}
