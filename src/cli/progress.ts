// Progress on stderr for long commands, in the form the place it lands can show:
// - `bar` on a terminal: a cli-progress bar with simulated time, events, elapsed and ETA, redrawn a
//   few times a second and cleared at the end;
// - `lines` for logs (CI=true, TERM=dumb, or asked for): one plain line every ~10 s of wall time,
//   `41% · 2h46m of 6h simulated · 228,858 events · ETA 14 s`, nothing redrawn;
// - `none`: nothing (also with --quiet, and by default when stderr is a pipe or a file, so captured
//   output stays clean).
// Wall-clock time is read here only, for display: it never reaches a result.
import { Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { formatDuration } from '../scenario/duration.js';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** What `--progress auto` becomes: a bar on a capable terminal, lines in CI or on a dumb terminal, else nothing. */
export function resolveProgressMode(
  mode: ProgressMode | undefined,
  quiet: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
  isTTY: boolean = process.stderr.isTTY === true,
): 'bar' | 'lines' | 'none' {
  if (quiet) return 'none';
  if (mode !== undefined && mode !== 'auto') return mode;
  if (env.CI === 'true' || env.CI === '1') return 'lines';
  if (!isTTY) return 'none';
  return env.TERM === 'dumb' ? 'lines' : 'bar';
}

/** The `--progress` option, shared by run, compare and plan. */
export function progressOption(): Option {
  return new Option('--progress <mode>', 'bar (terminals), lines (a plain line every ~10 s, for logs), none; auto picks: bar on a terminal, lines when CI=true or TERM=dumb, none in pipes')
    .choices(['auto', 'bar', 'lines', 'none'])
    .default('auto');
}

/** `14 s`, `3 min 5 s`, `1 h 20 min`: wall time as people read it. */
export function formatWall(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

/** Remaining wall time if the rest goes as fast as what is done so far; undefined before any progress. */
function eta(done: number, total: number, elapsedMs: number): number | undefined {
  return done > 0 && total > 0 ? (elapsedMs * (total - done)) / done : undefined;
}

/** One progress line over simulated time: `41% · 2h46m of 6h simulated · 228,858 events · ETA 14 s`. */
export function simulatedLine(now: number, end: number, events: number, elapsedMs: number): string {
  const pct = end > 0 ? Math.floor((100 * now) / end) : 100;
  const left = eta(now, end, elapsedMs);
  const sim = (ms: number) => formatDuration(Math.max(0, Math.round(ms)));
  return `${pct}% · ${sim(now)} of ${sim(end)} simulated · ${events.toLocaleString('en-US')} events${left === undefined ? '' : ` · ETA ${formatWall(left)}`}`;
}

/** One progress line over runs: `3 of 8 runs · 12 s elapsed · ETA 20 s`. */
export function runsLine(done: number, total: number, elapsedMs: number): string {
  const left = eta(done, total, elapsedMs);
  return `${done} of ${total} runs · ${formatWall(elapsedMs)} elapsed${left === undefined ? '' : ` · ETA ${formatWall(left)}`}`;
}

/** Where plain lines go and what time it is; injectable so the pacing can be tested without waiting. */
export interface LineSink {
  write(line: string): void;
  now(): number;
  /** Wall ms between lines. Default 10 000. */
  everyMs?: number;
}

const stderrSink = (): LineSink => ({ write: (l) => process.stderr.write(`${l}\n`), now: () => performance.now() });

/** Calls `line(elapsed)` through `sink` at most once per interval (the first after one interval has passed). */
function paced(label: string, sink: LineSink): { tick(line: (elapsedMs: number) => string): void; elapsed(): number } {
  const start = sink.now();
  const every = sink.everyMs ?? 10_000;
  let next = start + every;
  return {
    tick(line) {
      const t = sink.now();
      if (t < next) return;
      next = t + every;
      sink.write(`${label}: ${line(t - start)}`);
    },
    elapsed: () => sink.now() - start,
  };
}

export interface Progress {
  update(now: number, end: number, events: number): void;
  stop(): void;
}

const NONE = { update: () => undefined, stop: () => undefined };

/** Progress over simulated time (`ecsim run`). */
export function simulationProgress(mode: 'bar' | 'lines' | 'none', label: string, sink: LineSink = stderrSink()): Progress {
  if (mode === 'none') return NONE;
  if (mode === 'lines') {
    const p = paced(label, sink);
    return { update: (now, end, events) => p.tick((elapsed) => simulatedLine(now, end, events, elapsed)), stop: () => undefined };
  }
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {sim} of {end} simulated | {events} events | {duration_formatted} elapsed | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(now, end, events) {
      const payload = { sim: formatDuration(Math.round(now)), end: formatDuration(Math.round(end)), events: events.toLocaleString('en-US') };
      if (!started) {
        bar.start(end, now, payload);
        started = true;
      } else bar.update(now, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Progress over finished replications (`ecsim compare`, `ecsim plan`). */
export function runsProgress(mode: 'bar' | 'lines' | 'none', label: string, sink: LineSink = stderrSink()): { update(done: number, total: number): void; stop(): void } {
  if (mode === 'none') return NONE;
  if (mode === 'lines') {
    const p = paced(label, sink);
    return { update: (done, total) => p.tick((elapsed) => runsLine(done, total, elapsed)), stop: () => undefined };
  }
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} {bar} {value}/{total} runs | {duration_formatted} elapsed | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true, barsize: 30 },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
