import { Injectable, Optional } from '@nestjs/common';
import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';
import { ModuleRef } from '@nestjs/core';
import { AuditActions } from '../audit/audit-action.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { ParticipantNotFoundError } from '../errors/participant-not-found.error.js';
import { toParticipantView } from '../mappers/participant-view.mapper.js';
import { ParticipantStore } from '../ports/participant-store.port.js';
import { QueueDepthProbe } from '../ports/queue-depth-probe.port.js';
import type { ParticipantView } from '../views/participant.view.js';
import { ParticipantIdentities } from './participant-identities.service.js';

/** Application service behind `GET` and `DELETE /v1/participants`, fed by the participants' announcements. */
@Injectable()
export class ParticipantDirectoryService {
  constructor(
    private readonly store: ParticipantStore,
    private readonly audit: AuditTrailService,
    private readonly identities: ParticipantIdentities,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  /**
   * A participant announced itself (its queue, commands and compensations) as `brokerUser`, the
   * broker-verified sender: remember it, or the reason why that user may not announce it.
   */
  recordAnnouncement(announcement: ParticipantAnnouncementMessage, brokerUser: string): Promise<string | undefined> {
    return this.identities.recordAnnouncement(announcement, brokerUser);
  }

  /** Every participant that announced itself, by name, with its command queue's depth when the broker tells it. */
  async list(): Promise<ParticipantView[]> {
    const probe = this.probe();
    return Promise.all(
      (await this.store.list()).map(async (participant) => toParticipantView(participant, probe ? await probe.depthOf(participant.name) : null)),
    );
  }

  /**
   * Forgets an announced participant (a decommissioned service), audited in the same transaction.
   * Announcements are upserts: a participant that still runs is back at its next announcement.
   * @throws ParticipantNotFoundError
   */
  async remove(name: string): Promise<void> {
    const removed = await this.store.remove(name, (tx) => this.audit.recordInTransaction(tx, AuditActions.ParticipantRemove, name));
    if (!removed) throw new ParticipantNotFoundError(name);
  }

  /**
   * The messaging layer's probe, looked up at call time: messaging imports orchestration, so the
   * probe cannot be injected here without a cycle; without messaging (tests) depths are unknown.
   */
  private probe(): QueueDepthProbe | undefined {
    try {
      return this.moduleRef?.get(QueueDepthProbe, { strict: false });
    } catch {
      return undefined;
    }
  }
}
