import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import { ParticipantStore, type StoredParticipant } from '../../orchestration/ports/participant-store.port.js';
import { ParticipantEntity } from '../entities/participant.entity.js';
import { auditWriterIn } from './audit-insert.sql.js';
import { iso } from './sql-rows.util.js';
import { toStoreError } from './store-access.util.js';

/** Instances remembered per participant (newest first); older ones fall off. */
const MAX_INSTANCES = 20;

/** `ParticipantStore` on the `participant` table. */
@Injectable()
export class ParticipantRepository extends ParticipantStore {
  constructor(@InjectRepository(ParticipantEntity) private readonly participants: Repository<ParticipantEntity>) {
    super();
  }

  async recordAnnouncement(announcement: ParticipantAnnouncementMessage, brokerUser: string): Promise<boolean> {
    try {
      // Last seen on the database clock: participants' clocks may be skewed. The WHERE clause
      // makes the binding first-come: concurrent announcements from two users bind one of them.
      const rows: unknown[] = await this.participants.query(
        `INSERT INTO participant (name, commands, compensations, instances, last_seen_at, broker_user)
         VALUES ($1, $2::jsonb, $3::jsonb, jsonb_build_array($4::text), now(), $6)
         ON CONFLICT (name) DO UPDATE SET
           commands = EXCLUDED.commands,
           compensations = EXCLUDED.compensations,
           instances = jsonb_build_array($4::text) || COALESCE((
             SELECT jsonb_agg(i ORDER BY n)
             FROM jsonb_array_elements_text(participant.instances) WITH ORDINALITY AS e(i, n)
             WHERE i <> $4 AND n < $5
           ), '[]'::jsonb),
           last_seen_at = now(),
           broker_user = EXCLUDED.broker_user
         WHERE participant.broker_user IS NULL OR participant.broker_user = EXCLUDED.broker_user
         RETURNING name`,
        [
          announcement.participant,
          JSON.stringify(announcement.commands),
          JSON.stringify(announcement.compensations),
          announcement.instance,
          MAX_INSTANCES,
          brokerUser,
        ],
      );
      return rows.length > 0;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async brokerUserOf(name: string): Promise<string | undefined> {
    try {
      const row = await this.participants.findOne({ where: { name }, select: { brokerUser: true } });
      return row?.brokerUser ?? undefined;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async list(): Promise<StoredParticipant[]> {
    try {
      const entities = await this.participants.find({ order: { name: 'ASC' } });
      return entities.map((entity) => ({
        name: entity.name,
        commands: entity.commands,
        compensations: entity.compensations,
        instances: entity.instances,
        lastSeenAt: iso(entity.lastSeenAt),
        brokerUser: entity.brokerUser,
      }));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async remove(name: string, whenRemoved?: (tx: AuditWriter) => Promise<void>): Promise<boolean> {
    try {
      return await this.participants.manager.transaction(async (manager) => {
        const removed = ((await manager.delete(ParticipantEntity, { name })).affected ?? 0) > 0;
        if (removed && whenRemoved) {
          await whenRemoved(auditWriterIn(manager));
        }
        return removed;
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
