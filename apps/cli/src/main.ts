/**
 * Admin commands. `npm run cli -- projections rebuild [name]` works against DATABASE_URL (and
 * EVENTSTORE_URL) or, without them, the embedded database in DATA_DIR (stop the API first: PGlite
 * admits one process per folder).
 */
import 'reflect-metadata';
import { createEventStore, EmbeddedEventStore, EventStore, PgliteSqlClient, PgSqlClient, SqlClient, DEFAULT_DATA_DIR } from '@caseledger/event-store';
import { Pool } from 'pg';
import { rebuildProjections } from './rebuild-projections';

const USAGE = `usage: npm run cli -- projections rebuild [name]`;

async function stateDatabase(store: EventStore): Promise<{ sql: SqlClient; owned: boolean }> {
  if (process.env.DATABASE_URL) return { sql: new PgSqlClient(new Pool({ connectionString: process.env.DATABASE_URL, max: 4 })), owned: true };
  if (store instanceof EmbeddedEventStore) return { sql: store.sqlClient, owned: false };
  const { PGlite } = await import('@electric-sql/pglite');
  return { sql: new PgliteSqlClient(await PGlite.create(process.env.DATA_DIR || DEFAULT_DATA_DIR)), owned: true };
}

async function main(argv: string[]): Promise<number> {
  const [area, command, name, ...rest] = argv;
  if (area !== 'projections' || command !== 'rebuild' || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  const store = await createEventStore(
    { EVENTSTORE_URL: process.env.EVENTSTORE_URL || undefined, DATABASE_URL: process.env.DATABASE_URL || undefined, DATA_DIR: process.env.DATA_DIR || DEFAULT_DATA_DIR },
    () => undefined,
  );
  const db = await stateDatabase(store);
  try {
    await rebuildProjections(store, db.sql, { name, databaseUrl: process.env.DATABASE_URL || undefined });
    return 0;
  } finally {
    if (db.owned) await db.sql.close();
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
