// End to end: `ecsim validate` refuses what `ecsim run` would refuse, with the same lines, for the
// checks that used to happen only when the scenario ran (each of these files validated before and then
// failed in run). Budget: about 3 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-validate-run-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GOOD = `version: 1
duration: 1h
clusters: [{ name: prod, instances: [{ count: 2, type: m4.large }] }]
taskDefinitions: [{ family: web, containerDefinitions: [{ name: app, image: nginx, memory: 512 }] }]
workloads:
  - name: w
    cluster: prod
    taskDefinition: web
    arrival: { at: [0s] }
    lifetime: forever
`;

const cases: [string, string, RegExp][] = [
  ['a startTask workload with placementConstraints', `${GOOD}    launch: startTask\n    placementConstraints: [{ type: distinctInstance }]\n`, /:6:5 workloads\[0\]: the built-in first-fit StartTask scheduler does not evaluate placementConstraints/],
  ['a horizon with more samples than the limit', GOOD.replace('duration: 1h', 'duration: 700d'), /:2:11 duration: expected a horizon of at most 694d10h40m .*got 700d/],
  ['a startTask workload with placementStrategy', `${GOOD}    launch: startTask\n    placementStrategy: [{ type: random }]\n`, /:12:24 workloads\[0\]\.placementStrategy: applies to launch: runTask/],
  ['a runTask workload with its own strategy', `${GOOD}    strategy: binpack:cpu\n`, /:11:15 workloads\[0\]\.strategy: a workload's own strategy applies to launch: startTask/],
  ['a memberOf expression that does not parse', `${GOOD}    placementConstraints: [{ type: memberOf, expression: x }]\n`, /:11:58 workloads\[0\]\.placementConstraints\[0\]\.expression: not a valid cluster query/],
  ['a spread over an unknown field', `${GOOD}    placementStrategy: [{ type: spread, field: zone }]\n`, /:11:48 workloads\[0\]\.placementStrategy\[0\]\.field: expected instanceId, host or attribute:NAME, got "zone"/],
  ['a misspelled built-in strategy', `${GOOD}strategy: binpak:cpu\n`, /:11:11 strategy: strategy "binpak:cpu" is not one of random/],
];

describe('validate accepts exactly what run accepts', () => {
  const files = cases.map(([name, text]) => {
    const path = join(tmp, `${name.replace(/\W/g, '_')}.yaml`);
    writeFileSync(path, text);
    return path;
  });

  it.each(cases.map((c, i) => [c[0], c[2], i] as const))('refuses %s in validate and in run, with the same line', (_name, pattern, i) => {
    const validate = ecsim(['validate', files[i]!]);
    const run = ecsim(['run', files[i]!, '--quiet']);
    for (const r of [validate, run]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
    }
    expect(validate.stderr.startsWith('ecsim validate: ')).toBe(true);
    expect(run.stderr.replace(/^ecsim run: /, 'ecsim validate: ')).toBe(validate.stderr);
  });

  it('refuses a strategy module that does not load, in validate as in run', () => {
    const path = join(tmp, 'missing-module.yaml');
    writeFileSync(path, `${GOOD}    launch: startTask\n    strategy: ./no-such-strategy.mjs\n`);
    const validate = ecsim(['validate', path]);
    const run = ecsim(['run', path, '--quiet']);
    expect([validate.code, run.code]).toEqual([2, 2]);
    expect(validate.stderr).toMatch(/^ecsim validate: \.\/no-such-strategy\.mjs: no such strategy module/);
    expect(run.stderr.replace('ecsim run:', 'ecsim validate:')).toBe(validate.stderr);
  });

  it('still runs the file without them', () => {
    const path = join(tmp, 'good.yaml');
    writeFileSync(path, GOOD);
    expect(ecsim(['validate', path]).code).toBe(0);
    expect(ecsim(['run', path, '--quiet', '--json']).code).toBe(0);
  });
});
