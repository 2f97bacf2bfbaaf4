/**
 * The event store over SQL, shared by the postgres adapter (pg Pool) and the embedded adapter
 * (PGlite): both hand it a `SqlClient` and get identical behaviour from identical SQL.
 */
import { isValidStreamId, partialRetry, validateAppend, type ValidatedAppend } from '../../append-validation';
import { AppendSignal, CatchUpSubscription, type CatchUpOptions } from '../../catch-up-subscription';
import { EventIdConflict, StoreUnavailable, WrongExpectedVersion } from '../../event-store.errors';
import {
  START_POSITION,
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../../event-store.port';
import { readStreamRange, validateMaxCount } from '../../read-options';
import type { SqlClient } from './sql-client';
import {
  EXPECT_ANY,
  EXPECT_NO_STREAM,
  EXPECT_STREAM_EXISTS,
  MIGRATIONS,
  SQL,
  type AppendGroupRow,
  type AppendRow,
  type EventRow,
} from './event-store.sql';

const MAX_REVISION = '9223372036854775807';
const READ_PAGE = 5000;
/** Bounds one append_group statement (its payload, its locks, the time its first append waits for its last). */
const MAX_APPENDS_PER_GROUP = 64;

interface PendingAppend {
  append: ValidatedAppend;
  /** The expected revision as append_events takes it (see encodeExpected). */
  expected: string;
  /** The events as one JSON array. */
  payload: string;
  /** The streams the decision consulted, as one JSON array of { streamId, revision }. */
  consulted: string;
  resolve: (row: AppendRow) => void;
  reject: (error: unknown) => void;
}

export async function migrate(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    // Two processes starting together both see "not migrated"; the lock makes the second wait
    // and then find the work done, instead of failing on a half-created table.
    await tx.query(SQL.lockMigrations);
    await tx.query(SQL.createMigrationsTable);
    const [{ version }] = await tx.query<{ version: number }>(SQL.appliedVersion);
    for (const migration of MIGRATIONS) {
      if (migration.version <= version) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(SQL.recordMigration, [migration.version]);
    }
  });
}

export abstract class SqlEventStore implements EventStore {
  abstract readonly kind: 'postgres' | 'embedded';
  protected readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<AllSubscription>();
  protected closed = false;
  private readonly waitingAppends: PendingAppend[] = [];
  private appendsRunning = 0;

