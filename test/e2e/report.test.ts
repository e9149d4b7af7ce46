// End to end: `--report report.html` on run, compare and plan writes one self-contained page with
// the sections each command promises, the same bytes on every run (whatever the worker count),
// and nothing at all when the file cannot be written. Budget: about 8 s.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt } from './cli-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ecsim-report-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sections = (html: string) => [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
const svgs = (html: string) => (html.match(/<svg /g) ?? []).length;

function selfContained(html: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script|<link|<img|src=|url\(http/i);
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('--report', () => {
  it('compare: key figures, comparison bars, time series, failures, scenario; same bytes with 1 or 2 workers', () => {
    const a = join(tmp, 'a.html');
    const b = join(tmp, 'b.html');
    const args = ['compare', 'scenarios/strategies/three-zones.yaml', '--strategies', 'binpack:memory,spread:zone', '-n', '2', '--duration', '30m', '-q'];
    const r1 = ecsim([...args, '--report', a, '-w', '2']);
    const r2 = ecsim([...args, '-w', '1', '--report', b]);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    expect(r1.stdout).toBe(r2.stdout);
    const html = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(html);
    selfContained(html);
    expect(sections(html)).toEqual(['figures', 'comparison', 'workloads', 'utilization', 'pending', 'stranded', 'failures', 'scenario']);
    expect(html).toContain('mean of 2 replications, whiskers: 95% confidence interval');
    // the per-workload view: each workload's placement rate, request→RUNNING and completed per strategy
    const workloads = html.slice(html.indexOf('<section id="workloads">'), html.indexOf('<section id="utilization">'));
    expect(workloads).toContain('<th>binpack:memory</th><th>spread:zone</th>');
    for (const field of ['placement rate', 'never placed', 'request→RUNNING p50', 'request→RUNNING p99', 'completed']) expect(workloads).toContain(`: ${field}</td>`);
    expect(html).toContain('<code>three-zones</code>');
    expect(html).toContain('seed <code>7</code>');
    expect(html).toContain('name: three-zones'); // the scenario's text
    expect(svgs(html)).toBeGreaterThanOrEqual(8);
  });

  it('run: key figures and time series of the one run', () => {
    const out = join(tmp, 'run.html');
    const r = ecsim(['run', 'scenarios/steady-web-fleet.yaml', '--duration', '1h', '--report', out, '-q']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    selfContained(html);
    expect(sections(html)).toEqual(['figures', 'workloads', 'utilization', 'pending', 'stranded', 'failures', 'scenario']);
    expect(html).toContain('Reserved / registered, per resource');
  });

  it('plan: the probes, the answer and the fleets at the answer and one below', () => {
    const out = join(tmp, 'plan.html');
    const r = ecsim(['plan', 'scenarios/steady-web-fleet.yaml', '--group', 'storefront/0', '--target', 'placementRate>=0.999', '--duration', '2h', '--report', out, '-q', '-w', '1']);
    expect(r.code).toBe(0);
    const answer = /answer: (\d+) instances/.exec(r.stdout)![1]!;
    const html = readFileSync(out, 'utf8');
    selfContained(html);
    expect(sections(html)).toEqual(['figures', 'plan', 'utilization', 'pending', 'stranded', 'failures', 'scenario']);
    expect(html).toContain(`Smallest count that meets placementRate&gt;=0.999: ${answer}.`);
    expect(html).toContain(`${Number(answer) - 1} instances`);
  });

  it('a report that cannot be written is a usage error and leaves no file behind', () => {
    const dir = join(tmp, 'no-such-dir');
    const r = ecsim(['compare', 'scenarios/strategies/three-zones.yaml', '--strategies', 'random', '--duration', '10m', '--report', join(dir, 'r.html'), '-q', '-w', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsim compare: --report .*r\.html: cannot write there \(.*no such directory\)\n$/);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('run of a scenario with services: a per-service table beside the charts', () => {
    const out = join(tmp, 'services.html');
    const r = ecsim(['run', 'scenarios/deploy-at-peak.yaml', '--duration', '13h', '--report', out, '-q']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const services = html.slice(html.indexOf('<section id="services">'));
    expect(services).toContain('<th>service</th><th>cluster</th><th>desired at end</th><th>running at end</th><th>pending at end</th><th>availability</th>');
    expect(services).toContain('<th>deployments (completed / all)</th><th>placement failures</th>');
    // web:2 rolls out at 12h and is still stuck on CPU at 13h: its one deployment not completed
    expect(services).toMatch(/<tr><td>web<\/td><td>prod<\/td>(<td>[^<]*<\/td>){5}<td>0 \/ 1<\/td><td>[\d,]+ \(RESOURCE:CPU [\d,]+\)<\/td>/);
    // the table comes before the service's chart
    expect(services.indexOf('<table>')).toBeLessThan(services.indexOf('<svg'));
  });

  it('run of a scenario without services: no Services section', () => {
    const out = join(tmp, 'no-services.html');
    expect(ecsim(['run', 'scenarios/quickstart.yaml', '--duration', '10m', '--report', out, '-q']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('<section id="services">');
  });
});
