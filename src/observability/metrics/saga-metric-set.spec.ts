import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createSagaMetricSet } from './saga-metric-set.js';

describe(createSagaMetricSet.name, () => {
  it('reads the in-flight and outbox gauges when scraped', async () => {
    const registry = new Registry();
    createSagaMetricSet(registry, {
      inFlight: async () => [{ definition: 'order', status: 'RUNNING', count: 3 }],
      outboxBacklog: async () => ({ count: 2, oldestAgeMs: 1_500 }),
    });

    const text = await registry.metrics();

    expect(text).toContain('saga_in_flight{definition="order",status="RUNNING"} 3');
    expect(text).toContain('saga_outbox_backlog_messages 2');
    expect(text).toContain('saga_outbox_oldest_unsent_age_seconds 1.5');
  });

  it('still answers a scrape while the database is down, keeping the last gauge values', async () => {
    const registry = new Registry();
    let down = false;
    createSagaMetricSet(registry, {
      inFlight: async () => {
        if (down) throw new Error('connection refused');
        return [{ definition: 'order', status: 'COMPENSATING', count: 1 }];
      },
      outboxBacklog: async () => {
        if (down) throw new Error('connection refused');
        return { count: 4, oldestAgeMs: null };
      },
    });
    await registry.metrics();
    down = true;

    const text = await registry.metrics();

    expect(text).toContain('saga_in_flight{definition="order",status="COMPENSATING"} 1');
    expect(text).toContain('saga_outbox_backlog_messages 4');
    expect(text).toContain('saga_started_total');
  });
});
