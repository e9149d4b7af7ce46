// Fuzzing the small parsers with arbitrary strings: durations, ARNs ("UUID or full ARN"
// parameters), `family:revision` task definition references, and list `nextToken`s. Each either
// answers cleanly or rejects with its documented error — never another exception.
// Budget: about 3 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, EcsError } from '../../src/index.js';
import { FuzzModel } from '../../src/fuzz/model.js';
import { arnPrefix, idFromRef, type ArnKind } from '../../src/model/arn.js';
import { formatDuration, parseDuration, tryParseDuration } from '../../src/scenario/duration.js';

const ctx = { region: 'us-east-1', accountId: '012345678910' };
const KINDS: ArnKind[] = ['cluster', 'container-instance', 'task', 'task-definition', 'container'];

/** Strings that look like what the parsers expect, and plain garbage. */
const nearly = (parts: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.array(fc.oneof(fc.constantFrom(...parts), fc.string({ maxLength: 3 }), fc.integer().map(String)), { maxLength: 6 }).map((xs) => xs.join('')),
  );

/** Calls fn; returns 'ok', or the EcsError's name. Anything else fails the test. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof EcsError)) throw e;
    expect(e.name).not.toBe('ServerException');
    return e.name;
  }
}

describe('durations with arbitrary input', () => {
  it('tryParseDuration never throws; parseDuration throws only RangeError; both agree', () => {
    fc.assert(
      fc.property(fc.oneof(nearly(['ms', 's', 'm', 'h', 'd', '.', ' ', '-', '1', '0']), fc.double().map((x) => x as unknown as string)), (text) => {
        const r = tryParseDuration(text);
        let parsed: number | RangeError;
        try {
          parsed = parseDuration(text);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          parsed = e as RangeError;
        }
        if (r.ok) {
          expect(parsed).toBe(r.ms);
          expect(Number.isSafeInteger(r.ms) && r.ms >= 0).toBe(true);
        } else expect(parsed).toBeInstanceOf(RangeError);
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('formatDuration and parseDuration round-trip every whole number of milliseconds', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (ms) => {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }), { numRuns: 2000, seed: 2 });
  });
});

describe('ARNs with arbitrary input', () => {
  it('idFromRef never throws: an id for its own kind, the text itself when not an ARN, else undefined', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), nearly(['arn:', 'aws:', 'ecs:', 'us-east-1:', '012345678910:', 'task/', 'cluster/', ':', '/']), (kind, text) => {
        const id = idFromRef(ctx, kind, text);
        if (!text.startsWith('arn:')) expect(id).toBe(text);
        else if (id !== undefined) expect(arnPrefix(ctx, kind) + id).toBe(text);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it('reads back the id of every ARN it formats', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ minLength: 1 }), (kind, id) => {
        expect(idFromRef(ctx, kind, arnPrefix(ctx, kind) + id)).toBe(id);
      }),
      { numRuns: 1000, seed: 4 },
    );
  });

  it('actions taking "UUID or full ARN" answer MISSING or a clean error for any text', () => {
    const sim = createSimulation({ seed: 1 });
    sim.ecs.registerContainerInstance({});
    fc.assert(
      fc.property(nearly(['arn:aws:ecs:us-east-1:012345678910:', 'container-instance/', 'task/', 'cluster/', 'default']), (text) => {
        expect(['ok', 'InvalidParameterException', 'ClusterNotFoundException']).toContain(outcome(() => sim.ecs.describeTasks({ tasks: [text] })));
        expect(['ok', 'InvalidParameterException']).toContain(outcome(() => sim.ecs.describeContainerInstances({ containerInstances: [text] })));
        expect(['ok', 'InvalidParameterException', 'ClusterNotFoundException']).toContain(outcome(() => sim.ecs.stopTask({ task: text })));
        expect(['ok', 'InvalidParameterException']).toContain(outcome(() => sim.ecs.describeClusters({ clusters: [text] })));
        expect(['ok', 'InvalidParameterException', 'ClusterNotFoundException']).toContain(outcome(() => sim.ecs.listTasks({ cluster: text })));
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

describe('family:revision with arbitrary input', () => {
  it('resolves exactly what the reference model resolves, and rejects the rest with ClientException', () => {
    const sim = createSimulation({ seed: 2 });
    const model = new FuzzModel({ mode: 'manual', startDelayMs: 0, stopDelayMs: 0 });
    for (const [family, n] of [['web', 3], ['web-2', 1], ['a_b', 2]] as const) {
      for (let i = 0; i < n; i++) {
        const arn = sim.ecs.registerTaskDefinition({ family, containerDefinitions: [{ name: 'c', image: 'i', memory: 16 }] }).taskDefinition.taskDefinitionArn;
        model.taskDefinitions.push({ family, revision: i + 1, arn, status: 'ACTIVE', containers: [] });
      }
    }
    sim.ecs.deregisterTaskDefinition({ taskDefinition: 'web:3' });
    model.taskDefinitions[2]!.status = 'INACTIVE';
    const prefix = 'arn:aws:ecs:us-east-1:012345678910:task-definition/';
    fc.assert(
      fc.property(nearly(['web', 'web-2', 'a_b', ':', '1', '2', '3', '0', '01', prefix, 'arn:', '/']), (text) => {
        const want = model.taskDefinition(text);
        let got: string;
        try {
          got = sim.ecs.describeTaskDefinition({ taskDefinition: text }).taskDefinition.taskDefinitionArn;
        } catch (e) {
          if (!(e instanceof EcsError)) throw e;
          expect(['ClientException', 'InvalidParameterException']).toContain(e.name);
          expect(want).toBeUndefined();
          return;
        }
        expect(got).toBe(want?.arn);
      }),
      { numRuns: 3000, seed: 6 },
    );
  });
});

describe('nextToken with arbitrary input', () => {
  const sim = createSimulation({ seed: 3 });
  for (let i = 0; i < 7; i++) sim.ecs.createCluster({ clusterName: `c${i}` });
  for (let i = 0; i < 5; i++) sim.ecs.registerContainerInstance({ cluster: 'c0' });
  sim.ecs.registerTaskDefinition({ family: 'f', containerDefinitions: [{ name: 'c', image: 'i', memory: 16 }] });
  sim.ecs.runTask({ cluster: 'c0', taskDefinition: 'f', count: 10 });
  const lists = {
    clusters: (req: { nextToken?: string; maxResults?: number }) => sim.ecs.listClusters(req).clusterArns,
    instances: (req: { nextToken?: string; maxResults?: number }) => sim.ecs.listContainerInstances({ cluster: 'c0', ...req }).containerInstanceArns,
    tasks: (req: { nextToken?: string; maxResults?: number }) => sim.ecs.listTasks({ cluster: 'c0', ...req }).taskArns,
    taskDefinitions: (req: { nextToken?: string; maxResults?: number }) => sim.ecs.listTaskDefinitions(req).taskDefinitionArns,
  };

  it('lists answer a page or InvalidParameterException, and change nothing', () => {
    const before = JSON.stringify(sim.snapshot());
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(lists) as (keyof typeof lists)[])),
        fc.oneof(nearly(['ecsim1.', 'Y2x1c3RlcnM6', 'dGFza3M6', 'MTI', '=', '_', '-']), fc.base64String()),
        fc.option(fc.integer({ min: -5, max: 120 }), { nil: undefined }),
        (list, nextToken, maxResults) => {
          const req = maxResults === undefined ? { nextToken } : { nextToken, maxResults };
          const result = outcome(() => lists[list](req));
          expect(['ok', 'InvalidParameterException']).toContain(result);
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
    expect(JSON.stringify(sim.snapshot())).toBe(before);
  });

  it('following the tokens with any page size yields every item exactly once, in order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(lists) as (keyof typeof lists)[])), fc.integer({ min: 1, max: 12 }), (list, maxResults) => {
        const all = lists[list]({});
        const seen: string[] = [];
        let token: string | undefined;
        for (let guard = 0; guard < 100; guard++) {
          const res =
            list === 'clusters'
              ? sim.ecs.listClusters({ maxResults, ...(token ? { nextToken: token } : {}) })
              : list === 'instances'
                ? sim.ecs.listContainerInstances({ cluster: 'c0', maxResults, ...(token ? { nextToken: token } : {}) })
                : list === 'tasks'
                  ? sim.ecs.listTasks({ cluster: 'c0', maxResults, ...(token ? { nextToken: token } : {}) })
                  : sim.ecs.listTaskDefinitions({ maxResults, ...(token ? { nextToken: token } : {}) });
          const items = 'clusterArns' in res ? res.clusterArns : 'containerInstanceArns' in res ? res.containerInstanceArns : 'taskArns' in res ? res.taskArns : res.taskDefinitionArns;
          expect(items.length).toBeLessThanOrEqual(maxResults);
          seen.push(...items);
          token = res.nextToken;
          if (!token) break;
        }
        expect(seen).toEqual(all);
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});
