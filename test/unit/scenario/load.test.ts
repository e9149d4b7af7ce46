import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { loadScenario } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/types.js';

const example = readFileSync(new URL('./fixtures/issue-4-example.yaml', import.meta.url), 'utf8');

/** A valid scenario with one cluster and one task definition, plus `extra` appended at line 11. */
const base = (extra = ''): string => `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 2, type: m4.large }
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: nginx, memory: 512 }
${extra}`;

function load(text: string, file = 'test.yaml'): Scenario {
  const result = loadScenario(text, file);
  if (!result.ok) throw new Error(`expected the scenario to load:\n${result.errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.message}`).join('\n')}`);
  return result.scenario;
}

describe('loadScenario: the example of issue 4', () => {
  const scenario = load(example, 'scenarios/web-peak.yaml');

  it('validates and keeps the top-level settings', () => {
    expect(scenario).toMatchObject({ version: 1, name: 'web-peak', seed: 42, duration: 6 * 3_600_000, agent: {} });
  });

  it('overlays the resources given on the instance type', () => {
    expect(scenario.clusters).toEqual([
      {
        name: 'prod',
        instances: [
          {
            count: 40,
            type: 'm4.large',
            resources: { CPU: 2048, MEMORY: 7680, GPU: 1 },
            reservedPorts: [22, 2375, 2376, 51678],
            reservedUdpPorts: [],
            attributes: { zone: 'us-east-1a' },
          },
        ],
      },
    ]);
  });

  it('registers the task definition as revision 1 with defaults filled in', () => {
    expect(scenario.taskDefinitions).toEqual([
      {
        family: 'web',
        revision: 1,
        placementConstraints: [],
        containerDefinitions: [
          { name: 'app', image: 'nginx', cpu: 256, memory: 512, essential: true, portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }], resources: {} },
        ],
      },
    ]);
  });

  it('normalizes the workload: durations in ms, reference resolved, tagged arrival and lifetime', () => {
    expect(scenario.workloads).toEqual([
      {
        name: 'web',
        cluster: 'prod',
        taskDefinition: { family: 'web', revision: 1 },
        arrival: { kind: 'poisson', ratePerMinute: 30 },
        lifetime: { kind: 'lognormal', median: 1_200_000, sigma: 1 },
        count: 1,
        retry: { attempts: 3, backoff: 30_000 },
        launch: 'runTask',
        placementStrategy: [],
        placementConstraints: [],
      },
    ]);
  });

  it('normalizes the events, resolving added instances from the type table', () => {
    expect(scenario.events).toEqual([
      { at: 7_200_000, kind: 'disconnectAgents', cluster: 'prod', count: 5 },
      { at: 10_800_000, kind: 'deregisterInstances', cluster: 'prod', count: 5, force: true },
      {
        at: 14_400_000,
        kind: 'addInstances',
        cluster: 'prod',
        count: 10,
        type: 'm4.large',
        resources: { CPU: 2048, MEMORY: 8028 },
        reservedPorts: [],
        reservedUdpPorts: [],
        attributes: {},
      },
    ]);
  });
});

describe('loadScenario: defaults', () => {
  it('names the scenario after its file and seeds it with 0', () => {
    const scenario = load(base(), 'some/dir/batch-burst.yaml');
    expect(scenario.name).toBe('batch-burst');
    expect(scenario.seed).toBe(0);
    expect(scenario.workloads).toEqual([]);
    expect(scenario.events).toEqual([]);
    expect(scenario.strategy).toBeUndefined();
  });

  it('fills workload defaults: count 1, no retry, runTask', () => {
    const scenario = load(base(`workloads:
  - { name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: forever }
`));
    expect(scenario.workloads[0]).toEqual({
      name: 'w',
      cluster: 'prod',
      taskDefinition: { family: 'web', revision: 1 },
      arrival: { kind: 'every', interval: 30_000 },
      lifetime: { kind: 'forever' },
      count: 1,
      retry: { attempts: 0, backoff: 0 },
      launch: 'runTask',
      placementStrategy: [],
      placementConstraints: [],
    });
  });

  it('keeps the type table figures a group does not override', () => {
    const scenario = load(base().replace('{ count: 2, type: m4.large }', '{ count: 2, type: m4.large, resources: { GPU: 1 } }'));
    expect(scenario.clusters[0]!.instances[0]!.resources).toEqual({ CPU: 2048, MEMORY: 8028, GPU: 1 });
  });

  it('gives an instance group of resources only (no type) one instance', () => {
    const scenario = load(`version: 1
