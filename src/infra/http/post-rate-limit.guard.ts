import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { SlidingWindow } from './sliding-window.js';

const MINUTE_MS = 60_000;

/**
 * At most RATE_LIMIT_PER_MINUTE POST requests per client address in any minute, all POST
 * routes together (the contract counts a client's requests, not each route's); then 429 with
 * `Retry-After` in seconds. Reads are not limited. The count is in memory, per process: with
 * several instances each counts its own. The address is the connection's (`req.ip`): behind a
 * proxy, every client would share the proxy's.
 */
@Injectable()
export class PostRateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly window: SlidingWindow;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {
    this.window = new SlidingWindow(config.RATE_LIMIT_PER_MINUTE, MINUTE_MS);
    this.sweeper = setInterval(() => this.window.sweep(Date.now()), MINUTE_MS).unref();
  }

  canActivate(context: ExecutionContext): boolean {
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0 || context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (request.method !== 'POST') return true;
    const verdict = this.window.hit(request.ip ?? request.socket.remoteAddress ?? 'unknown', Date.now());
    const response = http.getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(limit));
    if (verdict.allowed) {
      response.setHeader('RateLimit-Remaining', String(verdict.remaining));
      return true;
    }
    response.setHeader('RateLimit-Remaining', '0');
    response.setHeader('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
    throw new HttpException(`Too many requests: at most ${limit} POST requests a minute from one address`, HttpStatus.TOO_MANY_REQUESTS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
