// `npm run bench`: the placement-throughput suite of issue 6, against the built dist/. Each
// benchmark runs in its own Node process (bench/suites/*.mjs), checks that its run succeeded
// (tasks really placed, books balanced) and only then reports. Prints a table, or with --json the
// machine-readable results; progress goes to stderr.
//
//   npm run bench                    all benchmarks, table on stdout (about 3–5 minutes)
//   npm run -s bench -- --json       the same, JSON on stdout
//   npm run bench -- --only engine,e2e --quick
//
// Options: --json; --only LIST (run-task, naive, saturated, start-task, engine, e2e, memory, server, trace);
// --quick (smaller fleets and runs: a smoke test of the harness, not figures to quote).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { runChild } from './lib/child.mjs';

const SUITES = ['run-task', 'naive', 'saturated', 'start-task', 'engine', 'e2e', 'memory', 'server', 'trace'];

function parseArgs(argv) {
  const opts = { json: false, quick: false, only: new Set(SUITES) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--quick') opts.quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a === '--only' ? argv[++i] : a.slice('--only='.length);
      const names = (list ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !SUITES.includes(n));
      if (names.length === 0 || unknown.length > 0) usage(`--only takes a comma-separated list of ${SUITES.join(', ')}`);
      opts.only = new Set(names);
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  return opts;
}

function usage(problem) {
  if (problem) process.stderr.write(`bench: ${problem}\n`);
  process.stderr.write(`usage: node bench/run.mjs [--json] [--quick] [--only ${SUITES.join(',')}]\n`);
  process.exit(problem ? 2 : 0);
}

/** The benchmarks run the built dist/: say so when it is missing or older than src/. */
function checkBuild() {
  const root = new URL('../', import.meta.url);
  const built = new URL('dist/index.js', root);
  if (!existsSync(built)) usage('dist/ is missing: run `npm run build` first');
  const newest = (dir) => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (newest(new URL('src/', root)) > statSync(built).mtimeMs) {
    process.stderr.write('bench: warning: src/ has changed since the last build; run `npm run build` to measure it\n');
  }
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuild();
  const q = opts.quick;
  const log = (msg) => process.stderr.write(`${msg}\n`);
  const started = performance.now();
  const machine = {
    node: process.version,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
  };
  const results = {};
  const rows = [];
  const failures = [];
  const row = (benchmark, measure, value, target, met, note = '') => rows.push({ benchmark, measure, value, target, met, note });

  const attempt = async (name, fn) => {
    log(`\n== ${name}`);
    try {
      await fn();
    } catch (e) {
      failures.push({ benchmark: name, error: e instanceof Error ? e.message : String(e) });
      log(`!! ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const child = (file, options, extra = {}) => runChild(file, options, { log: (l) => log(`   ${l}`), ...extra });

  const sizes = q ? [1000, 5000] : [1000, 10_000, 100_000];
  const fast = {};
  if (opts.only.has('run-task')) {
    await attempt('1. RunTask throughput', async () => {
      results.runTask = [];
      for (const instances of sizes) {
        const r = await child('suites/run-task.mjs', { instances, timeMs: q ? 500 : 2000 });
        results.runTask.push(r);
        fast[instances] = r;
        const at10k = instances === 10_000;
        row('1. RunTask (count 10), 70% reserved', `tasks/s placed, ${fmt(instances)} instances`, fmt(r.runTaskTasksPerS), at10k ? '≥ 1,000,000' : '', at10k ? r.runTaskTasksPerS >= 1e6 : undefined, 'time inside ecs.runTask');
        row('1. RunTask (count 10), 70% reserved', `steady tasks/s (place + stop), ${fmt(instances)}`, fmt(r.steadyTasksPerS), '', undefined, `±${fmt(r.cycleRme, 1)}%`);
      }
      const small = fast[sizes[0]];
      const large = fast[sizes[sizes.length - 1]];
      const ratio = large.runTaskTasksPerS / small.runTaskTasksPerS;
      row('1. RunTask (count 10), 70% reserved', `rate at ${fmt(sizes[sizes.length - 1])} / rate at ${fmt(sizes[0])}`, fmt(ratio, 2), '≥ 0.5', ratio >= 0.5);
    });
  }
  if (opts.only.has('naive')) {
    await attempt('6. naive reference placement', async () => {
      results.naive = [];
      for (const instances of sizes) {
        const r = await child('suites/run-task.mjs', { instances, timeMs: q ? 500 : 1500, naive: true });
        results.naive.push(r);
        const f = fast[instances];
        row('6. naive placement (filter all, then pick)', `tasks/s placed, ${fmt(instances)} instances`, fmt(r.runTaskTasksPerS), '', undefined, 'same RunTask loop');
        if (f) row('6. naive placement (filter all, then pick)', `speed-up of the fast path, ${fmt(instances)}`, `${fmt(f.runTaskTasksPerS / r.runTaskTasksPerS, 1)}×`, '', undefined);
      }
    });
  }
  if (opts.only.has('saturated')) {
    await attempt('2. saturated cluster', async () => {
      const r = await child('suites/saturated.mjs', { instances: q ? 2000 : 10_000, timeMs: q ? 500 : 1500 });
      results.saturated = r;
      const n = fmt(r.instances);
      row('2. saturated, RunTask that cannot place', `calls/s, summary, ${n} full instances`, fmt(r.summaryDetail.callsPerS), '', undefined, `reason ${r.summaryDetail.reason}`);
      row('2. saturated, RunTask that cannot place', 'instances fit-checked per call, summary', fmt(r.summaryDetail.perCall.fits, 1), `< ${n}`, r.summaryDetail.perCall.fits < r.instances, `${fmt(r.summaryDetail.perCall.leaves, 0)} leaf reads`);
      row('2. saturated, RunTask that cannot place', `calls/s, instances (ECS shape: ${n} failures)`, fmt(r.instancesDetail.callsPerS), '', undefined, `${fmt(r.instancesDetail.perCall.fits)} fit checks per call`);
    });
  }
  if (opts.only.has('start-task')) {
    await attempt('3. StartTask throughput', async () => {
      const r = await child('suites/start-task.mjs', { instances: q ? 2000 : 10_000, timeMs: q ? 500 : 2000 });
      results.startTask = r;
      const refused = r.refused / (r.tasksPlaced + r.refused);
      row('3. StartTask (10 named instances)', `tasks/s placed, ${fmt(r.instances)} instances`, fmt(r.startTaskTasksPerS), '', undefined, `${fmt(100 * refused)}% of named instances full`);
      row('3. StartTask (10 named instances)', 'steady tasks/s (start + stop)', fmt(r.steadyTasksPerS), '', undefined, `±${fmt(r.cycleRme, 1)}%`);
    });
  }
  if (opts.only.has('engine')) {
    await attempt('4. engine M/M/c', async () => {
      const r = await child('suites/engine-mmc.mjs', { runs: q ? 2 : 5, customers: q ? 200_000 : 1_000_000 });
      results.engine = r;
      row('4. engine: M/M/100, λ=90/s, μ=1/s', `events/s (median of ${r.runs.length} runs)`, fmt(r.median.eventsPerS), '≥ 10,000,000', r.median.eventsPerS >= 1e7, `best ${fmt(r.best.eventsPerS)}`);
      row('4. engine: M/M/100, λ=90/s, μ=1/s', 'customers/s (median)', fmt(r.median.customersPerS), '', undefined, `${fmt(r.customers)} customers, mean wait ${fmt(r.median.meanWaitS * 1000, 1)} ms (Erlang C ${fmt(r.expected.meanWaitS * 1000, 1)})`);
    });
  }
  if (opts.only.has('e2e')) {
    await attempt('5. end to end', async () => {
      const r = await child('suites/end-to-end.mjs', { instances: q ? 2000 : 10_000, tasks: q ? 100_000 : 1_000_000, arrivalsPerS: q ? 200 : 1000 });
      results.endToEnd = r;
      row('5. end to end (arrive, place, RUNNING, exit, release, metrics)', `wall s, ${fmt(r.tasks)} tasks on ${fmt(r.instances)} instances`, fmt(r.lifecycleWallS, 2), q ? '' : '≤ 2', q ? undefined : r.lifecycleWallS <= 2, `${fmt(r.tasksPerS)} tasks/s; ${fmt(r.totalWallS, 2)} s with fleet setup`);
    });
  }
  if (opts.only.has('e2e')) {
    await attempt('5. end to end, scenario runner', async () => {
      const r = await child('suites/end-to-end-runner.mjs', { instances: q ? 2000 : 10_000, tasks: q ? 100_000 : 1_000_000, arrivalsPerS: q ? 200 : 1000 });
      results.endToEndRunner = r;
      row('5. end to end (arrive, place, RUNNING, exit, release, metrics)', `wall s, the same through runScenario`, fmt(r.wallS, 2), '', undefined, `${fmt(r.tasksPerS)} tasks/s, with the runner's collector and time series`);
    });
  }
  if (opts.only.has('memory')) {
    await attempt('5. memory', async () => {
      const r = await child('suites/memory.mjs', { instances: q ? 10_000 : 100_000, tasks: q ? 100_000 : 1_000_000 }, { nodeArgs: ['--expose-gc'], timeV: true });
      results.memory = r;
      const peakKb = r.timeMaxRssKb ?? r.peakRssKb;
      row('5. memory', `peak RSS, ${fmt(r.tasks)} live tasks on ${fmt(r.instances)} instances`, `${fmt(peakKb / 2 ** 20, 2)} GiB`, q ? '' : '≤ 1.5 GB', q ? undefined : peakKb * 1024 <= 1.5e9, `${fmt(r.heapBytesPerTask)} heap bytes per task`);
    });
  }
  if (opts.only.has('server')) {
    await attempt('7. ecsim serve over HTTP', async () => {
      const r = await child('suites/server.mjs', { instances: q ? 2000 : 10_000, clients: 16, requests: q ? 5000 : 60_000, warmup: q ? 1000 : 5000 });
      results.server = r;
      const name = `7. serve: ${r.clients} keep-alive clients, mixed requests`;
      row(name, `RunTask calls/s, ${fmt(r.instances)} instances`, fmt(r.runTaskPerS), '≥ 10,000', r.runTaskPerS >= 10_000, `${fmt(r.runTaskCalls)} of ${fmt(r.requests)} requests`);
      row(name, 'requests/s (all actions)', fmt(r.requestsPerS), '', undefined, `server thread ${fmt(100 * r.serverBusy)}% busy: ${fmt(r.requestsPerBusyS)} per busy s`);
      row(name, 'RunTask latency p50 / p99, ms', `${fmt(r.runTaskP50Ms, 2)} / ${fmt(r.runTaskP99Ms, 2)}`, '', undefined, 'loopback, client-side');
    });
  }

  if (opts.only.has('trace')) {
    await attempt('7. trace replay', async () => {
      const r = await child('suites/trace-parse.mjs', { rows: q ? 200_000 : 1_000_000, runs: q ? 1 : 3 }, { nodeArgs: ['--expose-gc'] });
      results.traceParse = r;
      const n = fmt(r.rows);
      row('7. trace replay (read, parse, per-task state)', `rows/s, ${n}-row google-2011 task_events`, fmt(r.google2011.rowsPerS), '≥ 500,000', r.google2011.rowsPerS >= 5e5, `median of ${r.google2011.runs.length}; ${fmt(r.google2011.arrivals)} arrivals`);
      row('7. trace replay (read, parse, per-task state)', `rows/s, the same gzipped`, fmt(r.google2011Gzip.rowsPerS), '', undefined, 'fflate Gunzip, synchronous chunks');
      row('7. trace replay (read, parse, per-task state)', `rows/s, ${n}-row csv trace`, fmt(r.csv.rowsPerS), '', undefined, '');
      row('7. trace replay (read, parse, per-task state)', 'rows/s parsing alone (read + split + parse)', fmt(r.parseOnlyRowsPerS), '≥ 500,000', r.parseOnlyRowsPerS >= 5e5, `csv-parse (sync) on the same file: ${fmt(r.csvParseRowsPerS)} rows/s`);
      const flat = r.memory.peakHeapAfterGcMiB <= 1.5 * r.memory.smallPeakHeapAfterGcMiB + 8;
      row('7. trace replay (read, parse, per-task state)', `peak heap after GC, ${n} rows vs ${fmt(r.memory.smallRows)}`, `${fmt(r.memory.peakHeapAfterGcMiB, 1)} / ${fmt(r.memory.smallPeakHeapAfterGcMiB, 1)} MiB`, 'flat', flat, 'open tasks and lookahead, not rows read');
    });
  }

  const wallS = (performance.now() - started) / 1000;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ machine, quick: q, wallS, rows, failures, results }, null, 2)}\n`);
  } else {
    const table = new Table({ head: ['benchmark', 'measure', 'value', 'target', 'met', 'note'], style: { head: [], border: [] }, wordWrap: true, colWidths: [24, 36, 13, 13, 5, 34] });
    for (const r of rows) table.push([r.benchmark, r.measure, r.value, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note]);
    process.stdout.write(`${table.toString()}\n`);
    process.stdout.write(`node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB; ${fmt(wallS, 0)} s in all\n`);
    for (const f of failures) process.stdout.write(`FAILED ${f.benchmark}: ${f.error}\n`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

await main();
