// A strategy module's own bug, told as the user's code: which strategy, the module file and line
// where it threw, and what it threw. Without this the exception surfaces as a control-plane
// ServerException whose message names neither the module nor the line. The original error stays
// as `cause`, so `--debug` can print its stack.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlacementStrategy } from './types.js';

/** A loaded strategy module threw from `place`. */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
}

/** `file:line:column` of the first stack frame inside `path`, or undefined when none is. */
export function locationIn(error: unknown, path: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const url = pathToFileURL(path).href;
  for (const line of stack.split('\n')) {
    const at = line.indexOf(url);
    if (at < 0) continue;
    const m = /^:(\d+):(\d+)/.exec(line.slice(at + url.length));
    if (m) return `${fileURLToPath(url)}:${m[1]}:${m[2]}`;
  }
  return undefined;
}

/**
 * The strategy with its `place` guarded: an exception becomes a StrategyError naming the strategy,
 * where in `path` it was thrown, and what. Everything else is the module's own object (its prototype).
 */
export function guardModuleStrategy(strategy: PlacementStrategy, path: string): PlacementStrategy {
  const place = strategy.place;
  const guarded = Object.create(strategy) as PlacementStrategy;
  guarded.place = function (this: unknown, ...args: Parameters<PlacementStrategy['place']>) {
    try {
      return place.apply(strategy, args);
    } catch (e) {
      const where = locationIn(e, path) ?? path;
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      throw new StrategyError(`strategy "${strategy.name}" threw at ${where}: ${what}`, { cause: e });
    }
  } as PlacementStrategy['place'];
  return guarded;
}
