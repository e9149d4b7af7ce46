// End to end: `ecsim types` lists the built-in instance types with what each registers, and
// `ecsim init` writes a starter scenario that validates and runs, never over an existing file.
// Budget: about 3 s.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceTypeNames, instanceTypeResources } from '../../src/model/instance-types.js';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-init-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ecsim types', () => {
  it('--json: every built-in type with the CPU, MEMORY and GPU it registers', () => {
    const r = ecsim(['types', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { type: string; CPU: number; MEMORY: number; GPU: number }[];
    expect(rows.map((x) => x.type)).toEqual(instanceTypeNames());
    for (const row of rows) {
      const want = instanceTypeResources(row.type)!;
      expect([row.CPU, row.MEMORY, row.GPU]).toEqual([want.CPU, want.MEMORY, want.GPU ?? 0]);
    }
    expect(rows.find((x) => x.type === 'm4.large')).toMatchObject({ CPU: 2048, MEMORY: 8028, GPU: 0 });
    expect(rows.some((x) => x.GPU > 0)).toBe(true);
  });

  it('prints a table with a row per type', () => {
    const r = ecsim(['types']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/type .*CPU .*MEMORY \(MiB\) .*GPU/);
    expect(r.stdout).toMatch(/│ m4\.large +│ +2 │ +8 │ +2,048 │ +8,028 │/);
    for (const t of instanceTypeNames()) expect(r.stdout).toContain(` ${t} `);
  });
});

describe('ecsim init', () => {
  it('writes a commented starter scenario that validates and runs', () => {
    const file = join(tmp, 'scenario.yaml');
    const r = ecsim(['init', file]);
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l.includes('#')).length).toBeGreaterThan(10);
    expect(ecsim(['validate', file]).code).toBe(0);
    const run = ecsim(['run', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).tasks.requested).toBeGreaterThan(0);
  });

  it('never overwrites a file without --force', () => {
    const file = join(tmp, 'mine.yaml');
    writeFileSync(file, 'my work\n');
    const r = ecsim(['init', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ecsim init: ${file} already exists; give --force to overwrite it\n`);
    expect(readFileSync(file, 'utf8')).toBe('my work\n');
    expect(ecsim(['init', file, '--force']).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# A starter ecsim scenario/);
  });

  it('into a directory that does not exist: exit 2, nothing written', () => {
    const r = ecsim(['init', join(tmp, 'nope', 's.yaml')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(tmp, 'nope'))).toBe(false);
  });
});
