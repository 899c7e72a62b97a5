import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../orchestration/webhooks/network-address.rule.js';
import { checkWebhookTarget, hostOf, type WebhookTargetPolicy } from '../orchestration/webhooks/webhook-target.rule.js';

/** Bytes of a receiver's answer that are read (and recorded); the rest is not downloaded. */
export const MaxResponseBytes = 4096;

/** One POST to send. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the receiver did: `statusCode` null when no answer came (refused, timed out, blocked). */
export interface WebhookResponse {
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly responseBody: string | null;
}

/**
 * POSTs one webhook with the guards of docs/webhooks.md: the URL is checked against the policy
 * again, the host is resolved here and every resolved address must be public (unless private
 * networks are allowed) and the connection goes to exactly that checked address, so DNS cannot
 * be rebound between check and connect; no redirect is followed (a 3xx is a failure); the whole
 * exchange is bounded by `timeoutMs` and at most `MaxResponseBytes` of the answer are read.
 */
/** Resolves a host name to all its addresses (`dns.lookup` with `all: true`); replaceable in tests to play a rebinding DNS. */
export type ResolveHost = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const resolveWithSystemDns: ResolveHost = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

export async function sendWebhook(
  request: WebhookRequest,
  policy: WebhookTargetPolicy,
  timeoutMs: number,
  resolveHost: ResolveHost = resolveWithSystemDns,
): Promise<WebhookResponse> {
  const target = checkWebhookTarget(request.url, policy);
  if (!target.ok) return failure(`target refused: ${target.reason}`);
  const host = hostOf(target.url);
  if (isIP(host) !== 0 && !policy.allowPrivateNetworks && !isPublicAddress(host)) return failure(`target refused: ${host} is not a public address`);

  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    const finish = (response: WebhookResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(
      target.url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body).toString() },
        lookup: guardedLookup(policy.allowPrivateNetworks, resolveHost),
        // A fresh connection each time: a pooled socket would skip the address check.
        agent: false,
      },
      (incoming) => void readBounded(incoming).then((body) => finish(toResponse(incoming.statusCode ?? 0, body))),
    );
    const timer = setTimeout(() => {
      finish(failure(`timed out after ${timeoutMs} ms`));
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish(failure(describeError(error))));
    outgoing.end(request.body);
  });
}

function toResponse(statusCode: number, body: string): WebhookResponse {
  const succeeded = statusCode >= 200 && statusCode < 300;
  const error = succeeded ? null : statusCode >= 300 && statusCode < 400 ? `redirect not followed (HTTP ${statusCode})` : `HTTP ${statusCode}`;
  return { succeeded, statusCode, error, responseBody: body === '' ? null : body };
}

function failure(error: string): WebhookResponse {
  return { succeeded: false, statusCode: null, error, responseBody: null };
}

/** Reads at most `MaxResponseBytes` of the answer, then hangs up. */
function readBounded(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks).subarray(0, MaxResponseBytes).toString('utf8'));
    incoming.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MaxResponseBytes) {
        done();
        incoming.destroy();
      }
    });
    incoming.on('end', done);
    incoming.on('error', done);
    incoming.on('close', done);
  });
}

/** DNS resolution that refuses non-public addresses (unless allowed): the socket connects only to an address that passed. */
function guardedLookup(allowPrivateNetworks: boolean, resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = allowPrivateNetworks ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (blocked) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${blocked.address}, not a public address`);
        refusal.code = 'EWEBHOOKBLOCKED';
        return callback(refusal, '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function describeError(error: NodeJS.ErrnoException): string {
  if (error.code === 'EWEBHOOKBLOCKED') return `target refused: ${error.message}`;
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'ENOTFOUND') return `host not found (${error.message})`;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
