// Whole-process benchmarks: the built CLI (`node dist/cli/main.js …`) run as a user runs it, in a
// child process under /usr/bin/time -v when it is there, so wall time includes start-up, loading
// the scenario and writing the output, and peak RSS is the kernel's figure for that process tree
// member (the one `ecsim` process; worker threads share it). Scenario files go to a fresh temp
// directory that is removed afterwards.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Runs `ecsim ARGS`; resolves with its stdout, wall seconds, CPU seconds (user + system, every
 * thread) and peak RSS (KiB) — the last two from /usr/bin/time -v, else undefined. Rejects when it exits non-zero, with the end of its stderr.
 */
export function runEcsim(args) {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-v', process.execPath, CLI, ...args] : [CLI, ...args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) {
        reject(new Error(`ecsim ${args.join(' ')} exited with ${code}:\n${err.split('\n').slice(-15).join('\n')}`));
        return;
      }
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      const user = /User time \(seconds\): ([\d.]+)/.exec(err);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
      const cpuS = user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
      resolve({ stdout: Buffer.concat(out).toString('utf8'), wallS, cpuS, maxRssKb: m ? Number(m[1]) : undefined });
    });
  });
}

/** Writes `text` to a scenario file in a new temp directory; `cleanup()` removes it. */
export function scenarioFile(text, name = 'scenario.yaml') {
  const dir = mkdtempSync(join(tmpdir(), 'ecsim-bench-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
