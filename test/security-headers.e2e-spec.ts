import { describe, expect, it } from '@jest/globals';
import { aRegistration, register } from './support/sagas.js';
import { suiteApp } from './support/test-app.js';

/** One CSP header as a map of directive → sources. */
const directives = (header: string | undefined) =>
  Object.fromEntries((header ?? '').split(';').filter(Boolean).map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));

describe('security headers', () => {
  const t = suiteApp();

  it('nosniff and no-store on every answer that holds personal data, errors included', async () => {
    const saga = await register(t.http, aRegistration());
    const paths = ['/sagas', `/sagas/${saga.sagaId}`, `/users/${saga.userId ?? 'x'}`, `/payments?userId=${saga.userId}`, `/notifications?userId=${saga.userId}`, '/incidents', '/no-such-route'];
    for (const path of paths) {
      const response = await t.http.get(path);
      expect([path, response.headers['x-content-type-options'], response.headers['cache-control']]).toEqual([path, 'nosniff', 'no-store']);
    }
    const posted = await t.http.post('/registrations').send(aRegistration()).expect(202);
    expect(posted.headers['cache-control']).toBe('no-store');
    expect(posted.headers['x-powered-by']).toBeUndefined();
    expect(posted.headers['x-frame-options']).toBe('DENY');
    // HSTS is for whatever terminates TLS for the domain.
    expect(posted.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves Swagger UI under a content security policy that its page and every file it loads satisfy', async () => {
    const page = await t.http.get('/docs').expect(200).expect('content-type', /text\/html/);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    // Inline styles only: @nestjs/swagger's page template has <style> blocks.
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    // No inline script (script-src 'self' would block it), and every script and stylesheet is ours.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    const assets = [...page.text.matchAll(/<(?:script|link)[^>]+(?:src|href)=["']([^"']+)["']/gi)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const file = await t.http.get(new URL(asset, 'http://localhost/docs').pathname);
      expect([asset, file.status]).toEqual([asset, 200]);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('gives every other page the strict policy, without inline styles', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    const csp = directives(json.headers['content-security-policy']);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
  });
});
