import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ACCESS_METADATA, type AccessLevel, type Principal, ROLES } from './access.decorator.js';
import { isCrossSiteWrite } from './cross-site.js';
import { KeyRing } from './key-ring.js';

const BEARER = /^Bearer +(\S+) *$/i;
const REALM = 'Bearer realm="registration-saga"';

/**
 * Every route's door (registered as APP_GUARD): refuses cross-site writes, then lets through
 * who the route's `@Access` level admits. A route without `@Access` is admin-only, so a route
 * added without a decision is closed rather than open. Sets `request.principal` for `@Actor()`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeyRing,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    if (isCrossSiteWrite(request.method, request.headers)) {
      throw new ForbiddenException('A request from another site may not change anything');
    }
    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (level === 'anyone') return true;

    const presented = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const principal = presented === undefined ? undefined : this.keys.identify(presented);
    if (!principal) {
      // RFC 6750 section 3: say how to authenticate, and whether the token itself was the problem.
      http.getResponse<Response>().setHeader('WWW-Authenticate', presented === undefined ? REALM : `${REALM}, error="invalid_token"`);
      throw new UnauthorizedException(presented === undefined ? 'This route needs an API key: Authorization: Bearer <secret>' : 'Unknown API key');
    }
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(level)) {
      throw new ForbiddenException(`This route needs the ${level} role; the key ${principal.name} has ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }
}
