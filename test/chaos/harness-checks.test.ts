import { describe, expect, it } from 'vitest';
import { applyBrokenVariant, BrokenVariants } from './support/broken-variants.js';
import { compensationOrderProblem, doubledSteps, netEffectProblem, startedCommandsWithoutReply } from './support/invariants.js';
import type { LedgerEntry } from '../support/participant-ledger.js';
import { commandTag, isCommitQuery } from './support/postgres-wire.js';
import { checkTimerSchedule, LateToleranceMs, type TimedEvent } from './support/timer-schedule.js';

/** The checkers must see what they look for: fast checks of the harness itself, before the slow scenarios. */
const saga = '01a2016f-6d19-7234-a04a-14d8de3b3b1f';
const ledger = (...rows: Array<[string, 'effect' | 'undo']>): LedgerEntry[] => rows.map(([step, action], id) => ({ id, sagaId: saga, step, action }));
const event = (type: string, step: string | null, attempt: number | null = 1) => ({ saga_id: saga, type, step, attempt, data: null });

describe(startedCommandsWithoutReply.name, () => {
  it('reports a started command whose reply never reached the inbox', () => {
    const log = [event('StepStarted', 'reserve-inventory'), event('StepStarted', 'charge-payment')];
    const inbox = new Set([`${saga}:reserve-inventory:execute:1:reply`]);
    expect(startedCommandsWithoutReply(saga, log, inbox)).toEqual([`${saga}:charge-payment:execute:1`]);
  });

  it('counts compensation commands too', () => {
    expect(startedCommandsWithoutReply(saga, [event('CompensationStarted', 'reserve-inventory', 2)], new Set())).toEqual([
      `${saga}:reserve-inventory:compensate:2`,
    ]);
  });
});

describe(doubledSteps.name, () => {
  it('reports a second effect of the same step, even when the table kept one row', () => {
    expect(doubledSteps(ledger(['charge-payment', 'effect'], ['charge-payment', 'effect']))).toEqual(['charge-payment effect applied 2 times']);
  });

  it('accepts one effect and one undo per step', () => {
    expect(doubledSteps(ledger(['charge-payment', 'effect'], ['charge-payment', 'undo']))).toEqual([]);
  });
});

describe(compensationOrderProblem.name, () => {
  const forward = [
    event('StepStarted', 'reserve-inventory'),
    event('StepSucceeded', 'reserve-inventory'),
    event('StepStarted', 'charge-payment'),
    event('StepSucceeded', 'charge-payment'),
  ];

  it('accepts compensations in reverse order', () => {
    const log = [
      ...forward,
      event('CompensationStarted', 'charge-payment'),
      event('CompensationStarted', 'reserve-inventory'),
      event('SagaCompensated', null, null),
    ];
    expect(
      compensationOrderProblem(
        log,
        ledger(['reserve-inventory', 'effect'], ['charge-payment', 'effect'], ['charge-payment', 'undo'], ['reserve-inventory', 'undo']),
      ),
    ).toBeUndefined();
  });

  it('reports compensations in forward order in the log', () => {
    const log = [...forward, event('CompensationStarted', 'reserve-inventory'), event('CompensationStarted', 'charge-payment')];
    expect(compensationOrderProblem(log, [])).toMatch(/expected charge-payment → reserve-inventory/);
  });

  it('reports participants undoing in forward order', () => {
    const log = [...forward, event('CompensationStarted', 'charge-payment'), event('CompensationStarted', 'reserve-inventory')];
    expect(
      compensationOrderProblem(
        log,
        ledger(['reserve-inventory', 'effect'], ['charge-payment', 'effect'], ['reserve-inventory', 'undo'], ['charge-payment', 'undo']),
      ),
    ).toMatch(/participants undid/);
  });

  it('reports a succeeded step a compensated saga never undid', () => {
    const log = [...forward, event('CompensationStarted', 'charge-payment'), event('SagaCompensated', null, null)];
    expect(compensationOrderProblem(log, [])).toMatch(/reserve-inventory never compensated/);
  });
});

describe(netEffectProblem.name, () => {
  it('reports an effect left behind by a compensated saga', () => {
    expect(netEffectProblem('COMPENSATED', ledger(['reserve-inventory', 'effect']))).toMatch(/reserve-inventory=1/);
  });

  it('reports a completed saga without one effect per step', () => {
    expect(netEffectProblem('COMPLETED', ledger(['reserve-inventory', 'effect'], ['charge-payment', 'effect']))).toMatch(/create-shipment/);
  });
});

