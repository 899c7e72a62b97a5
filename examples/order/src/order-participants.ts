/**
 * Names the order saga's definition and its participants share: participant names (queues
 * `saga.participant.<name>`) and command names. One contract per step, typed, shared.
 */
export const OrderParticipants = {
  /** Reserves stock for the order lines; releases it on compensation. */
  inventory: 'inventory',
  /** Charges the order total; refunds it on compensation. */
  payment: 'payment',
  /** Creates the shipment; cancels it on compensation. */
  shipping: 'shipping',
} as const;

/** Command (and compensation) names per participant. */
export const OrderCommands = {
  reserveInventory: 'reserve-inventory',
  releaseInventory: 'release-inventory',
  chargePayment: 'charge-payment',
  refundPayment: 'refund-payment',
  createShipment: 'create-shipment',
  cancelShipment: 'cancel-shipment',
} as const;
