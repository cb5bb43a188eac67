import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { suiteApp } from './support/test-app.js';

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
/** `{sagaId}`, `{id}`, `:id` and `<sagaId>` all name a path parameter. */
const normalise = (route: string) => route.replace(/\{[^}]*\}|:[A-Za-z]+|<[^>]*>/g, '{}');

/**
 * A user's clone has the README and docs/, nothing beside the project: what they explain must be
 * there, and the API reference must cover every route the service serves.
 */
describe('documentation', () => {
  const t = suiteApp();

  it.each(DOCS)('%s points to nothing outside the project', (path) => {
    const text = read(path);
    expect(text).not.toContain('../shared');
    expect(text).not.toMatch(/(?:CONTRACT|ARCHITECTURE|FINDINGS)\.md/);
    // Every relative link leads to a file of the project.
    const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/.test(href));
    expect(links.filter((href) => !existsSync(resolve(ROOT, dirname(path), href)))).toEqual([]);
  });

  it('links the API reference and the OpenAPI UI from the README', () => {
    const readme = read('README.md');
    expect(readme).toContain('[docs/api.md](docs/api.md)');
    expect(readme).toContain('`GET /docs`');
  });

  it('docs/api.md documents every operation of the OpenAPI document', async () => {
    const { paths } = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${normalise(path)}`));
    expect(operations.length).toBeGreaterThan(10);
    const reference = normalise(read('docs/api.md'));
    // The whole path: `GET /sagas` is not documented by `GET /sagas/{}`.
    const documented = (operation: string) => new RegExp(`${operation.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w/{-])`).test(reference);
    expect(operations.filter((operation) => !documented(operation))).toEqual([]);
  });
});