duration: 1h
clusters:
  - name: custom
    instances:
      - resources: { CPU: 4096, MEMORY: 16000, GPU: 2 }
`);
    expect(scenario.clusters[0]!.instances).toEqual([
      { count: 1, resources: { CPU: 4096, MEMORY: 16000, GPU: 2 }, reservedPorts: [], reservedUdpPorts: [], attributes: {} },
    ]);
  });
});

describe('loadScenario: every form', () => {
  it.each([
    ['{ poisson: { ratePerMinute: 0.5 } }', { kind: 'poisson', ratePerMinute: 0.5 }],
    ['{ every: 30s }', { kind: 'every', interval: 30_000 }],
    ['{ every: 1500 }', { kind: 'every', interval: 1500 }],
    ['{ at: [0s, 5m] }', { kind: 'at', times: [0, 300_000] }],
    ['{ at: 5m }', { kind: 'at', times: [300_000] }],
    ['{ burst: { at: 1h, count: 500 } }', { kind: 'burst', at: 3_600_000, count: 500 }],
  ])('reads arrival %s', (text, arrival) => {
    const scenario = load(base(`workloads:
  - { name: w, cluster: prod, taskDefinition: web, lifetime: forever, arrival: ${text} }
`));
    expect(scenario.workloads[0]!.arrival).toEqual(arrival);
  });

  it.each([
    ['{ lognormal: { median: 20m, sigma: 1.0 } }', { kind: 'lognormal', median: 1_200_000, sigma: 1 }],
    ['{ fixed: 1h }', { kind: 'fixed', duration: 3_600_000 }],
    ['{ exponential: { mean: 10m } }', { kind: 'exponential', mean: 600_000 }],
    ['forever', { kind: 'forever' }],
  ])('reads lifetime %s', (text, lifetime) => {
    const scenario = load(base(`workloads:
  - { name: w, cluster: prod, taskDefinition: web, arrival: { every: 1m }, lifetime: ${text} }
`));
    expect(scenario.workloads[0]!.lifetime).toEqual(lifetime);
  });

  it('reads every event kind', () => {
    const scenario = load(base(`workloads:
  - { name: w, cluster: prod, taskDefinition: web, arrival: { every: 1m }, lifetime: forever }
events:
  - { at: 1h, disconnectAgents: { cluster: prod, count: 1 } }
  - { at: 1h, reconnectAgents: { cluster: prod } }
  - { at: 2h, reconnectAgents: { cluster: prod, count: 2 } }
  - { at: 3h, deregisterInstances: { cluster: prod, count: 1 } }
  - { at: 4h, addInstances: { cluster: prod, count: 2, type: c4.large, attributes: { zone: b } } }
  - { at: 5h, stopTasks: { cluster: prod, count: 3 } }
  - { at: 6h, stopTasks: { cluster: prod, count: 3, workload: w } }
`));
    expect(scenario.events.map((event) => event.kind)).toEqual([
      'disconnectAgents',
      'reconnectAgents',
      'reconnectAgents',
      'deregisterInstances',
      'addInstances',
      'stopTasks',
      'stopTasks',
    ]);
    expect(scenario.events[1]).toEqual({ at: 3_600_000, kind: 'reconnectAgents', cluster: 'prod' });
    expect(scenario.events[3]).toEqual({ at: 10_800_000, kind: 'deregisterInstances', cluster: 'prod', count: 1, force: false });
    expect(scenario.events[4]).toMatchObject({ kind: 'addInstances', count: 2, type: 'c4.large', resources: { CPU: 2048, MEMORY: 3763 }, attributes: { zone: 'b' } });
    expect(scenario.events[6]).toEqual({ at: 21_600_000, kind: 'stopTasks', cluster: 'prod', count: 3, workload: 'w' });
  });

  it('reads placement keys as the ECS API spells them, and the optional extras', () => {
    // RunTask's placement keys and a StartTask scheduler's own strategy belong to different launches.
    const scenario = load(base(`agent: { startDelay: 30s, stopDelay: 500ms }
