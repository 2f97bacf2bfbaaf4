/**
 * The webhooks' tables in the state database (PostgreSQL or the embedded PGlite, same SQL). Instants
 * are ISO-8601 UTC text of one width, so they compare as text and read back exactly as written.
 */
import type { SqlClient, SqlQueryable } from '@caseledger/event-store';

/** Any stable number: processes creating the tables at once queue on it. */
const WEBHOOK_MIGRATION_LOCK = 7_318_042_911;

const DDL = [
  `create table if not exists webhook_subscriptions (
    id uuid primary key,
    url text not null,
    event_types jsonb not null,
    account_id text,
    owner_account_id text,
    description text,
    enabled boolean not null,
    secrets jsonb not null,
    revision integer not null,
    starts_after text not null,
    created_at text not null,
    updated_at text not null,
    failing_since text,
    disabled_at text,
    disabled_reason text
  )`,
  `create table if not exists webhook_deliveries (
    seq bigserial primary key,
    id uuid not null unique,
    subscription_id uuid not null,
    origin text not null,
    event_id text not null,
    event_type text not null,
    ordering_key text not null,
    event_time text not null,
    body text not null,
    status text not null,
    attempts jsonb not null default '[]',
    failures integer not null default 0,
    next_attempt_at text not null,
    created_at text not null,
    delivered_at text,
    unique (subscription_id, event_id, origin)
  )`,
  `create index if not exists webhook_deliveries_pending
     on webhook_deliveries (subscription_id, ordering_key, seq) where status = 'pending'`,
];

export async function migrateWebhookTables(sql: SqlClient | SqlQueryable): Promise<void> {
  const run = async (tx: SqlQueryable) => {
    await tx.query(`select pg_advisory_xact_lock(${WEBHOOK_MIGRATION_LOCK})`);
    for (const statement of DDL) await tx.query(statement);
  };
  if ('transaction' in sql) await sql.transaction(run);
  else await run(sql);
}
