/**
 * Idempotency records in the state database, one per (API key, Idempotency-Key). A request claims
 * its key with an insert that only one concurrent request can win; the winner later stores the
 * response. Same SQL on PostgreSQL and PGlite.
 */
import type { SqlClient } from '@caseledger/event-store';

export const IDEMPOTENCY_MIGRATION = `
CREATE TABLE IF NOT EXISTS idempotency_records (
  api_key_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL,
  status_code integer,
  response_headers text,
  response_body text,
  created_at timestamptz NOT NULL,
  lease_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS idempotency_records_expires_at ON idempotency_records (expires_at)`;

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** The JSON text of the body, or undefined when the handler answered without one. */
  body: string | undefined;
}

export type ExistingRecord =
  { state: 'in_progress'; requestHash: string } | { state: 'completed'; requestHash: string; response: StoredResponse };

interface RecordRow {
  request_hash: string;
  state: string;
  status_code: number | null;
  response_headers: string | null;
  response_body: string | null;
}

export class IdempotencyRecordRepository {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    for (const statement of IDEMPOTENCY_MIGRATION.split(';')) await this.sql.query(statement);
  }

  /**
   * True when this request now owns the key: no record existed, the old one expired, or an earlier
   * attempt with the same body died without finishing (its lease ran out).
   */
  async claim(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    leaseMs: number,
    retainMs: number,
  ): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO idempotency_records (api_key_id, idempotency_key, request_hash, state, created_at, lease_until, expires_at)
       VALUES ($1, $2, $3, 'in_progress', $4, $5, $6)
       ON CONFLICT (api_key_id, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', status_code = NULL, response_headers = NULL,
             response_body = NULL, created_at = EXCLUDED.created_at, lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at
         WHERE idempotency_records.expires_at <= EXCLUDED.created_at
            OR (idempotency_records.state = 'in_progress' AND idempotency_records.lease_until <= EXCLUDED.created_at
                AND idempotency_records.request_hash = EXCLUDED.request_hash)
       RETURNING state`,
      [scope, key, requestHash, now, new Date(now.getTime() + leaseMs), new Date(now.getTime() + retainMs)],
    );
    return rows.length === 1;
  }

  async find(scope: string, key: string, now: Date): Promise<ExistingRecord | undefined> {
    const rows = await this.sql.query<RecordRow>(
      `SELECT request_hash, state, status_code, response_headers, response_body FROM idempotency_records
       WHERE api_key_id = $1 AND idempotency_key = $2 AND expires_at > $3`,
      [scope, key, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.state !== 'completed') return { state: 'in_progress', requestHash: row.request_hash };
    return {
      state: 'completed',
      requestHash: row.request_hash,
      response: {
        statusCode: row.status_code ?? 200,
        headers: row.response_headers === null ? {} : (JSON.parse(row.response_headers) as Record<string, string>),
        body: row.response_body ?? undefined,
      },
    };
  }

  /** `claimedAt` identifies the attempt, so one whose lease was taken over cannot overwrite its successor. */
  async complete(scope: string, key: string, claimedAt: Date, response: StoredResponse): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_records SET state = 'completed', status_code = $4, response_headers = $5, response_body = $6
       WHERE api_key_id = $1 AND idempotency_key = $2 AND created_at = $3 AND state = 'in_progress'`,
      [scope, key, claimedAt, response.statusCode, JSON.stringify(response.headers), response.body ?? null],
    );
  }

  /** Frees the key after a failed attempt, so the client can retry with it. */
  async release(scope: string, key: string, claimedAt: Date): Promise<void> {
    await this.sql.query(
      `DELETE FROM idempotency_records WHERE api_key_id = $1 AND idempotency_key = $2 AND created_at = $3 AND state = 'in_progress'`,
      [scope, key, claimedAt],
    );
  }

  async purgeExpired(now: Date): Promise<number> {
    const rows = await this.sql.query('DELETE FROM idempotency_records WHERE expires_at <= $1 RETURNING 1', [now]);
    return rows.length;
  }
}
