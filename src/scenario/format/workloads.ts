// The workloads part of a scenario: streams of RunTask (or StartTask) calls, each with its arrival
// process, task lifetime, retries and placement keys. A workload names its cluster and task definition
// by name; scenario.ts checks and resolves those references once the whole file is read.

import { z } from 'zod';

import { choice, duration, int, keyedUnion, list, num, oneOrMany, report, str, strictMap, tagged, GOT , whenClean } from './primitives.js';
import { MAX_COUNT, NAME_PATTERN, name } from './fleet.js';
import { placementConstraint } from './task-definitions.js';
import { didYouMean } from '../suggest.js';
import { taskTrace } from './traces.js';

/** The most tasks one RunTask or StartTask call launches (the ECS API's limit). */
export const MAX_TASKS_PER_CALL = 10;

/** `family` or `family:revision`. */
export const TASK_DEFINITION_REF_PATTERN = '^[A-Za-z0-9_-]{1,255}(:[0-9]+)?$';

export const arrival = keyedUnion({
  noun: 'an arrival',
  variants: {
    poisson: strictMap({ ratePerMinute: num({ above: 0, max: MAX_COUNT }).describe('Mean arrivals per minute.') }, 'a map with ratePerMinute').transform(
      ({ ratePerMinute }) => ({ kind: 'poisson' as const, ratePerMinute }),
    ),
    every: duration({ positive: true }).describe('One arrival per interval.').transform((interval) => ({ kind: 'every' as const, interval })),
    at: oneOrMany(duration(), { minItems: 1 }).describe('Arrivals at these times.').transform((times) => ({ kind: 'at' as const, times })),
    burst: strictMap(
      { at: duration().describe('When the burst arrives.'), count: int({ min: 1, max: MAX_COUNT }).describe('How many arrivals at that instant.') },
      'a map with at and count',
    ).transform(({ at, count }) => ({ kind: 'burst' as const, at, count })),
  },
})
  .describe('When launch requests arrive; each arrival is one RunTask/StartTask call for count tasks.')
  .meta({ id: 'arrival' });

const lifetimeForms = ['forever', 'lognormal', 'fixed', 'exponential'];
const lifetimeExpected = 'a lifetime: forever | { lognormal: … } | { fixed: … } | { exponential: … }';

export const lifetime = z
  .union(
    [
      z.enum(['forever']).transform(() => ({ kind: 'forever' as const })),
      keyedUnion({
        noun: 'a lifetime',
        variants: {
          lognormal: strictMap(
            { median: duration({ positive: true }), sigma: num({ min: 0, max: 100 }).describe('Spread of the underlying normal distribution.') },
            'a map with median and sigma',
          ).transform(({ median, sigma }) => ({ kind: 'lognormal' as const, median, sigma })),
          fixed: duration({ positive: true }).transform((value) => ({ kind: 'fixed' as const, duration: value })),
          exponential: strictMap({ mean: duration({ positive: true }) }, 'a map with mean').transform(({ mean }) => ({ kind: 'exponential' as const, mean })),
        },
      }),
    ],
    {
      error: (issue) => {
        if (issue.input === undefined) return undefined;
        return `expected ${lifetimeExpected}, got ${GOT}${typeof issue.input === 'string' ? didYouMean(issue.input, lifetimeForms) : ''}`;
      },
    },
  )
  .describe('How long a task runs once RUNNING before it stops by itself.')
  .meta({ id: 'lifetime' });

const retry = strictMap(
  {
    attempts: int({ min: 0, max: 100 }).describe('Further submissions of tasks that failed to place.'),
    backoff: duration().describe('Wait before each retry; default 0.').default(0),
  },
  'a retry policy (a map with attempts)',
)
  .describe('Re-submit what failed to place; default no retry.')
  .meta({ id: 'retry' });

