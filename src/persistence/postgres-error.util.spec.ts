import { describe, expect, it } from 'vitest';
import { errorCode, isConnectionError, isRetryableTransactionError } from './postgres-error.util.js';

describe(isRetryableTransactionError.name, () => {
  it('retries serialization failures and deadlocks', () => {
    expect(isRetryableTransactionError({ code: '40001' })).toBe(true);
    expect(isRetryableTransactionError({ driverError: { code: '40P01' } })).toBe(true);
  });

  it('does not retry constraint violations or unknown errors', () => {
    expect(isRetryableTransactionError({ code: '23505' })).toBe(false);
    expect(isRetryableTransactionError(new Error('boom'))).toBe(false);
  });
});

describe(isConnectionError.name, () => {
  it('recognises refused sockets, connection exceptions and admin shutdowns', () => {
    expect(isConnectionError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError({ code: '08006' })).toBe(true);
    expect(isConnectionError({ driverError: { code: '57P01' } })).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('counts a query that got no answer within query_timeout as connection loss (a silent network)', () => {
    expect(isConnectionError(new Error('Query read timeout'))).toBe(true);
  });

  it('does not mistake SQL errors for connection loss', () => {
    expect(isConnectionError({ code: '42P01' })).toBe(false);
    expect(isConnectionError(new Error('syntax error'))).toBe(false);
  });
});

describe(errorCode.name, () => {
  it('reads the code of a wrapped driver error', () => {
    expect(errorCode({ driverError: { code: '23505' } })).toBe('23505');
    expect(errorCode('not an error')).toBeUndefined();
  });
});
