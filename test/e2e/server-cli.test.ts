// `ecsim serve` as a process: the base URL is the first stdout line, SIGTERM/SIGINT stop it cleanly
// with the recording flushed, and `ecsim replay` checks that recording byte for byte (exit 1 and the
// first difference when a response was altered). Also --scenario, --play and --long-arns.
import { CreateClusterCommand, ECSClient, RegisterContainerInstanceCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt, MAIN, ROOT } from './cli-helpers.js';
import { resources } from './server-helpers.js';

interface Served {
  proc: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stderr: () => string;
}

async function serve(args: string[]): Promise<Served> {
  const proc = spawn(process.execPath, [MAIN, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  const lines = createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  return { proc, url, exited, stderr: () => err };
}

const client = (url: string): ECSClient =>
  new ECSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });

describe('ecsim serve (process) and ecsim replay', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ecsim-serve-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the base URL first, records every request, stops on SIGTERM; replay finds every response the same', async () => {
    const record = join(dir, 'session.jsonl');
    const s = await serve(['--record', record, '--seed', '7']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ecs = client(s.url);
    await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c', totalResources: resources(1024, 2048) }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'w', containerDefinitions: [{ name: 'a', image: 'i', memory: 768 }] }));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'c', taskDefinition: 'w', count: 3 }));
    expect(run.failures).toHaveLength(1);
    await fetch(`${s.url}/_ecsim/advance`, { method: 'POST', body: '{"ms":1500}' });
    await ecs.send(new StopTaskCommand({ cluster: 'c', task: run.tasks![0]!.taskArn }));
    await ecs.send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'w' })).catch(() => undefined);
    ecs.destroy();
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const lines = readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ format: 'ecsim-record', options: { seed: 7, region: 'us-east-1' } });
    expect(lines.slice(1).map((l) => [l.action, l.accepted])).toEqual([
      ['CreateCluster', true],
      ['RegisterContainerInstance', true],
      ['RegisterTaskDefinition', true],
      ['RunTask', true],
      ['StopTask', true],
      ['RunTask', false],
    ]);
    expect(lines[5]!.t).toBe(1500);

    const ok = ecsim(['replay', record]);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, `${record}: 6 requests in 1 session replayed, every response the same`]);

    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(record, 'utf8').replace('"reason\\":\\"RESOURCE:MEMORY', '"reason\\":\\"RESOURCE:CPU'));
    const bad = ecsim(['replay', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/tampered\.jsonl:5: RunTask in us-east-1 at t=0: the response differs; they differ at byte \d+/);
  });

  it('stops on SIGINT too; a second session appended to the file replays after the first', async () => {
    const record = join(dir, 'two.jsonl');
    for (const name of ['one', 'two']) {
      const s = await serve(['--record', record]);
      await client(s.url).send(new CreateClusterCommand({ clusterName: name }));
      s.proc.kill('SIGINT');
      expect(await s.exited).toBe(0);
    }
    const r = ecsim(['replay', record]);
    expect([r.code, r.stdout]).toEqual([0, `${record}: 2 requests in 2 sessions replayed, every response the same\n`]);
  });

  it('--scenario builds the fleet, --play runs its workloads as the clock advances, /_ecsim/metrics reports like ecsim run', async () => {
    const scenario = join(ROOT, 'scenarios', 'quickstart.yaml');
    const s = await serve(['--scenario', scenario, '--play', '--long-arns', '--failure-detail', 'summary']);
    try {
      const state = (await (await fetch(`${s.url}/_ecsim/state`)).json()) as { regions: Record<string, { clusters: { instances: { containerInstanceArn: string }[] }[] }> };
      const instances = state.regions['us-east-1']!.clusters.flatMap((c) => c.instances);
      expect(instances.length).toBeGreaterThan(0);
      expect(instances[0]!.containerInstanceArn).toMatch(/:container-instance\/[^/]+\/[0-9a-f-]{36}$/);
      const expected = JSON.parse(ecsim(['run', scenario, '--json', '--quiet']).stdout) as { durationMs: number };
      await fetch(`${s.url}/_ecsim/advance`, { method: 'POST', body: JSON.stringify({ until: expected.durationMs }) });
      const metrics = (await (await fetch(`${s.url}/_ecsim/metrics`)).json()) as Record<string, unknown>;
      // the same figures as `ecsim run` over the same horizon (events processed differ: no sampling)
      for (const key of ['tasks', 'failuresByReason', 'placementRate', 'pendingToRunningMs', 'utilization', 'instances', 'workloads']) {
        expect(metrics[key], key).toEqual((expected as Record<string, unknown>)[key]);
      }
    } finally {
      s.proc.kill('SIGTERM');
      await s.exited;
    }
  });

  it('refuses bad flags with exit 2', () => {
    expect(ecsim(['serve', '--clock', 'sometimes']).code).toBe(2);
    expect(ecsim(['serve', '--play']).code).toBe(2);
    expect(ecsim(['serve', '--scenario', 'no-such.yaml']).code).toBe(2);
    expect(ecsim(['replay', join(dir, 'missing.jsonl')]).code).toBe(2);
  });
});
