import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Fault injection for the chaos suite (fault rows 18 and 19 of RELIABILITY.md), off unless the
 * environment sets it. Matching is by a marker in the order id, so a run can fault a few
 * chosen sagas and leave the rest alone.
 *
 * - `PAYMENT_FAULT_REFUND_FAILURES=N`: every refund throws on its first N deliveries per saga
 *   (a technical error the coordinator retries), then succeeds.
 * - `PAYMENT_FAULT_REFUND_ALWAYS_FAILS_FOR=marker`: refunds of orders whose id contains the
 *   marker always throw (the compensation budget runs out: COMPENSATION_FAILED).
 * - `PAYMENT_FAULT_SLOW_CHARGE_FOR=marker` and `PAYMENT_FAULT_SLOW_CHARGE_MS`: the first charge
 *   attempt of those orders holds its transaction that long before it commits (a reply that
 *   arrives after the step timed out).
 */
export interface PaymentFaults {
  readonly refundFailures: number;
  readonly refundAlwaysFailsFor?: string;
  readonly slowChargeFor?: string;
  readonly slowChargeMs: number;
}

export const NoPaymentFaults: PaymentFaults = { refundFailures: 0, slowChargeMs: 0 };

/** Reads the fault switches; throws on a value that is not a non-negative integer. */
export function readPaymentFaults(env: NodeJS.ProcessEnv = process.env): PaymentFaults {
  const count = (name: string): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return 0;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got "${raw}"`);
    return value;
  };
  const marker = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const refundAlwaysFailsFor = marker('PAYMENT_FAULT_REFUND_ALWAYS_FAILS_FOR');
  const slowChargeFor = marker('PAYMENT_FAULT_SLOW_CHARGE_FOR');
  return {
    refundFailures: count('PAYMENT_FAULT_REFUND_FAILURES'),
    slowChargeMs: count('PAYMENT_FAULT_SLOW_CHARGE_MS'),
    ...(refundAlwaysFailsFor ? { refundAlwaysFailsFor } : {}),
    ...(slowChargeFor ? { slowChargeFor } : {}),
  };
}

/** Applies the switches: call at the start of the handlers they concern. */
export class PaymentFaultInjector {
  /** Refund deliveries seen per saga (this process only: a restart "fixes" the fault). */
  private readonly refundsSeen = new Map<string, number>();

  constructor(private readonly faults: PaymentFaults) {}

  /** Throws while the refund of this saga is meant to fail. */
  beforeRefund(sagaId: string, orderId: string): void {
    const seen = (this.refundsSeen.get(sagaId) ?? 0) + 1;
    this.refundsSeen.set(sagaId, seen);
    if (this.faults.refundAlwaysFailsFor !== undefined && orderId.includes(this.faults.refundAlwaysFailsFor)) {
      throw new Error(`injected fault: the refund of order ${orderId} always fails`);
    }
    if (seen <= this.faults.refundFailures) {
      throw new Error(`injected fault: refund delivery ${seen} of ${this.faults.refundFailures} failing ones`);
    }
  }

  /** Waits inside the charge's transaction when this first attempt is meant to be slow. */
  async beforeCharge(orderId: string, attempt: number): Promise<void> {
    if (attempt === 1 && this.faults.slowChargeFor !== undefined && orderId.includes(this.faults.slowChargeFor)) {
      await sleep(this.faults.slowChargeMs);
    }
  }
}
