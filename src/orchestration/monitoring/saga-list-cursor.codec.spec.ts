import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors/invalid-cursor.error.js';
import { decodeSagaListCursor, encodeSagaListCursor } from './saga-list-cursor.codec.js';

const position = fc.record({
  createdAt: fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
    .chain((d) => fc.integer({ min: 0, max: 999 }).map((us) => d.toISOString().replace('Z', `${String(us).padStart(3, '0')}Z`))),
  id: fc.uuid(),
});

describe(decodeSagaListCursor.name, () => {
  test.prop([position])('decodes exactly what encodeSagaListCursor produced', (p) => {
    expect(decodeSagaListCursor(encodeSagaListCursor(p))).toEqual(p);
  });

  test.prop([fc.string()])('never throws anything but InvalidCursorError on arbitrary text', (text) => {
    try {
      decodeSagaListCursor(text);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCursorError);
    }
  });

  it('refuses garbage, well-formed JSON of the wrong shape, and injection attempts', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      '',
      'not base64!',
      b64({ createdAt: '2026-01-01T00:00:00.000000Z', id: '0190a000-0000-7000-8000-000000000000' }),
      b64(['2026-01-01', '0190a000-0000-7000-8000-000000000000']),
      b64(['2026-01-01T00:00:00.000000Z', "x' OR 1=1 --"]),
      b64(['2026-13-45T99:99:99.000000Z', '0190a000-0000-7000-8000-000000000000']),
      // Dates Date.parse rolls over but PostgreSQL refuses (they were a 500).
      b64(['2026-02-30T10:00:00.000000Z', '0190a000-0000-7000-8000-000000000000']),
      b64(['2026-01-31T24:00:00.000000Z', '0190a000-0000-7000-8000-000000000000']),
      b64(['0000-01-01T00:00:00.000000Z', '0190a000-0000-7000-8000-000000000000']),
    ]) {
      expect(() => decodeSagaListCursor(cursor), cursor).toThrow(InvalidCursorError);
    }
  });
});
