import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isHostAllowed, type WebhookTargetPolicy } from './webhook-target.rule.js';

const strict: WebhookTargetPolicy = { allowedHosts: [], allowPrivateNetworks: false, allowHttp: false };

function reasonOf(url: string, policy: WebhookTargetPolicy = strict): string | undefined {
  const check = checkWebhookTarget(url, policy);
  return check.ok ? undefined : check.reason;
}

describe(checkWebhookTarget.name, () => {
  it('accepts an https URL on a public host', () => {
    expect(reasonOf('https://hooks.example.com/sagas?team=billing')).toBeUndefined();
  });

  it('refuses plain http unless allowed, and any other scheme always', () => {
    expect(reasonOf('http://hooks.example.com/')).toContain('WEBHOOK_ALLOW_HTTP');
    expect(reasonOf('http://hooks.example.com/', { ...strict, allowHttp: true })).toBeUndefined();
    expect(reasonOf('ftp://hooks.example.com/', { ...strict, allowHttp: true })).toContain('not ftp');
    expect(reasonOf('file:///etc/passwd')).toContain('scheme');
  });

  it('refuses what is not an absolute URL, credentials, fragments and overlong URLs', () => {
    expect(reasonOf('/relative')).toContain('absolute');
    expect(reasonOf('https://user:pw@hooks.example.com/')).toContain('credentials');
    expect(reasonOf('https://hooks.example.com/#x')).toContain('fragment');
    expect(reasonOf(`https://hooks.example.com/${'a'.repeat(2048)}`)).toContain('longer');
  });

  it.each([
    'https://127.0.0.1/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://localhost/',
  ])('refuses the non-public target %s unless private networks are allowed', (url) => {
    expect(reasonOf(url)).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
    expect(reasonOf(url, { ...strict, allowPrivateNetworks: true })).toBeUndefined();
  });

  it('refuses hosts outside a configured allow-list', () => {
    const policy = { ...strict, allowedHosts: ['hooks.example.com', '*.partner.example'] };
    expect(reasonOf('https://hooks.example.com/', policy)).toBeUndefined();
    expect(reasonOf('https://eu.partner.example/', policy)).toBeUndefined();
    expect(reasonOf('https://evil.example.com/', policy)).toContain('WEBHOOK_ALLOWED_HOSTS');
    expect(reasonOf('https://partner.example.evil.com/', policy)).toContain('WEBHOOK_ALLOWED_HOSTS');
  });
});

describe(isHostAllowed.name, () => {
  it('matches a wildcard only on whole labels', () => {
    expect(isHostAllowed('a.b.example', ['*.b.example'])).toBe(true);
    expect(isHostAllowed('ab.example', ['*.b.example'])).toBe(false);
    expect(isHostAllowed('b.example', ['*.b.example'])).toBe(false);
  });
});
