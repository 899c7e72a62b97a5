import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MessageType } from '@saga-coordinator/contracts';
import type { OutboxMessage } from '../../runtime/ports/outbox-message.js';
import { OutboxStore } from '../../runtime/ports/outbox-store.port.js';
import { queryStore } from './store-access.util.js';

interface OutboxRow {
  id: string;
  message_id: string;
  exchange: string;
  routing_key: string;
  type: MessageType;
  correlation_id: string;
  headers: Record<string, string | number>;
  payload: unknown;
}

/** `OutboxStore` on PostgreSQL: leases with `FOR UPDATE SKIP LOCKED` so relays never share a row. */
@Injectable()
export class OutboxRepository extends OutboxStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async claimUnsent(limit: number, minAgeMs: number, leaseMs: number): Promise<OutboxMessage[]> {
    // One statement: pick free rows (skipping rows another relay is claiming right now),
    // then stamp the lease so later polls skip them until it runs out.
    const [rows] = await queryStore<[OutboxRow[], number]>(
      this.dataSource,
      `UPDATE outbox_message o
       SET leased_until = now() + $3 * interval '1 millisecond', publish_attempts = o.publish_attempts + 1
       FROM (
         SELECT id FROM outbox_message
         WHERE sent_at IS NULL
           AND created_at <= now() - $2 * interval '1 millisecond'
           AND (leased_until IS NULL OR leased_until <= now())
         ORDER BY id
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ) claimed
       WHERE o.id = claimed.id
       RETURNING o.id::text AS id, o.message_id, o.exchange, o.routing_key, o.type, o.correlation_id, o.headers, o.payload`,
      [limit, minAgeMs, leaseMs],
    );
    return rows
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((row) => ({
        messageId: row.message_id,
        exchange: row.exchange,
        routingKey: row.routing_key,
        type: row.type,
        correlationId: row.correlation_id,
        headers: row.headers,
        payload: row.payload,
      }));
  }

  async markSent(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await queryStore(
      this.dataSource,
      'UPDATE outbox_message SET sent_at = now(), leased_until = NULL WHERE message_id = ANY($1::text[]) AND sent_at IS NULL',
      [messageIds],
    );
  }

  async backlog(): Promise<{ count: number; oldestAgeMs: number | null }> {
    const [row] = await queryStore<{ count: number; oldest_age_ms: number | null }[]>(
      this.dataSource,
      `SELECT count(*)::int AS count,
              (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS oldest_age_ms
       FROM outbox_message WHERE sent_at IS NULL`,
      [],
    );
    return { count: row?.count ?? 0, oldestAgeMs: row?.oldest_age_ms == null ? null : Math.round(row.oldest_age_ms) };
  }
}
