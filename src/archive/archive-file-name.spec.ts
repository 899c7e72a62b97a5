import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isArchiveFileName, nextArchiveFileName, temporaryNameOf } from './archive-file-name.js';

const when = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });

describe('archive file names', () => {
  test.prop([when, when])('sort as the times the files were begun', (a, b) => {
    const [first, second] = [nextArchiveFileName(a), nextArchiveFileName(b)];
    if (a.getTime() < b.getTime()) expect(first < second).toBe(true);
    if (a.getTime() > b.getTime()) expect(first > second).toBe(true);
  });

  it('sort in the order one process began them within the same millisecond', () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    const names = Array.from({ length: 5 }, () => nextArchiveFileName(now));
    expect([...names].sort()).toEqual(names);
  });

  test.prop([when])('are archive file names, their temporary names are not', (at) => {
    const name = nextArchiveFileName(at);
    expect(name).toMatch(/^sagas-\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}\.jsonl\.gz$/);
    expect(isArchiveFileName(name)).toBe(true);
    expect(isArchiveFileName(temporaryNameOf(name))).toBe(false);
    expect(isArchiveFileName(`${name}.tmp`)).toBe(false);
  });
});