describe(applyBrokenVariant.name, () => {
  it('replaces the marker line with the broken code, keeping its indentation', () => {
    const source = ['  if (x) {', '    // chaos:no-outbox (why)', '    const messages = claim();', '  }'].join('\n');
    expect(applyBrokenVariant(source, BrokenVariants['no-outbox'])).toBe(
      ['  if (x) {', '    return 0;', '    const messages = claim();', '  }'].join('\n'),
    );
  });

  it('fails loudly when the marker is gone', () => {
    expect(() => applyBrokenVariant('const a = 1;', BrokenVariants['no-inbox'])).toThrow(/expected one "chaos:fence-dedupe" marker/);
  });
});

describe(checkTimerSchedule.name, () => {
  const at = (type: string, step: string, attempt: number, atMs: number, data: TimedEvent['data'] = null): TimedEvent => ({
    saga_id: saga,
    type,
    step,
    attempt,
    data,
    atMs,
  });

  it('accepts timers that fired when due (database clock)', () => {
    const events = [
      at('StepStarted', 'charge-payment', 1, 0),
      at('StepTimedOut', 'charge-payment', 1, 10_200, { timeoutMs: 10_000 }),
      at('StepRetryScheduled', 'charge-payment', 1, 10_200, { delayMs: 500 }),
      at('StepStarted', 'charge-payment', 2, 10_750),
    ];
    expect(checkTimerSchedule(events)).toEqual({ checked: 2, early: [], late: [] });
  });

  it('reports a step timeout that fired early and a backoff that fired late', () => {
    const events = [
      at('StepStarted', 'charge-payment', 1, 0),
      at('StepTimedOut', 'charge-payment', 1, 300, { timeoutMs: 10_000 }),
      at('CompensationRetryScheduled', 'charge-payment', 1, 1_000, { delayMs: 500 }),
      at('CompensationStarted', 'charge-payment', 2, 1_500 + LateToleranceMs + 1),
    ];
    const schedule = checkTimerSchedule(events);
    expect(schedule.early).toEqual([`saga ${saga} charge-payment attempt 1: step timeout fired after 300 ms, due after 10000 ms`]);
    expect(schedule.late).toHaveLength(1);
  });
});

describe('the local-clock broken variant', () => {
  it("interpolates the replica's clock into the timer claim", () => {
    const line = "       WHERE due_at <= now() -- due by the database clock, never a replica's (chaos:local-clock)";
    const patched = applyBrokenVariant(['`SELECT 1 FROM saga_timer', line, '       ORDER BY due_at`'].join('\n'), BrokenVariants['local-clock']);
    expect(patched.split('\n')[1]).toBe("       WHERE due_at <= '${new Date().toISOString()}'::timestamptz");
  });
});

describe('the ambiguous-commit proxy reads the PostgreSQL wire', () => {
  const message = (type: string, text: string): Buffer => {
    const body = Buffer.from(`${text}\0`, 'latin1');
    const length = Buffer.alloc(4);
    length.writeInt32BE(body.length + 4);
    return Buffer.concat([Buffer.from(type, 'latin1'), length, body]);
  };

  it('recognises a simple-protocol COMMIT, alone or behind pipelined statements, and nothing else', () => {
    expect(isCommitQuery(message('Q', 'COMMIT'))).toBe(true);
    expect(isCommitQuery(Buffer.concat([message('B', 'portal'), message('E', ''), message('S', ''), message('Q', 'COMMIT')]))).toBe(true);
    expect(isCommitQuery(message('Q', 'SELECT 1'))).toBe(false);
    expect(isCommitQuery(message('P', 'COMMIT'))).toBe(false);
    expect(isCommitQuery(Buffer.concat([message('Q', 'SELECT 1'), message('Q', 'COMMIT').subarray(0, 8)])), 'a COMMIT cut short').toBe(false);
  });

  it('reads whether the dropped answer was a commit or a rollback, after the answers of pipelined statements', () => {
    expect(commandTag(message('C', 'COMMIT'))).toBe('COMMIT');
    expect(commandTag(message('C', 'ROLLBACK'))).toBe('ROLLBACK');
    expect(commandTag(Buffer.concat([message('C', 'INSERT 0 1'), message('Z', 'T'), message('C', 'COMMIT'), message('Z', 'I')]))).toBe('COMMIT');
    expect(commandTag(Buffer.concat([message('E', 'SERROR'), message('Z', 'E'), message('C', 'ROLLBACK'), message('Z', 'I')]))).toBe('ROLLBACK');
    expect(commandTag(message('E', 'SFATAL'))).toBeUndefined();
  });
});
