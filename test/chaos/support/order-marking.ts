import { orderInput, Refusals } from '../../support/order-fixtures.js';
import type { OrderKind, PlannedOrder } from './saga-driver.js';

/**
 * Turns the first `count` orders from `from` on into orders of `kind` whose id carries `marker`,
 * so that a participant's fault switch (which matches the marker) faults exactly those sagas.
 */
export function markOrders(orders: readonly PlannedOrder[], from: number, count: number, kind: OrderKind, marker: string): PlannedOrder[] {
  return orders.map((order, index) => {
    if (index < from || index >= from + count) return order;
    const orderId = `${order.orderId}-${marker}`;
    const base =
      kind === 'shipping-refuses'
        ? Refusals.shipping()
        : kind === 'payment-refuses'
          ? Refusals.payment()
          : kind === 'inventory-refuses'
            ? Refusals.inventory()
            : orderInput();
    return { orderId, kind, input: { ...base, orderId } };
  });
}
