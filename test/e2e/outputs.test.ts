// End to end: a command's output files are checked before the simulation (a bad path fails at
// once with exit 2), written all together or not at all, and an interrupt while they are being
// written removes every temporary file and exits 130 (SIGINT) / 143 (SIGTERM). Budget: about 8 s.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt, MAIN, ROOT } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-outputs-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// about 60,000 tasks: tasks.csv takes a good fraction of a second to write, long enough to interrupt
const MANY = `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 50, type: m4.xlarge }
taskDefinitions:
  - family: job
    containerDefinitions:
      - { name: app, image: job, cpu: 128, memory: 256 }
workloads:
  - name: jobs
    cluster: prod
    taskDefinition: job
    arrival: { poisson: { ratePerMinute: 1000 } }
    lifetime: { fixed: 1m }
`;

describe('outputs checked before the simulation', () => {
  it('--report in a directory that does not exist: exit 2 before any run, naming the flag', () => {
    const csv = join(tmp, 'not-before-the-check');
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--csv', csv, '--report', '/nonexistent/x.html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsim run: --report \/nonexistent\/x\.html: cannot write there \(\/nonexistent: no such directory\)\n$/);
    // nothing ran: the CSV output a run would have written first is not there
    expect(existsSync(csv)).toBe(false);
  });

  it('--csv under a file: exit 2, nothing written', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--csv', join(file, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsim run: --csv .*a-file\/out: cannot write there \(.*a-file: is a file, not a directory\)\n$/);
    expect(r.stdout).toBe('');
  });

  it('compare and plan check --report too', () => {
    for (const args of [
      ['compare', 'scenarios/quickstart.yaml', '--report', '/nonexistent/c.html'],
      ['plan', 'scenarios/quickstart.yaml', '--group', 'default/0', '--target', 'placementRate>=0.9', '--report', '/nonexistent/p.html'],
    ]) {
      const r = ecsim(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^ecsim ${args[0]}: --report /nonexistent/.\\.html: cannot write there`));
      expect(r.stdout).toBe('');
    }
  });
});

describe('all outputs or none', () => {
  it('when tasks.csv cannot be written, timeseries.csv and the report are not written either', () => {
    const dir = join(tmp, 'blocked');
    mkdirSync(join(dir, 'tasks.csv', 'in-the-way'), { recursive: true });
    const report = join(tmp, 'blocked.html');
    const r = ecsim(['run', 'scenarios/quickstart.yaml', '--csv', dir, '--report', report]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsim run: --csv .*tasks\.csv: is a directory\n$/);
    expect(readdirSync(dir)).toEqual(['tasks.csv']);
    expect(existsSync(report)).toBe(false);
  });

  it('a run that fails creates no --csv directory and no file', () => {
    const scenario = join(tmp, 'fails.yaml');
    writeFileSync(scenario, MANY.replace('    lifetime: { fixed: 1m }', '    lifetime: { fixed: 1m }\n    strategy: binpack:cpu'));
    const dir = join(tmp, 'never');
    const r = ecsim(['run', scenario, '--csv', dir]);
    expect(r.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });
});

/** Starts `ecsim run MANY --csv dir`, sends `signal` once a temporary file appears, resolves with the exit. */
function interruptWhileWriting(signal: 'SIGINT' | 'SIGTERM', dir: string): Promise<{ code: number | null; stderr: string; sawTemp: boolean }> {
  const scenario = join(tmp, 'many.yaml');
  writeFileSync(scenario, MANY);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'run', scenario, '--csv', dir, '--quiet'], { cwd: ROOT });
    let stderr = '';
    let sawTemp = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (!existsSync(dir)) return;
      if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
        sawTemp = true;
        clearInterval(poll);
        child.kill(signal);
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, sawTemp });
    });
  });
}

describe('interrupted while writing', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: temporary files and the new directory removed, exit %i', async (signal, code) => {
    const dir = join(tmp, `interrupted-${signal}`, 'csv');
    const r = await interruptWhileWriting(signal, dir);
    expect(r.sawTemp).toBe(true);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(new RegExp(`ecsim run: interrupted \\(${signal}\\); nothing written`));
    expect(existsSync(join(tmp, `interrupted-${signal}`))).toBe(false);
  }, 20_000);
});
