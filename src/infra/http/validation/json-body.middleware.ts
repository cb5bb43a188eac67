import type { IncomingMessage } from 'node:http';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { scanJsonBody } from './json-body-scan.js';

/** The one media type request bodies may have: what the JSON body parser reads. */
export const JSON_MEDIA_TYPE = 'application/json';

/** What an HTML form sends; taken only under the paths given to requireJsonBodies (the console's). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The `charset` parameter of a Content-Type, quoted or not (RFC 9110 section 5.6.6). */
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/**
 * The charset a JSON body declares, lower-cased, or null when it declares none (then it is
 * UTF-8, RFC 8259). Hand-parsed: one parameter, and the `content-type` package body-parser uses
 * is not a dependency of this project.
 */
function declaredCharset(contentType: string | undefined): string | null {
  const match = CHARSET.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]).toLowerCase() : null;
}

/**
 * 415 for a request that carries a body in another media type (a form, text, multipart, or no
 * Content-Type at all). Without it the JSON parser skips such a body and the route sees none,
 * answering "email must be an email" to a client that sent one. A request without a body (a
 * bodiless POST such as /sagas/:id/retry) passes whatever its Content-Type. A JSON body must be
 * UTF-8 too: the parser would decode UTF-16 after the raw-byte scan (refuseHostileJson), which
 * reads UTF-8, had looked at bytes that mean something else.
 */
export function requireJsonBodiesExceptFormsUnder(formPrefix: string | null) {
  // Under `formPrefix` (the operator console's `/console/`, whose pages post HTML forms) a form
  // body is taken too; everywhere else a form is still 415.
  return (request: Request, _response: Response, next: NextFunction): void => checkBody(request, formPrefix, next);
}

function checkBody(request: Request, formPrefix: string | null, next: NextFunction): void {
  const length = request.headers['content-length'];
  const chunked = request.headers['transfer-encoding'] !== undefined;
  // A chunked request without Content-Type is let through: nothing says it holds a body, and
  // the JSON parser ignores whatever it holds.
  const hasBody = (length !== undefined && length !== '0') || (chunked && request.headers['content-type'] !== undefined);
  if (!hasBody) return next();
  if (formPrefix !== null && request.path.startsWith(formPrefix) && request.is(FORM_MEDIA_TYPE)) return next();
  if (!request.is(JSON_MEDIA_TYPE)) return next(new UnsupportedMediaTypeException(`Request body must be ${JSON_MEDIA_TYPE}`));
  const charset = declaredCharset(request.headers['content-type']);
  if (charset !== null && charset !== 'utf-8') return next(new UnsupportedMediaTypeException(`Request body must be ${JSON_MEDIA_TYPE} in UTF-8, not ${charset}`));
  next();
}

/**
 * body-parser's `verify` hook: runs on the raw bytes once read (at most the 100 kB limit),
 * before they are decoded and parsed. A refusal is a 400; body-parser keeps the status of what
 * it throws.
 */
export function refuseHostileJson(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  const refusal = scanJsonBody(body);
  if (refusal) throw new BadRequestException(refusal);
}
