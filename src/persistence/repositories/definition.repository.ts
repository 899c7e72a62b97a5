import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import { DefinitionStore, type StoredDefinition } from '../../orchestration/ports/definition-store.port.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { SagaDefinitionEntity } from '../entities/saga-definition.entity.js';
import { auditWriterIn } from './audit-insert.sql.js';
import { iso } from './sql-rows.util.js';
import { toStoreError } from './store-access.util.js';

function toStoredDefinition(entity: SagaDefinitionEntity): StoredDefinition {
  return {
    definition: entity.definition as SagaDefinition,
    contentHash: entity.contentHash,
    createdAt: iso(entity.createdAt),
  };
}

/** `DefinitionStore` on the `saga_definition` table. */
@Injectable()
export class DefinitionRepository extends DefinitionStore {
  constructor(@InjectRepository(SagaDefinitionEntity) private readonly definitions: Repository<SagaDefinitionEntity>) {
    super();
  }

  async find(name: string, version?: number): Promise<StoredDefinition | null> {
    try {
      const entity = await this.definitions.findOne({
        where: version === undefined ? { name } : { name, version },
        order: { version: 'DESC' },
      });
      return entity ? toStoredDefinition(entity) : null;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async listLatest(): Promise<StoredDefinition[]> {
    try {
      const entities = await this.definitions
        .createQueryBuilder('d')
        .distinctOn(['d.name'])
        .orderBy('d.name', 'ASC')
        .addOrderBy('d.version', 'DESC')
        .getMany();
      return entities.map(toStoredDefinition);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async insertIfAbsent(
    definition: SagaDefinition,
    contentHash: string,
    whenInserted?: (tx: AuditWriter) => Promise<void>,
  ): Promise<{ inserted: boolean; stored: StoredDefinition }> {
    try {
      const inserted = await this.definitions.manager.transaction(async (manager) => {
        const result = await manager
          .createQueryBuilder()
          .insert()
          .into(SagaDefinitionEntity)
          .values({ name: definition.name, version: definition.version, definition, contentHash })
          .orIgnore()
          .returning(['name'])
          .execute();
        const wasInserted = (result.raw as unknown[]).length > 0;
        if (wasInserted && whenInserted) {
          await whenInserted(auditWriterIn(manager));
        }
        return wasInserted;
      });
      const stored = await this.find(definition.name, definition.version);
      if (!stored) throw new Error(`Definition ${definition.name} v${definition.version} vanished after insert.`);
      return { inserted, stored };
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