  /**
   * @param appendStatements how many append statements run at once. Appends that arrive while
   * they all run wait and then go together, as one statement and one commit (append_group):
   * under concurrent writers a commit, with its WAL flush and its round trip, is most of what an
   * append costs, and a lone writer never waits.
   */
  protected constructor(
    protected readonly sql: SqlClient,
    private readonly subscriptionOptions: CatchUpOptions = {},
    private readonly appendStatements = 1,
  ) {}

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const append = validateAppend(streamId, events, options);
    const payload = `[${append.events
      .map(
        (e) =>
          `{"eventId":"${e.eventId}","type":${JSON.stringify(e.type)},"data":${e.dataJson},"metadata":${e.metadataJson}}`,
      )
      .join(',')}]`;
    const row = await new Promise<AppendRow>((resolve, reject) => {
      this.waitingAppends.push({
        append,
        expected: encodeExpected(append.expectedRevision).toString(),
        payload,
        consulted: `[${append.consulted
          .map((c) => `{"streamId":${JSON.stringify(c.streamId)},"revision":"${c.revision}"}`)
          .join(',')}]`,
        resolve,
        reject,
      });
      this.startAppends();
    });
    switch (row.outcome) {
      case 'appended':
        this.appended();
        return appendResult(row);
      case 'duplicate':
        return appendResult(row);
      case 'wrong_expected_version': {
        const actual = BigInt(row.revision!);
        const consultedStream =
          row.detail === null ? undefined : append.consulted.find((c) => c.streamId === row.detail);
        if (row.detail !== null && !consultedStream)
          throw new Error(`append_events refused unknown stream ${row.detail}`);
        throw new WrongExpectedVersion(
          consultedStream?.streamId ?? append.streamId,
          consultedStream?.revision ?? append.expectedRevision,
          actual < 0n ? 'no_stream' : actual,
        );
      }
      case 'conflict':
        throw new EventIdConflict(row.detail!);
      case 'partial': {
        const [stored, missing] = row.detail!.split(' ');
        throw partialRetry(stored, missing);
      }
      default: {
        const _exhaustive: never = row.outcome;
        throw new Error(`append_events answered ${String(_exhaustive)}`);
      }
    }
  }

  private startAppends(): void {
    while (this.appendsRunning < this.appendStatements && this.waitingAppends.length > 0) {
      const group = this.waitingAppends.splice(0, MAX_APPENDS_PER_GROUP);
      this.appendsRunning++;
      void this.runAppends(group).finally(() => {
        this.appendsRunning--;
        this.startAppends();
      });
    }
  }

  private async runAppends(group: PendingAppend[]): Promise<void> {
    if (group.length > 1) {
      const text = `[${group
        .map(
          (p) =>
            `{"streamId":${JSON.stringify(p.append.streamId)},"expected":${p.expected},"events":${p.payload},"consulted":${p.consulted}}`,
        )
        .join(',')}]`;
      let rows: AppendGroupRow[] | undefined;
      try {
        rows = await this.sql.query<AppendGroupRow>(SQL.appendGroup, [text], 'caseledger_append_group');
      } catch {
        // Nothing of the group was written (or, had the connection died after the commit, every
        // event is stored and an append alone answers its first result by event id). Each append
        // alone then meets its own error: a race on an event id, a revision taken behind our back,
        // an unreachable server.
      }
      if (rows?.length === group.length) {
        for (const row of rows) group[row.n - 1].resolve(row);
        return;
      }
    }
    await Promise.all(group.map((p) => this.appendAlone(p).then(p.resolve, p.reject)));
  }

  private async appendAlone({ append, expected, payload, consulted }: PendingAppend): Promise<AppendRow> {
    const params = [append.streamId, expected, payload, consulted];
    try {
      return (await this.sql.query<AppendRow>(SQL.append, params, 'caseledger_append'))[0];
    } catch (error) {
      // Chosen as a deadlock's victim (see append_group): rolled back, so it runs again.
      if (isDeadlock(error)) return (await this.sql.query<AppendRow>(SQL.append, params, 'caseledger_append'))[0];
      if (!isUniqueViolation(error)) throw error;
      // A revision taken by a writer that bypassed append_events: the stream moved under us.
      if ((error as { constraint?: string }).constraint === 'events_stream_id_revision_key') {
        const [{ revision }] = await this.sql.query<{ revision: string }>(SQL.currentRevision, [append.streamId]);
        throw new WrongExpectedVersion(
          append.streamId,
          append.expectedRevision,
          revision === '-1' ? 'no_stream' : BigInt(revision),
        );
      }
      // Two writers racing with the same new event id: the loser waited on the unique index and
      // failed. Running the append again sees the winner's row and answers duplicate or conflict.
      return (await this.sql.query<AppendRow>(SQL.append, params, 'caseledger_append'))[0];
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const range = readStreamRange(options);
    if (!isValidStreamId(streamId) || range.maxCount === 0) return [];
    const limit = range.maxCount === Number.MAX_SAFE_INTEGER ? null : range.maxCount;
    // Named: every read of a case or a command's stream runs one of these two, and a statement
    // prepared once per connection spares PostgreSQL its parse and plan (about half its CPU per read).
    const rows =
      range.direction === 'forwards'
        ? await this.sql.queryArrays(
            SQL.readStreamForwards,
            [streamId, (range.from ?? 0n).toString(), limit],
            'caseledger_read_stream_forwards',
          )
        : await this.sql.queryArrays(
            SQL.readStreamBackwards,
            [streamId, range.from?.toString() ?? MAX_REVISION, limit],
            'caseledger_read_stream_backwards',
          );
    return toRecorded(rows);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = validateMaxCount(options.maxCount);
    let after =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const events: RecordedEvent[] = [];
    // Pages keep each result set small; each page starts strictly after the previous one's last
    // pair, so a horizon that moves between pages never reorders or repeats anything.
    while (events.length < maxCount) {
      const page = await this.readPage(after, Math.min(READ_PAGE, maxCount - events.length));
      for (const event of page) events.push(event);
      if (page.length < READ_PAGE) break;
      after = page[page.length - 1].position;
    }
    return events;
  }

  async lastCommittedPosition(): Promise<GlobalPosition | undefined> {
    this.assertOpen();
    const [row] = await this.sql.query<{ commit: string; prepare: string }>(
      SQL.lastCommitted,
      [],
      'caseledger_last_committed',
    );
    return row && { commit: BigInt(row.commit), prepare: BigInt(row.prepare) };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    this.subscriptionStarting();
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const subscription: CatchUpSubscription = new CatchUpSubscription(
      { readPage: (after, limit) => this.readPage(after, limit) },
      this.signal,
      from,
      { ...this.subscriptionOptions, onEnd: () => this.subscriptions.delete(subscription) },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(streamId: string): Promise<boolean> {
    this.assertOpen();
    if (!isValidStreamId(streamId)) return false;
    return (await this.sql.query(SQL.streamExists, [streamId])).length > 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.sql.query(SQL.ping);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.sql.close();
  }

  protected readPage(after: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    return this.pageRows(after, limit).then(toRecorded);
  }

  /** A page of `$all` as EventRows: through `read_all`, which both PostgreSQL and PGlite run. */
  protected pageRows(after: GlobalPosition, limit: number): Promise<unknown[][]> {
    return this.sql.queryArrays(SQL.readAll, [after.commit.toString(), after.prepare.toString(), limit]);
  }

  /** Hook: an append committed (wake local subscribers, tell other processes). */
  protected appended(): void {
    this.signal.notify();
  }

  /** Hook: the first subscription may need a listener. */
  protected subscriptionStarting(): void {}

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable(new Error(`the ${this.kind} event store is closed`));
  }
}

function encodeExpected(expected: ExpectedRevision): bigint {
  if (expected === 'any') return EXPECT_ANY;
  if (expected === 'no_stream') return EXPECT_NO_STREAM;
  if (expected === 'stream_exists') return EXPECT_STREAM_EXISTS;
  return expected;
}

function appendResult(row: AppendRow): AppendResult {
  return {
    nextExpectedRevision: BigInt(row.revision!),
    position: { commit: BigInt(row.tx!), prepare: BigInt(row.pos!) },
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '40P01';
}

/**
 * Rows of one read as records. Events appended in one transaction share its id and its instant, and
 * come together in `$all`, so each of those is converted once per run of equal rows, not per event.
 */
function toRecorded(rows: unknown[][]): RecordedEvent[] {
  const records: RecordedEvent[] = new Array<RecordedEvent>(rows.length);
  let commitText = '';
  let commit = 0n;
  let recordedText = '';
  let recordedAt = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as EventRow;
    if (row[6] !== commitText) {
      commitText = row[6];
      commit = BigInt(commitText);
    }
    if (row[8] !== recordedText) {
      recordedText = row[8];
      recordedAt = isoFromTimestamptz(recordedText);
    }
    records[i] = {
      eventId: row[0],
      type: row[1],
      data: row[2],
      metadata: row[3] as RecordedEvent['metadata'],
      streamId: row[4],
      revision: BigInt(row[5]),
      position: { commit, prepare: BigInt(row[7]) },
      recordedAt,
    };
  }
  return records;
}

/** '2025-01-02 03:04:05.678901+00' → '2025-01-02T03:04:05.678Z'; string slicing, not Date parsing. */
export function isoFromTimestamptz(text: string): string {
  if (text.length >= 22 && text.endsWith('+00')) {
    const fraction = text.length > 22 ? text.slice(20, text.length - 3) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${(fraction + '000').slice(0, 3)}Z`;
  }
  // Not UTC (someone changed the session time zone): slower, still right.
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}
