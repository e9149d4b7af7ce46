// runFuzz: the model-based fuzzer as one call, for `ecsim fuzz`, for `npm test` and for library
// users. Each sequence is a fresh simulation (agent mode, delays, seed and — unless one is fixed —
// a built-in strategy drawn by fast-check), a prelude that builds the starting fleet, then up to
// `maxCommands` generated commands, every one checked against the reference model and followed by
// the invariants. Half the sequences are run twice to prove determinism. A failure is shrunk by
// fast-check and reported with its seed, `path` and `replayPath` and a one-line replay command.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import fc from 'fast-check';
import { createSimulation } from '../ecs/simulation.js';
import { isModuleSpec } from '../placement/builtin.js';
import { loadStrategy, StrategyLoadError } from '../placement/load-strategy.js';
import type { PlacementStrategy } from '../placement/types.js';
import { formatScenarioError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { BUILTIN_STRATEGIES, builtinUniverse, commandArbitraries, scenarioUniverse, settingArbitrary, type FuzzSetting, type FuzzUniverse } from './generators.js';
import { firstDifference } from './harness.js';
import { fuzzReal, FuzzViolation, type FuzzReal } from './invariants.js';
import { parseCommand } from './commands.js';
import { FuzzModel } from './model.js';

type Cmd = fc.Command<FuzzModel, FuzzReal>;
type Details = fc.RunDetails<[FuzzSetting, Iterable<Cmd>]>;

/** Bad input to runFuzz (an unreadable scenario, a strategy module that does not load); the CLI exits 2. */
export class FuzzInputError extends Error {
  override readonly name = 'FuzzInputError';
}

export interface FuzzProgress {
  /** Sequences run so far (shrinking included). */
  sequences: number;
  /** Commands run so far, preludes not counted. */
  commands: number;
}

export interface FuzzOptions {
  /** Sequences to run. Default 100, or unlimited when `minutes` is given. */
  runs?: number;
  /** Run for this long (wall clock, measured by fast-check) instead of a number of sequences. */
  minutes?: number;
  /** fast-check seed. Default 0 (the CLI draws a fresh one and prints it). */
  seed?: number;
  /** Replay: the `path` of a reported counterexample (with the same seed and replayPath). */
  path?: string;
  /** Replay: fast-check's replayPath of the commands of a reported counterexample. */
  replayPath?: string;
  /**
   * RunTask's placement: a built-in strategy's text form (`binpack:memory`), a path to a strategy
   * module, or a strategy object. Default: every built-in strategy in turn, drawn per sequence.
   */
  strategy?: string | PlacementStrategy;
  /** A scenario (or the path of a scenario file) whose clusters, fleet and task definitions seed the generators. */
  scenario?: string | Scenario;
  /** Most generated commands per sequence. Default 50. */
  maxCommands?: number;
  /** Called after every sequence. */
  onProgress?: (progress: FuzzProgress) => void;
  /** How the replay command starts. Default `npx ecsim fuzz`. */
  command?: string;
}

/** A shrunk counterexample. */
export interface FuzzFailure {
  /** Which invariant broke (or 'error' for an exception that is no FuzzViolation). */
  invariant: string;
  message: string;
  /** The sequence's setting: agent mode and delays, simulation seed, strategy. */
  setting: FuzzSetting;
  /** The prelude and the shrunk commands as script lines (parseCommand reads them back). */
  prelude: string[];
  commands: string[];
  /** What each command resolved to, up to the failure. */
  trace: string[];
  path: string;
  replayPath: string | undefined;
  shrinks: number;
  /** Sequences run until the first failure (before shrinking). */
  foundAfter: number;
}

export interface FuzzResult {
  ok: boolean;
  seed: number;
  sequences: number;
  commands: number;
  /** What RunTask placed with: `built-in strategies (…)`, a strategy's name. */
  placement: string;
  scenario: string | undefined;
  failure?: FuzzFailure;
  /** One line that replays the failure (present with `failure`). */
  replay?: string;
}

/** The sequence context that stays fixed for a whole fuzz run. */
interface Context {
  universe: FuzzUniverse;
  /** A fixed strategy (custom or named), or undefined to draw a built-in per sequence. */
  strategy: PlacementStrategy | undefined;
  strict: boolean;
  counts: FuzzProgress;
  onProgress: ((p: FuzzProgress) => void) | undefined;
}

/** One run of a sequence on a fresh simulation; returns the recorded responses and final state. */
function runSequence(ctx: Context, setting: FuzzSetting, cmds: Iterable<Cmd>, first: boolean): { log: string[]; snapshot: unknown } {
  const strategy = ctx.strategy ?? setting.strategy;
  const sim = createSimulation({
    seed: setting.simSeed,
    agent: { mode: setting.mode, startDelayMs: setting.startDelayMs, stopDelayMs: setting.stopDelayMs },
    strategy,
    failureDetail: setting.failureDetail ?? 'instances',
  });
  const m = new FuzzModel({ mode: setting.mode, startDelayMs: setting.startDelayMs, stopDelayMs: setting.stopDelayMs });
  const r: FuzzReal = fuzzReal(sim, typeof strategy === 'string' ? strategy : strategy.name, ctx.strict, setting.failureDetail ?? 'instances');
  let preludeLength = 0;
  try {
    for (const c of ctx.universe.prelude) c.run(m, r);
    preludeLength = r.trace.length;
    if (first) fc.modelRun(() => ({ model: m, real: r }), cmds);
    else for (const c of cmds) if (c.check(m)) c.run(m, r);
  } catch (e) {
    if (e instanceof FuzzViolation) e.trace = [...r.trace];
    throw e;
  } finally {
    // the determinism re-run of a sequence is not another sequence
    if (first) {
      ctx.counts.sequences++;
      ctx.counts.commands += Math.max(0, r.trace.length - preludeLength);
      ctx.onProgress?.({ ...ctx.counts });
    }
  }
  return { log: r.log, snapshot: sim.snapshot() };
}

function property(ctx: Context, maxCommands: number, replayPath: string | undefined): fc.IProperty<[FuzzSetting, Iterable<Cmd>]> {
  const strategies = ctx.strategy ? [ctx.strategy.name] : undefined;
  const constraints: fc.CommandsContraints = { maxCommands, size: 'max' };
  if (replayPath !== undefined) constraints.replayPath = replayPath;
  return fc.property(settingArbitrary(strategies), fc.commands(commandArbitraries(ctx.universe), constraints), (setting, cmds) => {
    const a = runSequence(ctx, setting, cmds, true);
    if (!setting.replay) return;
    const b = runSequence(ctx, setting, cmds, false);
    const i = a.log.findIndex((line, k) => line !== b.log[k]);
    if (i >= 0 || a.log.length !== b.log.length) {
      const k = i >= 0 ? i : Math.min(a.log.length, b.log.length);
      const v = new FuzzViolation('determinism', `the same seed and commands gave a different response #${k + 1}:\n  first:  ${a.log[k]?.slice(0, 300)}\n  second: ${b.log[k]?.slice(0, 300)}`);
      v.trace = a.log.slice(0, k + 1);
      throw v;
    }
    const diff = firstDifference(a.snapshot, b.snapshot);
    if (diff !== undefined) throw new FuzzViolation('determinism', `the same seed and commands ended in different states: ${diff}`);
  });
}

async function resolveStrategy(s: FuzzOptions['strategy'], baseDir: string | undefined): Promise<PlacementStrategy | undefined> {
  if (s === undefined) return undefined;
  if (typeof s !== 'string') return s;
  try {
    return await loadStrategy(s, baseDir === undefined ? {} : { baseDir });
  } catch (e) {
    if (e instanceof StrategyLoadError) throw new FuzzInputError(e.message);
    throw e;
  }
}

function resolveScenario(s: FuzzOptions['scenario']): Scenario | undefined {
  if (s === undefined || typeof s !== 'string') return s;
  let text: string;
  try {
    text = readFileSync(s, 'utf8');
  } catch (e) {
    throw new FuzzInputError(`${s}: cannot read the scenario: ${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e)}`);
  }
  const loaded = loadScenario(text, s);
  if (!loaded.ok) throw new FuzzInputError(loaded.errors.map(formatScenarioError).join('\n'));
  return loaded.scenario;
}

const quote = (s: string): string => (/^[\w./:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function extractFailure(details: fc.RunDetailsFailureProperty<[FuzzSetting, Iterable<Cmd>]>, prelude: readonly Cmd[]): FuzzFailure {
  const [setting, cmds] = details.counterexample;
  const ran = [...cmds].filter((c) => (c as unknown as { hasRan?: boolean }).hasRan !== false).map(String);
  const replayMatch = /\/\*replayPath="(.*)"\*\/$/.exec(String(cmds));
  const e = details.errorInstance;
  return {
    invariant: e instanceof FuzzViolation ? e.invariant : 'error',
    message: e instanceof Error ? e.message : String(e),
    setting,
    prelude: prelude.map(String),
    commands: ran,
    trace: e instanceof FuzzViolation ? e.trace : [],
    path: details.counterexamplePath,
    replayPath: replayMatch ? (JSON.parse(`"${replayMatch[1]!}"`) as string) : undefined,
    shrinks: details.numShrinks,
    foundAfter: details.numRuns,
  };
}

/**
 * Runs the model-based fuzzer.
 * @throws FuzzInputError for a scenario or strategy that cannot be loaded, RangeError for bad numbers.
 */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzResult> {
  const { runs, minutes } = options;
  if (runs !== undefined && (!Number.isSafeInteger(runs) || runs < 1)) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  if (minutes !== undefined && !(minutes > 0 && Number.isFinite(minutes))) throw new RangeError(`minutes must be a positive number, got ${minutes}`);
  const maxCommands = options.maxCommands ?? 50;
  if (!Number.isSafeInteger(maxCommands) || maxCommands < 1) throw new RangeError(`maxCommands must be a positive integer, got ${maxCommands}`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const scenario = resolveScenario(options.scenario);
  // without --strategy, a scenario's own `strategy:` (a module path relative to the file)
  const strategySpec = options.strategy ?? scenario?.strategy;
  const fromScenario = options.strategy === undefined && typeof options.scenario === 'string';
  const strategy = await resolveStrategy(strategySpec, fromScenario ? dirname(resolve(options.scenario as string)) : undefined);
  const universe = scenario ? scenarioUniverse(scenario) : builtinUniverse();
  // a built-in strategy always finds room when there is some; a custom one may decline
  const custom = strategy !== undefined && (typeof strategySpec !== 'string' || isModuleSpec(strategySpec));
  const ctx: Context = { universe, strategy, strict: !custom, counts: { sequences: 0, commands: 0 }, onProgress: options.onProgress };
  const params: fc.Parameters<[FuzzSetting, Iterable<Cmd>]> = { seed, numRuns: runs ?? (minutes !== undefined ? Number.MAX_SAFE_INTEGER : 100) };
  if (minutes !== undefined) params.interruptAfterTimeLimit = Math.round(minutes * 60_000);
  if (options.path !== undefined) params.path = options.path;
  let details: Details = fc.check(property(ctx, maxCommands, options.replayPath), params);
  let shrinks = 0;
  if (details.failed && details.interrupted && details.counterexamplePath !== null) {
    // the time ran out while shrinking: resume from where it stopped, without a limit
    const partial = extractFailure(details as fc.RunDetailsFailureProperty<[FuzzSetting, Iterable<Cmd>]>, universe.prelude);
    shrinks = partial.shrinks;
    details = fc.check(property(ctx, maxCommands, partial.replayPath), { seed, path: partial.path });
  }
  const placement = strategy ? strategy.name : `built-in strategies (${BUILTIN_STRATEGIES.join(', ')})`;
  const scenarioName = scenario?.name;
  const result: FuzzResult = { ok: !details.failed, seed, sequences: ctx.counts.sequences, commands: ctx.counts.commands, placement, scenario: scenarioName };
  if (!details.failed) return result;
  if (details.counterexample === null) {
    throw new Error(`fast-check stopped without a counterexample (${details.interrupted ? 'interrupted' : 'too many skips'})`);
  }
  const failure = extractFailure(details as fc.RunDetailsFailureProperty<[FuzzSetting, Iterable<Cmd>]>, universe.prelude);
  failure.shrinks += shrinks;
  result.failure = failure;
  const parts = [options.command ?? 'npx ecsim fuzz', '--seed', String(seed), '--path', quote(failure.path)];
  if (failure.replayPath !== undefined) parts.push('--replay-path', quote(failure.replayPath));
  if (typeof options.strategy === 'string') parts.push('--strategy', quote(options.strategy));
  if (typeof options.scenario === 'string') parts.push('--scenario', quote(options.scenario));
  if (options.maxCommands !== undefined) parts.push('--max-commands', String(options.maxCommands));
  result.replay = parts.join(' ');
  return result;
}

/** What a script replay needs: the sequence's setting, and which prelude starts it. */
export interface ScriptOptions {
  setting: Omit<FuzzSetting, 'replay'> & { replay?: boolean };
  /** 'builtin' (default): the built-in universe's starting fleet; 'none': start empty. */
  prelude?: 'builtin' | 'none';
  /** A fixed strategy for RunTask (overrides `setting.strategy`). */
  strategy?: PlacementStrategy;
}

/**
 * Runs a fuzz script — command lines as a failure report prints them — through the same checks as
 * the fuzzer: the way every counterexample is kept as a regression test.
 * @throws FuzzViolation on the first broken invariant; SyntaxError for a line parseCommand rejects.
 */
export function runScript(lines: readonly string[], options: ScriptOptions): void {
  const commands = lines.map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#')).map(parseCommand);
  const universe: FuzzUniverse = options.prelude === 'none' ? { clusters: [], prelude: [] } : builtinUniverse();
  const ctx: Context = { universe, strategy: options.strategy, strict: options.strategy === undefined, counts: { sequences: 0, commands: 0 }, onProgress: undefined };
  const setting: FuzzSetting = { replay: false, ...options.setting };
  const a = runSequence(ctx, setting, commands, false);
  if (!setting.replay) return;
  const b = runSequence(ctx, setting, commands, false);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new FuzzViolation('determinism', 'the same script gave different responses');
}
