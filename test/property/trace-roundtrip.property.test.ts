// A generated trace round-trips through the csv format: replaying a google-2011 trace and writing
// what it replayed as csv gives a csv trace that replays to the same arrivals, and a scenario
// replaying either one gives the same results.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';
import { CSV_HEADER, csvRow } from '../../src/scenario/traces/csv.js';
import { plain, replayAll, traceDir, writeTrace } from '../helpers/trace-files.js';

const G = { CPU: 16384, MEMORY: 65536 };

const task = fc.record({
  submit: fc.integer({ min: 0, max: 3_600_000_000 }), // µs
  wait: fc.integer({ min: 0, max: 5_000_000 }),
  // under the replay's lookahead (1 h), so every lifetime is known when its task arrives
  life: fc.option(fc.integer({ min: 1, max: 3_000_000_000 }), { nil: undefined }), // undefined: never ends
  resubmitAfter: fc.option(fc.integer({ min: 1, max: 60_000_000 }), { nil: undefined }),
  cpu: fc.integer({ min: 1, max: 256 }),
  mem: fc.integer({ min: 1, max: 256 }),
});

/** google-2011 task_events for the tasks (one job each), in time order. */
type Task = typeof task extends fc.Arbitrary<infer T> ? T : never;

function google2011(tasks: Task[]): string[] {
  const rows: [number, number, string][] = [];
  let seq = 0;
  const row = (t: number, job: number, type: number, cpu = '', mem = ''): void => {
    rows.push([t, seq++, `${t},,${job},0,,${type},u,1,5,${cpu},${mem},0,0`]);
  };
  tasks.forEach((x, job) => {
    const cpu = String(x.cpu / 2048);
    const mem = String(x.mem / 4096);
    let submit = x.submit;
    for (let life = 0; life < 2; life++) {
      row(submit, job, 0, cpu, mem);
      const start = submit + x.wait;
      row(start, job, 1);
      if (x.life === undefined) break;
      const end = start + x.life;
      row(end, job, life === 0 && x.resubmitAfter !== undefined ? 2 : 4);
      if (life > 0 || x.resubmitAfter === undefined) break;
      submit = end + x.resubmitAfter;
    }
  });
  return rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((r) => r[2]);
}

const scenarioText = (format: string, path: string): string => `
version: 1
name: roundtrip
seed: 3
duration: 3h
clusters:
  - name: c
    instances:
      - { count: 3, resources: { CPU: 4096, MEMORY: 8192 } }
workloads:
  - name: w
    cluster: c
    trace: { format: ${format}, path: ${JSON.stringify(path)}, start: 0s${format === 'google-2011' ? ', scale: { CPU: 16384, MEMORY: 65536 }' : ''} }
    placementStrategy: [{ type: binpack, field: memory }]
    retry: { attempts: 5, backoff: 2m }
`;

describe('trace round trip through csv', () => {
  it('replays to the same arrivals and the same run results', () => {
    const dir = traceDir();
    let n = 0;
    fc.assert(
      fc.property(fc.array(task, { minLength: 1, maxLength: 40 }), (tasks) => {
        const id = n++;
        const g = writeTrace(dir, `g${id}.csv`, google2011(tasks));
        const first = replayAll({ format: 'google-2011', path: g, scale: G, start: 0 }).arrivals;
        const c = writeTrace(dir, `c${id}.csv`, [CSV_HEADER, ...first.map((a) => csvRow({ ...a, time: a.at }))]);
        const second = replayAll({ format: 'csv', path: c, start: 0 }).arrivals;
        expect(second.map(plain)).toEqual(first.map(plain));

        const run = (format: string, path: string): unknown => {
          const file = join(dir, `s${id}-${format}.yaml`);
          writeFileSync(file, scenarioText(format, path));
          const loaded = loadScenario(scenarioText(format, path), file);
          if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
          const { traces, ...rest } = runScenario(loaded.scenario);
          expect(traces?.workloads.w?.tasks).toBe(first.filter((a) => a.at < 3 * 3_600_000).reduce((k, a) => k + a.count, 0));
          return rest;
        };
        expect(run('csv', c)).toEqual(run('google-2011', g));
      }),
      { numRuns: 25 },
    );
  });
});
