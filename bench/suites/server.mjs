// Benchmark 7: `ecsim serve` over HTTP. The server (its node:http layer and one EcsService) runs on
// this process's main thread with 10,000 heterogeneous instances; N keep-alive clients run in a
// worker thread (their own event loop, so they do not queue behind the server's; each a raw
// keep-alive socket with one request in flight, as node:http's client costs more CPU per request
// than the server it measures) and send a
// bounded number of mixed requests on loopback: RunTask (count 1) mostly, then StopTask,
// DescribeTasks and ListTasks. Reports requests/s and RunTask calls/s and latency (p50, p99),
// after checking that every request was answered 200 and the cluster holds the tasks placed. Also
// how busy the server's thread was (event-loop utilisation), and so what one busy second serves.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { runReport } from '../../dist/report/json.js';
import { ServerClock } from '../../dist/server/clock.js';
import { startServer } from '../../dist/server/http.js';
import { EcsService } from '../../dist/server/service.js';
import { isEntry, progress, serve } from '../lib/child.mjs';
import { registerFleet, registerTaskDefs } from '../lib/fleet.mjs';

const CLUSTER = 'bench';
const ACTIONS = ['CreateCluster', 'RegisterContainerInstance', 'RegisterTaskDefinition', 'DescribeClusters'];

/** The library's `ecs` methods for the fleet fixtures, through the service's wire dispatch. */
function wireEcs(service) {
  const ecs = {};
  for (const action of ACTIONS) {
    ecs[action[0].toLowerCase() + action.slice(1)] = (req) => {
      const r = service.call('us-east-1', action, JSON.stringify(req));
      if (r.status !== 200) throw new Error(`${action}: ${r.body}`);
      return JSON.parse(r.body);
    };
  }
  return ecs;
}

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { connect } = require('node:net');
const { url, clients, total } = workerData;
const u = new URL(url);
const PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00';
// a keep-alive HTTP/1.1 client on a raw socket, one request in flight: node:http's client costs
// more CPU per request than the server it measures, and this machine's CPU is shared
function connection() {
  const sock = connect(Number(u.port), u.hostname);
  sock.setNoDelay(true);
  let buf = Buffer.alloc(0);
  let waiting = null;
  let failed = null;
  sock.on('error', (e) => {
    failed = e;
    if (waiting) waiting({ status: 0, body: String(e) });
  });
  sock.on('data', (d) => {
    buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
    for (;;) {
      const end = buf.indexOf('\\r\\n\\r\\n');
      if (end < 0 || !waiting) return;
      const head = buf.toString('latin1', 0, end);
      const m = /content-length: (\\d+)/i.exec(head);
      const len = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + len) return;
      const status = Number(head.slice(9, 12));
      const body = buf.toString('utf8', end + 4, end + 4 + len);
      buf = buf.subarray(end + 4 + len);
      const w = waiting;
      waiting = null;
      w({ status, body });
    }
  });
  return {
    post(action, body) {
      return new Promise((resolve) => {
        if (failed) return resolve({ status: 0, body: String(failed) });
        waiting = resolve;
        sock.write('POST / HTTP/1.1\\r\\nHost: ' + u.host + '\\r\\nContent-Type: application/x-amz-json-1.1\\r\\nX-Amz-Target: ' + PREFIX + action +
          '\\r\\nAuthorization: ' + AUTH + '\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
      });
    },
    close() { sock.end(); },
  };
}
const families = ['small', 'web', 'worker'];
let sent = 0;
const tasks = [];
const runLatency = [];
const counts = { RunTask: 0, StopTask: 0, DescribeTasks: 0, ListTasks: 0 };
let placed = 0;
let bad = 0;
let firstBad = '';
async function client(id) {
  const conn = connection();
  while (sent < total) {
    const i = sent++;
    const pick = i % 20;
    let action, body;
    if (pick < 14 || tasks.length < 10) {
      action = 'RunTask';
      body = JSON.stringify({ cluster: 'bench', taskDefinition: families[i % 3], count: 1, startedBy: 'bench' });
    } else if (pick < 16) {
      action = 'StopTask';
      body = JSON.stringify({ cluster: 'bench', task: tasks[(i * 7919) % tasks.length], reason: 'bench' });
    } else if (pick < 19) {
      action = 'DescribeTasks';
      body = JSON.stringify({ cluster: 'bench', tasks: [tasks[(i * 104729) % tasks.length]] });
    } else {
      action = 'ListTasks';
      body = JSON.stringify({ cluster: 'bench', maxResults: 10 });
    }
    const t0 = performance.now();
    const r = await conn.post(action, body);
    const ms = performance.now() - t0;
    counts[action]++;
    if (r.status !== 200) { bad++; firstBad ||= action + ' ' + r.status + ' ' + r.body.slice(0, 200); continue; }
    if (action === 'RunTask') {
      runLatency.push(ms);
      const out = JSON.parse(r.body);
      placed += out.tasks.length;
      for (const t of out.tasks) tasks.push(t.taskArn);
    }
  }
  conn.close();
}
(async () => {
  // warm up the connections and the server's code paths, then measure
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
  const wallMs = performance.now() - t0;
  parentPort.postMessage({ wallMs, counts, placed, bad, firstBad, runLatency });
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function drive(url, clients, total) {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { url, clients, total } });
    w.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    w.once('error', reject);
  });
}

export async function run({ instances = 10_000, clients = 32, requests = 60_000, warmup = 5_000 } = {}) {
  const service = new EcsService({ seed: 1, failureDetail: 'summary' });
  const ecs = wireEcs(service);
  registerTaskDefs(ecs);
  registerFleet(ecs, CLUSTER, instances);
  progress(`server: ${instances} instances registered through the wire dispatch`);
  const server = await startServer({ service, clock: new ServerClock({ mode: 'manual' }), metricsDocument: runReport });
  try {
    await drive(server.url, clients, warmup);
    const elu = performance.eventLoopUtilization();
    const r = await drive(server.url, clients, requests);
    // how busy the server's thread was: on a shared machine the clients may be what runs out
    const busy = performance.eventLoopUtilization(elu).utilization;
    if (r.bad > 0) throw new Error(`${r.bad} requests were not answered 200: ${r.firstBad}`);
    const cluster = ecs.describeClusters({ clusters: [CLUSTER] }).clusters[0];
    // the clock never moved: every task placed (warm-up included) is still PENDING
    const runs = r.counts.RunTask;
    const lat = Float64Array.from(r.runLatency).sort();
    const all = Object.values(r.counts).reduce((a, b) => a + b, 0);
    if (r.placed !== runs) throw new Error(`RunTask placed ${r.placed} tasks in ${runs} calls of count 1`);
    if (cluster.pendingTasksCount + cluster.runningTasksCount < r.placed) throw new Error(`the cluster holds ${cluster.pendingTasksCount} tasks, fewer than the ${r.placed} placed`);
    return {
      instances,
      clients,
      requests: all,
      wallS: r.wallMs / 1000,
      requestsPerS: all / (r.wallMs / 1000),
      runTaskCalls: runs,
      runTaskPerS: runs / (r.wallMs / 1000),
      runTaskP50Ms: quantile(lat, 0.5),
      runTaskP99Ms: quantile(lat, 0.99),
      tasksInCluster: cluster.pendingTasksCount + cluster.runningTasksCount,
      serverBusy: busy,
      requestsPerBusyS: all / ((r.wallMs / 1000) * busy),
    };
  } finally {
    await server.close();
  }
}

if (isEntry(import.meta.url)) await serve(run);
