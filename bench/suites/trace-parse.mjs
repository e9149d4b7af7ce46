// Benchmark 7: trace replay. Generates google-2011 task_events (13 columns, SUBMIT / SCHEDULE /
// FINISH or EVICT with resubmission, about 60 rows per trace second as in the 2011 cell, lives of
// 1 s to 40 min) and a csv
// trace, then replays each to the end through TraceReplay (read, split, parse, reorder, per-task
// state, arrivals with lifetimes) and reports rows/s. Memory: the heap after a forced GC is sampled
// during the replay, for a trace of `rows` and one of a fifth of it: flat means the same peak.
// For comparison, csv-parse (sync, on line-aligned 1 MiB chunks) splits the same file into fields.
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { TraceReplay } from '../../dist/scenario/traces/replay.js';
import { LineReader } from '../../dist/scenario/traces/line-reader.js';
import { google2011Tasks } from '../../dist/scenario/traces/google-2011.js';
import { isEntry, progress, serve } from '../lib/child.mjs';

/** A deterministic LCG in [0, 1): the bench needs no seeded stream of the engine's. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Writes `rows` google-2011 task_events rows in time order; returns the tasks' lives count. */
export async function writeGoogle2011(path, rows, seed = 1) {
  const rnd = lcg(seed);
  const out = createWriteStream(path);
  const pending = []; // [time µs, job, index, type] min-heap by time
  const push = (e) => {
    pending.push(e);
    let i = pending.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (pending[p][0] <= e[0]) break;
      [pending[i], pending[p]] = [pending[p], pending[i]];
      i = p;
    }
  };
  const pop = () => {
    const top = pending[0];
    const last = pending.pop();
    if (pending.length > 0) {
      pending[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < pending.length && pending[l][0] < pending[m][0]) m = l;
        if (l + 1 < pending.length && pending[l + 1][0] < pending[m][0]) m = l + 1;
        if (m === i) break;
        [pending[i], pending[m]] = [pending[m], pending[i]];
        i = m;
      }
    }
    return top;
  };
  let written = 0;
  let buf = [];
  const row = (t, job, index, type, cpu = '', mem = '') => {
    buf.push(`${t},,${job},${index},${type === 0 ? '' : 4242},${type},u${job % 97},${job % 4},${job % 12},${cpu},${mem},0.0001,0`);
    written++;
  };
  let t = 600_000_000;
  let job = 6_000_000;
  let lives = 0;
  while (written < rows) {
    t += Math.floor(rnd() * 100_000);
    while (pending.length > 0 && pending[0][0] <= t && written < rows) {
      const [et, j, ix, type, cpu, mem] = pop();
      row(et, j, ix, type, cpu, mem);
      if (type === 1) {
        const life = Math.floor(1e6 + rnd() ** 3 * 2.4e9);
        const evicted = rnd() < 0.05;
        push([et + life, j, ix, evicted ? 2 : 4, cpu, mem]);
      } else if (type === 2) {
        // resubmitted after the eviction: a new life of the same task
        push([et + 1_000_000, j, ix, 0, cpu, mem]);
      } else if (type === 0) {
        push([et + Math.floor(rnd() * 2_000_000), j, ix, 1, cpu, mem]);
        lives++;
      }
    }
    if (written >= rows) break;
    const cpu = (Math.floor(rnd() * 64) + 1) / 1024;
    const mem = (Math.floor(rnd() * 64) + 1) / 2048;
    row(t, job, 0, 0, cpu, mem);
    lives++;
    push([t + Math.floor(rnd() * 2_000_000), job, 0, 1, cpu, mem]);
    job++;
    if (buf.length >= 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      buf = [];
    }
  }
  out.write(buf.length > 0 ? buf.join('\n') + '\n' : '');
  await new Promise((r) => out.end(r));
  return lives;
}

