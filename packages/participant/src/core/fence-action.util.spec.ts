import { describe, expect, it } from 'vitest';
import type { CommandKind } from '@saga-coordinator/contracts';
import { decideFenceAction, stepTookEffect } from './fence-action.util.js';
import type { FenceOutcome } from './fence-outcome.js';
import type { FenceRecord } from './fence-record.js';

const row = (kind: CommandKind, outcome: FenceOutcome): FenceRecord => ({
  sagaId: 's',
  step: 'reserve',
  kind,
  messageId: `s:reserve:${kind}:1`,
  outcome,
  reply: {},
});

describe(decideFenceAction.name, () => {
  it('runs the handler of an execute the fence has never seen', () => {
    expect(decideFenceAction('execute', {})).toEqual({ type: 'run-handler' });
  });

  it('re-sends the stored reply of an execute that already committed, whatever its outcome', () => {
    const done = row('execute', 'succeeded');
    const refused = row('execute', 'failed');
    expect(decideFenceAction('execute', { execute: done })).toEqual({ type: 'resend', record: done });
    expect(decideFenceAction('execute', { execute: refused })).toEqual({ type: 'resend', record: refused });
  });

  it('refuses an execute that arrives after its compensation or tombstone', () => {
    expect(decideFenceAction('execute', { compensate: row('compensate', 'nothing-to-undo') })).toEqual({ type: 'refuse-compensated' });
    expect(decideFenceAction('execute', { execute: row('execute', 'succeeded'), compensate: row('compensate', 'compensated') })).toEqual({
      type: 'refuse-compensated',
    });
  });

  it('runs the compensation of a step that succeeded', () => {
    expect(decideFenceAction('compensate', { execute: row('execute', 'succeeded') })).toEqual({ type: 'run-handler' });
  });

  it('records a tombstone for a compensation whose step never ran or was refused', () => {
    expect(decideFenceAction('compensate', {})).toEqual({ type: 'record-nothing-to-undo' });
    expect(decideFenceAction('compensate', { execute: row('execute', 'failed') })).toEqual({ type: 'record-nothing-to-undo' });
  });

  it('re-sends the stored reply of a compensation that already committed', () => {
    const undone = row('compensate', 'compensated');
    expect(decideFenceAction('compensate', { execute: row('execute', 'succeeded'), compensate: undone })).toEqual({ type: 'resend', record: undone });
  });
});

describe(stepTookEffect.name, () => {
  it('is true only for a succeeded execute', () => {
    expect(stepTookEffect({ execute: row('execute', 'succeeded') })).toBe(true);
    expect(stepTookEffect({ execute: row('execute', 'failed') })).toBe(false);
    expect(stepTookEffect({})).toBe(false);
  });
});
