// What a scenario file got wrong, as values: every problem is collected with where it is (file, line,
// column), which field (a path like `workloads[2].arrival`) and a stable code, and they are reported
// together. Codes are constants so tests and tools match on them, not on wording.

/** Why a scenario failed to load. */
export type ScenarioErrorCode =
  /** The text is not well-formed YAML (or is nested too deeply to read safely). */
  | 'invalid_yaml'
  /** A key the format does not know; the message suggests the closest known key. */
  | 'unknown_key'
  /** A required key is absent. */
  | 'missing_key'
  /** The value has the wrong type (a string where a number belongs, a list where a map belongs…). */
  | 'invalid_type'
  /** A number below its minimum (e.g. a negative count), or a list with too few items. */
  | 'too_small'
  /** A number above its maximum (e.g. a workload count above 10), or a list with too many items. */
  | 'too_big'
  /** Not a duration (500ms, 30s, 5m, 2h, 1d, 1h30m). */
  | 'invalid_duration'
  /** A string outside a fixed set of choices. */
  | 'invalid_enum'
  /** A map that must hold exactly one of several keys (arrival, lifetime, event action) holds none or several. */
  | 'invalid_union'
  /** A value of the right type that is still not acceptable (unsupported version, bad name, start ≥ stop…). */
  | 'invalid_value'
  /** A name used twice where names must be unique (clusters, workloads, containers of a task definition). */
  | 'duplicate'
  /** A reference to a cluster, task definition family or workload the file does not define. */
  | 'unknown_reference'
  /** `family:revision` where the family has fewer registrations in the file. */
  | 'unknown_revision'
  /** An instance type missing from the built-in table, with no CPU and MEMORY given instead. */
  | 'unknown_instance_type'
  /** The loader itself failed; a bug to report, never the file's fault. */
  | 'internal';

/** One problem with a scenario file. `line` and `column` are 1-based. */
export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  /** The field, e.g. `workloads[2].arrival`; `` (empty) for the document as a whole. */
  path: string;
  code: ScenarioErrorCode;
  /** What was expected, in a sentence fragment: `expected an integer from 1 to 10, got 11`. */
  message: string;
}

/** A path into the document, as keys and list indices. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a path the way errors print it: `workloads[2].arrival`, `attributes["ecs.zone"]`.
 * Keys that are not plain identifiers are quoted so the path stays unambiguous.
 */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One line, as the CLI prints it: `file:line:column path: message` (the path left out when empty). */
export function formatScenarioError(error: ScenarioError): string {
  const where = `${error.file}:${error.line}:${error.column}`;
  return error.path === '' ? `${where} ${error.message}` : `${where} ${error.path}: ${error.message}`;
}
