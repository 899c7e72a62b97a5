import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './event-stream-parser.js';

const stream = 'retry: 2000\n: connected\n\nevent: saga\ndata: {"id":1}\n\n: keep-alive\n\nevent: saga\ndata: line one\ndata: line two\nid: 7\n\n';
const expected = [
  { event: 'saga', data: '{"id":1}', id: null },
  { event: 'saga', data: 'line one\nline two', id: '7' },
];

describe(EventStreamParser.name, () => {
  it('reads events, skips comments, joins multi-line data', () => {
    expect(new EventStreamParser().push(stream)).toEqual(expected);
  });

  test.prop([fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 10 }), fc.boolean()])(
    'gives the same events however the stream is cut into chunks, with LF or CRLF line ends',
    (cuts, crlf) => {
      const text = crlf ? stream.replaceAll('\n', '\r\n') : stream;
      const points = [...new Set(cuts.map((cut) => Math.min(cut, text.length - 1)))].sort((a, b) => a - b);
      const parser = new EventStreamParser();
      const events = [0, ...points].flatMap((start, index) => parser.push(text.slice(start, points[index] ?? text.length)));
      expect(events).toEqual(expected);
    },
  );
});
