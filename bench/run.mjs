// `npm run bench`: the performance suite, against the built dist/. Each benchmark runs in its own
// Node process (bench/suites/*.mjs; the CLI ones spawn `node dist/cli/main.js` in turn), checks that
// its run succeeded (tasks really placed, books balanced, statistics right) and only then reports.
// The whole set runs three times, the runs interleaved suite by suite so that a change in the
// machine's load falls on every suite alike; every figure is printed as the low–high of the runs,
// with a ratio to a reference measured in the same run: the naive placer for RunTask, the bare
// binary-heap loop for the engine, one `ecsim run` for `ecsim compare`, and for the rest the
// yardstick — that bare loop's M/M/100 of a million customers, timed at the start of each run —
// because absolute times on a shared VM move by a third and the ratios move much less. Prints a
// table, or with --json the machine-readable results; progress goes to stderr.
//
//   npm run bench                    every benchmark, 3 runs, table on stdout (about 30–40 minutes)
//   npm run -s bench -- --json       the same, JSON on stdout
//   npm run bench -- --only engine,cli-run --runs 5
//   npm run bench -- --quick         a smoke test of the harness (1 run, small sizes, no scale)
//
// Options: --json; --runs N (default 3, 1 with --quick); --only LIST (of the suite names below);
// --quick (smaller fleets and runs: a smoke test of the harness, not figures to quote; leaves out
// the 10M-task `scale` suite unless --only names it). "met" is judged on the median of the runs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { runChild } from './lib/child.mjs';

const SUITES = ['run-task', 'naive', 'saturated', 'start-task', 'engine', 'e2e', 'memory', 'server', 'trace', 'cli-run', 'compare', 'scale'];
/** Left out of --quick unless --only names them: minutes each, not a smoke test. */
const LONG = new Set(['scale']);

function parseArgs(argv) {
  const opts = { json: false, quick: false, only: undefined, runs: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--quick') opts.quick = true;
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = Number(a === '--runs' ? argv[++i] : a.slice('--runs='.length));
      if (!Number.isInteger(v) || v < 1) usage('--runs takes a whole number >= 1');
      opts.runs = v;
    }
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a === '--only' ? argv[++i] : a.slice('--only='.length);
      const names = (list ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !SUITES.includes(n));
      if (names.length === 0 || unknown.length > 0) usage(`--only takes a comma-separated list of ${SUITES.join(', ')}`);
      opts.only = new Set(names);
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  opts.runs ??= opts.quick ? 1 : 3;
  opts.only ??= new Set(SUITES.filter((n) => !(opts.quick && LONG.has(n))));
  return opts;
}