export const placementStrategy = tagged(
  'type',
  [
    strictMap({ type: z.literal('random') }, 'a random strategy'),
    strictMap({ type: z.literal('spread'), field: str({ maxLength: 255 }).describe('instanceId, host, or attribute:<name>.') }, 'a spread strategy'),
    strictMap({ type: z.literal('binpack'), field: choice(['cpu', 'memory']) }, 'a binpack strategy'),
  ],
  'a placement strategy',
).meta({ id: 'placementStrategy' });

export const strategyModule = str({ maxLength: 1024 }).describe('A placement strategy: a built-in name or the path of a custom strategy module.');

const reference = (noun: string, section: string): z.ZodString => str({ pattern: NAME_PATTERN, patternHint: `the name of a ${noun} in ${section}` });
export const clusterRef = (): z.ZodString => reference('cluster', 'clusters').describe('The name of a cluster defined in clusters.');
export const workloadRef = (): z.ZodString => reference('workload', 'workloads').describe('The name of a workload defined in workloads.');
export const serviceRef = (): z.ZodString => reference('service', 'services').describe('The name of a service defined in services.');

export const workload = strictMap(
  {
    name: name().describe('The workload name, unique in the scenario.'),
    cluster: clusterRef(),
    taskDefinition: str({ pattern: TASK_DEFINITION_REF_PATTERN, patternHint: 'a task definition family or family:revision' })
      .describe('A task definition in taskDefinitions: family (its latest revision) or family:revision. A trace workload may leave it out (its tasks are then of a family named after the workload).')
      .optional(),
    arrival: arrival.optional(),
    lifetime: lifetime.optional(),
    trace: taskTrace.optional(),
    count: int({ min: 1, max: MAX_TASKS_PER_CALL, expected: `an integer from 1 to ${MAX_TASKS_PER_CALL} (tasks per RunTask call)` })
      .describe('Tasks per RunTask call, 1 to 10; default 1.')
      .default(1),
    retry: retry.default({ attempts: 0, backoff: 0 }),
    launch: choice(['runTask', 'startTask'])
      .describe('runTask (the scheduler places) or startTask (a custom scheduler names the instance).')
      .default('runTask'),
    start: duration().describe('Arrivals begin at this time (poisson and every).').optional(),
    stop: duration().describe('No arrivals at or after this time (poisson and every).').optional(),
    placementStrategy: list(placementStrategy, { maxItems: 5 }).default([]),
    placementConstraints: list(placementConstraint, { maxItems: 10 }).default([]),
    group: str({ maxLength: 255 }).describe('The task group; default family:<family>.').optional(),
    strategy: strategyModule.optional(),
  },
  'a workload (a map with name, cluster, taskDefinition, arrival and lifetime, or name, cluster and trace)',
)
  .superRefine((value, ctx) => {
    if (value.trace !== undefined) {
      for (const key of ['arrival', 'lifetime', 'start', 'stop'] as const) {
        if (value[key] !== undefined) {
          report(ctx, [key], 'invalid_value', `a trace workload takes its ${key === 'arrival' ? 'arrivals' : key === 'lifetime' ? 'lifetimes' : 'time window'} from the trace${key === 'start' ? ' (trace.start maps trace time to 0)' : ''}`);
        }
      }
      return;
    }
    const missing = (['taskDefinition', 'arrival', 'lifetime'] as const).filter((key) => value[key] === undefined);
    for (const key of missing) report(ctx, [key], 'missing_key', `missing required key ${key} (or give the workload a trace)`);
    if (value.arrival === undefined) return;
    const windowed = value.arrival.kind === 'poisson' || value.arrival.kind === 'every';
    let ok = true;
    for (const key of ['start', 'stop'] as const) {
      if (value[key] !== undefined && !windowed) {
        report(ctx, [key], 'invalid_value', `${key} applies to poisson and every arrivals; ${value.arrival.kind} times are absolute`);
        ok = false;
      }
    }
    if (ok && value.start !== undefined && value.stop !== undefined && value.stop <= value.start) {
      report(ctx, ['stop'], 'invalid_value', `expected stop after start (${value.start}ms), got ${value.stop}ms`);
    }
  }, whenClean)
  .meta({ id: 'workload' });

