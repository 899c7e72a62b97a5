import { METHODS } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findAllowedMethods, isCatchAllRoute } from './find-allowed-methods.util.js';

/** A stand-in for an Express 5 route layer: matches one literal path. */
const route = (path: string, methods: string[]) => ({
  route: { methods: Object.fromEntries(methods.map((method) => [method, true])) },
  match: (candidate: string) => candidate === path,
});
const everyMethod = METHODS.map((method) => method.toLowerCase());

describe(findAllowedMethods.name, () => {
  const app = {
    router: {
      stack: [
        { name: 'jsonParser' },
        { route: { methods: everyMethod.reduce((all, m) => ({ ...all, [m]: true }), {}) }, match: () => true },
        route('/v1/sagas', ['post']),
        route('/v1/sagas', ['get']),
        route('/v1/definitions', ['get']),
      ],
    },
  };

  it('collects the methods of every route on the path, HEAD implied by GET', () => {
    expect(findAllowedMethods(app, '/v1/sagas')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('ignores catch-all middleware routes, so an unknown path has no methods (a 404)', () => {
    expect(findAllowedMethods(app, '/nope')).toEqual([]);
  });

  it('answers nothing for an app it cannot read', () => {
    expect(findAllowedMethods(undefined, '/v1/sagas')).toEqual([]);
  });
});

describe(isCatchAllRoute.name, () => {
  it('recognises app.all routes in both the _all and the expanded form', () => {
    expect(isCatchAllRoute({ _all: true })).toBe(true);
    expect(isCatchAllRoute(Object.fromEntries(everyMethod.map((m) => [m, true])))).toBe(true);
  });

  it('does not take a route with some methods for a catch-all', () => {
    expect(isCatchAllRoute({ get: true, post: true })).toBe(false);
  });
});
