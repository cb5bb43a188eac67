import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBody } from '../http/error-body.view.js';

/** Roles of `API_KEYS`, each with the rights of the ones before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call a route: anyone, or a credential holding at least that role. */
export type AccessLevel = 'anyone' | Role;

/** The credential a request was authenticated with (set by the access guard). */
export interface Principal {
  name: string;
  role: Role;
}

export const ACCESS_METADATA = 'access:level';

/**
 * Declares who may call a route (or every route of a controller), and documents it in the
 * OpenAPI document. A route without it is refused to everyone but `admin`: a route added
 * without a decision is closed, not open (see AccessGuard).
 */
export const Access = (level: AccessLevel) =>
  level === 'anyone'
    ? SetMetadata(ACCESS_METADATA, level)
    : applyDecorators(
        SetMetadata(ACCESS_METADATA, level),
        ApiBearerAuth(),
        ApiUnauthorizedResponse({ type: ErrorBody, description: 'No API key, or an unknown one (`WWW-Authenticate: Bearer`).' }),
        ApiForbiddenResponse({ type: ErrorBody, description: `The API key has a role below ${level}, or the request came from another site.` }),
      );

/** The name of the credential behind the request, recorded as the actor of operator actions. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
  return request.principal?.name ?? 'anonymous';
});
