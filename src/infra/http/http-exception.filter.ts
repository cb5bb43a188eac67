import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DatabaseUnavailableError, isDatabaseFailure } from '../database/database-unavailable.error.js';
import { DomainError, type DomainErrorKind } from '../domain-error.js';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  invalid: HttpStatus.BAD_REQUEST,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  [detail: string]: unknown;
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

/**
 * Every error leaves as `{statusCode, error, message}` (+ `code` for a DomainError); nothing
 * leaks a stack trace.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // A database that cannot commit or be reached answers 503 wherever it surfaced (a read on
    // PostgreSQL through TypeORM's API included), never a 500.
    const exception = isDatabaseFailure(thrown) ? DatabaseUnavailableError.of(thrown) : thrown;
    const body = errorBodyOf(exception);
    if (exception instanceof DatabaseUnavailableError) this.logger.error(`${exception.message} (${exception.reason})`);
    // A 5xx HttpException is thrown on purpose (an unhealthy /health): its stack says nothing.
    else if (exception instanceof HttpException && body.statusCode >= 500) this.logger.error(`${exception.name}: ${exception.message}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(body.statusCode).json(body);
  }
}

/** The status and body an exception answers as (shared with the console, which renders it as a page). */
export function errorBodyOf(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS_OF_KIND[exception.kind];
    return { statusCode, error: REASON[statusCode], message: exception.message, code: exception.code };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const details = typeof response === 'object' ? (response as Record<string, unknown>) : {};
    const message = typeof response === 'string' ? response : ((details.message as string | string[] | undefined) ?? exception.message);
    return { ...details, statusCode, error: REASON[statusCode] ?? exception.name, message };
  }
  const bodyParserError = exception as { type?: string; status?: number };
  if (typeof bodyParserError?.type === 'string' && typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
    const statusCode = bodyParserError.status;
    const message = bodyParserError.type === 'entity.too.large' ? 'Request body is larger than 100 kB' : 'Request body is not valid JSON';
    return { statusCode, error: REASON[statusCode] ?? 'Bad Request', message };
  }
  return { statusCode: 500, error: REASON[500], message: 'Internal server error' };
}
