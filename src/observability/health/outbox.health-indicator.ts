import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StoreReadings } from '../store-readings.port.js';

/** A growing outbox means messages are not reaching RabbitMQ: degraded, still serving. */
const DegradedAfterMs = 30_000;

@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly readings: StoreReadings,
  ) {}

  async isHealthy(key = 'outbox') {
    const indicator = this.indicators.check(key);
    const { count, oldestAgeMs } = await this.readings.outboxBacklog();
    const data = { unsent: count, oldestUnsentAgeMs: oldestAgeMs };
    return oldestAgeMs !== null && oldestAgeMs > DegradedAfterMs ? indicator.degraded(data) : indicator.up(data);
  }
}
