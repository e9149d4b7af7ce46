// The admin routes under /_ecsim/ (and moto's /moto-api/reset), JSON in and out: reset, advance
// the clock, the state snapshot, the metrics of the world so far, an agent's connection, health.
// Plain functions over the service and its clock; http.ts routes to them, replay.ts reuses them.
import type { RunResult } from '../scenario/run-result.js';
import type { ServerClock } from './clock.js';
import { errorResponse, WireError, type WireResponse } from './json-protocol.js';
import { failure, REGION_NAME, type EcsService } from './service.js';

export interface AdminContext {
  readonly service: EcsService;
  readonly clock: ServerClock;
  /** The metrics document of a run (what `ecsim run --json` prints), from its result. */
  readonly metricsDocument: (result: RunResult) => unknown;
}

/** Routes that change the world: a recording keeps them so a replay does the same. */
export const RECORDED_ADMIN = new Set(['reset', 'agent']);

const ok = (value: unknown): WireResponse => ({ status: 200, body: JSON.stringify(value) });

function objectBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new WireError('SerializationException', 'The request body is not JSON.');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError('SerializationException', 'The request body must be a JSON object.');
  return v as Record<string, unknown>;
}

function regionOf(ctx: AdminContext, v: unknown): string {
  if (v === undefined || v === null) return ctx.service.defaultRegion;
  if (typeof v !== 'string' || !REGION_NAME.test(v)) throw new WireError('InvalidParameterException', 'region must be a region name such as us-east-1.');
  return v;
}

const bad = (message: string): WireError => new WireError('InvalidParameterException', message);

/**
 * Answers admin route `route` (the part after /_ecsim/) for `method`, with JSON `body` and the
 * query's `region`. Never throws.
 */
export function admin(ctx: AdminContext, method: string, route: string, body: string, query: URLSearchParams): WireResponse {
  const { service, clock } = ctx;
  try {
    const expect = (m: string): void => {
      if (method !== m) throw new WireError('MethodNotAllowed', `${method} /_ecsim/${route}: use ${m}.`, 405);
    };
    switch (route) {
      case 'health':
        expect('GET');
        return ok({ status: 'ok', now: service.now() });
      case 'reset':
        expect('POST');
        service.reset();
        clock.restart();
        return ok({ status: 'ok', now: service.now() });
      case 'advance': {
        expect('POST');
        const req = objectBody(body);
        const from = service.now();
        let to: number;
        if (req.ms !== undefined && req.until === undefined) {
          if (typeof req.ms !== 'number' || !Number.isFinite(req.ms) || req.ms < 0) throw bad('ms must be a number of milliseconds >= 0.');
          to = from + req.ms;
        } else if (req.until !== undefined && req.ms === undefined) {
          if (typeof req.until !== 'number' || !Number.isFinite(req.until)) throw bad('until must be a simulated time in ms.');
          if (req.until < from) throw bad(`until (${req.until}) is before now (${from}): the clock only moves forward.`);
          to = req.until;
        } else {
          throw bad('give either {"ms": N} or {"until": T}.');
        }
        service.advanceTo(to);
        clock.advancedTo(from, to);
        return ok({ now: service.now() });
      }
      case 'state':
        expect('GET');
        return ok(service.state());
      case 'metrics':
        expect('GET');
        return ok(ctx.metricsDocument(service.metrics(regionOf(ctx, query.get('region') ?? undefined))));
      case 'agent': {
        expect('POST');
        const req = objectBody(body);
        if (typeof req.containerInstance !== 'string' || req.containerInstance === '') throw bad('containerInstance (an ARN or id) is required.');
        if (typeof req.connected !== 'boolean') throw bad('connected must be true or false.');
        service.setAgent(regionOf(ctx, req.region), req.containerInstance, req.connected);
        return ok({ containerInstance: req.containerInstance, agentConnected: req.connected });
      }
      default:
        return errorResponse('NotFound', `No admin route /_ecsim/${route}: reset, advance, state, metrics, agent, health.`, 404);
    }
  } catch (e) {
    return failure(e);
  }
}
