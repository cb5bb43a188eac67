import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with nothing of its own going out (flags checked on this machine). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * A browser context that may reach the server under test only: every request is recorded, and
 * one for any other host is aborted and kept in `escaped` (a CDN, an outside font, a tracker).
 * Content security policy violations the page reports are kept in `cspViolations`.
 */
export async function isolatedContext(browser: Browser, serverUrl: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const requested: string[] = [];
  const escaped: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).hostname !== '127.0.0.1') {
      escaped.push(url);
      return route.abort();
    }
    return route.continue();
  });
  context.on('page', (page) => watchPage(page, cspViolations));
  return { context, requested, escaped, cspViolations };
}

function watchPage(page: Page, cspViolations: string[]): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  // The console's actions ask before they act: the person says yes.
  page.on('dialog', (dialog) => void dialog.accept());
}

/** Signs in through the form with the keyboard only, as someone without a mouse would. */
export async function signIn(context: BrowserContext, serverUrl: string, secret: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/console`);
  await page.getByLabel('API key secret').focus();
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${serverUrl}/console`);
  return page;
}

/** Saves a screenshot into `SCREENSHOT_DIR` (the README's pictures: `npm run screenshots`), when set. */
export async function screenshot(page: Page, name: string, maxHeight = 1400): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const height = Math.min(maxHeight, await page.evaluate(() => document.documentElement.scrollHeight));
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height } });
}

/** Whether the page fits its viewport's width (no sideways scrolling). */
export const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
