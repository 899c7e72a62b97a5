import type { OrderFields } from '../order-command-payload.schema.js';

/** The most units of one SKU a single order line may reserve. */
export const MaxLineQuantity = 1000;

/** The first order line asking for more than the stock limit, if any. */
export function lineExceedingStock(items: OrderFields['items']): OrderFields['items'][number] | undefined {
  return items.find((item) => item.quantity > MaxLineQuantity);
}
