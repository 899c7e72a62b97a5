import { describe, expect, it } from 'vitest';
import { brokerUserOf } from './broker-user.js';

describe(brokerUserOf.name, () => {
  it('is the percent-decoded user of the URL', () => {
    expect(brokerUserOf('amqp://inventory:secret@localhost:5672/saga')).toBe('inventory');
    expect(brokerUserOf('amqps://lp%2Bx-payment:p%40ss@broker/saga')).toBe('lp+x-payment');
  });

  it('is guest when the URL names no user, as amqplib logs in then', () => {
    expect(brokerUserOf('amqp://localhost')).toBe('guest');
  });
});
