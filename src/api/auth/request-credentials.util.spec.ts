import { describe, expect, it } from 'vitest';
import { clientRequestId, presentedApiKey } from './request-credentials.util.js';

describe(presentedApiKey.name, () => {
  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(presentedApiKey({ authorization: 'Bearer sk_abc_def' })).toBe('sk_abc_def');
    expect(presentedApiKey({ authorization: 'bearer   sk_abc_def ' })).toBe('sk_abc_def');
  });

  it('reads X-API-Key when there is no Authorization header', () => {
    expect(presentedApiKey({ 'x-api-key': ' sk_abc_def ' })).toBe('sk_abc_def');
  });

  it('presents an empty key for another scheme, so the caller is refused rather than treated as anonymous', () => {
    expect(presentedApiKey({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'sk_abc_def' })).toBe('');
  });

  it('presents nothing without either header', () => {
    expect(presentedApiKey({})).toBeUndefined();
    expect(presentedApiKey({ 'x-api-key': '' })).toBeUndefined();
  });
});

describe(clientRequestId.name, () => {
  it('keeps a well-formed id and refuses control characters, spaces and overlong ones', () => {
    expect(clientRequestId({ 'x-request-id': 'req-42' })).toBe('req-42');
    expect(clientRequestId({ 'x-request-id': 'a b' })).toBeUndefined();
    expect(clientRequestId({ 'x-request-id': 'x'.repeat(201) })).toBeUndefined();
    expect(clientRequestId({})).toBeUndefined();
  });
});
