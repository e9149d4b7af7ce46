import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ScenarioErrorCode } from '../../../src/scenario/errors.js';
import { formatScenarioError } from '../../../src/scenario/errors.js';
import { loadScenario } from '../../../src/scenario/load.js';

const example = readFileSync(new URL('./fixtures/issue-4-example.yaml', import.meta.url), 'utf8');

/** `‸` marks where an error must be reported; returns the text without it and the marker's line/column. */
function marked(source: string): { text: string; line: number; column: number } {
  const at = source.indexOf('‸');
  if (at < 0 || source.indexOf('‸', at + 1) >= 0) throw new Error('a case needs exactly one ‸ marker');
  const before = source.slice(0, at).split('\n');
  return { text: source.replace('‸', ''), line: before.length, column: before[before.length - 1]!.length + 1 };
}

const head = `version: 1
duration: 1h
clusters:
  - name: prod
    instances:
      - { count: 2, type: m4.large }
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: nginx, memory: 512 }
`;

/** A valid scenario plus one workload whose fields are `fields` (flow style, on one line). */
const workload = (fields: string): string =>
  `${head}workloads:\n  - { name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: forever, ${fields} }\n`;

/** A valid scenario plus one workload whose fields replace the defaults. */
const workloadWith = (fields: string): string => `${head}workloads:\n  - { ${fields} }\n`;

/** A valid scenario plus `events`. */
const events = (lines: string): string => `${head}events:\n${lines}\n`;

/** A valid scenario whose only container definition is `container`. */
const container = (text: string): string => head.replace('{ name: app, image: nginx, memory: 512 }', text);

/** A valid scenario whose only instance group is `group`. */
const group = (text: string): string => head.replace('{ count: 2, type: m4.large }', text);

interface Case {
  name: string;
  source: string;
  path: string;
  code: ScenarioErrorCode;
  /** A fragment the message must contain. */
  message?: string;
}

