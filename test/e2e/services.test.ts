// The bundled deploy-at-peak scenario answers its question as README says, through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { ecsim, ensureBuilt, ROOT } from './cli-helpers.js';

beforeAll(() => ensureBuilt(), 180_000);

describe('scenarios/deploy-at-peak.yaml', () => {
  it('the peak deploy is stuck on CPU and slow; the night deploy takes minutes', () => {
    const r = ecsim(['run', 'scenarios/deploy-at-peak.yaml', '--json', '--quiet'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const web = JSON.parse(r.stdout).services.web;
    const [peak, night] = web.deployments;
    expect(peak).toMatchObject({ taskDefinition: 'web:2', outcome: 'COMPLETED', stuckAt: 12 * 3_600_000, stuckReason: 'RESOURCE:CPU' });
    expect(peak.minutes).toBeGreaterThan(120);
    expect(night).toMatchObject({ taskDefinition: 'web:3', outcome: 'COMPLETED', stuckAt: null });
    expect(night.minutes).toBeLessThan(10);
    expect(web.availability).toBeLessThan(0.999);
  });

  it('the table shows the services and their deployments', () => {
    const r = ecsim(['run', 'scenarios/deploy-at-peak.yaml'], { cwd: ROOT });
    expect(r.stdout).toMatch(/web → web:2 at 12h \(min 100%, max 200%\): completed in 2h\d+m/);
    expect(r.stdout).toMatch(/Service events\nweb: the last 10 of \d+ events\n/);
    expect(r.stdout).toMatch(/service web has reached a steady state\./);
  });
});
