import amqp from 'amqplib';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestInfrastructure } from '../support/test-infrastructure.js';

describe('test infrastructure', () => {
  it('gives each test file its own database and vhost, and removes them afterwards', async () => {
    const infra = await createTestInfrastructure();
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(infra.databaseName);

    const connection = await amqp.connect(infra.rabbitmqUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue('probe', { durable: false });
    await connection.close();

    await infra.dispose();
    await expect(amqp.connect(infra.rabbitmqUrl)).rejects.toThrow();
  });
});
