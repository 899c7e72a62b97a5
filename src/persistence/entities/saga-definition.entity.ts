import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One immutable version of a saga definition. */
@Entity('saga_definition')
export class SagaDefinitionEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  definition!: unknown;

  /** SHA-256 of the canonical JSON: tells an identical re-registration from a conflicting one. */
  @Column({ type: 'text' })
  contentHash!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
