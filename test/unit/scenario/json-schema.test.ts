import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { EC2_INSTANCE_TYPES } from '../../../src/model/instance-types.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { buildScenarioJsonSchema, scenarioJsonSchema, type JsonSchema } from '../../../src/scenario/schema.js';
import { jsonSchemaErrors } from '../../helpers/json-schema.js';

const example = readFileSync(new URL('./fixtures/issue-4-example.yaml', import.meta.url), 'utf8');

const definition = (name: string): JsonSchema => {
  const found = scenarioJsonSchema.definitions?.[name];
  if (found === undefined) throw new Error(`no definition ${name}`);
  return found;
};

describe('scenarioJsonSchema', () => {
  it('is a draft-07 schema', () => {
    expect(scenarioJsonSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(scenarioJsonSchema.type).toBe('object');
    expect(scenarioJsonSchema.additionalProperties).toBe(false);
  });

  it('contains every top-level key the loader reads, and requires the same ones', () => {
    expect(Object.keys(scenarioJsonSchema.properties ?? {})).toEqual([
      'version', 'name', 'seed', 'duration', 'agent', 'stoppedTaskRetention', 'strategy', 'clusters', 'taskDefinitions', 'workloads', 'events', 'services',
    ]);
    expect(scenarioJsonSchema.required).toEqual(['version', 'duration', 'clusters']);
  });

  it('contains every key of the issue 4 example', () => {
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'object' && value !== null) {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          collect(inner);
        }
      }
    };
    collect(parse(example));
    const text = JSON.stringify(scenarioJsonSchema);
    // User-defined names (GPU, the zone attribute) are free-form map keys, not schema keys.
    for (const key of [...keys].filter((k) => !['GPU', 'zone', 'CPU', 'MEMORY'].includes(k))) expect(text, key).toContain(`"${key}":`);
  });

  it('lists the same choices as the loader', () => {
    const workload = definition('workload');
    expect(workload.properties?.['launch']).toMatchObject({ enum: ['runTask', 'startTask'] });
    expect(workload.properties?.['count']).toMatchObject({ type: 'integer', minimum: 1, maximum: 10 });
    // a trace workload needs no taskDefinition, arrival or lifetime (the loader asks for them when there is no trace)
    expect(workload.required).toEqual(['name', 'cluster']);
    const arrivalForms = definition('arrival').oneOf?.map((form) => Object.keys(form.properties ?? {})[0]);
    expect(arrivalForms).toEqual(['poisson', 'every', 'at', 'burst']);
    const lifetimeForms = definition('lifetime').oneOf ?? [];
    expect(lifetimeForms[0]).toEqual({ type: 'string', enum: ['forever'] });
    expect(lifetimeForms.slice(1).map((form) => Object.keys(form.properties ?? {})[0])).toEqual(['lognormal', 'fixed', 'exponential']);
    const eventForms = definition('event').oneOf ?? [];
    expect(eventForms.map((form) => form.required)).toEqual([
      ['at', 'disconnectAgents'], ['at', 'reconnectAgents'], ['at', 'deregisterInstances'], ['at', 'addInstances'], ['at', 'stopTasks'],
    ]);
    expect(definition('portMapping').properties?.['protocol']).toMatchObject({ enum: ['tcp', 'udp'] });
  });

  it("offers the built-in instance types as an enum on a group's type, for editors to complete", () => {
    const names = Object.keys(EC2_INSTANCE_TYPES);
    for (const group of [definition('instanceGroup'), definition('event').oneOf?.[3]?.properties?.['addInstances']]) {
      const type = group?.properties?.['type'] as { anyOf?: { enum?: string[] }[] } | undefined;
      expect(type?.anyOf?.[0]?.enum).toEqual(names);
      expect(group?.then).toEqual({ type: 'object', properties: { type: { type: 'string', enum: names } } });
    }
    expect(names).toContain('m5.large');
  });

  it('is built deterministically and frozen', () => {
    expect(JSON.stringify(buildScenarioJsonSchema())).toBe(JSON.stringify(scenarioJsonSchema));
    expect(Object.isFrozen(scenarioJsonSchema)).toBe(true);
    expect(Object.isFrozen(scenarioJsonSchema.properties)).toBe(true);
  });

  it('only uses definitions it defines', () => {
    const refs = JSON.stringify(scenarioJsonSchema).match(/#\/definitions\/[A-Za-z]+/g) ?? [];
    for (const ref of refs) expect(scenarioJsonSchema.definitions).toHaveProperty(ref.replace('#/definitions/', ''));
  });
});

