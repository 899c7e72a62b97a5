import { ApiProblemException } from '../problem/api-problem.exception.js';
import type { HttpMiddleware } from './http-middleware.js';

const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Bytes of a body-parser size (`256kb`, `1mb`, `1024`), as body-parser's `bytes` reads it. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`Not a body size: "${limit}".`);
  return Math.floor(Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()]!);
}

/**
 * 413 at once for a body whose Content-Length is over the limit: body-parser would first read the
 * whole body through its stream pipeline and answer only after the last byte. Node discards the
 * rest of the body after the answer (closing the connection instead would cut the client off
 * mid-upload: it would see EPIPE, not the 413). A body without Content-Length (chunked) is still
 * cut off by body-parser's own limit.
 */
export function refuseOversizedBody(limitBytes: number): HttpMiddleware {
  return (request, _response, next) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      next(new ApiProblemException('payload-too-large', `The request body is ${declared} bytes; the server accepts at most ${limitBytes}.`));
      return;
    }
    next();
  };
}
