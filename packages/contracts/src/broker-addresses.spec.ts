import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amqpAddressOf, BrokerAddressRotation, brokerUrlsOf, MAX_BROKER_URLS, redactedBrokerUrl } from './broker-addresses.js';

const node = (port: number): string => `amqp://svc:p%40ss@127.0.0.1:${port}/saga%2Fv`;

describe(brokerUrlsOf.name, () => {
  it('splits a comma-separated string and keeps an array as it is', () => {
    expect(brokerUrlsOf(`${node(1)}, ${node(2)}`)).toEqual([node(1), node(2)]);
    expect(brokerUrlsOf([node(1), node(2), node(3)])).toEqual([node(1), node(2), node(3)]);
    expect(brokerUrlsOf(node(1))).toEqual([node(1)]);
  });

  it('refuses empty entries, other protocols, too many URLs and URLs that log in as different users', () => {
    expect(() => brokerUrlsOf([])).toThrow(/one or more broker URLs/);
    expect(() => brokerUrlsOf(`${node(1)},`)).toThrow(/none empty/);
    expect(() => brokerUrlsOf('http://svc:secret@host:8080')).toThrow('expected amqp:// or amqps:// URLs; URL 1 is not one');
    expect(() => brokerUrlsOf(Array.from({ length: MAX_BROKER_URLS + 1 }, (_, i) => node(i + 1)))).toThrow(/at most 16/);
    expect(() => brokerUrlsOf(['amqp://a:x@h1', 'amqp://b:x@h2'])).toThrow(
      'every broker URL must log in as the same user; URL 2 names another user than URL 1',
    );
    expect(() => brokerUrlsOf(['amqp://h1', 'amqp://guest:x@h2'])).not.toThrow();
  });
});

describe(amqpAddressOf.name, () => {
  it('has the fields amqplib derives from the URL string', () => {
    expect(amqpAddressOf('amqps://lp%2Bx:p%40ss@[::1]:5671/saga%2Fv?heartbeat=3&frameMax=8192&locale=de_DE')).toEqual({
      protocol: 'amqps',
      hostname: '::1',
      port: 5671,
      username: 'lp+x',
      password: 'p@ss',
      vhost: 'saga%2Fv',
      locale: 'de_DE',
      channelMax: undefined,
      frameMax: 8192,
      heartbeat: 3,
      maxFrameSize: undefined,
    });
  });

  it('names no user when the URL names none (amqplib then logs in as guest)', () => {
    expect(amqpAddressOf('amqp://localhost')).toMatchObject({ username: undefined, password: undefined, port: undefined, vhost: '' });
  });
});

describe(redactedBrokerUrl.name, () => {
  it('drops the password and the query', () => {
    expect(redactedBrokerUrl('amqp://svc:secret@mq-1:5672/v?heartbeat=3')).toBe('amqp://svc@mq-1:5672/v');
  });
});

describe(BrokerAddressRotation.name, () => {
  const backoff = { initialDelayMs: 200, maxDelayMs: 5_000 };

  it('starts at the first node and moves to the next one on every retry, round and round', () => {
    const rotation = new BrokerAddressRotation([node(5681), node(5682), node(5683)], backoff, () => 0.5);
    const ports = [rotation.address.port];
    for (let attempt = 1; attempt <= 4; attempt++) {
      rotation.calculateDelay(attempt);
      ports.push(rotation.address.port);
    }
    expect(ports).toEqual([5681, 5682, 5683, 5681, 5682]);
    expect(rotation.current).toBe('amqp://svc@127.0.0.1:5682/saga%2Fv');
  });

  it('waits the initial delay within the first round and doubles it per round, up to the maximum', () => {
    const rotation = new BrokerAddressRotation(`${node(1)},${node(2)}`, backoff, () => 0.5);
    expect([1, 2, 3, 4, 5, 6, 20].map((attempt) => rotation.calculateDelay(attempt))).toEqual([200, 200, 400, 400, 800, 800, 4167]);
  });

  it('keeps every wait within ±20 % of the schedule and never above the maximum, whatever the attempt and node count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: MAX_BROKER_URLS }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempt, nodes, draw) => {
          const rotation = new BrokerAddressRotation(
            Array.from({ length: nodes }, (_, i) => node(i + 1)),
            backoff,
            () => draw,
          );
          const delay = rotation.calculateDelay(attempt);
          const scheduled = Math.min(backoff.maxDelayMs / 1.2, backoff.initialDelayMs * 2 ** Math.floor((attempt - 1) / nodes));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(scheduled * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.min(backoff.maxDelayMs, Math.ceil(scheduled * 1.2)));
        },
      ),
    );
  });
});
