import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The policy of our HTML pages (and, harmlessly, of every JSON answer): our own scripts and styles only. */
const PAGE_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  // helmet adds it by default; the service speaks plain HTTP (TLS, if any, ends before it),
  // and on http://<host>:3000 it would send the page's own scripts to an https:// that is not there.
  upgradeInsecureRequests: null,
};

/**
 * Swagger UI's page (@nestjs/swagger's template) carries inline `<style>` blocks and `style`
 * attributes, so /docs alone also allows inline styles. Its scripts are all files of ours
 * (swagger-ui-bundle.js, swagger-ui-init.js), so scripts stay `'self'` there too.
 */
const DOCS_POLICY = { ...PAGE_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] };

const isDocsPage = (path: string) => path === '/docs' || path.startsWith('/docs/');

/**
 * helmet's headers on every response (`X-Content-Type-Options: nosniff`, frame and referrer
 * policies, a content security policy), and `Cache-Control: no-store` on everything but the
 * documentation's files: every answer of this API is live state, and most hold personal data
 * (sagas, users, payments, notifications, incidents), so no cache on the way may keep one. A
 * blanket rule, so a route added later cannot forget it.
 */
export function securityHeaders(): RequestHandler {
  // No Strict-Transport-Security: HSTS (with includeSubDomains, helmet's default) belongs to
  // whatever terminates TLS for the whole domain, not to one plain-HTTP service behind it.
  const common = { strictTransportSecurity: false, xFrameOptions: { action: 'deny' as const } };
  const pages = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: PAGE_POLICY } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  return (req: Request, res: Response, next: NextFunction) => {
    if (isDocsPage(req.path)) return docs(req, res, next);
    res.setHeader('Cache-Control', 'no-store');
    return pages(req, res, next);
  };
}
