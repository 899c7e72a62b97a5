import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of a saga's step log; `seq` is consecutive per saga. */
@Entity('saga_event')
export class SagaEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  sagaId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  step!: string | null;

  @Column({ type: 'integer', nullable: true })
  attempt!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
