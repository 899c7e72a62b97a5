import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyAuthenticator } from '../../../src/orchestration/auth/api-key-authenticator.service.js';
import { parseApiKey } from '../../../src/orchestration/auth/api-key-token.util.js';
import { PG_ADMIN_URL } from '../../support/test-infrastructure.js';
import { createAuthTestApp, type AuthTestApp } from './auth-test-app.js';

const run = promisify(execFile);
/** The built CLI (`npm test` builds first). */
const KEYS_CLI = resolve(import.meta.dirname, '../../../dist/src/cli/keys.main.js');

describe('npm run keys (the built CLI on a real database)', () => {
  let t: AuthTestApp;
  let databaseUrl: string;
  const keys = (...args: string[]) => run(process.execPath, [KEYS_CLI, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });

  beforeAll(async () => {
    t = await createAuthTestApp();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${(await t.sql.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db}`;
    databaseUrl = url.toString();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('creates a key that authenticates, prints it once, lists it without the secret, and revokes it', async () => {
    const created = await keys('create', '--name', 'ci', '--scopes', 'sagas:start,sagas:read');
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^sk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toContain('cannot be shown again');
    // The secret is base64url and may itself contain '_': split with the key's own parser.
    const { id, secret } = parseApiKey(token)!;

    const authenticator = t.app.get(ApiKeyAuthenticator);
    expect(await authenticator.authenticate(token)).toMatchObject({
      kind: 'authenticated',
      principal: { id, name: 'ci', scopes: ['sagas:start', 'sagas:read'] },
    });

    const listed = JSON.parse((await keys('--json', 'list')).stdout) as { id: string; revokedAt: string | null }[];
    expect(listed).toEqual([expect.objectContaining({ id, name: 'ci', scopes: ['sagas:start', 'sagas:read'], revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect((await keys('revoke', id)).stdout).toContain(`Revoked API key ${id}`);
    expect(await authenticator.authenticate(token)).toEqual({ kind: 'invalid' });
    expect((await keys('list')).stdout).toMatch(new RegExp(`${id}  ci .* revoked `));
  });

  it('refuses unknown scopes and unknown ids with a non-zero exit', async () => {
    await expect(keys('create', '--name', 'x', '--scopes', 'sagas:write')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown scope(s): sagas:write'),
    });
    await expect(keys('revoke', '000000000000')).rejects.toMatchObject({ code: 2 });
  });
});
