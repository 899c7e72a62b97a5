import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { SagaView, StepLogEntryView } from '../orchestration/views/saga.view.js';
import {
  ARCHIVE_FORMAT_VERSION,
  ArchiveLineTooLongError,
  InvalidArchiveLineError,
  MAX_ARCHIVE_LINE_BYTES,
  decodeArchiveLine,
  encodeArchiveLine,
  type ArchivedSaga,
} from './archive-line.codec.js';

const instant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const saga = fc.record({
  id: fc.uuid(),
  definition: fc.string({ minLength: 1, maxLength: 20 }),
  version: fc.integer({ min: 1, max: 1000 }),
  status: fc.constantFrom('COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'),
  input: fc.jsonValue(),
  output: fc.jsonValue(),
  createdAt: instant,
  updatedAt: instant,
  parentSagaId: fc.option(fc.uuid(), { nil: null }),
  parentStep: fc.option(fc.string(), { nil: null }),
  steps: fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }), { maxLength: 4 }),
}) as unknown as fc.Arbitrary<SagaView>;

const events = fc.array(
  fc.record({
    seq: fc.integer({ min: 1 }),
    type: fc.constantFrom('SagaStarted', 'StepStarted', 'StepSucceeded', 'SagaCompleted'),
    step: fc.option(fc.string(), { nil: null }),
    attempt: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    at: instant,
    data: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }), { nil: null }),
  }),
  { maxLength: 8 },
) as unknown as fc.Arbitrary<StepLogEntryView[]>;

const archived = fc.record({ formatVersion: fc.constant(ARCHIVE_FORMAT_VERSION), archivedAt: instant, saga, events }) as fc.Arbitrary<ArchivedSaga>;

/** The record as JSON carries it (what a reader of the API got too). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('archive line codec', () => {
  test.prop([archived])('reads back every saga it writes, as one line ending in a newline', (record) => {
    const line = encodeArchiveLine(record).toString('utf8');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(decodeArchiveLine(line.slice(0, -1))).toEqual(asJson(record));
  });

  test.prop([archived, fc.oneof(fc.constant(2), fc.constant(0), fc.constant('1'), fc.constant(null))])(
    'refuses a line of another format version, naming it',
    (record, formatVersion) => {
      const line = JSON.stringify({ ...record, formatVersion });
      expect(() => decodeArchiveLine(line)).toThrow(
        new InvalidArchiveLineError(`formatVersion ${JSON.stringify(formatVersion)} is not 1, the only one this version reads`),
      );
    },
  );

  it('says what is wrong with a line that is not an archived saga', () => {
    const good = JSON.parse(
      encodeArchiveLine({
        formatVersion: 1,
        archivedAt: '2026-12-07T10:00:00.000Z',
        saga: { id: 'x', definition: 'order', createdAt: 'c' } as SagaView,
        events: [],
      }).toString(),
    ) as Record<string, unknown>;
    expect(() => decodeArchiveLine('{"formatVersion":1,')).toThrow(/^not JSON/);
    expect(() => decodeArchiveLine('[1]')).toThrow('not a JSON object');
    expect(() => decodeArchiveLine(JSON.stringify({ ...good, archivedAt: 'yesterday' }))).toThrow('archivedAt is not an ISO 8601 instant');
    expect(() => decodeArchiveLine(JSON.stringify({ ...good, saga: { id: 1 } }))).toThrow('saga is not a saga');
    expect(() => decodeArchiveLine(JSON.stringify({ ...good, events: [1] }))).toThrow('events is not an array of step-log entries');
    expect(decodeArchiveLine(JSON.stringify(good)).saga.id).toBe('x');
  });

  it('refuses to write a line longer than the bound, naming the saga', () => {
    const big = { id: 'big-one', definition: 'order', createdAt: 'c', input: 'x'.repeat(MAX_ARCHIVE_LINE_BYTES) } as unknown as SagaView;
    let refusal: unknown;
    try {
      encodeArchiveLine({ formatVersion: 1, archivedAt: '2026-12-07T10:00:00.000Z', saga: big, events: [] });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ArchiveLineTooLongError);
    expect((refusal as Error).message).toMatch(/^Saga big-one makes an archive line of \d+ bytes, more than the 33554432 /);
  });
});
