import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a page rendered on the server. preact escapes every text and attribute value, so a saga's
 * data (an e-mail, an error message a provider wrote) can never become markup.
 */
export function sendPage(response: Response, status: number, page: VNode): void {
  response.status(status).type('html').send(`<!doctype html>${renderToString(page)}`);
}
