/**
 * Admin commands, against DATABASE_URL (and EVENTSTORE_URL) or, without them, the embedded database
 * in DATA_DIR (stop the API first: PGlite admits one process per folder).
 *
 *   npm run cli -- projections rebuild [name]
 *   npm run cli -- audit verify [--stream <id>] [--account <id>]
 *   npm run cli -- audit verify --file <export.ndjson>
 *   npm run cli -- audit export --account <id> [--from <instant>] [--to <instant>] > export.ndjson
 */
import 'reflect-metadata';
import { createEventStore, openStateDatabase, type EventStore, type StateDatabase } from '@caseledger/event-store';
import { PersonalDataVault, SqlPersonalDataKeys } from '@caseledger/application';
import { loadConfigOrExit } from '@caseledger/runtime';
import { exportAudit, verifyFile, verifyStore } from './audit-commands';
import { REBUILD_CONNECTIONS, rebuildProjections } from './rebuild-projections';

const USAGE = `usage:
  npm run cli -- projections rebuild [name]
  npm run cli -- audit verify [--stream <id>] [--account <id>]
  npm run cli -- audit verify --file <export.ndjson>
  npm run cli -- audit export --account <id> [--from <instant>] [--to <instant>]`;

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

class UsageError extends Error {}

/** `--name value` pairs; only the names given are accepted, each at most once. */
function flags(args: string[], allowed: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.startsWith('--') ? args[i].slice(2) : undefined;
    const value = args[i + 1];
    if (!name || !allowed.includes(name)) throw new UsageError(`unknown argument "${args[i]}"`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    if (name in found) throw new UsageError(`--${name} is given twice`);
    found[name] = value;
  }
  for (const name of ['from', 'to'])
    if (found[name] !== undefined && (!ISO_INSTANT.test(found[name]) || Number.isNaN(Date.parse(found[name]))))
      throw new UsageError(`--${name} must be a UTC ISO-8601 instant such as 2026-04-01T00:00:00Z`);
  return found;
}

async function withStores<T>(run: (store: EventStore, db: StateDatabase) => Promise<T>, connections = 4): Promise<T> {
  const config = loadConfigOrExit(process.env);
  const store = await createEventStore(config, () => undefined);
  const db = await openStateDatabase(config, store, connections);
  try {
    return await run(store, db);
  } finally {
    if (db.owned) await db.sql.close();
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [area, command, ...rest] = argv;
  const io = { out: process.stdout, err: process.stderr };
  if (area === 'projections' && command === 'rebuild' && rest.length <= 1) {
    const config = loadConfigOrExit(process.env);
    return withStores(async (store, db) => {
      await rebuildProjections(store, db.sql, { name: rest[0], databaseUrl: config.DATABASE_URL });
      return 0;
    }, REBUILD_CONNECTIONS);
  }
  if (area === 'audit' && command === 'verify') {
    const given = flags(rest, ['stream', 'account', 'file']);
    if (given.file !== undefined) {
      if (Object.keys(given).length > 1) throw new UsageError('--file checks an export alone');
      return verifyFile(given.file, io);
    }
    return withStores((store, db) =>
      verifyStore(store, db.sql, { streamId: given.stream, accountId: given.account }, io),
    );
  }
  if (area === 'audit' && command === 'export') {
    const given = flags(rest, ['account', 'from', 'to']);
    if (given.account === undefined) throw new UsageError('--account is required');
    return withStores((store, db) =>
      exportAudit(
        store,
        new PersonalDataVault(new SqlPersonalDataKeys(db.sql)),
        { accountId: given.account, from: given.from, to: given.to },
        io,
      ),
    );
  }
  throw new UsageError(`unknown command "${argv.join(' ')}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(64); // EX_USAGE
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
