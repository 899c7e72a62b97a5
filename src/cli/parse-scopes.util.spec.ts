import { describe, expect, it } from 'vitest';
import { parseScopes } from './parse-scopes.util.js';

describe(parseScopes.name, () => {
  it('reads a comma-separated list, ignoring blanks and repeats', () => {
    expect(parseScopes('sagas:start, sagas:read,,sagas:start')).toEqual(['sagas:start', 'sagas:read']);
  });

  it('names every unknown scope', () => {
    expect(() => parseScopes('sagas:start,sagas:write,admin')).toThrow(/Unknown scope\(s\): sagas:write, admin/);
  });

  it('refuses an empty list', () => {
    expect(() => parseScopes(' , ')).toThrow(/at least one scope/);
  });
});
