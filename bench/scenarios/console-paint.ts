/**
 * The console scenario (`npm run bench:console`): how soon the person on call sees the saga list
 * with a million sagas stored. A SQLite file prefilled with `stored` finished sagas (lib/prefill.ts),
 * the service started on it, a session cookie from the real sign-in form, then Chromium (headless,
 * the flags of the browser tests) loads GET /console three times in fresh pages; the figure is
 * each load's first-contentful-paint (the browser's own Paint Timing entry), median of 3, with
 * the server's answer time (responseEnd) beside it. The first load is the cold one: it also
 * counts the settled statuses (lib: saga-counts.ts), which later loads take from the cache.
 * Then the same for a customer's e-mail (the IDX_sagas_email_key path) and a status filter.
 */
import { chromium } from 'playwright-core';
import { freshDatabase } from '../lib/databases.js';
import { BENCH_SECRET } from '../lib/http.js';
import { waitForQuietMachine } from '../lib/meter.js';
import { startService } from '../lib/services.js';
import { log, runTag, session } from '../lib/session.js';
import { median, round } from '../lib/stats.js';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOADS = 3;

export interface PaintSample {
  firstContentfulPaintMs: number;
  responseEndMs: number;
}

export interface ConsolePaintReport {
  scenario: 'console-paint';
  stored: number;
  pages: Record<string, { samples: PaintSample[]; medianFcpMs: number | null; medianResponseEndMs: number | null }>;
}

export async function consolePaint(stored: number): Promise<ConsolePaintReport> {
  const database = await freshDatabase('sqlite', stored);
  const server = await startService(database, { label: 'console-paint' });
  const base = `http://127.0.0.1:${session.options.port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const signIn = await fetch(`${base}/console/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret: BENCH_SECRET, next: '/console' }),
      redirect: 'manual',
    });
    const cookie = /^console_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`console sign-in answered ${signIn.status} without a session cookie`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'console_session', value: cookie, url: `${base}/console` }]);
    // One stored customer in the middle of the file, as lib/prefill.ts names the clones.
    const email = `stored-${String(Math.floor(stored / 2)).padStart(9, '0')}-${runTag.toLowerCase()}@example.com`;
    const pages: ConsolePaintReport['pages'] = {};
    await waitForQuietMachine();
    for (const [name, path] of [['list', '/console'], ['by e-mail', `/console?email=${encodeURIComponent(email)}`], ['by status', '/console?status=ROLLED_BACK']] as const) {
      const samples: PaintSample[] = [];
      for (let load = 0; load < LOADS; load++) {
        const page = await context.newPage();
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        const sample = await page.evaluate(
          () =>
            new Promise<{ firstContentfulPaintMs: number; responseEndMs: number }>((resolve) => {
              const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
              const done = (fcp: number) => resolve({ firstContentfulPaintMs: fcp, responseEndMs: navigation.responseEnd });
              const seen = performance.getEntriesByName('first-contentful-paint')[0];
              if (seen) return done(seen.startTime);
              new PerformanceObserver((list) => done(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
            }),
        );
        if (!(await page.locator('h1').textContent())?.includes('Sagas')) throw new Error(`${path} did not show the saga list`);
        samples.push({ firstContentfulPaintMs: round(sample.firstContentfulPaintMs, 0), responseEndMs: round(sample.responseEndMs, 0) });
        await page.close();
      }
      pages[name] = {
        samples,
        medianFcpMs: median(samples.map((s) => s.firstContentfulPaintMs)),
        medianResponseEndMs: median(samples.map((s) => s.responseEndMs)),
      };
      log(`console ${name} (${path}) with ${stored} sagas stored: first contentful paint ${samples.map((s) => s.firstContentfulPaintMs).join(', ')} ms (median ${pages[name].medianFcpMs}), response end ${samples.map((s) => s.responseEndMs).join(', ')} ms`);
    }
    const report: ConsolePaintReport = { scenario: 'console-paint', stored, pages };
    process.stdout.write(`\nconsole first contentful paint, ${stored} sagas stored (median of ${LOADS}):\n`);
    for (const [name, result] of Object.entries(pages)) process.stdout.write(`  ${name.padEnd(10)} ${result.medianFcpMs} ms (server answered by ${result.medianResponseEndMs} ms)\n`);
    return report;
  } finally {
    await browser.close();
    await server.stop();
    await database.drop();
  }
}
