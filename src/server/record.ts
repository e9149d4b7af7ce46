// Recordings (`ecsim serve --record FILE`) and their replay (`ecsim replay FILE`). A recording is
// JSON lines: a header with the server's options, then every request that reached an action (its
// simulated time, region, action, body, whether it was accepted, and the response's status and
// bytes) and every admin call that changed the world (reset, agent). A later server appending to
// the same file starts with its own header. Replay plays each session against a fresh world at the
// recorded times and holds every response to the recorded bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RunResult } from '../scenario/run-result.js';
import { admin } from './admin.js';
import { ServerClock } from './clock.js';
import type { WireResponse } from './json-protocol.js';
import { EcsService, type ServiceOptions } from './service.js';

export const RECORD_FORMAT = 'ecsim-record';

/** The service options as recorded: the scenario by its file's path, the RunTask strategy by its text. */
export interface RecordedOptions extends Omit<ServiceOptions, 'scenario' | 'strategies'> {
  scenario?: string;
  strategy?: string;
}

export type RecordLine =
  | { readonly format: typeof RECORD_FORMAT; readonly version: 1; readonly options: RecordedOptions }
  | {
      readonly t: number;
      readonly region: string;
      readonly action: string;
      readonly body: string;
      readonly accepted: boolean;
      readonly status: number;
      readonly response: string;
    }
  | { readonly t: number; readonly admin: string; readonly body: string; readonly status: number; readonly response: string };

/** Appends record lines to a file; lines are buffered and written at least every 100 ms and on close. */
export class Recorder {
  private readonly fd: number;
  private buffer: string[] = [];
  private readonly timer: NodeJS.Timeout;

  /** @throws the file system's error when the file cannot be opened for appending. */
  constructor(
    readonly file: string,
    options: RecordedOptions,
  ) {
    this.fd = openSync(file, 'a');
    this.write({ format: RECORD_FORMAT, version: 1, options });
    this.timer = setInterval(() => this.flush(), 100);
    this.timer.unref();
  }

  write(line: RecordLine): void {
    this.buffer.push(`${JSON.stringify(line)}\n`);
    if (this.buffer.length >= 1024) this.flush();
  }

  /** One request that reached an action. */
  action(t: number, region: string, action: string, body: string, res: WireResponse): void {
    this.write({ t, region, action, body, accepted: res.status === 200, status: res.status, response: res.body });
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    writeSync(this.fd, text);
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    closeSync(this.fd);
  }
}

/** The outcome of a replay: every response the same, or the first that was not. */
export type ReplayResult =
  | { readonly ok: true; readonly sessions: number; readonly requests: number }
  | { readonly ok: false; readonly line: number; readonly message: string };

function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 40);
  return `they differ at byte ${i}:\n  recorded: …${expected.slice(from, i + 60)}\n  replayed: …${actual.slice(from, i + 60)}`;
}

/**
 * Replays a recording's text. `resolve` turns each session's recorded options into the service's
 * (loading the scenario file it names; it throws its own error when it cannot).
 */
export async function replayRecording(text: string, resolve: (options: RecordedOptions) => Promise<ServiceOptions>): Promise<ReplayResult> {
  const lines = text.split('\n');
  let ctx: { service: EcsService; clock: ServerClock; metricsDocument: (r: RunResult) => unknown } | undefined;
  let sessions = 0;
  let requests = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const n = i + 1;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { ok: false, line: n, message: 'not a JSON line' };
    }
    if (entry.format === RECORD_FORMAT) {
      ctx = { service: new EcsService(await resolve((entry.options ?? {}) as RecordedOptions)), clock: new ServerClock({ mode: 'manual' }), metricsDocument: (r) => r };
      sessions++;
      continue;
    }
    if (!ctx) return { ok: false, line: n, message: `no ${RECORD_FORMAT} header before the first request` };
    const t = entry.t;
    if (typeof t !== 'number' || typeof entry.body !== 'string' || typeof entry.status !== 'number' || typeof entry.response !== 'string') {
      return { ok: false, line: n, message: 'not a record line (t, body, status, response)' };
    }
    if (t < ctx.service.now()) return { ok: false, line: n, message: `time ${t} is before the previous request's (${ctx.service.now()})` };
    ctx.service.advanceTo(t);
    let res: WireResponse;
    let what: string;
    if (typeof entry.action === 'string' && typeof entry.region === 'string') {
      res = ctx.service.call(entry.region, entry.action, entry.body);
      what = `${entry.action} in ${entry.region}`;
    } else if (typeof entry.admin === 'string') {
      res = admin(ctx, 'POST', entry.admin, entry.body, new URLSearchParams());
      what = `/_ecsim/${entry.admin}`;
    } else {
      return { ok: false, line: n, message: 'neither an action nor an admin call' };
    }
    requests++;
    if (res.status !== entry.status) {
      return { ok: false, line: n, message: `${what} at t=${t}: recorded status ${entry.status}, replayed ${res.status} (${res.body.slice(0, 200)})` };
    }
    if (res.body !== entry.response) return { ok: false, line: n, message: `${what} at t=${t}: the response differs; ${firstDifference(entry.response, res.body)}` };
  }
  if (!ctx) return { ok: false, line: 1, message: `no ${RECORD_FORMAT} header: not a recording` };
  return { ok: true, sessions, requests };
}
