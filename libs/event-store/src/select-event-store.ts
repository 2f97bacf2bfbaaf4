/**
 * Picks the adapter from the environment, as ARCHITECTURE.md fixes it: EVENTSTORE_URL → EventStoreDB,
 * else DATABASE_URL → PostgreSQL, else the embedded PGlite store in DATA_DIR (default ./data).
 */
import { EmbeddedEventStore } from './adapters/embedded/embedded.event-store';
import { EventStoreDbEventStore } from './adapters/eventstoredb/eventstoredb.event-store';
import { PostgresEventStore } from './adapters/postgres/postgres.event-store';
import type { EventStore } from './event-store.port';
import { withUpcasters, type Upcaster } from './upcasting';

export interface EventStoreEnvironment {
  EVENTSTORE_URL?: string;
  DATABASE_URL?: string;
  DATA_DIR?: string;
}

export const DEFAULT_DATA_DIR = './data';

export interface CreateEventStoreOptions {
  /** When given, every read path of the store comes out upcast (see upcasting.ts). */
  upcasters?: readonly Upcaster[];
}

export async function createEventStore(
  env: EventStoreEnvironment,
  log: (message: string) => void = () => undefined,
  options: CreateEventStoreOptions = {},
): Promise<EventStore> {
  const store = await openAdapter(env, log);
  return options.upcasters?.length ? withUpcasters(store, options.upcasters) : store;
}

async function openAdapter(env: EventStoreEnvironment, log: (message: string) => void): Promise<EventStore> {
  const eventStoreUrl = env.EVENTSTORE_URL?.trim();
  if (eventStoreUrl) {
    log(`event store: EventStoreDB at ${redact(eventStoreUrl)} (EVENTSTORE_URL)`);
    return EventStoreDbEventStore.connect(eventStoreUrl);
  }
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    log(`event store: PostgreSQL at ${redact(databaseUrl)} (DATABASE_URL)`);
    return PostgresEventStore.connect({ connectionString: databaseUrl });
  }
  const dataDir = env.DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  log(`event store: embedded PGlite in ${dataDir} (neither EVENTSTORE_URL nor DATABASE_URL set)`);
  return EmbeddedEventStore.open({ dataDir });
}

/** Connection strings may carry passwords; logs must not. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
