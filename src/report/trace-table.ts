// The traces part of `ecsim run`'s summary: per trace workload and family, what was asked for,
// placed, given up and completed, then rows dropped by reason and machines a trace registered.
import Table from 'cli-table3';
import type { RunResult } from '../scenario/run-result.js';

const STYLE = { head: [] as string[], border: [] as string[], compact: true };
const n = (x: number): string => x.toLocaleString('en-US');

/** The table, or undefined when the run replayed no trace. */
export function traceTable(result: RunResult): string | undefined {
  const t = result.traces;
  if (t === undefined) return undefined;
  const parts: string[] = [];
  const tab = new Table({ head: ['trace workload', 'family', 'requested', 'placed', 'failed', 'completed'], colAligns: ['left', 'left', 'right', 'right', 'right', 'right'], style: STYLE });
  const notes: string[] = [];
  for (const [name, w] of Object.entries(t.workloads)) {
    for (const [family, c] of Object.entries(w.families)) tab.push([name, family, n(c.requested), n(c.placed), n(c.failed), n(c.completed)]);
    const dropped = Object.entries(w.dropped).map(([k, v]) => `${k} ${n(v)}`);
    notes.push(`${name} (${w.format}): ${n(w.records)} records, ${n(w.tasks)} tasks; dropped: ${dropped.length === 0 ? 'none' : dropped.join(', ')}${w.limited ? '; stopped at its limit' : ''}`);
    if (w.memoryRaised > 0) notes.push(`  ${n(w.memoryRaised)} tasks asked for less than 4 MiB and were given ECS's minimum`);
    if (w.lifetimesLate.ranLong > 0) notes.push(`  ${n(w.lifetimesLate.ranLong)} tasks learned their end only after it was due (beyond the replay's lookahead) and ran long`);
  }
  if (tab.length > 0) parts.push(tab.toString());
  for (const [group, m] of Object.entries(t.machines)) {
    const dropped = Object.entries(m.dropped).map(([k, v]) => `${k} ${n(v)}`);
    notes.push(`machines ${group} (${m.format}): ${n(m.registered)} registered, ${n(m.deregistered)} deregistered, ${n(m.active)} at the end${dropped.length === 0 ? '' : `; dropped: ${dropped.join(', ')}`}`);
  }
  parts.push(notes.join('\n'));
  return parts.join('\n');
}
