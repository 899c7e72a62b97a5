import { Controller, Get, HttpCode, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { OutboxHealthIndicator } from './outbox.health-indicator.js';
import { BrokerHealthIndicator } from './broker.health-indicator.js';

/** Liveness and readiness for orchestrators (Kubernetes probes, compose health checks). */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly rabbitmq: BrokerHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
  ) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'ok' };
  }

  /** Ready only when PostgreSQL and RabbitMQ answer; a stale outbox reports degraded. */
  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: 2_000 }),
        () => this.rabbitmq.isHealthy(),
        () => this.outbox.isHealthy(),
      ]);
      response.status(HttpStatus.OK).json(result);
    } catch (error) {
      // Terminus throws with the full report; answer it as-is rather than as a generic problem.
      if (error instanceof ServiceUnavailableException) {
        response.status(HttpStatus.SERVICE_UNAVAILABLE).json(error.getResponse());
        return;
      }
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'error', error: { message: (error as Error).message } });
    }
  }
}
