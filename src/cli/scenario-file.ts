// Reading a scenario file for a command: the file's text through the loader, or a CliError (exit 2)
// listing every problem, one line each as `file:line:column path: message`. Shared by the
// commands that take a scenario (run, validate, and the ones built on the runner).
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { formatPath, formatScenarioError, type Path } from '../scenario/errors.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import { loadCandidates } from '../scenario/candidates.js';
import { loadScenario } from '../scenario/load.js';
import type { ScenarioRunError } from '../scenario/run-error.js';
import type { InstanceGroup, Scenario } from '../scenario/types.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** Why a file could not be read, in words. */
function readError(file: string, e: unknown, what = 'the scenario'): string {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return `${file}: cannot read ${what}: ${why}`;
}

/**
 * Loads and validates a scenario file.
 * @throws CliError (exit 2) when the file cannot be read or does not validate: every error, one per line.
 */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(readError(file, e), EXIT_USAGE);
  }
  const result = loadScenario(text, file);
  if (!result.ok) throw new CliError(result.errors.map(formatScenarioError).join('\n'), EXIT_USAGE);
  return result.scenario;
}

/**
 * Loads and validates a candidates file of `plan --minimize cost` (a list of instance groups).
 * @throws CliError (exit 2) when the file cannot be read or does not validate: every error, one per line.
 */
export function loadCandidatesFile(file: string): InstanceGroup[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(readError(file, e, 'the candidates'), EXIT_USAGE);
  }
  const result = loadCandidates(text, file);
  if (!result.ok) throw new CliError(result.errors.map(formatScenarioError).join('\n'), EXIT_USAGE);
  return result.groups;
}

/**
 * A ScenarioRunError as one line, `file:line:column path: message`, pointing at the field it names
 * when the file can still be read and holds that field; else `file: path: message`.
 */
export function describeRunError(file: string, e: ScenarioRunError): string {
  return describeAt(file, e.path, e.message);
}

/** The lines `validate` (and `run`) print for the scenario's warnings: `warning: file:line:column path: message`. */
export function describeWarnings(file: string, scenario: Scenario): string[] {
  return scenarioWarnings(scenario).map((w) => `warning: ${describeAt(file, w.path, `${formatPath(w.path)}: ${w.message}`)}`);
}

/** `message` (which starts with the formatted path) placed at `path` in the file: `file:line:column message`, else `file: message`. */
function describeAt(file: string, path: Path, message: string): string {
  if (path.length > 0) {
    try {
      const lineCounter = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
      const node = doc.getIn(path, true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return `${file}:${line}:${col} ${message}`;
      }
    } catch {
      // fall through to the message without a position
    }
  }
  return `${file}: ${message}`;
}