strategy: ./strategies/cheapest.js
workloads:
  - name: w
    cluster: prod
    taskDefinition: web:1
    arrival: { poisson: { ratePerMinute: 2 } }
    lifetime: forever
    count: 10
    start: 10m
    stop: 50m
    group: service:web
    placementStrategy: [{ type: spread, field: attribute:zone }, { type: binpack, field: memory }, { type: random }]
    placementConstraints: [{ type: distinctInstance }, { type: memberOf, expression: 'attribute:ecs.instance-type =~ m4.*' }]
  - name: s
    cluster: prod
    taskDefinition: web
    arrival: { every: 1m }
    lifetime: forever
    launch: startTask
    strategy: ./strategies/mine.js
    placementConstraints: [{ type: distinctInstance }]
`));
    expect(scenario.agent).toEqual({ startDelay: 30_000, stopDelay: 500 });
    expect(scenario.strategy).toBe('./strategies/cheapest.js');
    expect(scenario.workloads[0]).toMatchObject({
      count: 10,
      launch: 'runTask',
      start: 600_000,
      stop: 3_000_000,
      group: 'service:web',
      placementStrategy: [{ type: 'spread', field: 'attribute:zone' }, { type: 'binpack', field: 'memory' }, { type: 'random' }],
      placementConstraints: [{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m4.*' }],
    });
    expect(scenario.workloads[1]).toMatchObject({ launch: 'startTask', strategy: './strategies/mine.js', placementConstraints: [{ type: 'distinctInstance' }] });
  });

  it('reads container extras: memoryReservation, UDP ports, user-defined demands both ways', () => {
    const scenario = load(`version: 1
duration: 1h
clusters: [{ name: gpu, instances: [{ count: 1, type: p2.xlarge, reservedUdpPorts: [53] }] }]
taskDefinitions:
  - family: train
    placementConstraints: [{ type: memberOf, expression: 'attribute:ecs.instance-type == p2.xlarge' }]
    containerDefinitions:
      - name: main
        image: trainer
        cpu: 1024
        memoryReservation: 2048
        portMappings: [{ containerPort: 53, hostPort: 53, protocol: udp }]
        resourceRequirements: [{ type: GPU, value: "1" }]
      - { name: sidecar, image: envoy, memory: 128, essential: false, resources: { FPGA: 2 } }
`);
    expect(scenario.clusters[0]!.instances[0]).toMatchObject({ resources: { CPU: 4096, MEMORY: 61_214, GPU: 1 }, reservedUdpPorts: [53] });
    expect(scenario.taskDefinitions[0]).toEqual({
      family: 'train',
      revision: 1,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == p2.xlarge' }],
      containerDefinitions: [
        { name: 'main', image: 'trainer', cpu: 1024, memoryReservation: 2048, essential: true, portMappings: [{ containerPort: 53, hostPort: 53, protocol: 'udp' }], resources: { GPU: 1 } },
        { name: 'sidecar', image: 'envoy', cpu: 0, memory: 128, essential: false, portMappings: [], resources: { FPGA: 2 } },
      ],
    });
  });
});

describe('loadScenario: task definition revisions', () => {
  const twoRevisions = `version: 1
duration: 1h
clusters: [{ name: prod, instances: [{ type: t2.micro }] }]
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx:1, memory: 128 }] }
  - { family: api, containerDefinitions: [{ name: app, image: api, memory: 128 }] }
  - { family: web, containerDefinitions: [{ name: app, image: nginx:2, memory: 256 }] }
workloads:
  - { name: old, cluster: prod, taskDefinition: 'web:1', arrival: { every: 1m }, lifetime: forever }
  - { name: new, cluster: prod, taskDefinition: web, arrival: { every: 1m }, lifetime: forever }
  - { name: api, cluster: prod, taskDefinition: api:1, arrival: { every: 1m }, lifetime: forever }
`;

  it('numbers each family in registration order', () => {
    const scenario = load(twoRevisions);
    expect(scenario.taskDefinitions.map((td) => `${td.family}:${td.revision}`)).toEqual(['web:1', 'api:1', 'web:2']);
  });

  it('resolves family:revision to that revision and a bare family to the latest', () => {
    const scenario = load(twoRevisions);
    expect(scenario.workloads.map((w) => w.taskDefinition)).toEqual([
      { family: 'web', revision: 1 },
      { family: 'web', revision: 2 },
      { family: 'api', revision: 1 },
    ]);
  });
});

describe('loadScenario: YAML conveniences', () => {
  it('follows anchors and aliases', () => {
    const scenario = load(`version: 1
