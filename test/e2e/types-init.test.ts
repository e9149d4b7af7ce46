// End to end: `ecsim types` lists the built-in instance types with what each registers, and
// `ecsim init` writes a starter scenario that validates and runs, never over an existing file;
// `ecsim validate` warns (stderr, exit 0) about what a valid file will not do.
// Budget: about 3 s.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDemandPrice, PRICE_TABLE_SOURCE } from '../../src/model/instance-prices.js';
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

  it('--json and the table carry the built-in on-demand price each group is billed at', () => {
    const rows = JSON.parse(ecsim(['types', '--json']).stdout) as { type: string; pricePerHour: number | null }[];
    for (const row of rows) expect(row.pricePerHour, row.type).toBe(onDemandPrice(row.type) ?? null);
    expect(rows.find((x) => x.type === 'm5.large')?.pricePerHour).toBe(0.096);
    const text = ecsim(['types']).stdout;
    expect(text).toMatch(/│ type .*│ USD\/hour │/);
    expect(text).toMatch(/│ t2\.nano +│.*│ +\$0\.0058 │/);
    expect(text).toMatch(/│ m5\.large +│.*│ +\$0\.096 │/);
    expect(text).toMatch(/│ p2\.16xlarge +│.*│ +\$14\.40 │/);
    expect(text).toContain(`as published on ${PRICE_TABLE_SOURCE.asOf}`);
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

describe('ecsim validate warnings', () => {
  it('on stderr with file:line:column, prefixed, exit 0; stdout still says ok', () => {
    const file = join(tmp, 'late.yaml');
    writeFileSync(
      file,
      `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 1, type: m4.large }
taskDefinitions:
  - family: big
    containerDefinitions:
      - { name: app, image: x, cpu: 256, memory: 16000 }
workloads:
  - { name: w, cluster: prod, taskDefinition: big, arrival: { every: 1m }, lifetime: { fixed: 5m } }
events:
  - { at: 2h, stopTasks: { cluster: prod, count: 1 } }
`,
    );
    const r = ecsim(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/late\.yaml: ok/);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `ecsim validate: warning: ${file}:12:47 workloads[0].taskDefinition: big:1 can never be placed in cluster prod: it needs 16,000 MiB (the most any instance registers is 8,028 MiB, m4.large)`,
      `ecsim validate: warning: ${file}:14:11 events[0].at: stopTasks at 2h is at or after the horizon (1h): it never happens`,
    ]);
  });
});
