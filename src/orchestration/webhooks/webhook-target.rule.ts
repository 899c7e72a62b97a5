import { isIP } from 'node:net';
import { isPublicAddress } from './network-address.rule.js';

/** Where webhooks may go (from the configuration). */
export interface WebhookTargetPolicy {
  /** Host names (`*.example.com`: its subdomains); empty: any host. Lower case. */
  readonly allowedHosts: readonly string[];
  readonly allowPrivateNetworks: boolean;
  readonly allowHttp: boolean;
}

/** Longest target URL accepted. */
export const MaxWebhookUrlLength = 2048;

export type WebhookTargetCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/**
 * Whether `value` is a URL webhooks may be sent to: absolute `https:` (or `http:` when allowed),
 * no credentials or fragment, a host on the allow-list, and not an address literal outside the
 * public internet unless private networks are allowed. Host names are resolved and checked again
 * at every delivery (DNS may change after this check).
 */
export function checkWebhookTarget(value: string, policy: WebhookTargetPolicy): WebhookTargetCheck {
  if (value.length > MaxWebhookUrlLength) return refuse(`the URL is longer than ${MaxWebhookUrlLength} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('it is not an absolute URL');
  }
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return refuse(
      `the scheme must be ${policy.allowHttp ? 'https or http' : 'https (plain http needs WEBHOOK_ALLOW_HTTP=true)'}, not ${url.protocol.slice(0, -1)}`,
    );
  }
  if (url.username !== '' || url.password !== '') return refuse('it must not carry credentials (user:password@)');
  if (url.hash !== '') return refuse('it must not have a fragment (#…)');
  const host = hostOf(url);
  if (!isHostAllowed(host, policy.allowedHosts)) return refuse(`the host ${host} is not in WEBHOOK_ALLOWED_HOSTS`);
  if (isIP(host) !== 0 && !policy.allowPrivateNetworks && !isPublicAddress(host)) {
    return refuse(`the address ${host} is not public (loopback, private, link-local …): allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`);
  }
  if (host === 'localhost' && !policy.allowPrivateNetworks) return refuse('localhost is allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true');
  return { ok: true, url };
}

/** The URL's host name, lower case, IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Exact names, or `*.example.com` for any subdomain of example.com; an empty list allows any host. */
export function isHostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.length === 0) return true;
  return allowedHosts.some((allowed) => (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed));
}

function refuse(reason: string): WebhookTargetCheck {
  return { ok: false, reason };
}
