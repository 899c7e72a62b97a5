import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParticipantAnnouncementMessage } from '@saga-coordinator/contracts';
import { loadAppConfig } from '../../config/app-config.js';
import { ParticipantStore, type StoredParticipant } from '../ports/participant-store.port.js';
import { ParticipantIdentities, UnboundRecheckMs } from './participant-identities.service.js';

/** The store's binding rule (first user wins, atomically), in memory. */
class InMemoryParticipantStore extends ParticipantStore {
  readonly users = new Map<string, string>();
  recordAnnouncement(announcement: ParticipantAnnouncementMessage, brokerUser: string): Promise<boolean> {
    const bound = this.users.get(announcement.participant);
    if (bound !== undefined && bound !== brokerUser) return Promise.resolve(false);
    this.users.set(announcement.participant, brokerUser);
    return Promise.resolve(true);
  }
  brokerUserOf(name: string): Promise<string | undefined> {
    return Promise.resolve(this.users.get(name));
  }
  list(): Promise<StoredParticipant[]> {
    return Promise.resolve(
      [...this.users].map(([name, brokerUser]) => ({ name, brokerUser, commands: [], compensations: [], instances: [], lastSeenAt: '' })),
    );
  }
  remove(name: string): Promise<boolean> {
    return Promise.resolve(this.users.delete(name));
  }
}

const announcement = (participant: string): ParticipantAnnouncementMessage => ({
  participant,
  instance: 'host:1',
  commands: ['go'],
  compensations: [],
  announcedAt: '2026-01-01T00:00:00.000Z',
});

describe(ParticipantIdentities.name, () => {
  let store: InMemoryParticipantStore;
  let warnings: string[];
  const identities = (env: Record<string, string> = {}) =>
    new ParticipantIdentities(store, loadAppConfig({ RABBITMQ_URL: 'amqp://coordinator:secret@localhost:5672/saga', ...env }));

  beforeEach(() => {
    store = new InMemoryParticipantStore();
    warnings = [];
    vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => vi.restoreAllMocks());

  it('binds a participant to the user of its first announcement, and refuses another user after that', async () => {
    const sut = identities();
    expect(await sut.recordAnnouncement(announcement('shipping'), 'shipping')).toBeUndefined();
    expect(await sut.recordAnnouncement(announcement('shipping'), 'mallory')).toBe(
      'broker user mallory may not announce participant shipping: it is bound to another broker user',
    );
    expect(await sut.whyReplyRefused('shipping', 'shipping')).toBeUndefined();
    expect(await sut.whyReplyRefused('shipping', 'mallory')).toBe('broker user mallory may not reply for participant shipping');
  });

  it('holds a configured participant to its configured user, before any announcement', async () => {
    const sut = identities({ PARTICIPANT_BROKER_USERS: 'payment:svc-payment' });
    expect(await sut.whyReplyRefused('payment', 'svc-payment')).toBeUndefined();
    expect(await sut.whyReplyRefused('payment', 'inventory')).toBe('broker user inventory may not reply for participant payment');
    expect(await sut.recordAnnouncement(announcement('payment'), 'inventory')).toBe('broker user inventory may not announce participant payment');
    expect(store.users.has('payment')).toBe(false);
  });

  it("lets only the coordinator's own user answer for a participant with no user yet", async () => {
    const sut = identities();
    expect(await sut.whyReplyRefused('ghost', 'coordinator')).toBeUndefined();
    expect(await sut.whyReplyRefused('ghost', 'inventory')).toContain(
      'broker user inventory may not reply for participant ghost: it has no broker user yet',
    );
  });

  it('re-reads a binding the cache disagrees with (a participant removed and bound again elsewhere)', async () => {
    const sut = identities();
    await sut.recordAnnouncement(announcement('shipping'), 'old-user');
    store.users.set('shipping', 'new-user');
    expect(await sut.whyReplyRefused('shipping', 'new-user')).toBeUndefined();
  });

  it("asks the store again about a participant with no user at most once a second for the coordinator's own user, and every time for another", async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z') });
    try {
      const sut = identities();
      const reads = vi.spyOn(store, 'brokerUserOf');
      for (let i = 0; i < 5; i++) expect(await sut.whyReplyRefused('plain', 'coordinator')).toBeUndefined();
      expect(reads).toHaveBeenCalledTimes(1);
      expect(await sut.whyReplyRefused('plain', 'inventory')).toContain('it has no broker user yet');
      expect(reads).toHaveBeenCalledTimes(2);

      // Another replica took its announcement: this one still lets the coordinator's user through within the second;
      // the announcing user is let through at once, and from then on this replica refuses the coordinator's user.
      // A replica that never saw the new user refuses the coordinator's user once the second has passed.
      store.users.set('plain', 'svc-plain');
      expect(await sut.whyReplyRefused('plain', 'coordinator')).toBeUndefined();
      expect(await sut.whyReplyRefused('plain', 'svc-plain')).toBeUndefined();
      expect(await sut.whyReplyRefused('plain', 'coordinator')).toBe('broker user coordinator may not reply for participant plain');
      store.users.delete('plain');
      const fresh = identities();
      expect(await fresh.whyReplyRefused('plain', 'coordinator')).toBeUndefined();
      store.users.set('plain', 'svc-plain');
      vi.advanceTimersByTime(UnboundRecheckMs);
      expect(await fresh.whyReplyRefused('plain', 'coordinator')).toBe('broker user coordinator may not reply for participant plain');
    } finally {
      vi.useRealTimers();
    }
  });

  it('warns once when participants share the coordinator user, at start from the stored bindings or at the first sight', async () => {
    store.users.set('inventory', 'coordinator');
    const atStart = identities();
    await atStart.onApplicationBootstrap();
    await atStart.recordAnnouncement(announcement('payment'), 'coordinator');
    expect(warnings.filter((line) => line.startsWith('SHARED BROKER USER'))).toHaveLength(1);

    warnings = [];
    store.users.clear();
    const later = identities();
    await later.onApplicationBootstrap();
    expect(warnings).toEqual([]);
    await later.recordAnnouncement(announcement('payment'), 'coordinator');
    await later.recordAnnouncement(announcement('inventory'), 'coordinator');
    expect(warnings.filter((line) => line.startsWith('SHARED BROKER USER'))).toHaveLength(1);
  });

  it('does not warn when every participant has its own user', async () => {
    const sut = identities({ PARTICIPANT_BROKER_USERS: 'payment:svc-payment' });
    await sut.onApplicationBootstrap();
    await sut.recordAnnouncement(announcement('shipping'), 'svc-shipping');
    expect(warnings).toEqual([]);
  });
});
