// Writes small trace files for tests into a fresh temporary directory, plain or gzipped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceReplay, type TraceArrival } from '../../src/scenario/traces/replay.js';
import type { TaskTraceSpec } from '../../src/scenario/traces/types.js';

export function traceDir(): string {
  return mkdtempSync(join(tmpdir(), 'ecsim-trace-'));
}

/** Writes `lines` (joined with newlines) to `name` in `dir`; gzipped when the name ends in .gz. */
export function writeTrace(dir: string, name: string, lines: readonly string[] | string): string {
  const path = join(dir, name);
  const text = typeof lines === 'string' ? lines : `${lines.join('\n')}\n`;
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return path;
}

/** Replays a whole task trace; every arrival with its lifetime as finally known. */
export function replayAll(spec: Partial<TaskTraceSpec> & Pick<TaskTraceSpec, 'format' | 'path'>): { arrivals: TraceArrival[]; replay: TraceReplay } {
  const replay = new TraceReplay({ scale: {}, speed: 1, where: {}, ...spec });
  const arrivals: TraceArrival[] = [];
  for (let a = replay.next(); a !== undefined; a = replay.next()) arrivals.push(a);
  return { arrivals, replay };
}

/** The fields tests compare, without the callback. */
export function plain(a: TraceArrival): Omit<TraceArrival, 'onLifetime'> {
  const { onLifetime: _, ...rest } = a;
  return rest;
}
