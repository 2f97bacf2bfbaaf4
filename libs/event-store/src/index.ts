export * from './event-store.port';
export * from './event-store.errors';
export * from './envelope';
export * from './upcasting';
export { validateAppend, canonicalJson, MAX_STREAM_ID_LENGTH, MAX_EVENT_TYPE_LENGTH } from './append-validation';
export { AppendSignal, CatchUpSubscription } from './catch-up-subscription';
export { MemoryEventStore } from './adapters/memory/memory.event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './adapters/postgres/postgres.event-store';
export {
  EmbeddedEventStore,
  PgliteSqlClient,
  type EmbeddedEventStoreOptions,
} from './adapters/embedded/embedded.event-store';
export { PgSqlClient, isConnectionError } from './adapters/postgres/pg-sql-client';
export { EventStoreDbEventStore } from './adapters/eventstoredb/eventstoredb.event-store';
export type { SqlClient, SqlQueryable } from './adapters/postgres/sql-client';
export {
  createEventStore,
  DEFAULT_DATA_DIR,
  type CreateEventStoreOptions,
  type EventStoreEnvironment,
} from './select-event-store';
export { openStateDatabase, type StateDatabase } from './select-state-database';
