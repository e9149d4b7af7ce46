// End to end: bad input gets exit code 2 and every problem on its own line as
// `file:line:column path: message`, never a stack trace. Budget: about 3 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-bad-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GOOD = `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 2, type: m4.large }
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: nginx, cpu: 256, memory: 512 }
workloads:
  - name: web
    cluster: prod
    taskDefinition: web
    arrival: { every: 1m }
    lifetime: { fixed: 5m }
`;

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

function expectBadInput(r: { code: number | null; stdout: string; stderr: string }): string[] {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.trimEnd().split('\n');
}

describe('bad scenario files', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed YAML', GOOD.replace('{ count: 2, type: m4.large }', '{ count: 2, type: m4.large'), /:7:1 invalid YAML: /],
    ['an unknown key, with a suggestion', GOOD.replace('    lifetime:', '    lifetme:'), /:16:5 workloads\[0\]\.lifetme: .*did you mean "lifetime"/],
    ['a wrong type', GOOD.replace('count: 2,', 'count: two,'), /:6:\d+ clusters\[0\]\.instances\[0\]\.count: expected .*integer/],
    ['a negative count', GOOD.replace('count: 2,', 'count: -3,'), /:6:\d+ clusters\[0\]\.instances\[0\]\.count: /],
    ['an unknown task definition', GOOD.replace('taskDefinition: web', 'taskDefinition: wbe'), /:14:\d+ workloads\[0\]\.taskDefinition: .*wbe/],
    ['an unknown cluster', GOOD.replace('    cluster: prod', '    cluster: staging'), /:13:\d+ workloads\[0\]\.cluster: .*staging/],
    ['a count above 10', GOOD.replace('    lifetime:', '    count: 11\n    lifetime:'), /:16:\d+ workloads\[0\]\.count: .*10/],
  ];
  const files = cases.map(([name, text]) => file(`${name.replace(/\W/g, '_')}.yaml`, text));

  it('validate: exit 2 and, for each bad file, its problem as file:line:column path: message', () => {
    // one process checks every file: cheaper than one per case, and it shows validate reads them all
    const lines = expectBadInput(ecsim(['validate', ...files]));
    cases.forEach(([name, , pattern], i) => {
      const mine = lines.filter((l) => l.startsWith(`ecsim validate: ${files[i]}:`));
      expect(mine.some((l) => pattern.test(l)), `${name}: ${mine.join(' | ')}`).toBe(true);
    });
  });

  it('run: exit 2 with the same lines validate prints', () => {
    for (const f of [files[0]!, files[1]!]) {
      const fromRun = expectBadInput(ecsim(['run', f]));
      const fromValidate = expectBadInput(ecsim(['validate', f]));
      expect(fromRun.every((l) => l.startsWith('ecsim run: '))).toBe(true);
      expect(fromRun.map((l) => l.replace(/^ecsim run: /, ''))).toEqual(fromValidate.map((l) => l.replace(/^ecsim validate: /, '')));
    }
  });

  it('reports every problem, one per line, not just the first', () => {
    const text = GOOD.replace('count: 2,', 'count: -3,').replace('    lifetime:', '    count: 11\n    lifetme:').replace('    cluster: prod', '    cluster: staging');
    const lines = expectBadInput(ecsim(['run', file('many.yaml', text)]));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) expect(l).toMatch(/^ecsim run: .+many\.yaml:\d+:\d+ \S+: /);
  });

  it('a scenario that asks for what the runner cannot do: validate and run both exit 2 pointing at the field', () => {
    const text = GOOD.replace('    lifetime: { fixed: 5m }', '    lifetime: { fixed: 5m }\n    strategy: binpack:cpu');
    const p = file('runner-refuses.yaml', text);
    const lines = expectBadInput(ecsim(['run', p]));
    expect(expectBadInput(ecsim(['validate', p])).map((l) => l.replace(/^ecsim validate: /, 'ecsim run: '))).toEqual(lines);
    expect(lines).toEqual([`ecsim run: ${p}:17:15 workloads[0].strategy: a workload's own strategy applies to launch: startTask (its scheduler); for runTask use placementStrategy`]);
  });

  it('refuses an unreadable file', () => {
    const lines = expectBadInput(ecsim(['run', join(tmp, 'missing.yaml')]));
    expect(lines).toEqual([`ecsim run: ${join(tmp, 'missing.yaml')}: cannot read the scenario: no such file`]);
    expectBadInput(ecsim(['validate', tmp]));
  });
});

describe('bad options', () => {
  const good = () => file('good.yaml', GOOD);
  it.each([
    ['an unknown option', ['--frobnicate']],
    ['a seed that is not a number', ['--seed', 'abc']],
    ['a duration with an unknown unit', ['--duration', '5x']],
    ['a zero sampling interval', ['--sample-every', '0s']],
  ])('%s: exit 2', (_, args) => {
    const r = ecsim(['run', good(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsim run: (unknown option|option .* argument .* is invalid)/);
    expect(r.stdout).toBe('');
  });

  it('duration flags read what scenario files do: a bare number is milliseconds', () => {
    const r = ecsim(['run', good(), '--json', '--duration', '600000', '--sample-every', '30000']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.duration, doc.sampleEveryMs]).toEqual(['10m', 30_000]);
  });

  it('--help shows duration defaults as durations', () => {
    expect(ecsim(['run', '--help']).stdout).toMatch(/--sample-every <duration>[\s\S]*\(default: 1m\)/);
  });

  it('too many samples for the horizon: exit 2 with a sentence', () => {
    const r = ecsim(['run', good(), '--sample-every', '1ms', '--duration', '30d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/more than 1,000,000 samples/);
  });

  it('runs the same file when it is fine', () => {
    expect(ecsim(['run', good(), '--json']).code).toBe(0);
  });
});
