import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../../../infra/auth/access.decorator.js';
import { ConsoleAccess, ConsoleGuard } from './console-access.js';
import { clearSessionCookie, setSessionCookie } from './console-cookie.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { safeNext, SignInForm, SignOutForm } from './console-forms.js';
import { ConsoleSessions } from './console-sessions.js';
import { sendPage } from './render-page.js';
import { SignInPage } from './views/sign-in.page.js';

/** Sign-in (open to anyone, as the contract's access table says) and sign-out. */
@ApiExcludeController()
@Controller('console')
@Access('anyone')
@UseFilters(ConsoleExceptionFilter)
export class ConsoleSignInController {
  constructor(private readonly sessions: ConsoleSessions) {}

  @Get('sign-in')
  page(@Query('next') next: string | undefined, @Query('ended') ended: string | undefined, @Res() response: Response) {
    sendPage(response, 200, SignInPage({ message: ended ? 'Your session has ended: sign in again' : null, next: safeNext(next) }));
  }

  /** The secret is checked as the API checks a bearer key (KeyRing, constant time) and is never stored or logged. */
  @Post('sign-in')
  @HttpCode(303)
  signIn(@Body() form: SignInForm, @Req() request: Request, @Res() response: Response) {
    const next = safeNext(form.next);
    const principal = this.sessions.identify(form.secret);
    if (!principal) {
      const message = this.sessions.configured
        ? 'That secret is not one of this service’s API keys.'
        : 'This service has no API_KEYS configured, so nobody can sign in: start it with a key (see the README, Quick start).';
      return sendPage(response, 401, SignInPage({ message, next }));
    }
    setSessionCookie(request, response, this.sessions.issue(principal.name));
    response.redirect(303, next);
  }

  @Post('sign-out')
  @ConsoleAccess('viewer')
  @UseGuards(ConsoleGuard)
  signOut(@Body() _form: SignOutForm, @Req() request: Request, @Res() response: Response) {
    clearSessionCookie(request, response);
    response.redirect(303, '/console/sign-in');
  }
}
