// `ecsim validate` accepts exactly what `ecsim run` accepts: both read the file with loadScenario, and
// run then hands it to the runner, so the property is that the runner never refuses what loaded.
// Scenarios are drawn valid and subtly invalid (references to nothing, startTask workloads with
// RunTask's keys, queries that do not parse, a strategy name misspelled, a horizon past the sample
// limit…); each that loads is run as `ecsim run` would run it (its strategies loaded), over a tiny
// horizon with every arrival at its start, so whatever the runner checks is reached.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { strategyOptions } from '../../src/experiment/strategies.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';

/** Mostly the valid choices, now and then the subtly wrong ones. */
const mostly = <T>(valid: T[], wrong: T[]): fc.Arbitrary<T> => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });

const clusterName = mostly(['a'], ['b', 'zz']);
const family = mostly(['web', 'job', 'web:1'], ['web:2', 'nope']);
const expression = mostly(['attribute:ecs.instance-type =~ m4.*', 'attribute:zone == z1', 'attribute:zone in [z1, z2]'], ['x', 'attribute:zone ==', 'ec2InstanceId']);
const constraint = fc.oneof(fc.constant({ type: 'distinctInstance' }), expression.map((e) => ({ type: 'memberOf', expression: e })));
const strategy = fc.oneof(
  fc.constant({ type: 'random' }),
  fc.constantFrom('cpu', 'memory').map((field) => ({ type: 'binpack', field })),
  mostly(['instanceId', 'host', 'attribute:zone'], ['zone', 'attribute:']).map((field) => ({ type: 'spread', field })),
);
const strategyText = mostly(['random', 'binpack:cpu', 'spread:zone then binpack:memory', 'first-fit', 'spread(zone)'], ['binpak', 'random:cpu']);

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });
const withoutUndefined = (value: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

const taskDefinition = fc
  .record({ family: fc.constantFrom('web', 'job'), memory: fc.integer({ min: 16, max: 4096 }), constraints: optional(fc.array(constraint.filter((c) => c.type === 'memberOf'), { maxLength: 2 })) })
  .map(({ family: f, memory, constraints }) => withoutUndefined({ family: f, containerDefinitions: [{ name: 'app', image: 'x', cpu: 128, memory }], placementConstraints: constraints }));

const workload = fc
  .record({
    cluster: clusterName,
    taskDefinition: family,
    arrival: fc.constantFrom({ at: ['0s'] }, { at: ['0s', '1ms'] }, { burst: { at: '0s', count: 3 } }, { every: '100ms' }),
    lifetime: fc.constantFrom('forever', { fixed: '1ms' }),
    count: fc.integer({ min: 1, max: 3 }),
    launch: optional(fc.constantFrom('runTask', 'startTask')),
    strategy: optional(strategyText),
    placementStrategy: optional(fc.array(strategy, { maxLength: 2 })),
    placementConstraints: optional(fc.array(constraint, { maxLength: 2 })),
    group: optional(fc.constantFrom('g1', 'service:web')),
  })
  .map(withoutUndefined);

const event = fc
  .record({ at: fc.constantFrom('0s', '1ms'), kind: fc.constantFrom('disconnectAgents', 'reconnectAgents', 'deregisterInstances', 'addInstances', 'stopTasks'), cluster: clusterName })
  .map(({ at, kind, cluster }) => ({ at, [kind]: kind === 'addInstances' ? { cluster, count: 1, type: 'm4.large' } : kind === 'reconnectAgents' ? { cluster } : { cluster, count: 1 } }));

const scenario = fc
  .record({
    duration: mostly(['1s', '2s', '1h'], ['700d']),
    strategy: optional(strategyText),
    clusters: fc.constantFrom(['a'], ['a', 'b'], ['b']).chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.record({
            name: fc.constant(name),
            instances: fc.array(
              fc.record({ count: fc.integer({ min: 0, max: 3 }), type: fc.constantFrom('m4.large', 't2.micro'), attributes: fc.constantFrom({}, { zone: 'z1' }, { zone: 'z2' }) }),
              { maxLength: 2 },
            ),
          }),
        ),
      ),
    ),
    taskDefinitions: fc.array(taskDefinition, { minLength: 1, maxLength: 3 }),
    workloads: fc.array(workload, { maxLength: 3 }).map((list) => list.map((w, i) => ({ name: `w${i}`, ...w }))),
    events: fc.array(event, { maxLength: 2 }),
  })
  .map((s) => ({ version: 1, ...withoutUndefined(s) }));

describe('validate against run', () => {
  it('the runner accepts every scenario the loader accepts (so validate and run agree)', async () => {
    let loaded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (doc) => {
        const text = stringify(doc);
        const result = loadScenario(text, 'generated.yaml');
        if (!result.ok) {
          refused += 1;
          return;
        }
        loaded += 1;
        const s = result.scenario;
        const options = await strategyOptions(s, process.cwd());
        // A tiny horizon keeps the run short; a horizon the file could not run at is kept as written.
        const duration = s.duration <= 3_600_000 ? Math.min(s.duration, 50) : s.duration;
        expect(() => runScenario(s, { ...options, duration, sampleEvery: 10 }), text).not.toThrow();
      }),
      { numRuns: 300 },
    );
    // Both sides of the property were exercised.
    expect(loaded).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
