import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BrokerProbe } from './broker-probe.port.js';

/** The broker answers when the publisher is connected and a passive check of the replies queue succeeds. */
@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly broker: BrokerProbe,
  ) {}

  async isHealthy(key = 'rabbitmq') {
    const indicator = this.indicators.check(key);
    const result = await this.broker.check();
    return result.up
      ? indicator.up({ repliesQueueDepth: result.repliesQueueDepth, consumers: result.consumers })
      : indicator.down({ message: result.message });
  }
}
