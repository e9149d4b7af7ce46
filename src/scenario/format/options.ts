// The scenario's own settings: format version, name, seed, horizon, the simulated agent's timings and
// the default placement strategy.

import { z } from 'zod';

import { duration, int, str, strictMap } from './primitives.js';
import { strategyModule } from './workloads.js';

export const options = {
  version: z.literal(1, { error: (issue) => (issue.input === undefined ? undefined : `unsupported version ${String(issue.input)}: this ecsim reads version 1`) }).describe(
    'The format version: 1.',
  ),
  name: str({ maxLength: 255 }).describe('The scenario name; default the file name.').optional(),
  seed: int({ min: 0 }).describe('Seed of every random stream; the CLI --seed overrides it. Default 0.').default(0),
  duration: duration({ positive: true }).describe('Simulated horizon: 500ms, 30s, 5m, 2h, 1d, 1h30m.'),
  agent: strictMap(
    {
      startDelay: duration().describe('From placing a task to the agent reporting it RUNNING (default 1s).').optional(),
      stopDelay: duration().describe('From a stop request to the task reaching STOPPED (default 1s).').optional(),
    },
    'a map with startDelay and stopDelay',
  )
    .describe('Timings of the simulated container agent.')
    .default({}),
  stoppedTaskRetention: z
    .union([z.enum(['forever']).transform(() => Infinity), duration()], { error: () => 'expected a duration like 1h or 30m, or forever' })
    .describe('How long a STOPPED task stays describable after it stops (ECS: about an hour); forever keeps every task. Default 1h.')
    .optional(),
  strategy: strategyModule.optional(),
};
