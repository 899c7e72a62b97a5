import { participantSteps } from '../definition/flow.util.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../definition/validate-definition.js';
import { givenSaga } from './saga-scenario.js';
import { orderInputSchema } from './order-input.schema.js';
import { orderSagaDefinition } from './order-saga.fixture.js';

const validOrder = {
  orderId: 'o-1',
  customerId: 'c-1',
  items: [{ sku: 'sku-1', quantity: 2, unitPrice: 9.5 }],
  shippingAddress: { country: 'FR', city: 'Lyon' },
};

describe('orderSagaDefinition', () => {
  it('is a valid definition of three compensatable steps in order', () => {
    expect(validateDefinition(orderSagaDefinition)).toEqual([]);
    expect(participantSteps(orderSagaDefinition).map((s) => [s.name, s.participant, s.command, s.compensation, s.kind, s.timeoutMs])).toEqual([
      ['reserve-inventory', 'inventory', 'reserve-inventory', 'release-inventory', 'compensatable', 10_000],
      ['charge-payment', 'payment', 'charge-payment', 'refund-payment', 'compensatable', 10_000],
      ['create-shipment', 'shipping', 'create-shipment', 'cancel-shipment', 'compensatable', 10_000],
    ]);
    expect(orderSagaDefinition).toMatchObject({ name: 'order', version: 1 });
  });

  it('refunds the payment, then releases the inventory, when shipping refuses', () => {
    givenSaga(orderSagaDefinition)
      .startedWith(validOrder)
      .whenStepSucceeds('reserve-inventory', { reservationId: 'r-1' })
      .whenStepSucceeds('charge-payment', { paymentId: 'p-1' })
      .whenStepFails('create-shipment', { code: 'country-refused', message: 'We do not ship to AQ' })
      .expectCommand({ step: 'charge-payment', kind: 'compensate', attempt: 1, payload: { input: validOrder, output: { paymentId: 'p-1' } } })
      .whenCompensated('charge-payment')
      .whenCompensated('reserve-inventory')
      .expectStatus('COMPENSATED')
      .expectCompensationOrder(['charge-payment', 'reserve-inventory']);
  });
});

describe('orderInputSchema', () => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  const validate = ajv.compile(orderInputSchema);

  it('accepts a well-formed order', () => {
    expect(validate(validOrder)).toBe(true);
  });

  it.each([
    ['an extra top-level field', { ...validOrder, extra: 1 }],
    ['an extra item field', { ...validOrder, items: [{ sku: 'a', quantity: 1, unitPrice: 1, colour: 'red' }] }],
    ['no items', { ...validOrder, items: [] }],
    ['a zero quantity', { ...validOrder, items: [{ sku: 'a', quantity: 0, unitPrice: 1 }] }],
    ['a fractional quantity', { ...validOrder, items: [{ sku: 'a', quantity: 1.5, unitPrice: 1 }] }],
    ['a negative price', { ...validOrder, items: [{ sku: 'a', quantity: 1, unitPrice: -1 }] }],
    ['a lowercase country', { ...validOrder, shippingAddress: { country: 'fr' } }],
    ['a missing country', { ...validOrder, shippingAddress: {} }],
    ['an empty order id', { ...validOrder, orderId: '' }],
    ['a missing customer', { orderId: 'o', items: validOrder.items, shippingAddress: validOrder.shippingAddress }],
  ])('rejects %s', (_case, input) => {
    expect(validate(input)).toBe(false);
  });
});
