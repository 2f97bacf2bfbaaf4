/**
 * The SQL database for everything that is not an event: API keys, idempotency records, read models,
 * checkpoints. PostgreSQL when DATABASE_URL is set, else the embedded PGlite, shared
 * with the embedded event store when that is the event store (PGlite admits one opener per folder).
 */
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, openStateDatabase, StateDatabase } from '@caseledger/event-store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EVENT_STORE, STATE_DB } from '../tokens';

const STATE_DATABASE = Symbol('STATE_DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: STATE_DATABASE,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: (config: AppConfig, store: EventStore) => openStateDatabase(config, store),
    },
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
