import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, type Principal } from './access.decorator.js';
import { AccessGuard } from './access.guard.js';
import { KeyRing } from './key-ring.js';

const SECRETS = { viewer: 'viewer-secret-0123456789abcdef', operator: 'operator-secret-0123456789abcdef', admin: 'admin-secret-0123456789abcdef' };

class Routes {
  @Access('anyone') open() {}
  @Access('operator') act() {}
  undecided() {}
}

const guard = new AccessGuard(
  new Reflector(),
  new KeyRing(Object.entries(SECRETS).map(([role, secret]) => ({ name: `k-${role}`, role: role as Principal['role'], secret }))),
);

function call(handler: keyof Routes, headers: Record<string, string> = {}, method = 'POST') {
  const request: { method: string; headers: Record<string, string>; principal?: Principal } = { method, headers };
  const response = { headers: {} as Record<string, string>, setHeader: (name: string, value: string) => (response.headers[name] = value) };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  try {
    return { allowed: guard.canActivate(context), request, response };
  } catch (error) {
    return { error, request, response };
  }
}
const as = (role: keyof typeof SECRETS) => ({ authorization: `Bearer ${SECRETS[role]}` });

describe('AccessGuard', () => {
  it('closes a route without @Access to all but admin', () => {
    expect(call('undecided').error).toBeInstanceOf(UnauthorizedException);
    expect(call('undecided', as('operator')).error).toBeInstanceOf(ForbiddenException);
    expect(call('undecided', as('admin')).allowed).toBe(true);
  });

  it('admits a role and the roles above it, and sets the principal for @Actor()', () => {
    expect(call('act', as('viewer')).error).toBeInstanceOf(ForbiddenException);
    const operator = call('act', as('operator'));
    expect(operator.allowed).toBe(true);
    expect(operator.request.principal).toEqual({ name: 'k-operator', role: 'operator' });
    expect(call('act', as('admin')).request.principal).toEqual({ name: 'k-admin', role: 'admin' });
  });

  it('answers 401 with WWW-Authenticate, saying whether a token was sent', () => {
    expect(call('act').response.headers['WWW-Authenticate']).toBe('Bearer realm="registration-saga"');
    const wrong = call('act', { authorization: 'Bearer nope-nope-nope-nope-nope-nope' });
    expect(wrong.error).toBeInstanceOf(UnauthorizedException);
    expect(wrong.response.headers['WWW-Authenticate']).toBe('Bearer realm="registration-saga", error="invalid_token"');
  });

  it('lets anyone through an open route, but no one through any route cross-site', () => {
    expect(call('open').allowed).toBe(true);
    expect(call('open', { 'sec-fetch-site': 'cross-site' }).error).toBeInstanceOf(ForbiddenException);
    expect(call('act', { ...as('admin'), 'sec-fetch-site': 'cross-site' }).error).toBeInstanceOf(ForbiddenException);
    expect(call('open', { 'sec-fetch-site': 'cross-site' }, 'GET').allowed).toBe(true);
  });
});
