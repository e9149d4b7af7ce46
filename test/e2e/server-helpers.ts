// Starts `ecsim serve`'s HTTP layer in-process on port 0 and hands out real @aws-sdk/client-ecs
// clients for it (dummy credentials, any region), plus raw POSTs for what an SDK never sends.
import { ECSClient } from '@aws-sdk/client-ecs';
import { runReport } from '../../src/report/json.js';
import { ServerClock } from '../../src/server/clock.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/http.js';
import { EcsService, type ServiceOptions } from '../../src/server/service.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly service: EcsService;
  client(region?: string): ECSClient;
  /** POSTs JSON to an admin route and returns the parsed answer. */
  admin(route: string, body?: unknown): Promise<unknown>;
  get(route: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startTestServer(options: ServiceOptions = {}, extra: Partial<ServerOptions> = {}): Promise<TestServer> {
  const service = new EcsService(options);
  const server = await startServer({ service, clock: new ServerClock({ mode: 'manual' }), metricsDocument: runReport, ...extra });
  const clients: ECSClient[] = [];
  return {
    server,
    service,
    client(region = 'us-east-1') {
      const c = new ECSClient({
        endpoint: server.url,
        region,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    },
    async admin(route, body = {}) {
      const res = await fetch(`${server.url}/_ecsim/${route}`, { method: 'POST', body: JSON.stringify(body) });
      return res.json();
    },
    async get(route) {
      return (await fetch(`${server.url}/_ecsim/${route}`)).json();
    },
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
    },
  };
}

/** A raw ECS request: action, body text and headers as given. */
export async function rawCall(url: string, action: string | undefined, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const h: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', ...headers };
  if (action !== undefined) h['x-amz-target'] = `AmazonEC2ContainerServiceV20141113.${action}`;
  const res = await fetch(url, { method: 'POST', headers: h, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const resources = (cpu: number, memory: number) => [
  { name: 'CPU', type: 'INTEGER', integerValue: cpu },
  { name: 'MEMORY', type: 'INTEGER', integerValue: memory },
];

/** The error a call is rejected with; fails when it is not rejected. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (e: unknown) => e,
  );
}
