import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ContentSecurityPolicy } from './content-security-policies.js';

/** Path prefixes (`/docs`, `/ui`) and the policy of everything under each. */
export type ContentSecurityPolicies = Readonly<Record<string, ContentSecurityPolicy>>;

/** helmet with `policy` as the whole Content-Security-Policy (no helmet defaults mixed in). */
function helmetWith(policy: ContentSecurityPolicy): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: policy },
    // Framing is refused outright (frame-ancestors 'none' too): the dashboard's buttons cannot be clickjacked.
    frameguard: { action: 'deny' },
    // HSTS belongs to whoever terminates TLS; over plain HTTP (the local quick start) browsers ignore it anyway.
    strictTransportSecurity: false,
  });
}

/**
 * Security headers on every response (helmet: `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, cross-origin policies …) with the
 * Content-Security-Policy of the longest matching prefix in `policies`, `fallback` elsewhere.
 */
export function securityHeaders(fallback: ContentSecurityPolicy, policies: ContentSecurityPolicies): RequestHandler {
  const byPrefix = Object.entries(policies)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, policy]) => ({ prefix, handler: helmetWith(policy) }));
  const otherwise = helmetWith(fallback);
  return (request: Request, response: Response, next: NextFunction) => {
    const path = request.path;
    const match = byPrefix.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
    (match?.handler ?? otherwise)(request, response, next);
  };
}
