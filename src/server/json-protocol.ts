// The AWS JSON 1.1 protocol, driven by the service model: one parser (request body → the
// action's input, type-checked against its shape, timestamps from epoch seconds to simulated ms)
// and one serializer (output → body, simulated ms to epoch seconds), and the error shape every
// SDK turns into its typed exception. Unknown members are let through, as AWS's JSON services
// ignore them; a value of the wrong type is a SerializationException, as AWS answers it.
import { operation, shape, type Shape } from './model.js';

/** A caller mistake or a server failure as the protocol reports it: `__type` and an HTTP status. */
export class WireError extends Error {
  constructor(
    /** The exception's name, e.g. `ClusterNotFoundException`. */
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

/** What goes back on the wire for one request. */
export interface WireResponse {
  readonly status: number;
  /** The JSON body, exactly as sent. */
  readonly body: string;
  /** The exception's name for an error response (the `x-amzn-ErrorType` header). */
  readonly errorType?: string;
}

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function errorResponse(type: string, message: string, status = 400): WireResponse {
  return { status, body: JSON.stringify({ __type: type, message }), errorType: type };
}

const KIND: Record<string, string> = {
  structure: 'an object',
  list: 'a list',
  map: 'an object',
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  double: 'a number',
  boolean: 'a boolean',
  timestamp: 'a number of epoch seconds',
};

function mismatch(path: string, s: Shape): never {
  throw new WireError('SerializationException', `${path || 'the request'} must be ${KIND[s.type]}.`);
}

const INT32 = 2 ** 31;

/** Checks `v` against `s` and converts timestamps; returns the value to hand to the action. */
function readValue(v: unknown, s: Shape, path: string): unknown {
  if (v === null) return undefined;
  switch (s.type) {
    case 'structure': {
      if (typeof v !== 'object' || Array.isArray(v)) mismatch(path, s);
      const o = v as Record<string, unknown>;
      const members = s.members ?? {};
      let out: Record<string, unknown> | undefined;
      for (const k of Object.keys(o)) {
        const m = Object.prototype.hasOwnProperty.call(members, k) ? members[k] : undefined;
        if (!m) continue; // unknown members are ignored, as AWS ignores them
        const before = o[k];
        const after = readValue(before, shape(m.shape), path ? `${path}.${k}` : k);
        if (after !== before) (out ??= { ...o })[k] = after;
      }
      return out ?? o;
    }
    case 'list': {
      if (!Array.isArray(v)) mismatch(path, s);
      const ms = shape(s.member!.shape);
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const after = readValue(v[i], ms, `${path}[${i}]`);
        if (after !== v[i]) (out ??= [...v])[i] = after;
      }
      return out ?? v;
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) mismatch(path, s);
      const vs = shape(s.value!.shape);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) readValue(x, vs, `${path}.${k}`);
      return v;
    }
    case 'string':
      if (typeof v !== 'string') mismatch(path, s);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -INT32 || v >= INT32) mismatch(path, s);
      return v;
    case 'long':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) mismatch(path, s);
      return v;
    case 'double':
      if (typeof v !== 'number') mismatch(path, s);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') mismatch(path, s);
      return v;
    case 'timestamp':
      if (typeof v !== 'number' || !Number.isFinite(v)) mismatch(path, s);
      return v * 1000;
  }
}

/**
 * The input of `action` from a request body: JSON, an object, every modelled member of the type
 * its shape says. An empty body is an empty request.
 * @throws WireError SerializationException.
 */
export function parseInput(action: string, body: string): Record<string, unknown> {
  const op = operation(action);
  if (!op) throw new WireError('UnknownOperationException', `Unknown operation ${action}.`);
  if (body.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch (e) {
    throw new WireError('SerializationException', `The request body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError('SerializationException', 'The request body must be a JSON object.');
  return readValue(v, shape(op.input), '') as Record<string, unknown>;
}

// ---- output ----

type Writer = (v: unknown) => unknown;

/** Per shape: how to put a value on the wire, or null when it goes as it is (no timestamp inside). */
const writers = new Map<string, Writer | null>();

function writerOf(name: string): Writer | null {
  if (writers.has(name)) return writers.get(name)!;
  writers.set(name, null); // a recursive shape reads as plain while it is being compiled
  const s = shape(name);
  let w: Writer | null = null;
  if (s.type === 'timestamp') {
    w = (v) => (typeof v === 'number' ? v / 1000 : v);
  } else if (s.type === 'list') {
    const mw = writerOf(s.member!.shape);
    if (mw) w = (v) => (Array.isArray(v) ? v.map(mw) : v);
  } else if (s.type === 'map') {
    const vw = writerOf(s.value!.shape);
    if (vw) w = (v) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, vw(x)])) : v);
  } else if (s.type === 'structure') {
    const parts: [string, Writer][] = [];
    for (const [k, m] of Object.entries(s.members ?? {})) {
      const mw = writerOf(m.shape);
      if (mw) parts.push([k, mw]);
    }
    if (parts.length > 0) {
      w = (v) => {
        if (!v || typeof v !== 'object') return v;
        const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
        for (const [k, mw] of parts) if (out[k] !== undefined) out[k] = mw(out[k]);
        return out;
      };
    }
  }
  writers.set(name, w);
  return w;
}

/** The body of a successful response of `action`. */
export function serializeOutput(action: string, output: unknown): string {
  const op = operation(action);
  if (!op) throw new Error(`no operation ${action}`);
  const w = writerOf(op.output);
  return JSON.stringify(w ? w(output) : output);
}

/** The names of the members of a structure shape (for the handlers' accepted-member policy). */
export function memberNames(shapeName: string): readonly string[] {
  return Object.keys(shape(shapeName).members ?? {});
}
