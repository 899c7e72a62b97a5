/** Content-Security-Policy directives, as helmet takes them. */
export type ContentSecurityPolicy = Readonly<Record<string, readonly string[]>>;

/**
 * The API answers JSON and problem+json only: nothing in a response may load, run or be framed.
 * Also the policy of every path that has no policy of its own.
 */
export const ApiContentSecurityPolicy: ContentSecurityPolicy = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI at /docs: its own scripts only (no inline script, no eval), but it sets inline
 * styles and draws icons from `data:` URLs, and calls the API ("Try it out") on this origin.
 */
export const DocsContentSecurityPolicy: ContentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};
