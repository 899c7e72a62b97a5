/**
 * Every kind of problem the HTTP API reports (RFC 9457 `type`), with its status and title.
 * The table is the one place that decides how a failure looks to a client.
 */
export const ProblemTypes = {
  /** The saga id names no saga. */
  'saga-not-found': { status: 404, title: 'Saga not found' },
  /** `GET /v1/definitions/{name}`: no definition with that name. */
  'definition-not-found': { status: 404, title: 'Saga definition not found' },
  /** `DELETE /v1/participants/{name}`: no announced participant with that name (never announced, or removed already). */
  'participant-not-found': { status: 404, title: 'Participant not found' },
  /** A saga to start names a definition (or version) that does not exist. */
  'unknown-definition': { status: 422, title: 'Unknown saga definition' },
  /** The saga input does not satisfy the definition's input schema; `errors` point into the body. */
  'invalid-saga-input': { status: 422, title: 'Invalid saga input' },
  /** The Idempotency-Key was used before with another body. */
  'idempotency-key-reused': { status: 422, title: 'Idempotency key reused' },
  /** The first request with this Idempotency-Key is still creating its saga; retry shortly. */
  'idempotency-key-in-progress': { status: 409, title: 'Idempotency key in progress' },
  /** The saga's definition has no step with that name. */
  'step-not-found': { status: 404, title: 'Step not found' },
  /** The saga is finished, or past its point of no return, and cannot be cancelled. */
  'saga-not-cancellable': { status: 409, title: 'Saga not cancellable' },
  /** The saga is not waiting for an operator retry. */
  'saga-not-retriable': { status: 409, title: 'Saga not retriable' },
  /** The step is not in a state an operator can resolve. */
  'step-not-resolvable': { status: 409, title: 'Step not resolvable' },
  /** No API key, or one that is malformed, unknown or revoked. Sent with `WWW-Authenticate: Bearer`. */
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  /** The API key lacks the scope the endpoint requires; `detail` names it. */
  'insufficient-scope': { status: 403, title: 'Insufficient scope' },
  /** The API key (or client address) made more requests than the rate limit allows. Sent with Retry-After. */
  'rate-limited': { status: 429, title: 'Too many requests' },
  /** The API key already has as many sagas in flight as allowed; nothing was started. Sent with Retry-After. */
  'in-flight-limit-reached': { status: 429, title: 'Too many sagas in flight' },
  /** The API key, or the replica as a whole, already holds as many live streams as allowed; `detail` says which. */
  'stream-limit-reached': { status: 429, title: 'Too many open streams' },
  /** `Prefer: wait` with too many requests waiting already (per process or per API key); nothing was started or read. Sent with Retry-After. */
  'too-many-waiters': { status: 429, title: 'Too many waiting requests' },
  /** A definition breaks the definition language; `errors` has a JSON pointer into it and a sentence per problem. */
  'invalid-definition': { status: 422, title: 'Invalid saga definition' },
  /** The body names a definition version that is registered with other content (versions are immutable). */
  'definition-version-conflict': { status: 409, title: 'Definition version conflict' },
  /** No running wait step of the saga waits for this signal. */
  'signal-not-awaited': { status: 409, title: 'Signal not awaited' },
  /** PostgreSQL does not answer; nothing changed. Sent with Retry-After. */
  'store-unavailable': { status: 503, title: 'Saga store unavailable' },
  /** The pagination cursor was not issued by this service. */
  'invalid-cursor': { status: 400, title: 'Invalid cursor' },
  /** The webhook id names no subscription. */
  'webhook-not-found': { status: 404, title: 'Webhook subscription not found' },
  /** The webhook URL breaks the target policy (scheme, allow-list, private address); `detail` says which rule. */
  'invalid-webhook-target': { status: 422, title: 'Webhook target not allowed' },
  /** As many webhook subscriptions exist as the coordinator keeps (100); delete one first. */
  'webhook-limit-reached': { status: 409, title: 'Too many webhook subscriptions' },
  /** The bulk operation id names no bulk operation. */
  'bulk-operation-not-found': { status: 404, title: 'Bulk operation not found' },
  /** The bulk filter matches more sagas than one bulk operation may act on (BULK_MAX_MATCHED_SAGAS); narrow it. */
  'bulk-too-many-sagas': { status: 422, title: 'Too many sagas for one bulk operation' },
  /** The filter matches another number of sagas than `expectedCount` (the dry run's count): nothing was started; dry-run again and confirm. */
  'bulk-count-mismatch': { status: 409, title: 'Bulk count mismatch' },
  /** The bulk operation has finished or was cancelled already. */
  'bulk-operation-not-cancellable': { status: 409, title: 'Bulk operation not cancellable' },
  /** The request body does not match the endpoint's schema; `errors` point into the body. */
  'invalid-request-body': { status: 422, title: 'Invalid request body' },
  /** A query parameter is invalid; `errors` point into the query parameter object. */
  'invalid-query-parameter': { status: 400, title: 'Invalid query parameter' },
  /** A path parameter is invalid (e.g. not a UUID); `errors` point into the path parameter object. */
  'invalid-path-parameter': { status: 400, title: 'Invalid path parameter' },
  /** A request header is invalid; `errors` point at the header by its lower-case name. */
  'invalid-header': { status: 400, title: 'Invalid header' },
  /** The body is not JSON, is truncated, or is not valid UTF-8. */
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  /** The body nests deeper than the limit. */
  'json-too-deep': { status: 400, title: 'JSON nested too deeply' },
  /** The body has a `__proto__`, `constructor` or `prototype` key. */
  'forbidden-json-key': { status: 400, title: 'Forbidden JSON key' },
  /** A string holds U+0000 or a lone surrogate, which the store cannot keep. */
  'invalid-json-string': { status: 400, title: 'Invalid string in JSON' },
  /** A number in the body is beyond the IEEE 754 double range (such as 1e400): it could only be stored altered. */
  'json-number-out-of-range': { status: 400, title: 'JSON number out of range' },
  /** An array in the body is longer than the limit. */
  'json-array-too-long': { status: 422, title: 'JSON array too long' },
  /** The body is larger than the limit. */
  'payload-too-large': { status: 413, title: 'Payload too large' },
  /** The body is not `application/json` (or uses an unsupported charset or encoding). */
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  /** No route has this path. */
  'route-not-found': { status: 404, title: 'Not found' },
  /** The path exists but not with this method; see the Allow header. */
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  /** Any other client error reported by the HTTP layer. */
  'bad-request': { status: 400, title: 'Bad request' },
  /** Something unexpected failed on the server; details are in the server log only. */
  'internal-error': { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;
export type ProblemType = keyof typeof ProblemTypes;

/** Namespace of the `type` URIs: stable identifiers, not dereferenceable addresses. */
export const PROBLEM_TYPE_URI_PREFIX = 'urn:saga-coordinator:problem:';

/** The RFC 9457 `type` URI of a problem type. */
export function problemTypeUri(type: ProblemType): string {
  return PROBLEM_TYPE_URI_PREFIX + type;
}
