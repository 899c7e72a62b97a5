import type { OrderFields } from '../order-command-payload.schema.js';

/** Orders above this total are declined. */
export const MaxOrderTotal = 10_000;

/** Σ quantity × unitPrice, computed in cents so that 0.1 + 0.2 style errors cannot decide a decline. */
export function orderTotalCents(items: OrderFields['items']): number {
  return items.reduce((sum, item) => sum + item.quantity * Math.round(item.unitPrice * 100), 0);
}

/** Whether the payment provider declines an order of this total. */
export function isPaymentDeclined(totalCents: number): boolean {
  return totalCents > MaxOrderTotal * 100;
}

/** Cents as a decimal string (`12345` → `"123.45"`), exact for storage in a numeric column. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
