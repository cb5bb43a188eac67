/** Words and numbers as the console prints them: the same in every page and in the client script's first paint. */

/** `850 ms`, `12.4 s`, `3 min 20 s`, `2 h 5 min`. */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
  return `${Math.floor(ms / 86_400_000)} d ${Math.round((ms % 86_400_000) / 3_600_000)} h`;
}

/** An ISO time as `2026-12-02 01:15:30 UTC`: one zone for everyone on the call. */
export const when = (iso: string | null) => (iso === null ? '–' : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);

/** `in 4.0 s` or `4.0 s ago`, relative to `now`. */
export function relative(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  return ms >= 0 ? `in ${duration(ms)}` : `${duration(-ms)} ago`;
}

/** Between two ISO times, or from one to now when the second is unset. */
export const between = (from: string | null, to: string | null, now: number) =>
  from === null ? null : (to === null ? now : Date.parse(to)) - Date.parse(from);

/** A status as a CSS class: `status-partially-rolled-back`. */
export const statusClass = (status: string) => `status status-${status.toLowerCase().replace(/_/g, '-')}`;

/** `PARTIALLY_ROLLED_BACK` as `partially rolled back`. */
export const words = (status: string) => status.toLowerCase().replace(/_/g, ' ');
