// The error a scenario run throws when the scenario cannot be carried out as written, located by
// a path into the file so a caller holding the file can point at its line and column.
import { formatPath, type Path } from './errors.js';

/**
 * A scenario the runner cannot carry out as written. `path` names the field (e.g.
 * `['workloads', 0, 'strategy']`) so a caller holding the file can point at its line and column;
 * the message starts with the formatted path.
 */
export class ScenarioRunError extends Error {
  override readonly name = 'ScenarioRunError';

  constructor(
    /** What is wrong, without the path. */
    readonly detail: string,
    readonly path: Path = [],
    options?: { cause?: unknown },
  ) {
    super(path.length > 0 ? `${formatPath(path)}: ${detail}` : detail, options);
  }
}
