import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message committed with the state change that caused it; the relay publishes it. */
@Entity('outbox_message')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  exchange!: string;

  @Column({ type: 'text' })
  routingKey!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  correlationId!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string | number>;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** A relay replica owns the row until then. */
  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ type: 'integer' })
  publishAttempts!: number;
}
