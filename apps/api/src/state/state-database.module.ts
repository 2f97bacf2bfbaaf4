/**
 * The SQL database for everything that is not an event: API keys, idempotency records, read models,
 * checkpoints, webhook state. PostgreSQL when DATABASE_URL is set, else the embedded PGlite, shared
 * with the embedded event store when that is the event store (PGlite admits one opener per folder).
 */
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EmbeddedEventStore, EventStore, PgliteSqlClient, PgSqlClient, SqlClient } from '@caseledger/event-store';
import { mkdir } from 'node:fs/promises';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EVENT_STORE } from '../store/event-store.module';

export const STATE_DB = Symbol('STATE_DB');

interface StateDatabase {
  sql: SqlClient;
  /** False when the connection belongs to the event store, which closes it. */
  owned: boolean;
}

const STATE_DATABASE = Symbol('STATE_DATABASE');

async function openStateDatabase(config: AppConfig, store: EventStore): Promise<StateDatabase> {
  if (config.DATABASE_URL) {
    return { sql: new PgSqlClient(new Pool({ connectionString: config.DATABASE_URL, max: 10, connectionTimeoutMillis: 5000 })), owned: true };
  }
  if (store instanceof EmbeddedEventStore) return { sql: store.sqlClient, owned: false };
  const inMemory = config.DATA_DIR.startsWith('memory://');
  if (!inMemory) await mkdir(config.DATA_DIR, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  return { sql: new PgliteSqlClient(await PGlite.create(inMemory ? undefined : config.DATA_DIR)), owned: true };
}

@Global()
@Module({
  providers: [
    { provide: STATE_DATABASE, inject: [APP_CONFIG, EVENT_STORE], useFactory: openStateDatabase },
    { provide: STATE_DB, inject: [STATE_DATABASE], useFactory: (db: StateDatabase) => db.sql },
  ],
  exports: [STATE_DB],
})
export class StateDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(STATE_DATABASE) private readonly db: StateDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.owned) await this.db.sql.close();
  }
}
