// A progress bar on stderr for long runs, only when stderr is a terminal (never in pipes, files or
// CI logs, so captured output stays clean). Draws at most a few times a second (cli-progress).
import { Presets, SingleBar } from 'cli-progress';
import { formatDuration } from '../scenario/duration.js';

export interface Progress {
  update(now: number, end: number, events: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar over simulated time, or a no-op when `enabled` is false or stderr is no TTY. */
export function progressBar(enabled: boolean, label: string): Progress {
  if (!enabled || !process.stderr.isTTY) return NONE;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {sim} simulated | {events} events`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(now, end, events) {
      const payload = { sim: formatDuration(Math.round(now)), events: events.toLocaleString('en-US') };
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