function usage(problem) {
  if (problem) process.stderr.write(`bench: ${problem}\n`);
  process.stderr.write(`usage: node bench/run.mjs [--json] [--quick] [--runs N] [--only ${SUITES.join(',')}]\n`);
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

/** The machine, named: what the figures were measured on and how busy it was. */
function describeMachine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1].trim();
  } catch {
    // not Linux: os.cpus() has the model
  }
  return {
    node: process.version,
    cpuModel,
    nproc: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The middle value (the lower middle of an even count). */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** "low–high" of `xs` (one number when they agree at this precision or there is one). */
function span(xs, digits = 0, suffix = '') {
  if (xs.length === 0) return '—';
  const lo = fmt(Math.min(...xs), digits);
  const hi = fmt(Math.max(...xs), digits);
  return lo === hi ? `${lo}${suffix}` : `${lo}–${hi}${suffix}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuild();
  const q = opts.quick;
  const log = (msg) => process.stderr.write(`${msg}\n`);
  const started = performance.now();
  const machine = describeMachine();
  const failures = [];
  /** Rows by key, in first-seen order; each gathers one value (and ratio) per run. */
  const rows = new Map();
  const runsData = [];
  /**
   * Records one run's figure. `ratio` is the figure over its reference in the same run (`ref`
   * names it); `meets` judges the median of the runs' values against the target.
   */
  const row = (benchmark, measure, value, { digits = 0, suffix = '', target = '', meets, ratio, ratioDigits = 2, ref = '', note = '' } = {}) => {
    const key = `${benchmark}\u0000${measure}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { benchmark, measure, digits, suffix, target, meets, ratioDigits, ref, values: [], ratios: [], note }));
    r.values.push(value);
    if (ratio !== undefined && Number.isFinite(ratio)) r.ratios.push(ratio);
    r.note = note;
  };

  const child = (file, options, extra = {}) => runChild(file, options, { log: (l) => log(`   ${l}`), ...extra });
  const sizes = q ? [1000, 5000] : [1000, 10_000, 100_000];
  const e2e = q ? { instances: 2000, tasks: 100_000, arrivalsPerS: 200 } : { instances: 10_000, tasks: 1_000_000, arrivalsPerS: 1000 };

  for (let run = 0; run < opts.runs; run++) {
    const results = {};
    runsData.push(results);
    const tag = opts.runs > 1 ? ` (run ${run + 1} of ${opts.runs})` : '';
    const attempt = async (name, fn) => {
      log(`\n== ${name}${tag}`);
      try {
        await fn();
      } catch (e) {
        failures.push({ benchmark: name, run: run + 1, error: e instanceof Error ? e.message : String(e) });
        log(`!! ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    // the yardstick: the bare event loop, so every figure of this run has a reference
    let yard;
    await attempt('0. yardstick: bare binary-heap M/M/100', async () => {
      yard = results.yardstick = await child('suites/engine-mmc.mjs', { referenceOnly: true, customers: q ? 200_000 : 1_000_000 });
    });
    const perYardWall = (wallS) => (yard ? wallS / yard.wallS : undefined);
    const perYardRate = (rate) => (yard ? rate / yard.customersPerS : undefined);
    const Y = 'yardstick';

    const fast = {};
    if (opts.only.has('run-task')) {
      await attempt('1. RunTask throughput', async () => {
        results.runTask = [];
        for (const instances of sizes) {
          const r = await child('suites/run-task.mjs', { instances, timeMs: q ? 500 : 2000 });
          results.runTask.push(r);
          fast[instances] = r;
        }
      });
    }
    const naive = {};
    if (opts.only.has('naive')) {
      await attempt('6. naive reference placement', async () => {
        results.naive = [];
        for (const instances of sizes) {
          const r = await child('suites/run-task.mjs', { instances, timeMs: q ? 500 : 1500, naive: true });
          results.naive.push(r);
          naive[instances] = r;
        }
      });
    }
    for (const instances of sizes) {
      const f = fast[instances];
      if (!f) continue;
      const n = naive[instances];
      const at10k = instances === 10_000;
      const name = '1. RunTask (count 10), 70% reserved';
      row(name, `tasks/s placed, ${fmt(instances)} instances`, f.runTaskTasksPerS, { target: at10k ? '≥ 1,000,000' : '', meets: at10k ? (v) => v >= 1e6 : undefined, ratio: n ? f.runTaskTasksPerS / n.runTaskTasksPerS : undefined, ratioDigits: 1, ref: 'naive placer', note: 'time inside ecs.runTask' });
      row(name, `steady tasks/s (place + stop), ${fmt(instances)}`, f.steadyTasksPerS, { ratio: n ? f.steadyTasksPerS / n.steadyTasksPerS : undefined, ratioDigits: 1, ref: 'naive placer', note: `±${fmt(f.cycleRme, 1)}% within the run` });
    }
    if (fast[sizes[0]] && fast[sizes[sizes.length - 1]]) {
      const ratio = fast[sizes[sizes.length - 1]].runTaskTasksPerS / fast[sizes[0]].runTaskTasksPerS;
      row('1. RunTask (count 10), 70% reserved', `rate at ${fmt(sizes[sizes.length - 1])} / rate at ${fmt(sizes[0])}`, ratio, { digits: 2, target: '≥ 0.6', meets: (v) => v >= 0.6, note: 'itself a ratio within the run' });
    }
    for (const instances of sizes) {
      const n = naive[instances];
      if (n) row('6. naive placement (filter all, then pick)', `tasks/s placed, ${fmt(instances)} instances`, n.runTaskTasksPerS, { ratio: perYardRate(n.runTaskTasksPerS), ratioDigits: 3, ref: Y, note: 'the reference for 1.' });
    }
    if (opts.only.has('saturated')) {
      await attempt('2. saturated cluster', async () => {
        const r = await child('suites/saturated.mjs', { instances: q ? 2000 : 10_000, timeMs: q ? 500 : 1500 });
        results.saturated = r;
        const n = fmt(r.instances);
        const name = '2. saturated, RunTask that cannot place';
        row(name, `calls/s, summary, ${n} full instances`, r.summaryDetail.callsPerS, { ratio: perYardRate(r.summaryDetail.callsPerS), ratioDigits: 3, ref: Y, note: `reason ${r.summaryDetail.reason}` });
        row(name, 'instances fit-checked per call, summary', r.summaryDetail.perCall.fits, { digits: 1, target: `< ${n}`, meets: (v) => v < r.instances, note: `${fmt(r.summaryDetail.perCall.leaves, 0)} leaf reads` });
        row(name, `calls/s, instances (ECS shape: ${n} failures)`, r.instancesDetail.callsPerS, { ratio: perYardRate(r.instancesDetail.callsPerS), ratioDigits: 4, ref: Y, note: `${fmt(r.instancesDetail.perCall.fits)} fit checks per call` });
      });
    }
    if (opts.only.has('start-task')) {
      await attempt('3. StartTask throughput', async () => {
        const r = await child('suites/start-task.mjs', { instances: q ? 2000 : 10_000, timeMs: q ? 500 : 2000 });
        results.startTask = r;
        const refused = r.refused / (r.tasksPlaced + r.refused);
        const name = '3. StartTask (10 named instances)';
        row(name, `tasks/s placed, ${fmt(r.instances)} instances`, r.startTaskTasksPerS, { ratio: perYardRate(r.startTaskTasksPerS), ref: Y, note: `${fmt(100 * refused)}% of named instances full` });
        row(name, 'steady tasks/s (start + stop)', r.steadyTasksPerS, { ratio: perYardRate(r.steadyTasksPerS), ref: Y, note: `±${fmt(r.cycleRme, 1)}% within the run` });
      });
    }
    if (opts.only.has('engine')) {
      await attempt('4. engine M/M/c', async () => {
        const r = await child('suites/engine-mmc.mjs', { runs: q ? 2 : 3, customers: q ? 200_000 : 1_000_000 });
        results.engine = r;
        const name = '4. engine: M/M/100, λ=90/s, μ=1/s';
        row(name, `customers/s (median of ${r.runs.length} in the process)`, r.median.customersPerS, { target: '≥ 5,000,000', meets: (v) => v >= 5e6, ratio: r.medianRatio, ref: 'bare heap, same seeds', note: `${fmt(r.customers)} customers; bare heap ${fmt(median(r.runs.map((x) => x.reference.customersPerS)))}/s; mean wait ${fmt(r.median.meanWaitS * 1000, 1)} ms (Erlang C ${fmt(r.expected.meanWaitS * 1000, 1)})` });
        row(name, 'events/s (median)', r.median.eventsPerS, { target: '≥ 10,000,000', meets: (v) => v >= 1e7, ratio: r.medianRatio, ref: 'bare heap, same seeds', note: `CPU-time rate ${fmt(median(r.runs.map((x) => x.cpuCustomersPerS)))} customers/s` });
      });
    }
    if (opts.only.has('e2e')) {
      await attempt('5. end to end', async () => {
        const r = await child('suites/end-to-end.mjs', e2e);
        results.endToEnd = r;
        row('5. end to end (arrive, place, RUNNING, exit, release, metrics)', `wall s, ${fmt(r.tasks)} tasks on ${fmt(r.instances)} instances`, r.lifecycleWallS, { digits: 2, ratio: perYardWall(r.lifecycleWallS), ratioDigits: 1, ref: Y, note: `${fmt(r.tasksPerS)} tasks/s; ${fmt(r.totalWallS, 2)} s with fleet setup` });
      });
      await attempt('5. end to end, scenario runner', async () => {
        const r = await child('suites/end-to-end-runner.mjs', e2e);
        results.endToEndRunner = r;
        row('5. end to end (arrive, place, RUNNING, exit, release, metrics)', 'wall s, the same through runScenario, in-process', r.wallS, { digits: 2, ratio: perYardWall(r.wallS), ratioDigits: 1, ref: Y, note: `${fmt(r.tasksPerS)} tasks/s, with the runner's collector and time series` });
      });
    }
    if (opts.only.has('cli-run')) {
      await attempt('8. ecsim run, whole process', async () => {
        const r = await child('suites/cli-run.mjs', e2e);
        results.cliRun = r;
        const name = `8. ecsim run, ${fmt(r.tasks)} tasks / ${fmt(r.instances)} instances`;
        row(name, 'wall s, whole process', r.wallS, { digits: 2, target: q ? '' : '≤ 2', meets: q ? undefined : (v) => v <= 2, ratio: perYardWall(r.wallS), ratioDigits: 1, ref: Y, note: `${fmt(r.events)} events; ${fmt(r.placed)} of ${fmt(r.requested)} placed` });
        if (r.cpuS !== undefined) row(name, 'CPU s (user + system)', r.cpuS, { digits: 2, ratio: yard ? r.cpuS / yard.cpuS : undefined, ratioDigits: 1, ref: `${Y} CPU s`, note: 'what the load on the host moves less' });
        if (r.maxRssKb !== undefined) row(name, 'peak RSS, MB', r.maxRssKb / 1000, { target: q ? '' : '≤ 600', meets: q ? undefined : (v) => v <= 600, note: '/usr/bin/time -v' });
      });
    }
    if (opts.only.has('compare')) {
      await attempt('9. ecsim compare, whole process', async () => {
        const r = await child('suites/cli-compare.mjs', { ...e2e, replications: q ? 2 : 5, workers: 2 });
        results.compare = r;
        const name = `9. ecsim compare, ${r.strategies.length} strategies × ${r.replications}, ${r.workers} workers`;
        row(name, 'wall s', r.compareWallS, { digits: 1, ratio: r.ratio, ratioDigits: 1, ref: 'one ecsim run', target: q ? '' : '≤ 8 × one run', meets: q ? undefined : () => median(rows.get(`${name}\u0000wall s`).ratios) <= 8, note: `alone: ${Object.entries(r.aloneWallS).map(([s, w]) => `${s} ${fmt(w, 1)} s`).join(', ')}` });
        row(name, 'pool efficiency (Σ runs alone / workers / wall)', r.poolEfficiency, { digits: 2, note: '1 = workers never idle, no start-up cost' });
        if (r.cpuOverhead !== undefined) row(name, 'CPU s of the compare / Σ CPU s of its runs alone', r.cpuOverhead, { digits: 2, note: `${fmt(r.compareCpuS, 0)} CPU s; above 1 by what the pool costs` });
      });
    }
    if (opts.only.has('scale')) {
      await attempt('10. ecsim run at scale', async () => {
        const big = q ? { instances: 20_000, tasks: 1_000_000, arrivalsPerS: 2000 } : { instances: 100_000, tasks: 10_000_000, arrivalsPerS: 10_000 };
        // the same fleet and arrival rate for a tenth of the time: memory flat in task count means
        // the two peaks are about the same
        const small = { ...big, tasks: big.tasks / 10 };
        const s = await child('suites/cli-run.mjs', small);
        const r = await child('suites/cli-run.mjs', big);
        // the same pair with stopped tasks retained one simulated minute instead of ECS's hour:
        // both runs last less than the hour, so by default every task they placed is still
        // retained at the end and memory follows tasks placed; with a retention shorter than the
        // runs, what is retained is the same minute's worth in both, and memory follows live tasks.
        // The smaller run is a fifth of the larger here, so that it too lasts well past a lifetime
        // (mean 60 s) plus the retention: both end in the same steady state
        const RETAINED = '1m';
        const sr = await child('suites/cli-run.mjs', { ...big, tasks: big.tasks / 5, retention: RETAINED });
        const rr = await child('suites/cli-run.mjs', { ...big, retention: RETAINED });
        results.scale = { small: s, big: r, smallRetained: sr, bigRetained: rr };
        const name = `10. ecsim run, ${fmt(r.tasks)} tasks / ${fmt(r.instances)} instances`;
        row(name, 'wall s, whole process', r.wallS, { digits: 1, target: q ? '' : '≤ 25', meets: q ? undefined : (v) => v <= 25, ratio: perYardWall(r.wallS), ratioDigits: 1, ref: Y, note: `${fmt(r.events)} events; ${fmt(r.placed)} of ${fmt(r.requested)} placed` });
        if (r.cpuS !== undefined) row(name, 'CPU s (user + system)', r.cpuS, { digits: 1, ratio: yard ? r.cpuS / yard.cpuS : undefined, ratioDigits: 1, ref: `${Y} CPU s`, note: `${fmt(s.cpuS ?? NaN, 1)} CPU s for ${fmt(s.tasks)} tasks on the same fleet` });
        if (r.maxRssKb !== undefined && s.maxRssKb !== undefined) {
          row(name, `peak RSS, MB (${fmt(s.tasks)} tasks, same fleet and rate)`, r.maxRssKb / 1000, { target: 'flat: ≤ 1.25 ×', meets: () => median(rows.get(`${name}\u0000peak RSS, MB (${fmt(s.tasks)} tasks, same fleet and rate)`).ratios) <= 1.25, ratio: r.maxRssKb / s.maxRssKb, ref: `${fmt(s.tasks)}-task run`, note: `${fmt(s.maxRssKb / 1000)} MB for ${fmt(s.tasks)} tasks in ${fmt(s.wallS, 1)} s` });
        }
        if (rr.maxRssKb !== undefined && sr.maxRssKb !== undefined) {
          const label = `peak RSS, MB, stopped tasks retained ${RETAINED} (${fmt(sr.tasks)} tasks alike)`;
          row(name, label, rr.maxRssKb / 1000, { target: 'flat: ≤ 1.25 ×', meets: () => median(rows.get(`${name}\u0000${label}`).ratios) <= 1.25, ratio: rr.maxRssKb / sr.maxRssKb, ref: `${fmt(sr.tasks)}-task run`, note: `${fmt(sr.maxRssKb / 1000)} MB for ${fmt(sr.tasks)} tasks; wall ${fmt(rr.wallS, 1)} s for ${fmt(rr.tasks)}` });
        }
      });
    }
    if (opts.only.has('memory')) {
      await attempt('5. memory', async () => {
        const r = await child('suites/memory.mjs', { instances: q ? 10_000 : 100_000, tasks: q ? 100_000 : 1_000_000 }, { nodeArgs: ['--expose-gc'], timeV: true });
        results.memory = r;
        const peakKb = r.timeMaxRssKb ?? r.peakRssKb;
        row('5. memory', `peak RSS, ${fmt(r.tasks)} live tasks on ${fmt(r.instances)} instances`, peakKb / 2 ** 20, { digits: 2, suffix: ' GiB', target: q ? '' : '≤ 1.5 GB', meets: q ? undefined : (v) => v * 2 ** 30 <= 1.5e9, note: `${fmt(r.heapBytesPerTask)} heap bytes per task` });
      });
    }
    if (opts.only.has('server')) {
      await attempt('7. ecsim serve over HTTP', async () => {
        const r = await child('suites/server.mjs', { instances: q ? 2000 : 10_000, clients: 16, requests: q ? 5000 : 60_000, warmup: q ? 1000 : 5000 });
        results.server = r;
        const name = `7. serve: ${r.clients} keep-alive clients, mixed requests`;
        row(name, `RunTask calls/s, ${fmt(r.instances)} instances`, r.runTaskPerS, { target: '≥ 10,000', meets: (v) => v >= 10_000, ratio: perYardRate(r.runTaskPerS), ratioDigits: 4, ref: Y, note: `${fmt(r.runTaskCalls)} of ${fmt(r.requests)} requests` });
        row(name, 'requests/s (all actions)', r.requestsPerS, { ratio: perYardRate(r.requestsPerS), ratioDigits: 4, ref: Y, note: `server thread ${fmt(100 * r.serverBusy)}% busy: ${fmt(r.requestsPerBusyS)} per busy s` });
        row(name, 'RunTask latency p50, ms', r.runTaskP50Ms, { digits: 2, note: `p99 ${fmt(r.runTaskP99Ms, 2)} ms; loopback, client-side` });
      });
    }
    if (opts.only.has('trace')) {
      await attempt('7. trace replay', async () => {
        const r = await child('suites/trace-parse.mjs', { rows: q ? 200_000 : 1_000_000, runs: q ? 1 : 3 }, { nodeArgs: ['--expose-gc'] });
        results.traceParse = r;
        const n = fmt(r.rows);
        const name = '7. trace replay (read, parse, per-task state)';
        row(name, `rows/s, ${n}-row google-2011 task_events`, r.google2011.rowsPerS, { target: '≥ 500,000', meets: (v) => v >= 5e5, ratio: perYardRate(r.google2011.rowsPerS), ref: Y, note: `median of ${r.google2011.runs.length}; ${fmt(r.google2011.arrivals)} arrivals` });
        row(name, 'rows/s, the same gzipped', r.google2011Gzip.rowsPerS, { ratio: perYardRate(r.google2011Gzip.rowsPerS), ref: Y, note: 'fflate Gunzip, synchronous chunks' });
        row(name, `rows/s, ${n}-row csv trace`, r.csv.rowsPerS, { ratio: perYardRate(r.csv.rowsPerS), ref: Y });
        row(name, 'rows/s parsing alone (read + split + parse)', r.parseOnlyRowsPerS, { target: '≥ 500,000', meets: (v) => v >= 5e5, ratio: r.parseOnlyRowsPerS / r.csvParseRowsPerS, ref: 'csv-parse (sync), same file', note: `csv-parse: ${fmt(r.csvParseRowsPerS)} rows/s` });
        row(name, `peak heap after GC, MiB, ${n} rows`, r.memory.peakHeapAfterGcMiB, { digits: 1, target: 'flat', meets: () => r.memory.peakHeapAfterGcMiB <= 1.5 * r.memory.smallPeakHeapAfterGcMiB + 8, ratio: r.memory.peakHeapAfterGcMiB / r.memory.smallPeakHeapAfterGcMiB, ref: `${fmt(r.memory.smallRows)} rows`, note: 'open tasks and lookahead, not rows read' });
      });
    }
    if (yard) row('0. yardstick (reference for the rest)', 'bare binary-heap M/M/100, customers/s', yard.customersPerS, { note: `${fmt(yard.customers)} customers in ${fmt(yard.wallS, 3)} s` });
  }

  machine.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const wallS = (performance.now() - started) / 1000;
  const table = [...rows.values()].map((r) => {
    const m = r.values.length > 0 && r.meets ? r.meets(median(r.values)) : undefined;
    return {
      benchmark: r.benchmark,
      measure: r.measure,
      value: span(r.values, r.digits, r.suffix),
      values: r.values,
      ratio: r.ratios.length > 0 ? `${span(r.ratios, r.ratioDigits)}×` : '',
      ratios: r.ratios,
      reference: r.ratios.length > 0 ? r.ref : '',
      target: r.target,
      met: m,
      note: r.note,
    };
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ machine, quick: q, runs: opts.runs, wallS, rows: table, failures, results: runsData }, null, 2)}\n`);
  } else {
    const t = new Table({ head: ['benchmark', 'measure', `value (low–high of ${opts.runs})`, 'ratio to reference', 'target', 'met', 'note'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 30, 17, 20, 12, 5, 32] });
    for (const r of table) t.push([r.benchmark, r.measure, r.value, r.ratio ? `${r.ratio} ${r.reference}` : '', r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note]);
    process.stdout.write(`${t.toString()}\n`);
    process.stdout.write(`${machine.nproc} × ${machine.cpuModel} (nproc ${machine.nproc}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}\n`);
    process.stdout.write(`load average ${machine.loadAverageAtStart.join(' ')} at the start, ${machine.loadAverageAtEnd.join(' ')} at the end; ${opts.runs} run(s), ${fmt(wallS, 0)} s in all; "met" judged on the median run\n`);
    for (const f of failures) process.stdout.write(`FAILED ${f.benchmark} (run ${f.run}): ${f.error}\n`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

await main();
