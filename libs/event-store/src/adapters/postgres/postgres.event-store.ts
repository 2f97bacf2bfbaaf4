/**
 * PostgreSQL event store.
 *
 * Why `$all` is ordered by (transaction_id, position) and read only below the snapshot's xmin:
 * `position` is a bigserial, taken when a row is inserted but visible only when its transaction
 * commits. Writer A takes position 7, writer B takes 8 and commits first. A reader that trusts
 * positions sees 8, checkpoints at 8, and later asks for "after 8": A's event 7, committed a moment
 * later, is skipped forever. Marten closes the gap with a high-water mark that waits out stale
 * gaps (and must guess how long a gap may stay open); we use the transaction id instead, as Emmett
 * does, because it needs no timing guess. Every append stores `pg_current_xact_id()` (xid8, never
 * wraps). `pg_snapshot_xmin(pg_current_snapshot())` is the oldest transaction still running: every
 * transaction with a smaller id has finished, so rows below it are final, and nothing can still
 * appear before them. Reads take only those rows, in (transaction_id, position) order, and the
 * checkpoint is that pair: `GlobalPosition { commit: transaction_id, prepare: position }`. Resuming
 * "after position N" alone would re-open the hole, because a transaction with a smaller id may
 * have taken positions above N (ids are handed out at first write, positions at each insert).
 * The price: a long transaction anywhere in the cluster holds subscribers back until it ends; it
 * never makes them skip.
 *
 * Appends are one round trip: `append_events(stream, expected, events)` (event-store.sql.ts) locks
 * the stream, checks idempotency and the expected revision and inserts, in one statement. While two
 * appends are running, the ones arriving meanwhile wait and go together as one `append_group`
 * statement and one commit, each with its own outcome.
 *
 * Live subscriptions wake on an in-process signal after local appends and on LISTEN/NOTIFY for
 * appends by other processes, with a short poll as fallback. The NOTIFY is sent after the append
 * commits, from its own statement, at most one per 20 ms: a NOTIFY inside the append would take
 * PostgreSQL's global notify lock until commit and serialise every writer behind one WAL flush.
 */
import { Client, Pool } from 'pg';
import { UnsafeStoreConfiguration } from '../../event-store.errors';
import { PgSqlClient } from './pg-sql-client';
import type { GlobalPosition } from '../../event-store.port';
import { SQL } from './event-store.sql';
import { migrate, SqlEventStore } from './sql-event-store';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /** Poll interval of live subscriptions when no notification arrives; default 250 ms. */
  pollIntervalMs?: number;
  /**
   * Append statements running at once; appends arriving meanwhile go together in the next one
   * (see SqlEventStore). Default 2: two commits in flight keep the WAL busy while the next group
   * forms, and leave the rest of the pool to reads.
   */
  appendStatements?: number;
}

const ignore = (): void => undefined;
const NOTIFY_INTERVAL_MS = 20;

export class PostgresEventStore extends SqlEventStore {
  readonly kind = 'postgres' as const;
  private listener: Client | undefined;
  private listenRetry: NodeJS.Timeout | undefined;
  private notifyPending = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private lastNotifyAt = 0;

  private constructor(
    private readonly pg: PgSqlClient,
    private readonly options: PostgresEventStoreOptions,
    private readonly channel: string,
  ) {
    super(pg, { pollIntervalMs: options.pollIntervalMs }, options.appendStatements ?? 2);
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      connectionString: inUtc(options.connectionString),
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    const sql = new PgSqlClient(pool);
    try {
      const [{ synchronous_commit }] = await sql.query<{ synchronous_commit: string }>('show synchronous_commit');
      if (synchronous_commit === 'off') {
        throw new UnsafeStoreConfiguration(
          'synchronous_commit',
          'is off, so an acknowledged append could vanish in a crash; turn it on for this role or database',
        );
      }
      await migrate(sql);
      const [{ schema }] = await sql.query<{ schema: string }>('select current_schema() as schema');
      // One channel per schema, so stores sharing a database in other schemas do not wake each other.
      return new PostgresEventStore(sql, options, `caseledger_events_${schema}`.slice(0, 63));
    } catch (error) {
      await pool.end().catch(ignore);
      throw error;
    }
  }

  protected override pageRows(after: GlobalPosition, limit: number): Promise<unknown[][]> {
    return this.pg.queryScriptArrays(SQL.readAllStreaming(after, limit));
  }

  override async close(): Promise<void> {
    clearTimeout(this.listenRetry);
    clearTimeout(this.notifyTimer);
    const listener = this.listener;
    this.listener = undefined;
    await super.close();
    await listener?.end().catch(ignore);
  }

  protected override appended(): void {
    super.appended();
    // At most one NOTIFY per interval: each is a transaction of its own, and a steady stream of
    // appends would otherwise add a commit for nearly every append.
    if (this.notifyPending || this.closed) return;
    this.notifyPending = true;
    const wait = Math.max(0, this.lastNotifyAt + NOTIFY_INTERVAL_MS - Date.now());
    this.notifyTimer = setTimeout(() => {
      this.notifyPending = false;
      this.lastNotifyAt = Date.now();
      this.sql.query("select pg_notify($1, '')", [this.channel], 'caseledger_notify').catch(ignore); // others poll
    }, wait);
    this.notifyTimer.unref();
  }

  protected override subscriptionStarting(): void {
    if (!this.listener && !this.listenRetry) void this.listen();
  }

  private async listen(): Promise<void> {
    this.listenRetry = undefined;
    if (this.closed) return;
    const client = new Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 5000 });
    this.listener = client;
    const reconnect = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(ignore);
      if (!this.closed) this.listenRetry = setTimeout(() => void this.listen(), 1000);
      // Events appended while the listener was down are picked up by the poll fallback.
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    client.on('notification', () => this.signal.notify());
    try {
      await client.connect();
      await client.query(`listen "${this.channel.replace(/"/g, '""')}"`);
    } catch {
      reconnect();
    }
  }
}

/**
 * Sessions in UTC, so timestamps read back in the one form the reader slices without parsing.
 * Set in the startup packet: a SET after connecting would race the pool's first query.
 */
function inUtc(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c TimeZone=UTC`.trim());
    return url.toString();
  } catch {
    return connectionString; // not a URL (a socket path): timestamps take the slower general path
  }
}
