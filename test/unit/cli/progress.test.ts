// Progress: which form `--progress auto` takes where, the plain line's wording, and that lines
// come at most once per interval of wall time (the clock injected, so nothing waits).
import { describe, expect, it } from 'vitest';
import { formatWall, resolveProgressMode, runsProgress, simulatedLine, simulationProgress } from '../../../src/cli/progress.js';

describe('resolveProgressMode', () => {
  it.each([
    ['a terminal', undefined, {}, true, 'bar'],
    ['a pipe', undefined, {}, false, 'none'],
    ['CI=true, even in a pipe', undefined, { CI: 'true' }, false, 'lines'],
    ['CI=true on a terminal', 'auto', { CI: 'true' }, true, 'lines'],
    ['TERM=dumb', undefined, { TERM: 'dumb' }, true, 'lines'],
    ['--progress lines in a pipe', 'lines', {}, false, 'lines'],
    ['--progress none on a terminal', 'none', {}, true, 'none'],
    ['--progress bar with TERM=dumb', 'bar', { TERM: 'dumb' }, true, 'bar'],
  ] as const)('%s → %s', (_, mode, env, tty, want) => {
    expect(resolveProgressMode(mode, false, env, tty)).toBe(want);
  });

  it('--quiet is none whatever else', () => {
    expect(resolveProgressMode('lines', true, { CI: 'true' }, true)).toBe('none');
  });
});

describe('plain lines', () => {
  it('read as in the issue', () => {
    // 2h46m of 6h is 46%; the ETA extrapolates the wall time so far (9.8 s for 46%)
    expect(simulatedLine(9_960_000, 21_600_000, 228_858, 9_800)).toBe('46% · 2h46m of 6h simulated · 228,858 events · ETA 11 s');
    expect(simulatedLine(0, 21_600_000, 0, 10)).toBe('0% · 0s of 6h simulated · 0 events');
  });

  it('wall time in seconds, minutes, hours', () => {
    expect([formatWall(14_200), formatWall(185_000), formatWall(4_800_000), formatWall(7_200_000)]).toEqual(['14 s', '3 min 5 s', '1 h 20 min', '2 h']);
  });

  it('at most one line per interval, labelled', () => {
    let t = 0;
    const lines: string[] = [];
    const p = simulationProgress('lines', 'big', { write: (l) => lines.push(l), now: () => t, everyMs: 10_000 });
    for (let i = 1; i <= 50; i++) {
      t = i * 1000; // one wall second per update
      p.update(i * 60_000, 3_000_000, i * 100);
    }
    p.stop();
    expect(lines).toEqual([
      'big: 20% · 10m of 50m simulated · 1,000 events · ETA 40 s',
      'big: 40% · 20m of 50m simulated · 2,000 events · ETA 30 s',
      'big: 60% · 30m of 50m simulated · 3,000 events · ETA 20 s',
      'big: 80% · 40m of 50m simulated · 4,000 events · ETA 10 s',
      'big: 100% · 50m of 50m simulated · 5,000 events · ETA 0 s',
    ]);
  });

  it('over runs for compare and plan', () => {
    let t = 0;
    const lines: string[] = [];
    const p = runsProgress('lines', 's', { write: (l) => lines.push(l), now: () => t, everyMs: 10_000 });
    t = 12_000;
    p.update(3, 8);
    expect(lines).toEqual(['s: 3 of 8 runs · 12 s elapsed · ETA 20 s']);
  });
});