describe('scenarioJsonSchema agrees with loadScenario', () => {
  it('accepts the issue 4 example', () => {
    expect(loadScenario(example, 'example.yaml').ok).toBe(true);
    expect(jsonSchemaErrors(parse(example))).toEqual([]);
  });

  const head = `version: 1
duration: 1h
clusters: [{ name: prod, instances: [{ count: 2, type: m4.large }] }]
taskDefinitions: [{ family: web, containerDefinitions: [{ name: app, image: nginx, memory: 512 }] }]
`;
  const wl = (fields: string): string =>
    `${head}workloads: [{ name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: forever, ${fields} }]\n`;

  it.each([
    ['minimal', head],
    ['every arrival and lifetime form', `${head}workloads:
  - { name: a, cluster: prod, taskDefinition: web, arrival: { poisson: { ratePerMinute: 2 } }, lifetime: { fixed: 1h } }
  - { name: b, cluster: prod, taskDefinition: 'web:1', arrival: { at: [0s, 5m] }, lifetime: { exponential: { mean: 10m } } }
  - { name: c, cluster: prod, taskDefinition: web, arrival: { at: 5m }, lifetime: { lognormal: { median: 1m, sigma: 0.5 } } }
  - { name: d, cluster: prod, taskDefinition: web, arrival: { burst: { at: 1h, count: 5 } }, lifetime: forever }
`],
    ['placement keys', wl('placementStrategy: [{ type: binpack, field: cpu }, { type: random }], placementConstraints: [{ type: memberOf, expression: "attribute:ecs.instance-type =~ m4.*" }]')],
    ['every event', `${head}events:
  - { at: 1h, disconnectAgents: { cluster: prod, count: 1 } }
  - { at: 1h, reconnectAgents: { cluster: prod } }
  - { at: 1h, deregisterInstances: { cluster: prod, count: 1, force: true } }
  - { at: 1h, addInstances: { cluster: prod, count: 1, type: c4.large } }
  - { at: 1h, stopTasks: { cluster: prod, count: 1 } }
`],
    ['a type not in the table, with CPU and MEMORY', head.replace('type: m4.large', 'type: x9.huge, resources: { CPU: 4096, MEMORY: 8000 }')],
    ['an added instance of another type, with CPU and MEMORY', `${head}events: [{ at: 1h, addInstances: { cluster: prod, count: 1, type: x9.huge, resources: { CPU: 1024, MEMORY: 900 } } }]\n`],
    ['a built-in type with extra resources', head.replace('type: m4.large', 'type: p2.xlarge, resources: { GPU: 1 }')],
  ])('both accept: %s', (_name, text) => {
    const loaded = loadScenario(text, 'ok.yaml');
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([]);
    expect(jsonSchemaErrors(parse(text))).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', `${head}worklods: []\n`],
    ['a missing version', head.replace('version: 1\n', '')],
    ['version 2', head.replace('version: 1', 'version: 2')],
    ['a duration in words', head.replace('duration: 1h', 'duration: 5 minutes')],
    ['a negative duration', head.replace('duration: 1h', 'duration: -5')],
    ['no clusters', head.replace(/clusters: .*\n/, 'clusters: []\n')],
    ['a negative instance count', head.replace('count: 2', 'count: -2')],
    ['a workload count above 10', wl('count: 11')],
    ['a fractional count', wl('count: 1.5')],
    ['an unknown launch', wl('launch: runtask')],
    ['two arrival forms', wl('arrival: { every: 30s, at: [1m] }').replace('arrival: { every: 30s }, ', '')],
    ['an unknown lifetime', wl('count: 1').replace('lifetime: forever', 'lifetime: forevr')],
    ['a binpack on disk', wl('placementStrategy: [{ type: binpack, field: disk }]')],
    ['an event without action', `${head}events: [{ at: 1h }]\n`],
    ['a string where a number goes', head.replace('memory: 512', 'memory: "512"')],
    ['an unknown instance type', head.replace('type: m4.large', 'type: m4.lrage')],
    ['an unknown type with only CPU', head.replace('type: m4.large', 'type: x9.huge, resources: { CPU: 4096 }')],
    ['an added instance of an unknown type', `${head}events: [{ at: 1h, addInstances: { cluster: prod, count: 1, type: c9.large } }]\n`],
    ['an unknown protocol', head.replace('memory: 512', 'memory: 512, portMappings: [{ containerPort: 80, protocol: sctp }]')],
  ])('both reject: %s', (_name, text) => {
    expect(loadScenario(text, 'bad.yaml').ok).toBe(false);
    expect(jsonSchemaErrors(parse(text))).not.toEqual([]);
  });
});
