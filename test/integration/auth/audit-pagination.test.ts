import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, type AuthTestApp } from './auth-test-app.js';

/** Rows written straight into the table: 250 of them pass the 99/100/999 boundaries of a text sort. */
const ROWS = 250;

describe('audit log pagination past 100 rows (real PostgreSQL)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let operator: string;

  beforeAll(async () => {
    t = await createAuthTestApp({ RATE_LIMIT_PER_KEY: '100000' });
    agent = request.agent(t.app.getHttpServer());
    operator = await t.key('sagas:operate');
    await t.sql.query(
      `INSERT INTO audit_log (id, principal, action, target, request_id, outcome, detail)
       SELECT gen_random_uuid(), 'seeded', 'saga.cancel', 'row-' || n, 'req-' || n, 'succeeded', NULL
       FROM generate_series(1, $1::int) AS n`,
      [ROWS],
    );
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** Every page of `GET /v1/audit?principal=seeded&limit=<limit>`, following nextCursor to the end. */
  async function walk(limit: number): Promise<string[]> {
    const targets: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < ROWS + 2; page += 1) {
      const response = await agent
        .get('/v1/audit')
        .query({ principal: 'seeded', limit, ...(cursor === undefined ? {} : { cursor }) })
        .set('authorization', `Bearer ${operator}`)
        .expect(200);
      targets.push(...response.body.items.map((item: { target: string }) => item.target));
      if (response.body.nextCursor === null) return targets;
      cursor = response.body.nextCursor as string;
    }
    throw new Error('the cursor never reached the last page');
  }

  const newestFirst = Array.from({ length: ROWS }, (_, index) => `row-${ROWS - index}`);

  it('walks 250 rows in pages of 100: every row exactly once, newest first', async () => {
    expect(await walk(100)).toEqual(newestFirst);
  });

  it('walks 250 rows in pages of 7: every row exactly once, newest first', async () => {
    expect(await walk(7)).toEqual(newestFirst);
  });
});
