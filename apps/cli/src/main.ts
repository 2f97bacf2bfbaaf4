/**
 * Admin commands. `npm run cli -- projections rebuild [name]` works against DATABASE_URL (and
 * EVENTSTORE_URL) or, without them, the embedded database in DATA_DIR (stop the API first: PGlite
 * admits one process per folder).
 */
import 'reflect-metadata';
import { createEventStore, openStateDatabase } from '@caseledger/event-store';
import { loadConfigOrExit } from '@caseledger/runtime';
import { rebuildProjections } from './rebuild-projections';

const USAGE = `usage: npm run cli -- projections rebuild [name]`;

async function main(argv: string[]): Promise<number> {
  const [area, command, name, ...rest] = argv;
  if (area !== 'projections' || command !== 'rebuild' || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  const config = loadConfigOrExit(process.env);
  const store = await createEventStore(config, () => undefined);
  const db = await openStateDatabase(config, store, 4);
  try {
    await rebuildProjections(store, db.sql, { name, databaseUrl: config.DATABASE_URL });
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
