import { fc, test } from '@fast-check/vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { bodyLimitBytes, refuseOversizedBody } from './refuse-oversized-body.middleware.js';

const run = (contentLength: string | undefined, limit: number): unknown => {
  let passed: unknown = 'not called';
  const request = { headers: contentLength === undefined ? {} : { 'content-length': contentLength } } as IncomingMessage;
  refuseOversizedBody(limit)(request, {} as ServerResponse, (error?: unknown) => (passed = error));
  return passed;
};

describe(refuseOversizedBody.name, () => {
  test.prop([fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 })])(
    'refuses with 413 exactly the bodies declared over the limit',
    (length, limit) => {
      const passed = run(String(length), limit);
      if (length > limit) expect(passed).toMatchObject({ problemType: 'payload-too-large', status: 413 });
      else expect(passed).toBeUndefined();
    },
  );

  it('leaves a body without Content-Length (chunked) to the parser, which counts what it reads', () => {
    expect(run(undefined, 10)).toBeUndefined();
    expect(run('2000000', 262_144)).toBeInstanceOf(ApiProblemException);
  });
});

describe(bodyLimitBytes.name, () => {
  it('reads sizes as body-parser does (1024-based units)', () => {
    expect(bodyLimitBytes('256kb')).toBe(262_144);
    expect(bodyLimitBytes('1mb')).toBe(1_048_576);
    expect(bodyLimitBytes('1024')).toBe(1024);
    expect(bodyLimitBytes('1.5KB')).toBe(1536);
    expect(() => bodyLimitBytes('lots')).toThrow('Not a body size: "lots".');
  });
});
