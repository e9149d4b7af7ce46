// The files one command writes (`--csv DIR`, `--report FILE`): checked before the simulation starts,
// so a bad path fails at once (exit 2) instead of after the run; then written under temporary names
// beside their targets and renamed into place together only when every one was written, so a
// command leaves all of its outputs or none. While temporary files exist, SIGINT and SIGTERM remove
// them (and any directory the command created) and exit 130 / 143.
//
// Why the handlers are installed only while writing: the simulation itself is synchronous, so a
// handler installed then would never run, and Node's default (die at once) already leaves nothing.
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** One file a command writes: where it goes, and how to write it to a given path. */
export interface PlannedFile {
  path: string;
  write(to: string): Promise<void>;
}

/** The exit code of a process ended by `signal`, as a shell reports it (128 + signal number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** File system error codes in words: what a user can act on, without internal paths. */
export function fsReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
      return 'already exists and is not a directory';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** The entry at `path`, or undefined when there is none (also when a part of the path is a file). */
function entry(path: string): ReturnType<typeof statSync> {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function writableDir(dir: string): string | undefined {
  const st = entry(dir);
  if (st === undefined) return 'no such directory';
  if (!st.isDirectory()) return 'not a directory';
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    return fsReason(e);
  }
  return undefined;
}

/**
 * Checks that `file` can be written: its directory exists and is writable, and `file` is not a directory.
 * @throws CliError (exit 2) saying which flag and why.
 */
export function checkOutputFile(command: string, flag: string, file: string): void {
  checkNotDirectory(command, flag, file);
  const dir = dirname(resolve(file));
  const why = writableDir(dir);
  if (why !== undefined) throw new CliError(`ecsim ${command}: ${flag} ${file}: cannot write there (${dirname(file)}: ${why})`, EXIT_USAGE);
}

/** Checks that nothing but a file is in the way of writing `file`. @throws CliError (exit 2). */
export function checkNotDirectory(command: string, flag: string, file: string): void {
  if (entry(file)?.isDirectory()) throw new CliError(`ecsim ${command}: ${flag} ${file}: is a directory`, EXIT_USAGE);
}

/**
 * Checks that `dir` is a writable directory or can be created (its nearest existing ancestor is one).
 * @throws CliError (exit 2) saying which flag and why.
 */
export function checkOutputDir(command: string, flag: string, dir: string): void {
  let at = resolve(dir);
  for (;;) {
    const st = entry(at);
    if (st !== undefined) {
      const why = st.isDirectory() ? writableDir(at) : 'is a file, not a directory';
      if (why !== undefined) {
        const shown = at === resolve(dir) ? dir : at;
        throw new CliError(`ecsim ${command}: ${flag} ${dir}: cannot write there (${shown === dir ? '' : `${shown}: `}${why})`, EXIT_USAGE);
      }
      return;
    }
    const up = dirname(at);
    if (up === at) return;
    at = up;
  }
}

const tempName = (path: string): string => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);

/**
 * Writes every planned file under a temporary name, then renames them all into place; on any
 * failure or interrupt removes every temporary file and every directory it created.
 * @throws CliError (exit 2) naming the output that could not be written (never a temporary name).
 */
export async function writeAll(command: string, files: readonly PlannedFile[], dirs: readonly string[] = []): Promise<void> {
  const temps: string[] = [];
  const created: string[] = [];
  const cleanUp = (): void => {
    for (const t of temps) rmSync(t, { force: true });
    // only the directories this command made: they hold nothing but its own outputs
    for (const d of [...created].reverse()) rmSync(d, { recursive: true, force: true });
  };
  const onSignal = (signal: keyof typeof SIGNAL_EXIT): void => {
    cleanUp();
    process.stderr.write(`ecsim ${command}: interrupted (${signal}); nothing written\n`);
    process.exit(SIGNAL_EXIT[signal]);
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    for (const d of dirs) {
      try {
        const first = mkdirSync(d, { recursive: true });
        if (first !== undefined) created.push(first);
      } catch (e) {
        throw new CliError(`ecsim ${command}: cannot create ${d}: ${fsReason(e)}`, EXIT_USAGE);
      }
    }
    for (const f of files) {
      const tmp = tempName(f.path);
      temps.push(tmp);
      try {
        await f.write(tmp);
      } catch (e) {
        throw new CliError(`ecsim ${command}: cannot write ${f.path}: ${fsReason(e)}`, EXIT_USAGE);
      }
    }
    for (const [i, f] of files.entries()) {
      try {
        renameSync(temps[i]!, f.path);
      } catch (e) {
        throw new CliError(`ecsim ${command}: cannot write ${f.path}: ${fsReason(e)}`, EXIT_USAGE);
      }
    }
    temps.length = 0;
  } catch (e) {
    cleanUp();
    throw e;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