duration: 1h
clusters:
  - name: a
    instances: &fleet [{ count: 3, type: c4.large }]
  - name: b
    instances: *fleet
`);
    expect(scenario.clusters[1]!.instances).toEqual(scenario.clusters[0]!.instances);
  });

  it('applies merge keys, own keys winning', () => {
    const scenario = load(`version: 1
duration: 1h
clusters: [{ name: prod, instances: [{ type: m4.large }] }]
taskDefinitions:
  - family: web
    containerDefinitions:
      - &base { name: app, image: nginx, cpu: 256, memory: 512 }
  - family: api
    containerDefinitions:
      - { <<: *base, image: api, memory: 1024 }
`);
    expect(scenario.taskDefinitions[1]!.containerDefinitions[0]).toMatchObject({ name: 'app', image: 'api', cpu: 256, memory: 1024 });
  });

  it('refuses a merge key with nothing to merge at its line and column, also when a tag kept it a plain string', () => {
    // found by the YAML-punctuation fuzz test: `! <<:` slipped past the merge check and yaml threw
    for (const [text, line, column, got] of [
      ['!  <<: ', 1, 8, 'null'],
      ['<<: ', 1, 5, 'null'],
      ['version: 1\n! <<: 3\n', 2, 7, 'the number 3'],
    ] as const) {
      const r = loadScenario(text, 'm.yaml');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors.map((e) => e.code)).not.toContain('internal');
      expect(r.errors.find((e) => e.path === '["<<"]')).toMatchObject({ code: 'invalid_type', line, column, message: `expected a map (or a list of maps) to merge with <<, got ${got}` });
    }
  });

  it('accepts durations as milliseconds and decimals', () => {
    expect(load(base().replace('duration: 1h', 'duration: 3600000')).duration).toBe(3_600_000);
    expect(load(base().replace('duration: 1h', 'duration: 1.5h')).duration).toBe(5_400_000);
  });

  it('takes numeric attribute values as strings, as ECS stores them', () => {
    const scenario = load(base().replace('{ count: 2, type: m4.large }', '{ count: 2, type: m4.large, attributes: { generation: 4, spot: true } }'));
    expect(scenario.clusters[0]!.instances[0]!.attributes).toEqual({ generation: '4', spot: 'true' });
  });

  it('keeps a key named __proto__ as data', () => {
    const scenario = load(base().replace('{ count: 2, type: m4.large }', '{ count: 2, type: m4.large, attributes: { __proto__: x } }'));
    const attributes = scenario.clusters[0]!.instances[0]!.attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
  });
});

describe('loadScenario: text encodings and limits', () => {
  it('reads CRLF line endings and counts their lines', () => {
    expect(load(base().replace(/\n/g, '\r\n')).duration).toBe(3_600_000);
    const result = loadScenario(base('seed: -1\n').replace(/\n/g, '\r\n'), 'crlf.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.line, e.column])).toEqual([['seed', 11, 7]]);
  });

  it('ignores a byte order mark', () => {
    expect(load(`\uFEFF${base()}`).duration).toBe(3_600_000);
  });

  it.each([
    ['flow brackets', `${'['.repeat(490)}${']'.repeat(490)}`],
    ['block sequences', `${'- '.repeat(490)}x`],
    ['indentation', Array.from({ length: 490 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  ])('answers %s nested just under the limit', (_name, text) => {
    const result = loadScenario(text, 'deep.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.code).not.toBe('internal');
  });
});

describe('loadScenario: stoppedTaskRetention', () => {
  const base = (extra: string) => `version: 1\nduration: 1m\n${extra}\nclusters:\n  - name: c\n    instances:\n      - { count: 1, resources: { CPU: 1024, MEMORY: 2048 } }\n`;
  it('reads a duration, forever as Infinity, and leaves it absent by default', () => {
    const read = (extra: string) => {
      const r = loadScenario(base(extra), 's.yaml');
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.scenario.stoppedTaskRetention;
    };
    expect(read('stoppedTaskRetention: 30m')).toBe(1_800_000);
    expect(read('stoppedTaskRetention: forever')).toBe(Infinity);
    expect(read('')).toBeUndefined();
  });
  it('says what it expected for anything else, at its line', () => {
    const r = loadScenario(base('stoppedTaskRetention: always'), 's.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.path])).toEqual([[3, 'stoppedTaskRetention']]);
  });
});
