/**
 * The console's only script, for what a server-rendered page cannot do alone: countdowns to the
 * next retry or deadline, the live refresh of an unfinished saga, and a confirm dialog before an
 * action. Every page works without it (forms post, links link); it adds nothing a CSP of
 * `script-src 'self'` would refuse (no inline handler, no eval).
 */

/** `4.0 s`, `3 min 20 s`: the server's wording (views/format.ts), for the countdowns. */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

function tickCountdowns(): void {
  for (const element of document.querySelectorAll<HTMLTimeElement>('time[data-countdown]')) {
    const left = Date.parse(element.dateTime) - Date.now();
    element.textContent = left >= 0 ? `in ${duration(left)}` : `due ${duration(-left)} ago`;
  }
}

/** Whether the person is writing in a form of the live part: then it is not replaced under them. */
function editing(live: Element): boolean {
  const active = document.activeElement;
  if (active && live.contains(active) && (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement)) return true;
  return [...live.querySelectorAll('textarea')].some((area) => area.value !== '');
}

/** Polls the page itself while the saga is unfinished, and swaps in its `#live` part. */
function followLive(): void {
  const live = document.getElementById('live');
  const interval = Number(live?.dataset.live);
  if (!live || !interval) return;
  const timer = window.setInterval(async () => {
    if (editing(live)) return;
    try {
      const answer = await fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('live');
      if (!fresh || editing(live)) return;
      live.replaceChildren(...fresh.childNodes);
      if (!fresh.dataset.live) {
        delete live.dataset.live;
        window.clearInterval(timer);
      }
      tickCountdowns();
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  }, interval);
}

/** A confirm dialog before a form marked `data-confirm` is sent (delegated: forms swapped in by followLive too). */
function confirmActions(): void {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

document.addEventListener('DOMContentLoaded', () => {
  tickCountdowns();
  window.setInterval(tickCountdowns, 1000);
  followLive();
  confirmActions();
});
