import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { aRegistration, register, setFaults, type SagaView, waitForSaga } from '../support/sagas.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { bearer, TEST_KEYS } from '../support/test-app.js';
import { until } from '../support/until.js';
import { fitsWidth, isolatedContext, launchChromium, screenshot, signIn } from './browser-session.js';

/** The person on call's console, in Chromium, against the built server on a fresh SQLite file. */
describe('operator console in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let operator: Awaited<ReturnType<typeof isolatedContext>>;
  let page: Page;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-browser-'));
    server = await startServer(
      { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, FAULT_INJECTION: 'on', SAGA_RETRY_BASE_MS: '20', SAGA_RETRY_MAX_MS: '100', SAGA_POLL_INTERVAL_MS: '20', LOG_LEVEL: 'warn' },
      join(dir, 'server.log'),
    );
    browser = await launchChromium();
    operator = await isolatedContext(browser, server.url);
    page = await signIn(operator.context, server.url, TEST_KEYS.operator);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.kill('SIGTERM');
  });

  /** A saga whose refund keeps failing: PARTIALLY_ROLLED_BACK with an open incident. */
  async function partiallyRolledBack(): Promise<SagaView> {
    const body = aRegistration();
    await setFaults(server.http, [
      { operation: 'notifications.send', mode: 'error', message: 'SMTP connection timeout', email: body.email },
      { operation: 'payments.refund', mode: 'error', message: 'Gateway unavailable', email: body.email },
    ]);
    const saga = await waitForSaga(server.http, (await register(server.http, body)).sagaId);
    await setFaults(server.http, []);
    expect(saga.status).toBe('PARTIALLY_ROLLED_BACK');
    return saga;
  }

  const statusOf = (p: Page) => p.getByTestId('saga-status').textContent();

  it('signs in with the keyboard and lists the sagas with counts per status', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sagas');
    expect(await page.getByText('test-operator', { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('list', { name: 'Sagas per status' }).isVisible()).toBe(true);
    // The first Tab reaches the skip link: the page starts where a keyboard user expects.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  });

  it('filters the list by status and by a customer e-mail, with labelled controls', async () => {
    const declined = aRegistration({ paymentMethod: 'pm_card_chargeDeclined' });
    const completed = aRegistration();
    await register(server.http, declined, { Prefer: 'wait=10' });
    await register(server.http, completed, { Prefer: 'wait=10' });
    await page.goto(`${server.url}/console`);
    await page.getByLabel('Status', { exact: true }).selectOption('ROLLED_BACK');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=ROLLED_BACK/);
    const statuses = await page.locator('table.sagas tbody td[data-label="Status"] .status').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['rolled back']));

    await page.goto(`${server.url}/console`);
    await page.getByLabel('Customer e-mail').fill(completed.email);
    await page.getByLabel('Customer e-mail').press('Enter');
    await page.waitForURL(/email=/);
    expect(await page.locator('table.sagas tbody tr').count()).toBe(1);
    expect(await page.locator('table.sagas tbody').textContent()).toContain(completed.email);
    await page.goto(`${server.url}/console`);
    await screenshot(page, 'console-list');
  });

  it('opens a partially rolled back saga, shows its effect in place, retries it and follows it to ROLLED_BACK', async () => {
    const saga = await partiallyRolledBack();
    await page.goto(`${server.url}/console/sagas/${saga.sagaId}`);
    expect(await statusOf(page)).toBe('partially rolled back');
    const incident = page.getByRole('article', { name: new RegExp(`Incident ${saga.incidentId}`) });
    expect(await incident.getByRole('list').first().textContent()).toMatch(/Transaction .* \(99\.99 USD\) was not refunded/);
    expect(await page.getByText('Gateway unavailable').count()).toBeGreaterThan(0);
    expect(await page.locator('.step .compensation').first().textContent()).toContain('Undo');
    await screenshot(page, 'console-timeline');

    await page.getByLabel('Note for the history (what was fixed)').fill('gateway is back');
    await page.getByRole('button', { name: 'Retry the given-up compensations' }).click();
    await page.waitForURL(/done=retried/);
    // No reload by the test: the page follows the unfinished saga by itself.
    await until('the page shows ROLLED_BACK', async () => (await statusOf(page)) === 'rolled back', 20_000);
    expect(await page.locator('table.history').textContent()).toContain('CompensationRetryRequested');
    expect(await page.locator('table.history td[data-label="Who"]').allTextContents()).toContain('test-operator');
    expect((await waitForSaga(server.http, saga.sagaId)).status).toBe('ROLLED_BACK');
  });

  it('resolves an incident from the queue with a note, recorded with the operator', async () => {
    const saga = await partiallyRolledBack();
    await page.goto(`${server.url}/console/incidents`);
    const incident = page.getByRole('article', { name: new RegExp(`Incident ${saga.incidentId}`) });
    expect(await incident.textContent()).toContain('was not refunded');
    await screenshot(page, 'console-incidents');
    await incident.getByLabel('What was done by hand').fill('refunded by hand in the dashboard');
    await incident.getByRole('button', { name: 'Resolve by hand' }).click();
    await page.waitForURL(/done=resolved/);
    expect(await page.getByRole('status').textContent()).toContain('Incident resolved');
    expect(await page.getByRole('article', { name: new RegExp(`Incident ${saga.incidentId}`) }).count()).toBe(0);
    const resolved = (await server.http.get(`/incidents/${saga.incidentId}`).expect(200)).body;
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedBy: 'test-operator', note: 'refunded by hand in the dashboard' });
  });

  it('offers a viewer no action at all', async () => {
    const saga = await partiallyRolledBack();
    const viewer = await isolatedContext(browser, server.url);
    try {
      const viewerPage = await signIn(viewer.context, server.url, TEST_KEYS.viewer);
      for (const path of [`/console/sagas/${saga.sagaId}`, '/console/incidents']) {
        await viewerPage.goto(`${server.url}${path}`);
        expect(await viewerPage.getByRole('button', { name: /retry|resolve|cancel/i }).count()).toBe(0);
        expect(await viewerPage.getByRole('textbox').count()).toBe(0);
      }
      expect(await viewerPage.getByText(saga.incidentId!).count()).toBeGreaterThan(0);
      expect(viewer.escaped).toEqual([]);
    } finally {
      await viewer.context.close();
    }
  });

  it('renders an account-closure saga from its definition: the pivot marked, no undo past it', async () => {
    const registered = await register(server.http, aRegistration(), { Prefer: 'wait=10' });
    const closure = await server.http.post(`/users/${registered.userId}/closure`).set('Authorization', bearer('operator')).set('Prefer', 'wait=10').send({ reason: 'asked by the customer' });
    expect(closure.body.status).toBe('COMPLETED');
    await page.goto(`${server.url}/console/sagas/${closure.body.sagaId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('account-closure');
    const pivot = page.locator('.step.pivot');
    expect(await pivot.count()).toBe(1);
    expect(await pivot.getByRole('heading').textContent()).toContain('refund-payment');
    expect(await page.getByRole('listitem', { name: /delete-account/ }).textContent()).toContain('past the pivot');
    expect(await page.locator('dl.fields').textContent()).toContain('asked by the customer');
  });

  it('is readable at 1280 px and on a phone, with no sideways scrolling', async () => {
    const saga = await partiallyRolledBack();
    const phone = await isolatedContext(browser, server.url, { width: 390, height: 844 });
    try {
      const phonePage = await signIn(phone.context, server.url, TEST_KEYS.operator);
      for (const path of ['/console', `/console/sagas/${saga.sagaId}`, '/console/incidents']) {
        await page.goto(`${server.url}${path}`);
        expect([path, await fitsWidth(page)]).toEqual([path, true]);
        await phonePage.goto(`${server.url}${path}`);
        expect([path, await fitsWidth(phonePage)]).toEqual([path, true]);
      }
      expect(await phonePage.getByRole('button', { name: 'Retry the saga' }).first().isVisible()).toBe(true);
    } finally {
      await phone.context.close();
    }
  });

  it('sent no request anywhere but the server on 127.0.0.1, and broke no content security policy', () => {
    expect(operator.requested.length).toBeGreaterThan(10);
    expect(operator.escaped).toEqual([]);
    expect(operator.requested.every((url) => url.startsWith(`${server.url}/console`))).toBe(true);
    expect(operator.cspViolations).toEqual([]);
  });
});
