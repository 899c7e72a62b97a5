import { describe, expect, it } from 'vitest';
import { isJsonContentType } from './require-json-content-type.middleware.js';

describe(isJsonContentType.name, () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json'])('accepts %s', (value) => {
    expect(isJsonContentType(value)).toBe(true);
  });

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data'])('refuses %s', (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});
