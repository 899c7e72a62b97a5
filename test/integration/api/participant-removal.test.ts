import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParticipantDirectoryService } from '../../../src/orchestration/participants/participant-directory.service.js';
import { createAuthTestApp, type AuthTestApp } from '../auth/auth-test-app.js';
import { expectProblem } from './problem-assertions.js';

/** An announcement as a participant sends it (the consumer hands it to the directory as-is). */
function announcement(participant: string, instance = 'host:1') {
  return { participant, instance, commands: ['charge-payment'], compensations: ['refund-payment'], announcedAt: new Date().toISOString() };
}

describe('DELETE /v1/participants/{name} (real app, real PostgreSQL, auth on)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let directory: ParticipantDirectoryService;
  let operator: string;
  let reader: string;

  const keyId = (token: string) => token.split('_')[1]!;
  const names = async () =>
    ((await agent.get('/v1/participants').set('authorization', `Bearer ${reader}`).expect(200)).body as { name: string }[]).map((p) => p.name);
  const auditFor = async (requestId: string) => (await t.auditRows()).filter((row) => row.request_id === requestId);

  beforeAll(async () => {
    t = await createAuthTestApp();
    agent = request.agent(t.app.getHttpServer());
    directory = t.app.get(ParticipantDirectoryService);
    operator = await t.key('sagas:operate');
    reader = await t.key('sagas:read');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('removes an announced participant (204), lists it no more, audits it; a second DELETE is a 404 problem', async () => {
    await directory.recordAnnouncement(announcement('payment'), 'guest');
    await directory.recordAnnouncement(announcement('inventory'), 'guest');
    expect(await names()).toEqual(['inventory', 'payment']);

    const removed = await agent.delete('/v1/participants/payment').set('authorization', `Bearer ${operator}`).set('x-request-id', 'remove-1');
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect(await names()).toEqual(['inventory']);

    const audit = await agent.get('/v1/audit').query({ action: 'participant.remove' }).set('authorization', `Bearer ${operator}`).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        principal: keyId(operator),
        action: 'participant.remove',
        target: 'payment',
        requestId: 'remove-1',
        outcome: 'succeeded',
        detail: null,
      }),
    ]);

    const again = await agent.delete('/v1/participants/payment').set('authorization', `Bearer ${operator}`).set('x-request-id', 'remove-2');
    expectProblem(again, 404, 'participant-not-found');
    expect(again.body.detail).toContain('"payment"');
    expect(await auditFor('remove-2')).toEqual([
      expect.objectContaining({
        action: 'participant.remove',
        target: 'payment',
        outcome: 'rejected',
        detail: expect.stringMatching(/^404 participant-not-found: /),
      }),
    ]);
    expect(await names()).toEqual(['inventory']);
  });

  it('answers 400 to an invalid name and removes nothing', async () => {
    for (const name of [encodeURIComponent('<script>'), encodeURIComponent('inventory; drop'), 'a'.repeat(101), '1inventory']) {
      expectProblem(await agent.delete(`/v1/participants/${name}`).set('authorization', `Bearer ${operator}`), 400, 'invalid-path-parameter');
    }
    expect(await names()).toEqual(['inventory']);
  });

  it('refuses a key without sagas:operate (403) and audits the denial; the participant stays', async () => {
    const writer = await t.key('definitions:write', 'sagas:read');
    const denied = await agent.delete('/v1/participants/inventory').set('authorization', `Bearer ${writer}`).set('x-request-id', 'remove-403');
    expectProblem(denied, 403, 'insufficient-scope');
    expect(await auditFor('remove-403')).toEqual([
      expect.objectContaining({
        principal: keyId(writer),
        action: 'participant.remove',
        target: 'inventory',
        outcome: 'denied',
        detail: expect.stringMatching(/^403 insufficient-scope/),
      }),
    ]);
    expect(await names()).toEqual(['inventory']);
  });

  it('brings a removed participant back at its next announcement, with only the new instance', async () => {
    await directory.recordAnnouncement(announcement('shipping', 'host:1'), 'guest');
    await agent.delete('/v1/participants/shipping').set('authorization', `Bearer ${operator}`).expect(204);
    await directory.recordAnnouncement(announcement('shipping', 'host:2'), 'guest');
    const listed = (await agent.get('/v1/participants').set('authorization', `Bearer ${reader}`).expect(200)).body as {
      name: string;
      instances: string[];
    }[];
    expect(listed.find((p) => p.name === 'shipping')).toMatchObject({ instances: ['host:2'] });
  });

  it('removes nothing when the audit row cannot be written: the row and the removal commit together', async () => {
    await directory.recordAnnouncement(announcement('billing'), 'guest');
    // The success row is written inside the removal's transaction: make that insert fail.
    await t.sql.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await t.sql.query(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.outcome = 'succeeded') EXECUTE FUNCTION refuse_audit()`,
    );
    try {
      const failed = await agent.delete('/v1/participants/billing').set('authorization', `Bearer ${operator}`);
      expectProblem(failed, 500, 'internal-error');
    } finally {
      await t.sql.query('DROP TRIGGER refuse_audit ON audit_log');
      await t.sql.query('DROP FUNCTION refuse_audit()');
    }
    expect(await names()).toContain('billing');
  });
});
