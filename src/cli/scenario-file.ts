// Reading a scenario file for a command: the file's text through the loader, or a CliError (exit 2)
// listing every problem, one line each as `file:line:column path: message`. Shared by the
// commands that take a scenario (run, validate, and the ones built on the runner).
import { readFileSync } from 'node:fs';
import { formatScenarioError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** Why a file could not be read, in words. */
function readError(file: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return `${file}: cannot read the scenario: ${why}`;
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
