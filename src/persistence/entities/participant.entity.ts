import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A participant service as it last announced itself. */
@Entity('participant')
export class ParticipantEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  commands!: string[];

  @Column({ type: 'jsonb' })
  compensations!: string[];

  /** Instances seen (host:pid), newest first. */
  @Column({ type: 'jsonb' })
  instances!: string[];

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  /** The broker user of its first announcement; only that user may announce it or reply for it. */
  @Column({ type: 'text', nullable: true })
  brokerUser!: string | null;
}
