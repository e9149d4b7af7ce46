// Every subcommand, in the order `ecsim --help` lists them. Add one line per command file.
// Each is loaded only when needed: a command line that names one loads that one alone (`ecsim run`
// need not load the fuzzer, the server, the HTML report or their libraries, some 60 modules and a
// tenth of a second of start-up); anything else (`--help`, a typo to suggest a name for) loads all.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

/** A subcommand's name and how to load the module that registers it. */
export interface CommandModule {
  readonly name: string;
  readonly load: () => Promise<{ register: RegisterCommand }>;
}

export const commands: readonly CommandModule[] = [
  { name: 'run', load: () => import('./run.js') },
  { name: 'validate', load: () => import('./validate.js') },
  { name: 'schema', load: () => import('./schema.js') },
  { name: 'compare', load: () => import('./compare.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'merge', load: () => import('./merge.js') },
  { name: 'fuzz', load: () => import('./fuzz.js') },
  { name: 'serve', load: () => import('./serve.js') },
  { name: 'replay', load: () => import('./replay.js') },
  { name: 'trace', load: () => import('./trace.js') },
  { name: 'types', load: () => import('./types.js') },
  { name: 'init', load: () => import('./init.js') },
];
