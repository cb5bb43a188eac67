import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../../infra/auth/access.decorator.js';

/** The console's two files, built with the app (`npm run build`: the stylesheet copied, the script compiled). */
const ASSETS: Record<string, string> = { 'console.css': 'text/css; charset=utf-8', 'console.js': 'text/javascript; charset=utf-8' };

/**
 * Beside this module once built (dist/saga/http/console/client/); when the app runs from its
 * sources (the e2e tests), from the last build in dist/.
 */
function assetPath(name: string): string {
  const beside = fileURLToPath(new URL(`./client/${name}`, import.meta.url));
  return existsSync(beside) ? beside : join(process.cwd(), 'dist', 'saga', 'http', 'console', 'client', name);
}

/**
 * Serves the stylesheet and the script from the app itself: no CDN, no second server, so the
 * console works offline and the content security policy can stay `'self'`. Public: they hold
 * no data. Read once, then kept in memory.
 */
@ApiExcludeController()
@Controller('console/assets')
@Access('anyone')
export class ConsoleAssetsController {
  private readonly cache = new Map<string, Buffer>();

  @Get(':name')
  asset(@Param('name') name: string, @Res() response: Response) {
    const type = ASSETS[name];
    if (!type) throw new NotFoundException(`No console asset ${name}`);
    let body = this.cache.get(name);
    if (!body) {
      const path = assetPath(name);
      if (!existsSync(path)) throw new NotFoundException(`Console asset ${name} is not built: run npm run build`);
      body = readFileSync(path);
      this.cache.set(name, body);
    }
    // Not personal data: a short cache is fine (the global rule says no-store).
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.type(type).send(body);
  }
}
