/** Plain-text tables for the console report. */
import { round } from './stats.js';

/** The first column left-aligned, the others right-aligned, two spaces apart. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

export const fmt = (v: unknown, digits = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' ? String(round(v, digits)) : String(v));
export const trio = (a: unknown, b: unknown, c: unknown) => `${fmt(a)} / ${fmt(b)} / ${fmt(c)}`;
