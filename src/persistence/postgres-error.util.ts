/** SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set([
  /** serialization_failure */
  '40001',
  /** deadlock_detected */
  '40P01',
]);

/** Node socket errors that mean "the database is not reachable". */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The SQLSTATE or socket code of a pg error, also when TypeORM wrapped it in QueryFailedError. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate.code ?? candidate.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Serialization failure or deadlock: rerun the transaction. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

/**
 * PostgreSQL unreachable or the session lost: socket errors, SQLSTATE class 08
 * (connection exception), 57P01–57P03 (shutdown, cannot connect now), or pg's own
 * "Connection terminated" / pool timeout / `query_timeout` ("Query read timeout") messages.
 */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(message);
}
