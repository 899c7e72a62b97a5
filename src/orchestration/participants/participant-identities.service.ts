import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';
import { AppConfig } from '../../config/app-config.js';
import { ParticipantStore } from '../ports/participant-store.port.js';

/**
 * How long "no broker user yet" is believed for the coordinator's own user before the store is
 * asked again. Without it every reply of a participant that never announces (and shares the
 * coordinator's user) costs a PostgreSQL round trip: 3.4 commits per 3-step saga in the bench.
 * So an announcement made on another replica binds the participant against the coordinator's
 * user here at most this much later.
 */
export const UnboundRecheckMs = 1_000;
/** Participants remembered as unbound at most (names come from messages: the map stays bounded). */
const MaxUnboundRemembered = 1_000;

/**
 * Which broker user speaks for which participant. The broker verifies the AMQP `user-id` of
 * every message; this decides whether that user may speak for the participant a message names:
 * the user configured for it (`PARTICIPANT_BROKER_USERS`), otherwise the user its first
 * announcement bound it to (persisted: later announcements from other users are refused).
 */
@Injectable()
export class ParticipantIdentities implements OnApplicationBootstrap {
  private readonly logger = new Logger(ParticipantIdentities.name);
  /** Bindings read from the store: they change only when a participant is removed, so a mismatch is re-read before refusing. */
  private readonly bound = new Map<string, string>();
  /** Participants the store found unbound, with when to ask again (only consulted for the coordinator's own user). */
  private readonly unboundUntil = new Map<string, number>();
  private sharedUserWarned = false;

  constructor(
    private readonly store: ParticipantStore,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = [...this.config.participantBrokerUsers.values()].includes(this.config.coordinatorBrokerUser);
    const stored = configured || (await this.store.list().catch(() => [])).some((p) => p.brokerUser === this.config.coordinatorBrokerUser);
    if (configured || stored) this.warnSharedUser();
  }

  /**
   * Why `brokerUser` may not reply for `participant`, or undefined when it may: the participant's
   * own user may. A participant with no user yet (never announced, not configured) may be
   * answered for only by the coordinator's own user: whoever holds its credentials can do
   * anything the coordinator does already (the shared-user quick start, tests).
   */
  async whyReplyRefused(participant: string, brokerUser: string): Promise<string | undefined> {
    const owner = await this.ownerOf(participant, brokerUser);
    if (owner === brokerUser) return undefined;
    if (owner === undefined && brokerUser === this.config.coordinatorBrokerUser) {
      this.warnSharedUser();
      return undefined;
    }
    return owner === undefined
      ? `broker user ${brokerUser} may not reply for participant ${participant}: it has no broker user yet (it has not announced itself and PARTICIPANT_BROKER_USERS does not name it)`
      : `broker user ${brokerUser} may not reply for participant ${participant}`;
  }

  /**
   * Records an announcement from `brokerUser`, binding the participant to it when unbound;
   * the refusal reason when the participant belongs to another user (nothing is recorded).
   */
  async recordAnnouncement(announcement: ParticipantAnnouncementMessage, brokerUser: string): Promise<string | undefined> {
    const name = announcement.participant;
    const configured = this.config.participantBrokerUsers.get(name);
    if (configured !== undefined && configured !== brokerUser) return `broker user ${brokerUser} may not announce participant ${name}`;
    if (!(await this.store.recordAnnouncement(announcement, brokerUser))) {
      return `broker user ${brokerUser} may not announce participant ${name}: it is bound to another broker user`;
    }
    this.bound.set(name, brokerUser);
    this.unboundUntil.delete(name);
    if (brokerUser === this.config.coordinatorBrokerUser) this.warnSharedUser();
    return undefined;
  }

  /** The participant's broker user: configured, cached, or read from the store (re-read when the cache disagrees with `claimant`). */
  private async ownerOf(participant: string, claimant: string): Promise<string | undefined> {
    const configured = this.config.participantBrokerUsers.get(participant);
    if (configured !== undefined) return configured;
    const cached = this.bound.get(participant);
    if (cached === claimant) return cached;
    // Unbound lets only the coordinator's own user through; any other claimant reads the store, so it is never refused from memory.
    if (cached === undefined && claimant === this.config.coordinatorBrokerUser && (this.unboundUntil.get(participant) ?? 0) > Date.now()) {
      return undefined;
    }
    const stored = await this.store.brokerUserOf(participant);
    if (stored === undefined) {
      this.bound.delete(participant);
      this.rememberUnbound(participant);
    } else {
      this.bound.set(participant, stored);
      this.unboundUntil.delete(participant);
    }
    return stored;
  }

  private rememberUnbound(participant: string): void {
    this.unboundUntil.delete(participant);
    if (this.unboundUntil.size >= MaxUnboundRemembered) this.unboundUntil.delete(this.unboundUntil.keys().next().value!);
    this.unboundUntil.set(participant, Date.now() + UnboundRecheckMs);
  }

  private warnSharedUser(): void {
    if (this.sharedUserWarned) return;
    this.sharedUserWarned = true;
    this.logger.warn(
      `SHARED BROKER USER: participants publish as broker user ${this.config.coordinatorBrokerUser}, the coordinator's own, ` +
        'so the broker cannot tell them apart from each other or from the coordinator. For local use only; give each participant ' +
        'its own user (scripts/rabbitmq-least-privilege.sh, docs/security.md).',
    );
  }
}
