import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Longest header value looked at: a `Prefer` header is a handful of tokens. */
const MaxPreferLength = 1024;

/**
 * The seconds of a `wait` preference in `Prefer` header values (RFC 7240 §4.3), or undefined.
 * Preferences are comma-separated `name[=value]` with optional `;` parameters, names are
 * case-insensitive, values may be quoted; only the first `wait` counts (§2). A preference is a
 * hint: one that is not `delta-seconds` is ignored, as a server ignores what it does not
 * understand, and the request is served without waiting.
 */
export function preferredWaitSeconds(header: string | undefined): number | undefined {
  if (header === undefined || header.length > MaxPreferLength) return undefined;
  for (const preference of header.split(',')) {
    const [token = ''] = preference.split(';');
    const separator = token.indexOf('=');
    const name = (separator === -1 ? token : token.slice(0, separator)).trim().toLowerCase();
    if (name !== 'wait') continue;
    const value =
      separator === -1
        ? ''
        : token
            .slice(separator + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
  }
  return undefined;
}

/** The `Prefer: wait=<seconds>` of the request (see `preferredWaitSeconds`); undefined when absent or unusable. */
export const PreferWait = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['prefer'];
  return preferredWaitSeconds(Array.isArray(value) ? value.join(',') : value);
});
