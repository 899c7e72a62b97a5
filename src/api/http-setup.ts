import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { jsonBodyParserOptions } from './json-guard/json-body-parser-options.js';
import { DefaultJsonLimits, type JsonLimits } from './json-guard/json-limits.js';
import { refuseOversizedBody, bodyLimitBytes } from './json-guard/refuse-oversized-body.middleware.js';
import { createRejectUnsafeJsonMiddleware } from './json-guard/reject-unsafe-json.middleware.js';
import { requireJsonContentType } from './json-guard/require-json-content-type.middleware.js';
import { DOCS_PATH, setupOpenApi } from './openapi/openapi-document.js';
import { ProblemDetailsFilter } from './problem/problem-details.filter.js';
import { ApiContentSecurityPolicy, DocsContentSecurityPolicy } from './security-headers/content-security-policies.js';
import { securityHeaders, type ContentSecurityPolicies } from './security-headers/security-headers.middleware.js';

export interface HttpSetupOptions {
  /** Defaults to `DefaultJsonLimits` (256kb); main.ts passes the configured `HTTP_BODY_LIMIT`. */
  jsonLimits?: JsonLimits;
  /**
   * Content-Security-Policies of other path prefixes, beside the API's and Swagger UI's: main.ts
   * passes the dashboard's (`/ui`), whose inline import map only the dashboard can hash.
   */
  contentSecurityPolicies?: ContentSecurityPolicies;
}

/**
 * Prepares the Express app for the API; call after `NestFactory.create` and before `listen`/`init`:
 * - security headers on every response (helmet), with a Content-Security-Policy per path: none
 *   may load anything on the API, Swagger UI's at /docs, and those of `contentSecurityPolicies`;
 * - 413 from the Content-Length alone, closing the connection instead of reading the body;
 * - 415 unless a body-carrying request is JSON; JSON parser with a size limit, `strict`, and a
 *   depth check on the raw bytes; then refusal of prototype keys, NUL/lone surrogates, long arrays;
 * - the one problem+json exception filter;
 * - Swagger UI at `/docs`, the document at `/docs-json`;
 * - no `X-Powered-By`.
 */
export function setupHttp(app: INestApplication, options: HttpSetupOptions = {}): void {
  const limits = options.jsonLimits ?? DefaultJsonLimits;
  const expressApp = app as NestExpressApplication;
  expressApp.disable('x-powered-by');
  expressApp.use(securityHeaders(ApiContentSecurityPolicy, { [`/${DOCS_PATH}`]: DocsContentSecurityPolicy, ...options.contentSecurityPolicies }));
  expressApp.use(refuseOversizedBody(bodyLimitBytes(limits.bodyLimit)));
  expressApp.use(requireJsonContentType);
  // Registered before init: its Express handler is named `jsonParser`, so Nest skips its default one.
  expressApp.useBodyParser('json', jsonBodyParserOptions(limits));
  expressApp.use(createRejectUnsafeJsonMiddleware(limits));
  app.useGlobalFilters(new ProblemDetailsFilter());
  setupOpenApi(app);
}
