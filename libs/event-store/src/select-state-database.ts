/**
 * The SQL database for everything that is not an event (API keys, idempotency records, read models,
 * checkpoints): PostgreSQL when DATABASE_URL is set, else the embedded PGlite, shared with the
 * embedded event store when that is the event store (PGlite admits one opener per folder).
 */
import { mkdir } from 'node:fs/promises';
import { Pool } from 'pg';
import { EmbeddedEventStore, PgliteSqlClient } from './adapters/embedded/embedded.event-store';
import { PgSqlClient } from './adapters/postgres/pg-sql-client';
import type { SqlClient } from './adapters/postgres/sql-client';
import type { EventStore } from './event-store.port';
import { DEFAULT_DATA_DIR } from './select-event-store';

export interface StateDatabase {
  sql: SqlClient;
  /** False when the connection belongs to the event store, which closes it. */
  owned: boolean;
}

export async function openStateDatabase(
  env: { DATABASE_URL?: string; DATA_DIR?: string },
  store: EventStore,
  poolSize = 10,
): Promise<StateDatabase> {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl)
    return {
      sql: new PgSqlClient(new Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000 })),
      owned: true,
    };
  if (store instanceof EmbeddedEventStore) return { sql: store.sqlClient, owned: false };
  const dataDir = env.DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  return { sql: new PgliteSqlClient(await PGlite.create(inMemory ? undefined : dataDir)), owned: true };
}
