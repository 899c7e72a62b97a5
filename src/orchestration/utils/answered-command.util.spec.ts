import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { commandMessageId } from '@saga-coordinator/contracts';
import { answeredCommand } from './answered-command.util.js';

const replyFields = fc.record({
  sagaId: fc.uuid(),
  step: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  kind: fc.constantFrom('execute' as const, 'compensate' as const),
  attempt: fc.integer({ min: 1, max: 50 }),
});

describe(answeredCommand.name, () => {
  test.prop([replyFields])('is the id the coordinator gave the command the reply answers', (reply) => {
    expect(answeredCommand(reply)).toBe(commandMessageId(reply.sagaId, reply.step, reply.kind, reply.attempt));
  });

  test.prop([replyFields, replyFields])('never names the same command for replies to different commands', (a, b) => {
    const same = a.sagaId === b.sagaId && a.step === b.step && a.kind === b.kind && a.attempt === b.attempt;
    expect(answeredCommand(a) === answeredCommand(b)).toBe(same);
  });
});
