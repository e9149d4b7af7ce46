// The arguments of fuzz commands that name things indirectly (a task definition, an instance, a
// resource), shared by the commands, their generators and the script reader.
import type { Status } from './model.js';

/** A UUID no instance or task will ever have (the ids stream draws version-4 UUIDs with random bits). */
export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** How a command names a task definition: one the model knows (by index), in one of the API's forms. */
export interface TdRef {
  /** Index into the model's task definitions (modulo their number). */
  pick: number;
  /** `family` (latest ACTIVE revision), `family:revision`, the ARN, or a revision that does not exist. */
  form: 'family' | 'revision' | 'arn' | 'unknown';
}

/** How StartTask names an instance: one the model knows (by index, any cluster), or an unknown UUID. */
export type InstanceRef = { pick: number; form: 'arn' | 'uuid' } | { unknown: true };

/** One user-defined resource an instance registers. */
export type ExtraResource = [name: string, type: 'INTEGER' | 'DOUBLE', value: number];

export interface RegisterInstanceArgs {
  /** null: no `cluster` parameter (the default cluster, created or reactivated on demand). */
  cluster: string | null;
  cpu: number;
  memory: number;
  ports: number[];
  udpPorts: number[];
  extras: ExtraResource[];
  /** A malformed request that must be rejected with InvalidParameterException. */
  bad: null | 'port' | 'duplicate' | 'negative' | 'type';
  /** No `totalResources` at all: the documented defaults (the other amounts and `bad` are ignored). */
  defaults?: boolean;
}

export type StatusArg = Status | 'BOGUS';

