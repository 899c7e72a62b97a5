import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One saga instance: its engine state (jsonb) plus the columns the list queries filter on. */
@Entity('saga')
export class SagaEntity {
  /** UUID v7: sorts by creation time. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  definitionName!: string;

  @Column({ type: 'integer' })
  definitionVersion!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'jsonb' })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;

  /** Seq of the last step-log entry. */
  @Column({ type: 'integer' })
  lastSeq!: number;

  @Column({ type: 'text', nullable: true, unique: true })
  idempotencyKey!: string | null;

  @Column({ type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
