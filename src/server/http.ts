// The HTTP layer of `ecsim serve`, on node:http: the protocol has one route (POST / with an
// X-Amz-Target header) plus a handful of admin routes, so a framework's router, validation and
// serialisers would only stand beside the model-driven ones in json-protocol.ts; node:http with
// keep-alive is also the shortest path per request, which the benchmark measures. This file reads
// the region from the SigV4 credential scope (signatures are read, never verified), bounds the body,
// moves the clock, records, and writes responses. Requests are applied whole, one at a time, in the
// order their bodies complete: the application is synchronous, so concurrent clients see one
// serial history.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { admin, RECORDED_ADMIN, type AdminContext } from './admin.js';
import { CONTENT_TYPE, errorResponse, type WireResponse } from './json-protocol.js';
import { ACTIONS, TARGET_PREFIX } from './model.js';
import type { Recorder } from './record.js';
import { REGION_NAME } from './service.js';

export interface ServerOptions extends AdminContext {
  /** Default 127.0.0.1: loopback unless told otherwise. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  recorder?: Recorder;
  /** Bodies above this many bytes are answered 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Told about every 500 answer (a bug in ecsim). */
  onServerError?: (action: string, res: WireResponse) => void;
}

export interface RunningServer {
  /** `http://HOST:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, answers what is in flight, closes keep-alive connections, flushes the recording. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;
const KNOWN_ACTIONS = new Set(ACTIONS);
// Credential=AKID/DATE/REGION/SERVICE/aws4_request
const CREDENTIAL = /Credential=([^,\s]*)/;

/** The region a request is signed for, the default when unsigned, or an error response. */
function regionOf(authorization: string | undefined, fallback: string): string | WireResponse {
  if (authorization === undefined) return fallback;
  const m = CREDENTIAL.exec(authorization);
  if (!m) return fallback;
  const scope = m[1]!.split('/');
  const region = scope.length === 5 ? scope[2]! : '';
  if (!REGION_NAME.test(region)) {
    return errorResponse('IncompleteSignatureException', 'Credential should be scoped to a valid region: KEY/DATE/REGION/ecs/aws4_request.');
  }
  return region;
}

function requestId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { service, clock, recorder } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let served = 0;
  let closing = false;

  const send = (res: ServerResponse, r: WireResponse, close = false): void => {
    // a flat [name, value, …] list: node:http's cheapest form of headers (this runs per request)
    const headers: (string | number)[] = ['content-type', CONTENT_TYPE, 'content-length', Buffer.byteLength(r.body), 'x-amzn-requestid', requestId(++served)];
    if (r.errorType !== undefined) headers.push('x-amzn-errortype', r.errorType);
    if (close || closing) headers.push('connection', 'close');
    res.writeHead(r.status, headers as string[]);
    res.end(r.body);
  };

  const apply = (req: IncomingMessage, body: string): WireResponse => {
    // the clock first: a realtime clock catches up with the wall clock before anything is read
    service.advanceTo(clock.target(service.now()));
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (path.startsWith('/_ecsim/') || path === '/moto-api/reset') {
      const route = path === '/moto-api/reset' ? 'reset' : path.slice('/_ecsim/'.length);
      const t = service.now();
      const r = admin(options, method, route, body, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      if (recorder && method === 'POST' && RECORDED_ADMIN.has(route)) recorder.write({ t, admin: route, body, status: r.status, response: r.body });
      return r;
    }
    if (method !== 'POST') return errorResponse('UnknownOperationException', `${method} ${path}: ECS actions are POSTed to / with an X-Amz-Target header.`, 404);
    const target = req.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(`${TARGET_PREFIX}.`)) {
      return errorResponse('UnknownOperationException', `X-Amz-Target must be ${TARGET_PREFIX}.<Action>.`);
    }
    const action = target.slice(TARGET_PREFIX.length + 1);
    const region = regionOf(req.headers.authorization, service.defaultRegion);
    if (typeof region !== 'string') return region;
    const t = service.now();
    const r = service.call(region, action, body);
    if (recorder && KNOWN_ACTIONS.has(action)) recorder.action(t, region, action, body, r);
    if (r.status >= 500) options.onServerError?.(action, r);
    return r;
  };

  const server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 65_000 }, (req, res) => {
    res.sendDate = false; // simulated time is the only time ecsim serves
    const declared = Number(req.headers['content-length']);
    if (declared > maxBody) {
      send(res, errorResponse('RequestEntityTooLargeException', `The request body is over ${maxBody} bytes.`, 413), true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBody) {
        tooLarge = true;
        chunks.length = 0;
        send(res, errorResponse('RequestEntityTooLargeException', `The request body is over ${maxBody} bytes.`, 413), true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      let r: WireResponse;
      try {
        r = apply(req, Buffer.concat(chunks, size).toString('utf8'));
      } catch (e) {
        // apply never throws for a request's content; this is the clock or the recorder failing
        r = errorResponse('ServerException', `ecsim internal error: ${e instanceof Error ? e.message : String(e)}`, 500);
        options.onServerError?.('', r);
      }
      send(res, r);
    });
    req.on('error', () => res.destroy());
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      let closed: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        close() {
          closed ??= new Promise<void>((done) => {
            closing = true;
            const force = setTimeout(() => server.closeAllConnections(), 5000);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              recorder?.close();
              done();
            });
            server.closeIdleConnections();
          });
          return closed;
        },
      });
    });
  });
}
