import { describe, expect, it } from 'vitest';
import { AuditActions } from './audit-action.js';
import { operatorAuditAction } from './operator-audit-action.mapper.js';

describe(operatorAuditAction.name, () => {
  it('records cancel, retry and resolve under their own actions', () => {
    expect(operatorAuditAction({ type: 'CancelRequested' })).toBe(AuditActions.SagaCancel);
    expect(operatorAuditAction({ type: 'RetryRequested' })).toBe(AuditActions.SagaRetry);
    expect(operatorAuditAction({ type: 'StepResolved', step: 'charge', reason: 'refunded by hand' })).toBe(AuditActions.SagaResolve);
  });

  it('refuses a trigger that is not an operator action', () => {
    expect(() => operatorAuditAction({ type: 'StartSaga', input: {} })).toThrow(/StartSaga/);
  });
});
