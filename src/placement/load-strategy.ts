// Loads a placement strategy named on a command line or in a scenario: a built-in in its text
// form (`binpack:memory`), or a module file whose default export (or export named `strategy`)
// is a PlacementStrategy object. The module is imported once per process and path; its shape is
// checked here so a bad module is a clear error, not a crash in the middle of a run.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinStrategy, isModuleSpec } from './builtin.js';
import { PlacementParameterError } from './errors.js';
import { guardModuleStrategy } from './strategy-error.js';
import type { PlacementStrategy } from './types.js';

/** A strategy module that cannot be loaded or does not export a strategy; the CLI exits 2 on it. */
export class StrategyLoadError extends Error {
  override readonly name = 'StrategyLoadError';
}

export interface LoadStrategyOptions {
  /** Directory a relative module path is resolved against. Default: the current directory. */
  baseDir?: string;
}

/** Checks that `value` has a string `name` and a `place` function; returns it typed. */
export function asStrategy(value: unknown, source: string): PlacementStrategy {
  if (typeof value !== 'object' || value === null) {
    throw new StrategyLoadError(`${source}: the default export must be a strategy object { name, place(request, view, rng) }, got ${value === null ? 'null' : typeof value}.`);
  }
  const o = value as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name.trim() === '') {
    throw new StrategyLoadError(`${source}: the strategy needs a non-empty string "name".`);
  }
  if (typeof o.place !== 'function') {
    throw new StrategyLoadError(`${source}: the strategy "${o.name}" needs a function "place(request, view, rng)".`);
  }
  return value as PlacementStrategy;
}

/**
 * The strategy `spec` names: a built-in text form, or a path to an ES module (.mjs, .js; also a
 * .cjs file) exporting a strategy object as default export or as `strategy`.
 * @throws StrategyLoadError when the module is missing, fails to import or exports no strategy;
 *   also for an unknown built-in name (the message lists the accepted forms).
 */
export async function loadStrategy(spec: string, options: LoadStrategyOptions = {}): Promise<PlacementStrategy> {
  if (!isModuleSpec(spec)) {
    try {
      return builtinStrategy(spec);
    } catch (e) {
      if (e instanceof PlacementParameterError) throw new StrategyLoadError(e.message);
      throw e;
    }
  }
  const path = isAbsolute(spec) ? spec : resolve(options.baseDir ?? process.cwd(), spec);
  if (!existsSync(path)) throw new StrategyLoadError(`${spec}: no such strategy module (looked for ${path}).`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new StrategyLoadError(`${spec}: the strategy module failed to load: ${why}`);
  }
  const exported = mod.default ?? mod.strategy;
  if (exported === undefined) {
    throw new StrategyLoadError(`${spec}: the module has no default export (export default { name, place(request, view, rng) { … } }).`);
  }
  // a module's exception then names the module file and line (strategy-error.ts)
  return guardModuleStrategy(asStrategy(exported, spec), path);
}
