// An instance group's `autoscaling:` block: min, max, a scaling policy (targetTracking on the
// cluster's reservation, or capacityProvider managed scaling) and the timings, parsed to the
// AutoscalingSpec the group scaler reads (../autoscaling/spec.ts). min ≤ max is checked here; the
// group's count within [min, max] is checked by the group (fleet.ts).

import type { z } from 'zod';

import { AUTOSCALING_DEFAULTS, type AutoscalingSpec, type ScalingPolicy } from '../autoscaling/spec.js';
import { bool, choice, duration, int, keyedUnion, num, report, strictMap, whenClean } from './primitives.js';

const policy = keyedUnion({
  noun: 'a scaling policy',
  variants: {
    targetTracking: strictMap(
      {
        metric: choice(['CPUReservation', 'MemoryReservation']).describe('The cluster reservation tracked, as ECS publishes it.'),
        target: num({ above: 0, max: 100 }).describe('Target percent, above 0 and at most 100.'),
      },
      'a map with metric and target',
    ).transform(({ metric, target }): ScalingPolicy => ({ kind: 'targetTracking', metric, target })),
    capacityProvider: strictMap(
      { targetCapacity: int({ min: 1, max: 100 }).describe('Target CapacityProviderReservation, 1 to 100 percent.') },
      'a map with targetCapacity',
    ).transform(({ targetCapacity }): ScalingPolicy => ({ kind: 'capacityProvider', targetCapacity })),
  },
}).describe('targetTracking on the cluster reservation, or capacityProvider (ECS managed scaling).');

/** The block's schema; `maxCount` bounds min and max as it bounds a group's count. */
export const autoscalingSchema = (maxCount: number): z.ZodType<AutoscalingSpec, unknown> =>
  strictMap(
  {
    min: int({ min: 0, max: maxCount }).describe('Fewest instances.'),
    max: int({ min: 0, max: maxCount }).describe('Most instances.'),
    policy,
    period: duration({ positive: true }).describe('How often the metric is evaluated (default 1m).').default(AUTOSCALING_DEFAULTS.period),
    scaleOutCooldown: duration().describe('Least time between scale-outs (default 5m).').default(AUTOSCALING_DEFAULTS.scaleOutCooldown),
    scaleInCooldown: duration().describe('Least time between scale-ins (default 15m).').default(AUTOSCALING_DEFAULTS.scaleInCooldown),
    bootTime: duration().describe('From launch to the instance registering (default 3m).').default(AUTOSCALING_DEFAULTS.bootTime),
    scaleIn: bool().describe('false: never shrink (default true).').default(AUTOSCALING_DEFAULTS.scaleIn),
  },
  'an autoscaling block (a map with min, max and policy)',
)
  .superRefine((a, ctx) => {
    if (a.min > a.max) report(ctx, ['min'], 'invalid_value', `expected min at most max (${a.max}), got ${a.min}`);
  }, whenClean)
  .describe('The group scales itself (an Auto Scaling group).') as unknown as z.ZodType<AutoscalingSpec, unknown>;
