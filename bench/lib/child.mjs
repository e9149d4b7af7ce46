// Each benchmark runs in a fresh Node process, so one suite's heap (a 100,000-instance fleet, a
// million retained tasks) cannot slow the next, and peak memory can be read per suite. A suite
// module exports `run(options)`; run as a script it reads its options as JSON from argv[2] and
// prints its result as one JSON line on stdout. Progress goes to stderr.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when the module at `url` is the process's entry point. */
export function isEntry(url) {
  return process.argv[1] !== undefined && fileURLToPath(url) === process.argv[1];
}

/** Runs `run(options)` as the entry point: prints the result as JSON, exits 1 on failure. */
export async function serve(run) {
  try {
    const options = process.argv[2] ? JSON.parse(process.argv[2]) : {};
    const result = await run(options);
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Runs the suite module `file` (a path relative to bench/) in a child process with `options`.
 * `nodeArgs` go before the script (e.g. --expose-gc). When `timeV` is true and /usr/bin/time is
 * present, the child runs under `/usr/bin/time -v` and its peak RSS is returned as `timeMaxRssKb`.
 */
export function runChild(file, options, { nodeArgs = [], timeV = false, log = () => {} } = {}) {
  const script = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const args = [...nodeArgs, script, JSON.stringify(options)];
  const useTime = timeV && hasUsrBinTime();
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-v', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => {
      const text = String(b);
      err += text;
      // pass progress lines through; /usr/bin/time's report is parsed below
      for (const line of text.split('\n')) if (line.startsWith('  ')) log(line.trim());
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      const last = lines[lines.length - 1];
      if (code !== 0 || !last) {
        reject(new Error(`${file} exited with ${code}:\n${err.split('\n').filter((l) => !l.startsWith('\t')).slice(-20).join('\n')}`));
        return;
      }
      const result = JSON.parse(last);
      if (useTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
        if (m) result.timeMaxRssKb = Number(m[1]);
      }
      resolve(result);
    });
  });
}

function hasUsrBinTime() {
  return existsSync('/usr/bin/time');
}

/** Progress for humans, on stderr (stdout carries the JSON result). Indented: the parent relays it. */
export function progress(msg) {
  process.stderr.write(`  ${msg}\n`);
}

/** Wall-clock seconds since `t0` (from `now()`). */
export function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}
