import { expect } from 'vitest';
import type { Response } from 'supertest';

const PROBLEM_FIELDS = ['type', 'title', 'status', 'detail', 'instance', 'errors'];

/** Asserts an RFC 9457 answer: status, media type, type URI, only the documented fields, no stack trace. */
export function expectProblem(response: Response, status: number, type: string): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.type).toBe(type === 'about:blank' ? type : `urn:saga-coordinator:problem:${type}`);
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  expect(typeof response.body.instance).toBe('string');
  expect(Object.keys(response.body).filter((key) => !PROBLEM_FIELDS.includes(key))).toEqual([]);
  expect(response.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+/);
}

/** The pointers of a problem's `errors`, sorted. */
export function pointersOf(response: Response): string[] {
  return ((response.body.errors ?? []) as { pointer: string }[]).map((issue) => issue.pointer).sort();
}
