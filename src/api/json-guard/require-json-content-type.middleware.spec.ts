import { describe, expect, it } from 'vitest';
import { hasRequestBody, isJsonContentType } from './require-json-content-type.middleware.js';

describe(isJsonContentType.name, () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json'])('accepts %s', (value) => {
    expect(isJsonContentType(value)).toBe(true);
  });

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data'])('refuses %s', (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});

describe(hasRequestBody.name, () => {
  it('sees a body in a non-zero Content-Length or any Transfer-Encoding', () => {
    expect(hasRequestBody({ 'content-length': '12' })).toBe(true);
    expect(hasRequestBody({ 'transfer-encoding': 'chunked' })).toBe(true);
  });

  it('sees none without either, or with Content-Length 0', () => {
    expect(hasRequestBody({})).toBe(false);
    expect(hasRequestBody({ 'content-length': '0' })).toBe(false);
  });
});
