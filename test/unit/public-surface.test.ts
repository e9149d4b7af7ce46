// The public surface is a decision, not an accident: the root export (`ecsim`) is the library and
// its values are listed here; tools built on ecsim get `ecsim/internals`, mapped in package.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as internals from '../../src/internals.js';
import * as root from '../../src/index.js';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { exports: Record<string, { types: string; import: string }> };

describe('the public surface', () => {
  it('the root exports the library: simulation, errors, scenarios and services, one way to get a strategy', () => {
    expect(Object.keys(root).sort()).toEqual([
      'DEFAULT_SAMPLE_EVERY',
      'EcsError',
      'InvariantError',
      'REASON_EVENT_STOP',
      'REASON_NO_INSTANCES',
      'RETRY_FIRST_MS',
      'RETRY_MAX_MS',
      'ScenarioRunError',
      'ServiceScheduler',
      'ServiceWorld',
      'StrategyLoadError',
      'createSimulation',
      'formatDuration',
      'formatScenarioError',
      'loadScenario',
      'loadStrategy',
      'parseDuration',
      'runScenario',
      'scenarioJsonSchema',
      'startScenario',
      'startTaskWithStrategy',
    ]);
  });

  it('internals hold what tools need and the root leaves out', () => {
    for (const name of ['MetricsCollector', 'RANDOM', 'builtinStrategy', 'strategyFromSpecs', 'parseStrategyText', 'firstFitScheduler', 'PlacementParameterError']) {
      expect(internals).toHaveProperty(name);
      expect(root).not.toHaveProperty(name);
    }
  });

  it('a built-in strategy from the root is the internals one, by text', async () => {
    const s = await root.loadStrategy('binpack:memory');
    expect(s.name).toBe(internals.builtinStrategy('binpack:memory').name);
    expect(await root.loadStrategy('random')).toBe(internals.RANDOM);
  });

  it('package.json maps both entry points to the built files', () => {
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(pkg.exports['./internals']).toEqual({ types: './dist/internals.d.ts', import: './dist/internals.js' });
  });
});
