// createSimulation's options and the checks of what a library caller hands createSimulation and
// the simulation controls, so a typo (`{ sed: 1 }`) or a value of the wrong kind fails loudly with
// the option's name instead of being ignored or surfacing later as a puzzling message ("NaN is
// before now"). Plain JavaScript callers and JSON-built options get the same checks the type
// checker gives TypeScript callers.
import type { PlacementStrategy } from '../placement/types.js';
import type { AgentOptions } from './simulated-agent.js';

export interface SimulationOptions {
  /** Seed of every random stream (ids, placement, …). Default 0. */
  seed?: string | number;
  /** Default us-east-1. */
  region?: string;
  /** Default 012345678910. */
  accountId?: string;
  agent?: AgentOptions;
  /** See ControlPlaneOptions.failureDetail. Default 'instances'. */
  failureDetail?: 'instances' | 'summary';
  /**
   * Strategy for RunTask requests that name no `placementStrategy`: a strategy object (built in, or
   * a module loaded with loadStrategy) or a built-in's text form such as `binpack:memory`.
   * Default random, the 2015 behaviour.
   * @throws RangeError (from createSimulation) for an unknown text form.
   */
  strategy?: PlacementStrategy | string;
  /**
   * Task, container instance and container ARNs in the long form ECS adopted later
   * (`…:task/CLUSTER/ID`, `…:container-instance/CLUSTER/ID`; its `taskLongArnFormat` and
   * `containerInstanceLongArnFormat` account settings). Default false: the 2015 form (`…:task/ID`).
   */
  longArns?: boolean;
  /**
   * Simulated ms a STOPPED task stays describable after it stopped; then DescribeTasks reports it
   * MISSING and ListTasks no longer lists it, as ECS forgets stopped tasks. Default 3600000 (one
   * hour, ECS's figure); `Infinity` keeps every task. Forgetting never adds an event to the queue.
   */
  stoppedTaskRetentionMs?: number;
}

// Every key of the option types, checked by the compiler both ways: an option added to
// SimulationOptions and not here fails the build instead of being refused at run time.
const OPTION_KEYS: Record<keyof SimulationOptions, true> = {
  seed: true,
  region: true,
  accountId: true,
  agent: true,
  failureDetail: true,
  strategy: true,
  longArns: true,
  stoppedTaskRetentionMs: true,
};
const AGENT_KEYS: Record<keyof AgentOptions, true> = { mode: true, startDelayMs: true, stopDelayMs: true };
/** Every key createSimulation reads, in the order its documentation lists them. */
export const SIMULATION_OPTIONS = Object.keys(OPTION_KEYS);
const AGENT_OPTIONS = Object.keys(AGENT_KEYS);

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : String(v));

function checkKeys(where: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new RangeError(`${where}: unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}`);
  }
}

/**
 * Checks createSimulation's options: no unknown keys (at the top or under `agent`), a seed that is a
 * non-negative safe integer (as the CLI's `--seed`) or a string, and fields of the right kind.
 * @throws RangeError naming the option and saying what it expected.
 */
export function checkSimulationOptions(options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new RangeError(`createSimulation: expected an options object, got ${Array.isArray(options) ? 'an array' : shown(options)}`);
  }
  checkKeys('createSimulation', options, SIMULATION_OPTIONS);
  const o = options as Record<string, unknown>;
  const seed = o.seed;
  if (seed !== undefined) {
    const ok = typeof seed === 'number' ? Number.isSafeInteger(seed) && seed >= 0 : typeof seed === 'string';
    if (!ok) throw new RangeError(`createSimulation: seed must be a non-negative integer or a string, got ${shown(seed)}`);
  }
  for (const key of ['region', 'accountId'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === '')) {
      throw new RangeError(`createSimulation: ${key} must be a non-empty string, got ${shown(o[key])}`);
    }
  }
  if (o.longArns !== undefined && typeof o.longArns !== 'boolean') throw new RangeError(`createSimulation: longArns must be true or false, got ${shown(o.longArns)}`);
  const retention = o.stoppedTaskRetentionMs;
  if (retention !== undefined && !(typeof retention === 'number' && retention >= 0)) {
    throw new RangeError(`createSimulation: stoppedTaskRetentionMs must be a number of ms >= 0 (Infinity keeps every task), got ${shown(retention)}`);
  }
  if (o.failureDetail !== undefined && o.failureDetail !== 'instances' && o.failureDetail !== 'summary') {
    throw new RangeError(`createSimulation: failureDetail must be 'instances' or 'summary', got ${shown(o.failureDetail)}`);
  }
  if (o.strategy !== undefined && typeof o.strategy !== 'string' && (o.strategy === null || typeof o.strategy !== 'object')) {
    throw new RangeError(`createSimulation: strategy must be a strategy object or a built-in's name such as 'binpack:memory', got ${shown(o.strategy)}`);
  }
  const agent = o.agent;
  if (agent !== undefined) {
    if (agent === null || typeof agent !== 'object' || Array.isArray(agent)) throw new RangeError(`createSimulation: agent must be an object, got ${shown(agent)}`);
    checkKeys('createSimulation: agent', agent, AGENT_OPTIONS);
  }
}

/**
 * A simulated time for runUntil: a finite number of ms, not before `now`.
 * @throws RangeError saying what is wrong: not a number (a duration string included: say how), not finite, or in the past.
 */
export function checkTime(action: string, t: unknown, now: number): number {
  if (typeof t !== 'number') {
    const hint = typeof t === 'string' ? ' (simulated time is in ms; for a duration string use parseDuration, e.g. parseDuration(\'1h\'))' : '';
    throw new RangeError(`${action}: expected a time in ms, got ${typeof t === 'string' ? JSON.stringify(t) : typeof t}${hint}`);
  }
  if (!Number.isFinite(t)) throw new RangeError(`${action}: expected a finite time in ms, got ${t}`);
  if (t < now) throw new RangeError(`${action}: ${t} is before now (${now}); simulated time only moves forward`);
  return t;
}
