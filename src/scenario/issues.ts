// zod's issues in the loader's terms: each issue (or, for a union, the issues of the form the file
// meant) becomes one problem with a stable ScenarioErrorCode, a path, and whether it points at the
// key or the value. Messages come from the schema's own error functions (format/primitives.ts).

import type { z } from 'zod';

import type { ScenarioErrorCode } from './errors.js';
import type { IssueParams } from './format/primitives.js';

/** One problem, before it is positioned in the text. */
export interface Problem {
  path: PropertyKey[];
  code: ScenarioErrorCode;
  message: string;
  atKey: boolean;
  /** The value zod saw there, for describing it when the document has no node. */
  input: unknown;
  /** See IssueParams.among. */
  among?: string[];
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** Issue codes that mean "not this form at all" when they sit at a union option's root. */
const MISMATCH = new Set(['invalid_type', 'invalid_union', 'invalid_value']);

/** A missing required key's message, for zod's per-parse error map (see loadScenario). */
export function missingKeyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input !== undefined || (issue.code !== 'invalid_type' && issue.code !== 'invalid_union' && issue.code !== 'invalid_value')) return undefined;
  const key = issue.path?.[issue.path.length - 1];
  const description = (issue.inst as { description?: string } | undefined)?.description;
  const about = description === undefined || description === '' ? '' : ` (${description[0]!.toLowerCase()}${description.slice(1)})`;
  return key === undefined ? 'expected a value' : `missing required key ${JSON.stringify(String(key))}${about}`;
}

function valueCode(issue: Issue & { values: readonly unknown[] }): ScenarioErrorCode {
  const first = issue.values[0];
  if (typeof issue.input !== typeof first) return 'invalid_type';
  return typeof first === 'string' ? 'invalid_enum' : 'invalid_value';
}

/** The problems one zod issue stands for, its path prefixed with `prefix`. */
export function problemsOf(issue: Issue, prefix: readonly PropertyKey[] = []): Problem[] {
  const path = [...prefix, ...issue.path];
  const one = (code: ScenarioErrorCode, atKey = false): Problem[] => [{ path, code, message: issue.message, atKey, input: issue.input }];
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return one('missing_key');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const messages = issue.message.split('\n');
      return issue.keys.map((key, index) => ({ path: [...path, key], code: 'unknown_key', message: messages[index] ?? `unknown key ${JSON.stringify(key)}`, atKey: true, input: undefined }));
    }
    case 'invalid_union': {
      if ('discriminator' in issue || 'note' in issue) {
        const tag = (issue as { discriminator?: string }).discriminator ?? 'type';
        const value = (issue.input as Record<string, unknown> | undefined)?.[tag];
        return [{ path, code: value === undefined ? 'missing_key' : typeof value === 'string' ? 'invalid_enum' : 'invalid_type', message: issue.message, atKey: false, input: value }];
      }
      if (issue.input === undefined) return one('missing_key');
      // The form the file meant: the one option that failed inside rather than at its root.
      const meant = issue.errors.filter((errors) => !errors.some((e) => e.path.length === 0 && MISMATCH.has(e.code)));
      if (meant.length === 1) return meant[0]!.flatMap((inner) => problemsOf(inner as Issue, path));
      const literal = typeof issue.input === 'string' && issue.errors.some((errors) => errors.some((e) => e.path.length === 0 && e.code === 'invalid_value'));
      return one(literal ? 'invalid_enum' : 'invalid_type');
    }
    case 'invalid_type':
      return one('invalid_type');
    case 'too_small':
    case 'too_big':
      return one(issue.code);
    case 'invalid_value':
      return one(valueCode(issue));
    case 'invalid_format':
      return one('invalid_value');
    case 'custom': {
      const params = issue.params as IssueParams | undefined;
      const [problem] = one(params?.code ?? 'invalid_value', params?.at === 'key');
      return [params?.among === undefined ? problem! : { ...problem!, among: params.among }];
    }
    default:
      return one('invalid_value');
  }
}
