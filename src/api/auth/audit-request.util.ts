import type { RequestHeaders } from './request-credentials.util.js';
import type { AuditedEndpoint } from './audited.decorator.js';

/** The parts of the request the audit reads. */
export interface AuditRequestLike {
  headers: RequestHeaders;
  params?: Record<string, unknown>;
  body?: unknown;
}

/** Longest target recorded: a target is an id or a name, never a document. */
const MAX_TARGET_LENGTH = 200;

/** The target of a request from where its endpoint says it is; null when absent or not a string. */
export function auditTarget(endpoint: AuditedEndpoint, request: AuditRequestLike): string | null {
  const source = endpoint.target;
  if (source === undefined) return null;
  const value =
    'param' in source
      ? request.params?.[source.param]
      : typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)
        ? (request.body as Record<string, unknown>)[source.body]
        : undefined;
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TARGET_LENGTH) : null;
}

/** `409 saga-not-cancellable: <message>`: how a refusal or failure is recorded. */
export function auditDetail(status: number, problemType: string, message: string): string {
  return `${status} ${problemType}: ${message}`.slice(0, 1000);
}
