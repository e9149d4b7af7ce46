// The table kit every text report shares: cli-table3 without colour or borders, and the number
// formats (counts, amounts, percentages, durations), so run's summary and its fleet part agree.
import Table from 'cli-table3';
import { formatDuration } from '../scenario/duration.js';

const STYLE = { head: [] as string[], border: [] as string[], compact: true };

export function table(head: string[], aligns: ('left' | 'right')[]): Table.Table {
  return new Table({ head, colAligns: aligns, style: STYLE });
}

/** 12,345 */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** An amount with up to one decimal: 12,345.6 */
export function formatAmount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** 0.4315 → 43.2% */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Milliseconds, readably: 850 ms, 31.0 s, 2m31s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 100_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(Math.round(ms / 1000) * 1000);
}
