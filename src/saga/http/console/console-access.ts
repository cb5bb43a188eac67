import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Principal, type Role, ROLES } from '../../../infra/auth/access.decorator.js';
import { readCookie, SESSION_COOKIE } from './console-cookie.js';
import { type ConsoleSession, ConsoleSessions } from './console-sessions.js';

const CONSOLE_ROLE = 'console:role';

/** The role a console page or action needs; the session cookie, not a bearer key, proves it. */
export const ConsoleAccess = (role: Role) => SetMetadata(CONSOLE_ROLE, role);

/** No valid session: the console filter sends a browser to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly why: 'none' | 'expired') {
    super(why === 'none' ? 'Sign in to use the console' : 'Your session has ended: sign in again');
  }
}

export type ConsoleRequest = Request & { principal?: Principal; consoleSession?: ConsoleSession };

/**
 * The console's door, after the global AccessGuard (which already refused cross-site writes;
 * console routes are `@Access('anyone')` there, since a browser sends no bearer key). It admits a
 * valid session cookie holding at least the route's role, sets `request.principal` so `@Actor()`
 * records the key's name exactly as the API does, and on every POST requires the session's CSRF
 * token in the form.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const cookie = readCookie(request, SESSION_COOKIE);
    const session = this.sessions.verify(cookie);
    if (!session) throw new SignInRequired(cookie === undefined ? 'none' : 'expired');
    request.consoleSession = session;
    const role = this.reflector.getAllAndOverride<Role | undefined>(CONSOLE_ROLE, [context.getHandler(), context.getClass()]) ?? 'admin';
    if (request.method === 'POST' && !this.sessions.csrfMatches(session, (request.body as Record<string, unknown> | undefined)?._csrf)) {
      throw new ForbiddenException('This form is stale or did not come from the console (its CSRF token is missing or wrong): reload the page and try again');
    }
    if (ROLES.indexOf(session.role) < ROLES.indexOf(role)) {
      throw new ForbiddenException(`This needs the ${role} role; you are signed in as ${session.name}, a ${session.role}`);
    }
    request.principal = { name: session.name, role: session.role };
    return true;
  }
}
