import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiProblemException } from '../problem/api-problem.exception.js';

/** 1..200 visible ASCII characters (no spaces, no control characters). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** True for an acceptable Idempotency-Key header value. */
export function isValidIdempotencyKey(value: string): boolean {
  return IDEMPOTENCY_KEY_PATTERN.test(value);
}

/**
 * The optional `Idempotency-Key` header, validated (400 otherwise). `undefined` when absent.
 * A repeated header arrives joined with ", " and is refused by the pattern.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers;
  const value = headers['idempotency-key'];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !isValidIdempotencyKey(value)) {
    throw new ApiProblemException('invalid-header', 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.', [
      { pointer: '/idempotency-key', message: 'Expected 1..200 characters in the range 0x21-0x7E.' },
    ]);
  }
  return value;
});
