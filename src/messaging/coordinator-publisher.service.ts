import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RecoveringChannelModel } from 'amqplib';
import { AppConfig } from '../config/app-config.js';
import { ConfirmPublisher, type PublishRequest } from './amqp/confirm-publisher.js';
import { declareCoordinatorTopology } from './amqp/declare-topology.js';
import { openRecoveringConnection } from './amqp/open-recovering-connection.js';

/**
 * The coordinator's publishing connection (kept apart from the consuming one so a blocked
 * publisher never stalls consumption). Declares the topology on every (re)connect.
 */
@Injectable()
export class CoordinatorPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CoordinatorPublisher.name);
  private readonly publisher: ConfirmPublisher;
  private connection: RecoveringChannelModel | undefined;

  constructor(private readonly config: AppConfig) {
    this.publisher = new ConfirmPublisher(this.logger, config.publishConfirmTimeoutMs, config.coordinatorBrokerUser);
  }

  async onModuleInit(): Promise<void> {
    this.connection = await openRecoveringConnection({
      urls: this.config.rabbitmqUrls,
      connectionName: `coordinator-publisher-${process.pid}`,
      logger: this.logger,
      setup: async (model) => {
        const channel = await this.publisher.attach(model);
        await declareCoordinatorTopology(channel);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }

  /** True while a confirm channel is open. */
  get connected(): boolean {
    return this.publisher.ready;
  }

  publish(request: PublishRequest): Promise<void> {
    return this.publisher.publish(request);
  }

  /** A short-lived channel for passive checks (health). */
  async withChannel<T>(fn: (channel: import('amqplib').Channel) => Promise<T>): Promise<T> {
    if (!this.connection) throw new Error('RabbitMQ connection not open');
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}
