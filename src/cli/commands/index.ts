// Every subcommand, in the order `ecsim --help` lists them. Add one line per command file.
import type { Command } from 'commander';
import { register as run } from './run.js';
import { register as validate } from './validate.js';
import { register as schema } from './schema.js';
import { register as compare } from './compare.js';
import { register as plan } from './plan.js';
import { register as merge } from './merge.js';
import { register as fuzz } from './fuzz.js';
import { register as serve } from './serve.js';
import { register as replay } from './replay.js';
import { register as trace } from './trace.js';
import { register as types } from './types.js';
import { register as init } from './init.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [run, validate, schema, compare, plan, merge, fuzz, serve, replay, trace, types, init];
