import { setTimeout as sleep } from 'node:timers/promises';
import { orderInput, Refusals } from '../../support/order-fixtures.js';

/** What an order of a chaos run is meant to do, and so how its saga must end. */
export const OrderKinds = {
  /** Every step succeeds: COMPLETED. */
  completes: 'completes',
  /** Inventory refuses: COMPENSATED with nothing to undo. */
  inventoryRefuses: 'inventory-refuses',
  /** Payment declines: the reservation is released. */
  paymentRefuses: 'payment-refuses',
  /** Shipping refuses: refund, then release. */
  shippingRefuses: 'shipping-refuses',
  /** Never planned at random: a scenario makes its payment answer too late (fault 19), so it is compensated. */
  paymentTimesOut: 'payment-times-out',
} as const;
export type OrderKind = (typeof OrderKinds)[keyof typeof OrderKinds];

export const ExpectedStatus: Record<OrderKind, string> = {
  completes: 'COMPLETED',
  'inventory-refuses': 'COMPENSATED',
  'payment-refuses': 'COMPENSATED',
  'shipping-refuses': 'COMPENSATED',
  'payment-times-out': 'COMPENSATED',
};

export interface PlannedOrder {
  readonly orderId: string;
  readonly kind: OrderKind;
  readonly input: ReturnType<typeof orderInput>;
}

/** A saga the API accepted (answered 2xx), possibly after retries with the same Idempotency-Key. */
export interface AcceptedSaga {
  readonly order: PlannedOrder;
  readonly sagaId: string;
  readonly attempts: number;
  /** The first attempt got no answer (connection reset) and was retried. */
  readonly retriedAfterNoAnswer: boolean;
}

/** N orders, about half completing and the rest split over the three refusals; deterministic for a seed. */
export function planOrders(count: number, random: () => number, scenario: string, onlyKind?: OrderKind): PlannedOrder[] {
  return Array.from({ length: count }, (_, index) => {
    const roll = random();
    const kind: OrderKind =
      onlyKind ?? (roll < 0.55 ? 'completes' : roll < 0.7 ? 'inventory-refuses' : roll < 0.85 ? 'payment-refuses' : 'shipping-refuses');
    const orderId = `chaos-${scenario}-${index}-${Math.floor(random() * 1e9).toString(36)}`;
    const base =
      kind === 'completes' || kind === 'payment-times-out'
        ? orderInput()
        : kind === 'inventory-refuses'
          ? Refusals.inventory()
          : kind === 'payment-refuses'
            ? Refusals.payment()
            : Refusals.shipping();
    return { orderId, kind, input: { ...base, orderId } };
  });
}

/**
 * Submits orders over HTTP with bounded concurrency. Every request carries the order id as its
 * Idempotency-Key: when a replica dies mid-request (no answer) or answers 409/5xx, the client
 * retries on whichever replica is alive, as a real client would.
 */
export async function submitOrders(
  orders: readonly PlannedOrder[],
  liveUrls: () => string[],
  { concurrency = 8, deadlineMs = 120_000 } = {},
): Promise<{ accepted: AcceptedSaga[]; refused: Array<{ order: PlannedOrder; reason: string }> }> {
  const accepted: AcceptedSaga[] = [];
  const refused: Array<{ order: PlannedOrder; reason: string }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < orders.length) {
      const order = orders[next++]!;
      const result = await submitOne(order, liveUrls, Date.now() + deadlineMs);
      if ('sagaId' in result) accepted.push(result);
      else refused.push({ order, reason: result.reason });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { accepted, refused };
}

async function submitOne(order: PlannedOrder, liveUrls: () => string[], deadline: number): Promise<AcceptedSaga | { reason: string }> {
  let retriedAfterNoAnswer = false;
  let lastReason = 'no live coordinator';
  // A hash of the whole id spreads the orders over the replicas (its length would not: ids of one run differ little).
  const spread = [...order.orderId].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 0);
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    const urls = liveUrls();
    const baseUrl = urls[(attempt + spread) % Math.max(urls.length, 1)];
    if (baseUrl === undefined) {
      await sleep(200);
      continue;
    }
    try {
      const response = await fetch(`${baseUrl}/v1/sagas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': order.orderId },
        body: JSON.stringify({ definition: 'order', input: order.input }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      if (response.ok && typeof body.id === 'string') return { order, sagaId: body.id, attempts: attempt, retriedAfterNoAnswer };
      lastReason = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 409 && response.status !== 429) return { reason: lastReason };
    } catch (error) {
      retriedAfterNoAnswer = true;
      lastReason = (error as Error).message;
    }
    await sleep(Math.min(1_000, 100 * attempt));
  }
  return { reason: `gave up: ${lastReason}` };
}
