/** An epoch-milliseconds time as the API shows it: ISO 8601 in UTC, or null when unset. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
