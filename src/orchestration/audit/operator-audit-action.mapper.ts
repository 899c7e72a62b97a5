import type { SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import { AuditActions, type AuditAction } from './audit-action.js';

/** Operator triggers and the audit action each records. */
const OperatorActions: Readonly<Partial<Record<SagaTrigger['type'], AuditAction>>> = {
  CancelRequested: AuditActions.SagaCancel,
  RetryRequested: AuditActions.SagaRetry,
  StepResolved: AuditActions.SagaResolve,
  SignalReceived: AuditActions.SagaSignal,
};

/** The audit action of an operator trigger. @throws Error for a trigger no operator sends (a bug). */
export function operatorAuditAction(trigger: SagaTrigger): AuditAction {
  const action = OperatorActions[trigger.type];
  if (action === undefined) throw new Error(`No audit action for the operator trigger ${trigger.type}.`);
  return action;
}
