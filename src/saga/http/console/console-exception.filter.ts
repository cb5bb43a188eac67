import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DatabaseUnavailableError, isDatabaseFailure } from '../../../infra/database/database-unavailable.error.js';
import { errorBodyOf } from '../../../infra/http/http-exception.filter.js';
import { type ConsoleRequest, SignInRequired } from './console-access.js';
import { sendPage } from './render-page.js';
import { ErrorPage } from './views/error.page.js';
import { SignInPage } from './views/sign-in.page.js';

/**
 * The console's errors as pages, not JSON: no session sends a browser to sign in (303 for a
 * page, a 401 sign-in page for a form whose session ended); everything else is the API's own
 * status and message (errorBodyOf), so a 409 says exactly what POST /sagas/{id}/retry would.
 */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ConsoleRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (thrown instanceof SignInRequired) {
      const next = request.method === 'GET' ? request.originalUrl : '/console';
      if (request.method === 'GET') {
        response.redirect(303, `/console/sign-in?next=${encodeURIComponent(next)}${thrown.why === 'expired' ? '&ended=1' : ''}`);
        return;
      }
      return sendPage(response, 401, SignInPage({ message: thrown.message, next }));
    }
    const exception = isDatabaseFailure(thrown) ? DatabaseUnavailableError.of(thrown) : thrown;
    const body = errorBodyOf(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const messages = Array.isArray(body.message) ? body.message : [body.message];
    // Back to the page the form was on: the saga for its actions, the queue for a resolution.
    const back = request.method === 'GET' ? '/console' : request.path.replace(/\/incidents\/[^/]+\/resolve$/, '/incidents').replace(/\/(retry|cancel)$/, '');
    sendPage(response, body.statusCode, ErrorPage({ statusCode: body.statusCode, error: body.error, messages, session: request.consoleSession ?? null, back: consolePath(back) }));
  }
}

/** Only a console page as the way back. */
const consolePath = (path: string) => (/^\/console(\/|$)/.test(path) ? path : '/console');
