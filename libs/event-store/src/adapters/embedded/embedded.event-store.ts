/**
 * Embedded event store: PGlite (PostgreSQL compiled to WebAssembly) persisted in a directory, so
 * `npm start` needs no database server. It runs the postgres adapter's SQL through `SqlClient`.
 *
 * PGlite is one connection. A query issued while another caller's BEGIN is open would run inside
 * that transaction, so every query and transaction goes through one in-process queue. With one
 * connection nothing is ever concurrently in flight, so the xmin horizon of the shared reads is
 * always "everything committed": harmless, and it keeps one SQL for both adapters.
 */
import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { StoreUnavailable } from '../../event-store.errors';
import type { SqlClient, SqlQueryable } from '../postgres/sql-client';
import { SQL } from '../postgres/event-store.sql';
import { migrate, SqlEventStore } from '../postgres/sql-event-store';

export interface EmbeddedEventStoreOptions {
  /** A directory (created if missing), or `memory://` for a throw-away in-memory database. */
  dataDir: string;
  pollIntervalMs?: number;
}

export class PgliteSqlClient implements SqlClient {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly db: PGlite) {}

  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.exclusive(() => this.run<Row>(text, params));
  }

  queryArrays(text: string, params?: readonly unknown[]): Promise<unknown[][]> {
    return this.exclusive(() => this.run<unknown[]>(text, params, 'array'));
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.db.query('begin');
      try {
        const result = await fn({ query: (text, params) => this.run(text, params) });
        await this.db.query('commit');
        return result;
      } catch (error) {
        await this.db.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.db.close();
    });
  }

  private async run<Row>(text: string, params?: readonly unknown[], rowMode?: 'array'): Promise<Row[]> {
    if (this.closed) throw new StoreUnavailable(new Error('the embedded database is closed'));
    return (await this.db.query<Row>(text, params as unknown[], rowMode && { rowMode })).rows;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class EmbeddedEventStore extends SqlEventStore {
  readonly kind = 'embedded' as const;

  private constructor(
    sql: PgliteSqlClient,
    readonly dataDir: string,
    pollIntervalMs?: number,
  ) {
    super(sql, { pollIntervalMs });
  }

  static async open(options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
    const inMemory = options.dataDir === 'memory://' || options.dataDir.startsWith('memory://');
    if (!inMemory) await mkdir(options.dataDir, { recursive: true });
    // PGlite loads its WebAssembly through a dynamic import(); under jest that needs
    // NODE_OPTIONS=--experimental-vm-modules (the npm test script sets it), plain Node needs nothing.
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(inMemory ? undefined : options.dataDir);
    const sql = new PgliteSqlClient(db);
    try {
      await sql.query(SQL.utc);
      await migrate(sql);
    } catch (error) {
      await sql.close().catch(() => undefined);
      throw error;
    }
    return new EmbeddedEventStore(sql, options.dataDir, options.pollIntervalMs);
  }

  /**
   * The store's own connection, for read models and API state: PGlite admits one opener per
   * directory, so everything embedded shares it (and its queue).
   */
  get sqlClient(): SqlClient {
    return this.sql;
  }
}
