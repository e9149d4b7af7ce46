// End to end: the package as npm would ship it. `npm pack` (scripts skipped: dist/ is already
// built) must hold what an install needs and nothing of the sources; the tarball unpacked as
// node_modules/ecsim of a scratch project is imported by name and its CLI runs a bundled scenario
// from there. This catches a wrong `files` list, `exports` map or `bin` path. The dependencies are
// linked from this checkout's node_modules rather than fetched, so the test needs no network.
// Budget: about 4 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-pack-'));
const project = join(tmp, 'project');
const installed = join(project, 'node_modules', 'ecsim');
let files: string[] = [];

beforeAll(() => {
  ensureBuilt();
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('tar', ['-xzf', join(tmp, packed!.filename), '-C', join(project, 'node_modules')]);
  renameSync(join(project, 'node_modules', 'package'), installed);
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    const to = join(project, 'node_modules', dep);
    mkdirSync(join(to, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), to, 'dir');
  }
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the build, the bundled scenarios and the README, and no sources or tests', () => {
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/experiment/worker.js', 'scenarios/quickstart.yaml', 'scenarios/scenario.schema.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|node_modules)\//.test(f))).toEqual([]);
  });

  it('imports by name from another project', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { readFileSync } from 'node:fs';
import { createSimulation, loadScenario, runScenario } from 'ecsim';
const sim = createSimulation({ seed: 1 });
sim.ecs.createCluster({ clusterName: 'c' });
const loaded = loadScenario(readFileSync('node_modules/ecsim/scenarios/quickstart.yaml', 'utf8'), 'quickstart.yaml');
if (!loaded.ok) throw new Error('quickstart does not load');
const r = runScenario(loaded.scenario, { duration: '30m' });
console.log(JSON.stringify({ clusters: sim.ecs.listClusters({}).clusterArns.length, requested: r.total.tasks.requested }));
`,
    );
    const r = spawnSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { clusters: number; requested: number };
    expect(out.clusters).toBe(1);
    expect(out.requested).toBeGreaterThan(0);
  });

  it('runs its CLI (the bin entry) on a bundled scenario, compare with worker threads included', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(installed, pkg.bin.ecsim!);
    accessSync(bin, constants.X_OK);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const run = spawnSync(process.execPath, [bin, 'run', 'node_modules/ecsim/scenarios/quickstart.yaml', '--json', '--quiet'], { cwd: project, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).scenario).toBe('quickstart');
    const cmp = spawnSync(process.execPath, [bin, 'compare', 'node_modules/ecsim/scenarios/quickstart.yaml', '--strategies', 'random,binpack:memory', '-n', '2', '-w', '2', '--duration', '20m', '--json', '-q'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(cmp.stderr).toBe('');
    expect(cmp.status).toBe(0);
    expect(JSON.parse(cmp.stdout).strategies).toEqual(['random', 'binpack:memory']);
  });
});
