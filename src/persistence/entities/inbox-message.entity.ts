import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An inbound message already applied: a redelivery with this id changes nothing. */
@Entity('inbox_message')
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'text' })
  messageId!: string;

  @Column({ type: 'uuid' })
  sagaId!: string;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;
}
