import { describe, expect, it } from 'vitest';
import { PaymentFaultInjector, readPaymentFaults } from './payment-faults.util.js';

describe('payment fault switches', () => {
  it('are off without environment', () => {
    expect(readPaymentFaults({})).toEqual({ refundFailures: 0, slowChargeMs: 0 });
  });

  it('refuse a count that is not a non-negative integer', () => {
    expect(() => readPaymentFaults({ PAYMENT_FAULT_REFUND_FAILURES: '-1' })).toThrow(
      /PAYMENT_FAULT_REFUND_FAILURES must be a non-negative integer, got "-1"/,
    );
    expect(() => readPaymentFaults({ PAYMENT_FAULT_SLOW_CHARGE_MS: '1.5' })).toThrow(/PAYMENT_FAULT_SLOW_CHARGE_MS/);
  });

  it('fail a refund N times per saga, then let it through', () => {
    const faults = new PaymentFaultInjector(readPaymentFaults({ PAYMENT_FAULT_REFUND_FAILURES: '2' }));
    expect(() => faults.beforeRefund('saga-1', 'order-1')).toThrow(/refund delivery 1 of 2/);
    expect(() => faults.beforeRefund('saga-2', 'order-2')).toThrow(/refund delivery 1 of 2/);
    expect(() => faults.beforeRefund('saga-1', 'order-1')).toThrow(/refund delivery 2 of 2/);
    expect(() => faults.beforeRefund('saga-1', 'order-1')).not.toThrow();
  });

  it('always fail the refunds of marked orders only', () => {
    const faults = new PaymentFaultInjector(readPaymentFaults({ PAYMENT_FAULT_REFUND_ALWAYS_FAILS_FOR: 'never' }));
    for (let i = 0; i < 10; i++) expect(() => faults.beforeRefund('saga-1', 'order-never-1')).toThrow(/always fails/);
    expect(() => faults.beforeRefund('saga-2', 'order-2')).not.toThrow();
  });

  it('slow only the first charge attempt of marked orders', async () => {
    const faults = new PaymentFaultInjector(readPaymentFaults({ PAYMENT_FAULT_SLOW_CHARGE_FOR: 'slow', PAYMENT_FAULT_SLOW_CHARGE_MS: '150' }));
    const took = async (orderId: string, attempt: number): Promise<number> => {
      const started = performance.now();
      await faults.beforeCharge(orderId, attempt);
      return performance.now() - started;
    };
    expect(await took('order-slow', 1)).toBeGreaterThanOrEqual(140);
    expect(await took('order-slow', 2)).toBeLessThan(100);
    expect(await took('order-fast', 1)).toBeLessThan(100);
  });
});
