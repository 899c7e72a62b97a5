import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A durable timer; due on the database clock. `''` / `0` stand for "no step" / "no attempt". */
@Entity('saga_timer')
export class SagaTimerEntity {
  @PrimaryColumn({ type: 'uuid' })
  sagaId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ type: 'text' })
  step!: string;

  @PrimaryColumn({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;
}
