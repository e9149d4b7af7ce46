// README's Scenarios section shows real output: the quickstart's summary table is checked against a
// fresh run (all but the wall-clock line), so the README cannot drift from what ecsim prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/report/table.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import { ROOT } from './cli-helpers.js';

describe('README', () => {
  it('shows the table that `ecsim run scenarios/quickstart.yaml` prints', () => {
    const loaded = loadScenario(readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8'), 'scenarios/quickstart.yaml');
    if (!loaded.ok) throw new Error('quickstart does not load');
    const table = summaryTable(runScenario(loaded.scenario)).trimEnd().split('\n');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('```text\nScenario quickstart:');
    expect(start).toBeGreaterThan(0);
    const shown = readme.slice(start + '```text\n'.length, readme.indexOf('\n```', start)).split('\n');
    // the last line carries the wall time, which differs from run to run
    expect(shown.slice(0, -1)).toEqual(table.slice(0, -1));
    expect(shown.at(-1)).toMatch(new RegExp(`^${table.at(-1)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in `));
  });
});
