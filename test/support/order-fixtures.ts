import { randomUUID } from 'node:crypto';

/** An order input the example participants accept, with overrides for the failure cases. */
export function orderInput(
  overrides: {
    quantity?: number;
    unitPrice?: number;
    country?: string;
    orderId?: string;
  } = {},
) {
  return {
    orderId: overrides.orderId ?? `order-${randomUUID()}`,
    customerId: 'customer-42',
    items: [{ sku: 'SKU-1', quantity: overrides.quantity ?? 2, unitPrice: overrides.unitPrice ?? 25 }],
    shippingAddress: { country: overrides.country ?? 'DE', city: 'Berlin', line1: 'Main St 1', postalCode: '10115' },
  };
}

/** Inputs that make each participant refuse (business rules in the README). */
export const Refusals = {
  /** inventory: quantity > 1000 */
  inventory: () => orderInput({ quantity: 1001, unitPrice: 0.01 }),
  /** payment: total > 10000 */
  payment: () => orderInput({ quantity: 2, unitPrice: 6000 }),
  /** shipping: country AQ */
  shipping: () => orderInput({ country: 'AQ' }),
} as const;
