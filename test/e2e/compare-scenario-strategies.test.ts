// End to end: strategy modules named inside a scenario — the top-level `strategy` for RunTask and a
// `launch: startTask` workload's own `strategy` as its scheduler — load relative to the scenario
// file, in run and compare alike; a module that does not load is a usage error. Budget: about 3 s.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt, ROOT } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ecsim-scenario-strategy-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (module: string) => `version: 1
name: modules
duration: 30m
strategy: ${module}
clusters:
  - name: prod
    instances:
      - { count: 4, type: m4.large }
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: nginx, cpu: 256, memory: 512 }
  - family: agent
    containerDefinitions:
      - { name: a, image: x, cpu: 64, memory: 64 }
workloads:
  - name: web
    cluster: prod
    taskDefinition: web
    arrival: { every: 1m }
    start: 5m
    lifetime: { fixed: 10m }
  - name: agents
    cluster: prod
    taskDefinition: agent
    launch: startTask
    strategy: ${module}
    arrival: { at: [0s] }
    count: 4
    lifetime: forever
`;

describe('strategy modules named in a scenario', () => {
  copyFileSync(join(ROOT, 'scenarios/strategies/least-loaded.mjs'), join(dir, 'least-loaded.mjs'));
  writeFileSync(join(dir, 'ok.yaml'), scenario('./least-loaded.mjs'));
  writeFileSync(join(dir, 'missing.yaml'), scenario('./nowhere.mjs'));

  it('run: the StartTask workload is scheduled by the module (one agent per instance)', () => {
    const out = join(dir, 'csv');
    const r = ecsim(['run', join(dir, 'ok.yaml'), '--csv', out, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readFileSync(join(out, 'tasks.csv'), 'utf8').trimEnd().split('\n');
    const head = rows[0]!.split(',');
    const cells = rows.slice(1).map((l) => l.split(','));
    const agents = cells.filter((c) => c[head.indexOf('workload')] === 'agents');
    expect(agents).toHaveLength(4);
    const instanceColumn = head.findIndex((h) => /instance/i.test(h));
    expect(new Set(agents.map((c) => c[instanceColumn])).size).toBe(4);
  });

  it('compare: runs with the scenario modules loaded', () => {
    const r = ecsim(['compare', join(dir, 'ok.yaml'), '--strategies', 'random,binpack:memory', '--json', '-w', '1']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { strategies: string[] }).strategies).toEqual(['random', 'binpack:memory']);
  });

  it('a module that is not there: exit 2, one line naming it', () => {
    for (const cmd of ['run', 'compare']) {
      const r = ecsim([cmd, join(dir, 'missing.yaml'), '-q']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/nowhere\.mjs: no such strategy module/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