const cases: Case[] = [
  // The document
  { name: 'a misspelled top-level key', source: `${head}‸worklods: []\n`, path: 'worklods', code: 'unknown_key', message: 'did you mean "workloads"?' },
  { name: 'a missing version', source: `‸duration: 1h\nclusters: [{ name: prod }]\n`, path: 'version', code: 'missing_key' },
  { name: 'an unsupported version', source: head.replace('version: 1', 'version: ‸2'), path: 'version', code: 'invalid_value', message: 'unsupported version 2' },
  { name: 'a missing duration', source: `‸version: 1\nclusters: [{ name: prod }]\n`, path: 'duration', code: 'missing_key' },
  { name: 'a duration in words', source: head.replace('duration: 1h', 'duration: ‸5 minutes'), path: 'duration', code: 'invalid_duration' },
  { name: 'a negative duration', source: head.replace('duration: 1h', 'duration: ‸-5m'), path: 'duration', code: 'invalid_duration', message: 'negative' },
  { name: 'a zero horizon', source: head.replace('duration: 1h', 'duration: ‸0s'), path: 'duration', code: 'too_small' },
  { name: 'a unitless duration string', source: head.replace('duration: 1h', "duration: ‸'90'"), path: 'duration', code: 'invalid_duration', message: 'add a unit' },
  { name: 'a negative seed', source: `${head}seed: ‸-1\n`, path: 'seed', code: 'too_small' },
  { name: 'a seed that is not a number', source: `${head}seed: ‸abc\n`, path: 'seed', code: 'invalid_type' },
  { name: 'a name that YAML reads as a number', source: `${head}name: ‸2016\n`, path: 'name', code: 'invalid_type', message: 'quote it' },
  { name: 'a strategy that is not a string', source: `${head}strategy: ‸[binpack]\n`, path: 'strategy', code: 'invalid_type' },
  { name: 'a bad agent delay', source: `${head}agent: { startDelay: ‸later }\n`, path: 'agent.startDelay', code: 'invalid_duration' },
  { name: 'an unknown agent key', source: `${head}agent: { ‸startdelay: 1s }\n`, path: 'agent.startdelay', code: 'unknown_key', message: 'did you mean "startDelay"?' },
  { name: 'a document that is a list', source: '‸- version: 1\n', path: '', code: 'invalid_type', message: 'expected a scenario' },
  { name: 'an empty document', source: '‸', path: '', code: 'invalid_type', message: 'got nothing' },
  { name: 'a key that is not a string', source: `${head}? ‸[a, b]\n: 1\n`, path: '', code: 'invalid_type', message: 'plain string key' },

  // Clusters and instances
  { name: 'no clusters', source: head.replace(/clusters:[\s\S]*?taskDefinitions/, 'clusters: ‸[]\ntaskDefinitions'), path: 'clusters', code: 'too_small' },
  { name: 'clusters as a string', source: head.replace(/clusters:[\s\S]*?taskDefinitions/, 'clusters: ‸prod\ntaskDefinitions'), path: 'clusters', code: 'invalid_type', message: 'expected a list' },
  { name: 'a cluster name with a space', source: head.replace('name: prod', 'name: ‸prod one'), path: 'clusters[0].name', code: 'invalid_value' },
  { name: 'a cluster defined twice', source: head.replace('taskDefinitions:', '  - name: ‸prod\ntaskDefinitions:'), path: 'clusters[1].name', code: 'duplicate', message: 'already defined at clusters[0]' },
  { name: 'a negative instance count', source: group('{ count: ‸-3, type: m4.large }'), path: 'clusters[0].instances[0].count', code: 'too_small' },
  { name: 'a fractional instance count', source: group('{ count: ‸2.5, type: m4.large }'), path: 'clusters[0].instances[0].count', code: 'invalid_type' },
  { name: 'a misspelled instance type', source: group('{ count: 2, type: ‸m4.larg }'), path: 'clusters[0].instances[0].type', code: 'unknown_instance_type', message: 'did you mean "m4.large"?' },
  { name: 'an unknown type with only CPU', source: group('{ count: 2, type: ‸x9.huge, resources: { CPU: 1024 } }'), path: 'clusters[0].instances[0].type', code: 'unknown_instance_type', message: 'resources.MEMORY' },
  { name: 'neither a type nor resources', source: group('‸{ count: 2 }'), path: 'clusters[0].instances[0].type', code: 'missing_key' },
  { name: 'a lower-case resource name', source: group('{ count: 2, type: m4.large, resources: { ‸cpu: 1024 } }'), path: 'clusters[0].instances[0].resources.cpu', code: 'invalid_value', message: 'write CPU' },
  { name: 'a negative resource', source: group('{ count: 2, type: m4.large, resources: { GPU: ‸-1 } }'), path: 'clusters[0].instances[0].resources.GPU', code: 'too_small' },
  { name: 'PORTS as a resource', source: group('{ count: 2, type: m4.large, resources: { ‸PORTS: 1 } }'), path: 'clusters[0].instances[0].resources.PORTS', code: 'invalid_value', message: 'reservedPorts' },
  { name: 'a port out of range', source: group('{ count: 2, type: m4.large, reservedPorts: [22, ‸70000] }'), path: 'clusters[0].instances[0].reservedPorts[1]', code: 'too_big' },
  { name: 'an attribute that is a list', source: group('{ count: 2, type: m4.large, attributes: { zone: ‸[a] } }'), path: 'clusters[0].instances[0].attributes.zone', code: 'invalid_type' },
  { name: 'an unknown instance key', source: group('{ count: 2, type: m4.large, ‸reservedPort: [22] }'), path: 'clusters[0].instances[0].reservedPort', code: 'unknown_key', message: 'did you mean "reservedPorts"?' },

  // Task definitions
  { name: 'no container definitions', source: head.replace(/containerDefinitions:\n.*\n/, 'containerDefinitions: ‸[]\n'), path: 'taskDefinitions[0].containerDefinitions', code: 'too_small' },
  { name: 'a missing family', source: head.replace('  - family: web\n    containerDefinitions:', '  - ‸containerDefinitions:'), path: 'taskDefinitions[0].family', code: 'missing_key' },
  { name: 'a container without memory', source: container('‸{ name: app, image: nginx }'), path: 'taskDefinitions[0].containerDefinitions[0].memory', code: 'missing_key' },
  { name: 'a reservation above the limit', source: container('{ name: app, image: nginx, memory: 256, memoryReservation: ‸512 }'), path: 'taskDefinitions[0].containerDefinitions[0].memoryReservation', code: 'invalid_value' },
  { name: 'a cpu written as a string', source: container('{ name: app, image: nginx, memory: 256, cpu: ‸"256" }'), path: 'taskDefinitions[0].containerDefinitions[0].cpu', code: 'invalid_type', message: 'without quotes' },
  { name: 'an unknown protocol', source: container('{ name: app, image: nginx, memory: 256, portMappings: [{ containerPort: 53, protocol: ‸sctp }] }'), path: 'taskDefinitions[0].containerDefinitions[0].portMappings[0].protocol', code: 'invalid_enum' },
  { name: 'a port mapping without containerPort', source: container('{ name: app, image: nginx, memory: 256, portMappings: [‸{ hostPort: 80 }] }'), path: 'taskDefinitions[0].containerDefinitions[0].portMappings[0].containerPort', code: 'missing_key' },
  { name: 'no essential container', source: container('{ name: app, image: nginx, memory: 256, essential: false }').replace('containerDefinitions:\n      ', 'containerDefinitions:\n      ‸'), path: 'taskDefinitions[0].containerDefinitions', code: 'invalid_value', message: 'essential' },
  { name: 'two containers with one name', source: container('{ name: app, image: nginx, memory: 256 }\n      - { name: ‸app, image: envoy, memory: 64 }'), path: 'taskDefinitions[0].containerDefinitions[1].name', code: 'duplicate' },
  { name: 'CPU as a container resource', source: container('{ name: app, image: nginx, memory: 256, resources: { ‸CPU: 1 } }'), path: 'taskDefinitions[0].containerDefinitions[0].resources.CPU', code: 'invalid_value' },
  { name: 'a resource requirement that is not a number', source: container('{ name: app, image: nginx, memory: 256, resourceRequirements: [{ type: GPU, value: ‸one }] }'), path: 'taskDefinitions[0].containerDefinitions[0].resourceRequirements[0].value', code: 'invalid_type' },
  { name: 'distinctInstance on a task definition', source: head.replace('  - family: web\n', '  - family: web\n    placementConstraints: [{ type: ‸distinctInstance }]\n'), path: 'taskDefinitions[0].placementConstraints[0].type', code: 'invalid_enum' },

  // Workloads
  { name: 'a workload count above 10', source: workload('count: ‸11'), path: 'workloads[0].count', code: 'too_big', message: 'from 1 to 10' },
  { name: 'a workload count of 0', source: workload('count: ‸0'), path: 'workloads[0].count', code: 'too_small' },
  { name: 'a negative workload count', source: workload('count: ‸-2'), path: 'workloads[0].count', code: 'too_small' },
  { name: 'an unknown cluster', source: workloadWith('name: w, cluster: ‸prd, taskDefinition: web, arrival: { every: 30s }, lifetime: forever'), path: 'workloads[0].cluster', code: 'unknown_reference', message: 'did you mean "prod"?' },
  { name: 'an unknown task definition family', source: workloadWith('name: w, cluster: prod, taskDefinition: ‸webb, arrival: { every: 30s }, lifetime: forever'), path: 'workloads[0].taskDefinition', code: 'unknown_reference', message: 'did you mean "web"?' },
  { name: 'a revision the file does not register', source: workloadWith('name: w, cluster: prod, taskDefinition: ‸web:2, arrival: { every: 30s }, lifetime: forever'), path: 'workloads[0].taskDefinition', code: 'unknown_revision', message: 'revision 1 of "web"' },
  { name: 'revision 0', source: workloadWith('name: w, cluster: prod, taskDefinition: ‸web:0, arrival: { every: 30s }, lifetime: forever'), path: 'workloads[0].taskDefinition', code: 'unknown_revision' },
  { name: 'a malformed task definition reference', source: workloadWith("name: w, cluster: prod, taskDefinition: ‸'web:latest', arrival: { every: 30s }, lifetime: forever"), path: 'workloads[0].taskDefinition', code: 'invalid_value' },
  { name: 'a missing arrival', source: `${head}workloads:\n  - ‸{ name: w, cluster: prod, taskDefinition: web, lifetime: forever }\n`, path: 'workloads[0].arrival', code: 'missing_key' },
  { name: 'a misspelled arrival key (reported once)', source: workloadWith('name: w, cluster: prod, taskDefinition: web, ‸arival: { every: 30s }, lifetime: forever'), path: 'workloads[0].arival', code: 'unknown_key', message: 'did you mean "arrival"?' },
  { name: 'a misspelled arrival form', source: workload('arrival: { ‸poison: { ratePerMinute: 3 } }').replace('arrival: { every: 30s }, ', ''), path: 'workloads[0].arrival.poison', code: 'unknown_key', message: 'did you mean "poisson"?' },
  { name: 'an empty arrival', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: ‸{}, lifetime: forever'), path: 'workloads[0].arrival', code: 'invalid_union' },
  { name: 'two arrival forms', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s, ‸at: [1m] }, lifetime: forever'), path: 'workloads[0].arrival.at', code: 'invalid_union', message: 'exactly one' },
  { name: 'a bad arrival interval', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { every: ‸soon }, lifetime: forever'), path: 'workloads[0].arrival.every', code: 'invalid_duration' },
  { name: 'a zero rate', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { poisson: { ratePerMinute: ‸0 } }, lifetime: forever'), path: 'workloads[0].arrival.poisson.ratePerMinute', code: 'too_small' },
  { name: 'a burst without count', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { burst: ‸{ at: 1h } }, lifetime: forever'), path: 'workloads[0].arrival.burst.count', code: 'missing_key' },
  { name: 'a bad time in an at list', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { at: [0s, ‸5x] }, lifetime: forever'), path: 'workloads[0].arrival.at[1]', code: 'invalid_duration' },
  { name: 'an arrival written as a string', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: ‸every 30s, lifetime: forever'), path: 'workloads[0].arrival', code: 'invalid_type' },
  { name: 'a misspelled lifetime', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: ‸forevr'), path: 'workloads[0].lifetime', code: 'invalid_enum', message: 'did you mean "forever"?' },
  { name: 'a lognormal without sigma', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: { lognormal: ‸{ median: 20m } }'), path: 'workloads[0].lifetime.lognormal.sigma', code: 'missing_key' },
  { name: 'a negative sigma', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { every: 30s }, lifetime: { lognormal: { median: 20m, sigma: ‸-1 } }'), path: 'workloads[0].lifetime.lognormal.sigma', code: 'too_small' },
  { name: 'negative retry attempts', source: workload('retry: { attempts: ‸-1 }'), path: 'workloads[0].retry.attempts', code: 'too_small' },
  { name: 'a misspelled launch', source: workload('launch: ‸runtask'), path: 'workloads[0].launch', code: 'invalid_enum', message: 'did you mean "runTask"?' },
  { name: 'start with absolute arrivals', source: workloadWith('name: w, cluster: prod, taskDefinition: web, arrival: { at: [1m] }, lifetime: forever, start: ‸10m'), path: 'workloads[0].start', code: 'invalid_value' },
  { name: 'stop before start', source: workload('start: 30m, stop: ‸10m'), path: 'workloads[0].stop', code: 'invalid_value', message: 'after start' },
  { name: 'a binpack field that is not cpu or memory', source: workload('placementStrategy: [{ type: binpack, field: ‸disk }]'), path: 'workloads[0].placementStrategy[0].field', code: 'invalid_enum' },
  { name: 'an unknown strategy type', source: workload('placementStrategy: [{ type: ‸binpak }]'), path: 'workloads[0].placementStrategy[0].type', code: 'invalid_enum', message: 'did you mean "binpack"?' },
  { name: 'a strategy without type', source: workload('placementStrategy: [‸{ field: memory }]'), path: 'workloads[0].placementStrategy[0].type', code: 'missing_key' },
  { name: 'a spread without field', source: workload('placementStrategy: [‸{ type: spread }]'), path: 'workloads[0].placementStrategy[0].field', code: 'missing_key' },
  { name: 'more than five strategies', source: workload('placementStrategy: ‸[{ type: random }, { type: random }, { type: random }, { type: random }, { type: random }, { type: random }]'), path: 'workloads[0].placementStrategy', code: 'too_big' },
  { name: 'memberOf without expression', source: workload('placementConstraints: [‸{ type: memberOf }]'), path: 'workloads[0].placementConstraints[0].expression', code: 'missing_key' },
  { name: 'distinctInstance with an expression', source: workload('placementConstraints: [{ type: distinctInstance, ‸expression: x }]'), path: 'workloads[0].placementConstraints[0].expression', code: 'unknown_key' },
  { name: 'a workload defined twice', source: `${workload('count: 1')}  - { name: ‸w, cluster: prod, taskDefinition: web, arrival: { every: 1m }, lifetime: forever }\n`, path: 'workloads[1].name', code: 'duplicate' },

  // Events
  { name: 'an event without action', source: events('  - ‸{ at: 2h }'), path: 'events[0]', code: 'invalid_union' },
  { name: 'an event without at', source: events('  - ‸{ stopTasks: { cluster: prod, count: 1 } }'), path: 'events[0].at', code: 'missing_key' },
  { name: 'an event with two actions', source: events('  - { at: 2h, stopTasks: { cluster: prod, count: 1 }, ‸disconnectAgents: { cluster: prod, count: 1 } }'), path: 'events[0].disconnectAgents', code: 'invalid_union' },
  { name: 'a misspelled action', source: events('  - { at: 2h, ‸disconnectAgent: { cluster: prod, count: 5 } }'), path: 'events[0].disconnectAgent', code: 'unknown_key', message: 'did you mean "disconnectAgents"?' },
  { name: 'a negative event count', source: events('  - { at: 2h, disconnectAgents: { cluster: prod, count: ‸-5 } }'), path: 'events[0].disconnectAgents.count', code: 'too_small' },
  { name: 'an event on an unknown cluster', source: events('  - { at: 2h, addInstances: { cluster: ‸staging, count: 5, type: m4.large } }'), path: 'events[0].addInstances.cluster', code: 'unknown_reference' },
  { name: 'added instances of an unknown type', source: events('  - { at: 2h, addInstances: { cluster: prod, count: 5, type: ‸m9.large } }'), path: 'events[0].addInstances.type', code: 'unknown_instance_type' },
  { name: 'stopping tasks of an unknown workload', source: events('  - { at: 2h, stopTasks: { cluster: prod, count: 1, workload: ‸web } }'), path: 'events[0].stopTasks.workload', code: 'unknown_reference', message: 'none are defined' },
  { name: 'a force that is not a boolean', source: events('  - { at: 2h, deregisterInstances: { cluster: prod, count: 1, force: ‸yes } }'), path: 'events[0].deregisterInstances.force', code: 'invalid_type' },
  { name: 'an event time in words', source: events('  - { at: ‸later, stopTasks: { cluster: prod, count: 1 } }'), path: 'events[0].at', code: 'invalid_duration' },

  // YAML itself
  { name: 'an unclosed flow sequence', source: `${head}events: [1\n‸`, path: '', code: 'invalid_yaml' },
  { name: 'a tab used as indentation', source: `${head}workloads:\n‸\t- {}\n`, path: '', code: 'invalid_yaml' },
  { name: 'a duplicate key', source: `${head}‸duration: 2h\n`, path: '', code: 'invalid_yaml', message: 'unique' },
  { name: 'a second document', source: `${head}‸---\nversion: 1\n`, path: '', code: 'invalid_yaml', message: 'multiple documents' },
  { name: 'an alias to no anchor', source: `${head}seed: ‸*nothing\n`, path: 'seed', code: 'invalid_yaml', message: 'names no anchor' },
  { name: 'an unreasonable nesting depth', source: `${head}events: ${'['.repeat(599)}‸[`, path: '', code: 'invalid_yaml', message: 'nested' },
];

describe('loadScenario: bad input', () => {
  it.each(cases)('reports $name at its path, line and column', ({ source, path, code, message }) => {
    const { text, line, column } = marked(source);
    const result = loadScenario(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.errors.find((error) => error.path === path && error.code === code);
    expect(found, `no ${code} at ${path} among:\n${result.errors.map(formatScenarioError).join('\n')}`).toBeDefined();
    expect({ line: found!.line, column: found!.column }).toEqual({ line, column });
    expect(found!.file).toBe('bad.yaml');
    if (message !== undefined) expect(found!.message).toContain(message);
  });

  it('reports each case with exactly one error', () => {
    // One mistake, one message: no cascade of follow-on errors.
    for (const { name, source } of cases) {
      const result = loadScenario(marked(source).text, 'bad.yaml');
      if (result.ok) throw new Error(`${name}: loaded`);
      expect(result.errors.map(formatScenarioError), name).toHaveLength(1);
    }
  });
});

describe('loadScenario: collects every error', () => {
  const broken = `version: 2
duration: -5m
clusters:
  - name: prod
    instances:
      - count: -1
        type: m4.larg
workloads:
  - name: web
    cluster: prd
    taskDefinition: web:2
    arival: { poisson: { ratePerMinute: 30 } }
    lifetime: { fixed: 1h, exponential: { mean: 1m } }
    count: 11
  - name: web
    cluster: prod
    taskDefinition: webb
    arrival: { every: 30s }
    lifetime: forevr
events:
  - { at: 2h, disconnectAgent: { cluster: prod, count: 5 } }
taskDefinitions:
  - family: web
    containerDefinitions:
      - { name: app, image: nginx, cpu: 256 }
      - { name: app, image: nginx, cpu: "256", memory: 512 }
`;

  it('reports all of them, in file order, as the CLI prints them', () => {
    const result = loadScenario(broken, 'broken.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatScenarioError)).toEqual([
      'broken.yaml:1:10 version: unsupported version 2: this ecsim reads version 1',
      'broken.yaml:2:11 duration: expected a duration like 500ms, 30s, 5m, 2h, 1d or 1h30m, got "-5m" (durations cannot be negative)',
      'broken.yaml:6:16 clusters[0].instances[0].count: expected an integer from 0 to 1000000, got -1',
      'broken.yaml:10:14 workloads[0].cluster: unknown cluster "prd" (did you mean "prod"?); defined: "prod" in clusters',
      'broken.yaml:11:21 workloads[0].taskDefinition: task definition "web:2" is not registered: the file registers revision 1 of "web"',
      'broken.yaml:12:5 workloads[0].arival: unknown key "arival" (did you mean "arrival"?)',
      'broken.yaml:13:28 workloads[0].lifetime.exponential: expected a lifetime with exactly one of lognormal, fixed, exponential, got fixed and exponential',
      'broken.yaml:14:12 workloads[0].count: expected an integer from 1 to 10 (tasks per RunTask call), got 11',
      'broken.yaml:15:11 workloads[1].name: workload "web" is already defined at workloads[0]',
      'broken.yaml:17:21 workloads[1].taskDefinition: unknown task definition family "webb" (did you mean "web"?); defined: "web" in taskDefinitions',
      'broken.yaml:19:15 workloads[1].lifetime: expected a lifetime: forever | { lognormal: … } | { fixed: … } | { exponential: … }, got the string "forevr" (did you mean "forever"?)',
      'broken.yaml:21:15 events[0].disconnectAgent: unknown key "disconnectAgent" (did you mean "disconnectAgents"?); expected an event with one of disconnectAgents, reconnectAgents, deregisterInstances, addInstances, stopTasks',
      'broken.yaml:25:9 taskDefinitions[0].containerDefinitions[0].memory: expected memory or memoryReservation (MiB): a container must reserve memory',
      'broken.yaml:26:17 taskDefinitions[0].containerDefinitions[1].name: container "app" is already defined at taskDefinitions[0].containerDefinitions[0]',
      'broken.yaml:26:41 taskDefinitions[0].containerDefinitions[1].cpu: expected an integer of 0 or more, got the string "256" (write the number without quotes)',
    ]);
  });

  it('reports several YAML syntax errors together', () => {
    const result = loadScenario('a: [1\nb: "x\n\t- c\n', 'syntax.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.length).toBeGreaterThan(1);
    for (const error of result.errors) expect(error).toMatchObject({ file: 'syntax.yaml', path: '', code: 'invalid_yaml' });
  });

  it('keeps every message on one line', () => {
    const result = loadScenario('key: "unterminated\nother: [\n  - x: y: z\n', 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) for (const error of result.errors) expect(error.message).not.toContain('\n');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['version: 1', 'duration: 1h', 'a0: &a0 { count: 1, type: t2.micro }'];
    lines.push('clusters:');
    lines.push(`  - name: c`);
    lines.push(`    instances: &l0 [${Array.from({ length: 400 }, () => '*a0').join(', ')}]`);
    for (let i = 1; i < 300; i += 1) lines.push(`  - { name: c${i}, instances: *l0 }`);
    const result = loadScenario(lines.join('\n'), 'bomb.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((error) => error.message.includes('too many alias'))).toBe(true);
  });

  it('still loads the example after all that', () => {
    expect(loadScenario(example, 'example.yaml').ok).toBe(true);
  });
});
