import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isApiKeyScope, type ApiKeyScope } from '../../orchestration/auth/api-key-scope.js';
import { ApiKeyStore, type NewApiKey, type StoredApiKey } from '../../orchestration/ports/api-key-store.port.js';
import { toStoreError } from './store-access.util.js';
import { iso } from './sql-rows.util.js';

interface ApiKeyRow {
  id: string;
  name: string;
  secret_hash: Buffer;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, secret_hash, scopes, created_at, revoked_at';

function toStoredApiKey(row: ApiKeyRow): StoredApiKey {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    // A scope this version does not know (written by a newer one) grants nothing.
    scopes: row.scopes.filter((scope): scope is ApiKeyScope => isApiKeyScope(scope)),
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

/** `ApiKeyStore` on the `api_key` table. */
@Injectable()
export class ApiKeyRepository extends ApiKeyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async find(id: string): Promise<StoredApiKey | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM api_key WHERE id = $1`, [id]);
    return row ? toStoredApiKey(row) : null;
  }

  async insert(key: NewApiKey): Promise<StoredApiKey> {
    const [row] = await this.query(`INSERT INTO api_key (id, name, secret_hash, scopes) VALUES ($1, $2, $3, $4::text[]) RETURNING ${COLUMNS}`, [
      key.id,
      key.name,
      key.secretHash,
      key.scopes,
    ]);
    return toStoredApiKey(row!);
  }

  async list(): Promise<StoredApiKey[]> {
    return (await this.query(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at, id`, [])).map(toStoredApiKey);
  }

  async revoke(id: string): Promise<boolean> {
    const rows = await this.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`, [id]);
    return rows.length === 1;
  }

  private async query(sql: string, parameters: unknown[]): Promise<ApiKeyRow[]> {
    try {
      const result = await this.dataSource.query<ApiKeyRow[] | [ApiKeyRow[], number]>(sql, parameters);
      // UPDATE … RETURNING answers [rows, affected] through TypeORM's postgres driver.
      return Array.isArray(result[0]) ? result[0] : (result as ApiKeyRow[]);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
