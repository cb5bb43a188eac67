import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

const DESCRIPTION = `Registers a user as a durable saga of three steps: create the account (PENDING), charge the
registration fee to a sandbox card, send the welcome e-mail. When a step fails, the steps that succeeded
are compensated in reverse order (refund, cancel, delete the account). A compensation that keeps failing
is given up: the saga ends PARTIALLY_ROLLED_BACK and an incident names what is still in effect.

Every error answers \`{"statusCode", "error", "message", "code"?}\`. Unknown routes and ids: 404; malformed
JSON, wrong types and unknown fields: 400; bodies over 100 kB: 413. No API key or an unknown one: 401
(\`WWW-Authenticate: Bearer\`); a key without the route's role: 403. More POST requests from one address
than \`RATE_LIMIT_PER_MINUTE\`: 429 with \`Retry-After\`.`;

/** The package version, so the document says which build it describes. */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The OpenAPI document built from the controllers' decorators: UI at /docs, JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Registration saga service')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A secret of API_KEYS. Routes marked with a lock need a viewer, operator or admin key.' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
