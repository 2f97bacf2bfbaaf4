/**
 * API keys in the state database. Rows are never deleted: a revoked key stays, so the audit trail
 * can still name who held it. Same SQL on PostgreSQL and PGlite.
 */
import type { SqlClient } from '@caseledger/event-store';
import type { Role } from '../auth/principal';

export const API_KEYS_MIGRATION = `
CREATE TABLE IF NOT EXISTS api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  account_id text,
  contact_id text,
  secret_sha256 text NOT NULL,
  from_environment boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz
)`;

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  accountId?: string;
  contactId?: string;
  secretSha256: string;
  fromEnvironment: boolean;
  createdBy?: string;
  createdAt: Date;
  expiresAt?: Date;
  revokedAt?: Date;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  account_id: string | null;
  contact_id: string | null;
  secret_sha256: string;
  from_environment: boolean;
  created_by: string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
}

const COLUMNS =
  'id, name, role, account_id, contact_id, secret_sha256, from_environment, created_by, created_at, expires_at, ' +
  'revoked_at';

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    accountId: row.account_id ?? undefined,
    contactId: row.contact_id ?? undefined,
    secretSha256: row.secret_sha256,
    fromEnvironment: row.from_environment,
    createdBy: row.created_by ?? undefined,
    createdAt: new Date(row.created_at),
    expiresAt: row.expires_at === null ? undefined : new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? undefined : new Date(row.revoked_at),
  };
}

export class ApiKeyRepository {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await this.sql.query(API_KEYS_MIGRATION);
  }

  async insert(key: ApiKeyRecord): Promise<void> {
    await this.sql.query(`INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      key.id,
      key.name,
      key.role,
      key.accountId ?? null,
      key.contactId ?? null,
      key.secretSha256,
      key.fromEnvironment,
      key.createdBy ?? null,
      key.createdAt,
      key.expiresAt ?? null,
      key.revokedAt ?? null,
    ]);
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Keys in id order (UUIDv7, so creation order) after `afterId`; one extra row tells whether more follow. */
  async list(limit: number, afterId?: string): Promise<{ keys: ApiKeyRecord[]; more: boolean }> {
    const rows = afterId
      ? await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id > $1 ORDER BY id LIMIT $2`, [
          afterId,
          limit + 1,
        ])
      : await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY id LIMIT $1`, [limit + 1]);
    return { keys: rows.slice(0, limit).map(toRecord), more: rows.length > limit };
  }

  /** Sets revoked_at once; revoking again keeps the first instant. */
  async revoke(id: string, at: Date): Promise<ApiKeyRecord | undefined> {
    await this.sql.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
    return this.find(id);
  }

  /**
   * Makes the ADMIN_API_KEY key exist and be the only live key from the environment: changing the
   * variable rotates the bootstrap key instead of leaving the old one valid. A bootstrap key an
   * admin revoked through the API stays revoked; a new value of the variable is the way back in.
   */
  async ensureEnvironmentAdmin(
    id: string,
    secretSha256: string,
    now: Date,
  ): Promise<'created' | 'present' | 'revoked'> {
    return this.sql.transaction(async (tx) => {
      await tx.query('UPDATE api_keys SET revoked_at = $2 WHERE from_environment AND id <> $1 AND revoked_at IS NULL', [
        id,
        now,
      ]);
      const inserted = await tx.query(
        `INSERT INTO api_keys (id, name, role, secret_sha256, from_environment, created_at)
         VALUES ($1, 'ADMIN_API_KEY', 'admin', $2, true, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, secretSha256, now],
      );
      if (inserted.length > 0) return 'created';
      const rows = await tx.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM api_keys WHERE id = $1', [id]);
      return rows[0]?.revoked_at ? 'revoked' : 'present';
    });
  }
}