/** Replays a trace to the end; rows/s and the peak heap after forced GCs every `gcEvery` records. */
export function replay(spec, gcEvery = 0) {
  const t0 = performance.now();
  const r = new TraceReplay({ scale: { CPU: 16384, MEMORY: 65536 }, speed: 1, where: {}, ...spec });
  let arrivals = 0;
  let tasks = 0;
  let peakHeap = 0;
  let nextGc = gcEvery;
  for (let a = r.next(); a !== undefined; a = r.next()) {
    arrivals++;
    tasks += a.count;
    if (gcEvery > 0 && r.stats.records >= nextGc) {
      globalThis.gc?.();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      nextGc += gcEvery;
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const s = r.stats;
  return { wallS, records: s.records, rowsPerS: s.records / wallS, arrivals, tasks, dropped: s.dropped, peakHeapAfterGcMiB: peakHeap / 2 ** 20 };
}

/** The reader stage alone: lines read and parsed into rows, no replay state. */
function parseOnlyRate(path) {
  const t0 = performance.now();
  const lines = new LineReader(path);
  const read = google2011Tasks({ scale: { CPU: 16384, MEMORY: 65536 }, where: {} });
  let rows = 0;
  for (let l = lines.next(); l !== undefined; l = lines.next()) if (typeof read(l) === 'object') rows++;
  return { rows, rowsPerS: rows / ((performance.now() - t0) / 1000) };
}

/** csv-parse over the same file in line-aligned 1 MiB chunks: fields per row, for comparison. */
function csvParseRate(path) {
  const t0 = performance.now();
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(1 << 20);
  const decoder = new TextDecoder();
  let carry = '';
  let rows = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    const text = carry + decoder.decode(buf.subarray(0, n), { stream: n > 0 });
    const cut = n === 0 ? text.length : text.lastIndexOf('\n') + 1;
    if (cut > 0) rows += parse(text.slice(0, cut), { relax_quotes: false }).length;
    carry = text.slice(cut);
    if (n === 0) break;
  }
  closeSync(fd);
  return { rows, rowsPerS: rows / ((performance.now() - t0) / 1000) };
}

export async function run({ rows = 1_000_000, runs = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ecsim-bench-trace-'));
  try {
    const g = join(dir, 'task_events.csv');
    const small = join(dir, 'task_events-small.csv');
    const lives = await writeGoogle2011(g, rows);
    await writeGoogle2011(small, Math.floor(rows / 5));
    writeFileSync(`${g}.gz`, gzipSync(readFileSync(g)));
    progress(`trace-parse: ${rows} google-2011 rows written (${lives} lives)`);
    // a csv trace of as many rows, from the same lives
    const csv = join(dir, 'tasks.csv');
    {
      const out = createWriteStream(csv);
      out.write('time,lifetime,cpu,memory,count,family,group\n');
      const rnd = lcg(7);
      let t = 0;
      let buf = [];
      for (let i = 0; i < rows; i++) {
        t += Math.floor(rnd() * 100);
        buf.push(`${t},${Math.floor(1000 + rnd() * 3.6e6)},${256 * (1 + (i % 8))},${512 * (1 + (i % 4))},1,f${i % 5},`);
        if (buf.length === 10_000) {
          if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
          buf = [];
        }
      }
      await new Promise((r) => out.end(buf.join('\n') + (buf.length ? '\n' : ''), r));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const repeat = (spec) => {
      const rs = Array.from({ length: runs }, () => replay(spec));
      const m = median(rs.map((r) => r.rowsPerS));
      return { ...rs.find((r) => r.rowsPerS === m), runs: rs.map((r) => Math.round(r.rowsPerS)) };
    };
    const google = repeat({ format: 'google-2011', path: g });
    if (google.records !== rows || google.arrivals !== lives) throw new Error(`google-2011 replay read ${google.records} rows and ${google.arrivals} arrivals, expected ${rows} and ${lives}`);
    progress(`trace-parse: google-2011 ${Math.round(google.rowsPerS)} rows/s`);
    const gz = repeat({ format: 'google-2011', path: `${g}.gz` });
    if (gz.arrivals !== lives) throw new Error(`gzipped replay gave ${gz.arrivals} arrivals, expected ${lives}`);
    const csvRun = repeat({ format: 'csv', path: csv });
    if (csvRun.tasks !== rows) throw new Error(`csv replay gave ${csvRun.tasks} tasks, expected ${rows}`);
    const memLarge = replay({ format: 'google-2011', path: g }, Math.floor(rows / 20));
    const memSmall = replay({ format: 'google-2011', path: small }, Math.floor(rows / 100));
    const parseRuns = Array.from({ length: runs }, () => parseOnlyRate(g));
    if (parseRuns[0].rows !== rows) throw new Error(`the reader parsed ${parseRuns[0].rows} rows, expected ${rows}`);
    const csvParse = csvParseRate(g);
    if (csvParse.rows !== rows) throw new Error(`csv-parse read ${csvParse.rows} rows, expected ${rows}`);
    return {
      rows,
      google2011: google,
      google2011Gzip: gz,
      csv: csvRun,
      memory: { rows, peakHeapAfterGcMiB: memLarge.peakHeapAfterGcMiB, smallRows: Math.floor(rows / 5), smallPeakHeapAfterGcMiB: memSmall.peakHeapAfterGcMiB },
      parseOnlyRowsPerS: median(parseRuns.map((p) => p.rowsPerS)),
      csvParseRowsPerS: csvParse.rowsPerS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) await serve(run);
