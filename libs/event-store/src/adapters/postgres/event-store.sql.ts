/**
 * The SQL of the PostgreSQL and embedded (PGlite) event stores: one schema, one append function,
 * one set of reads. See postgres.event-store.ts for why `$all` is ordered by (transaction_id, position).
 */

/** Any stable number: every process migrating the same database takes the same advisory lock. */
export const MIGRATION_LOCK_KEY = 7_318_042_551;

/** First key of the two-key advisory locks that serialise writers of one stream. */
export const STREAM_LOCK_CLASS = 7318;

/** Expected revisions as the append function receives them; real revisions are >= 0. */
export const EXPECT_NO_STREAM = -1n;
export const EXPECT_ANY = -2n;
export const EXPECT_STREAM_EXISTS = -3n;

/** Each migration is a list of single statements (PGlite's `query` takes one at a time). */
export const MIGRATIONS: ReadonlyArray<{ version: number; statements: readonly string[] }> = [
  {
    version: 1,
    statements: [
      `create table events (
         position bigserial not null,
         transaction_id xid8 not null default pg_current_xact_id(),
         stream_id text not null,
         revision bigint not null,
         event_id uuid not null unique,
         type text not null,
         data jsonb not null,
         metadata jsonb not null,
         recorded_at timestamptz not null default now(),
         primary key (transaction_id, position),
         unique (stream_id, revision)
       )`,
      `create function refuse_event_change() returns trigger language plpgsql as $$
       begin
         raise exception 'events are append-only: % refused', tg_op using errcode = 'CL403';
       end
       $$`,
      `create trigger events_append_only before update or delete on events
         for each row execute function refuse_event_change()`,
      `create trigger events_no_truncate before truncate on events
         for each statement execute function refuse_event_change()`,
      // The whole append in one round trip: stream lock, idempotency check, expected-revision check,
      // insert. Outcomes other than 'appended' write nothing and come back as rows, not errors.
      //
      // Writers of one stream serialise on a transaction-scoped advisory lock keyed by the stream's
      // hash (a collision only makes two streams queue behind each other), held until commit, and
      // read the current revision from the (stream_id, revision) index. A separate streams table
      // with a row to lock and update would do the same with a second row version and its WAL on
      // every append, which is most of what an append costs once commits are grouped.
      `create function append_events(p_stream text, p_expected bigint, p_events jsonb)
       returns table (outcome text, revision bigint, tx xid8, pos bigint, detail text)
       language plpgsql
       -- PL/pgSQL caches each statement's plan per connection. Planned while the table is small
       -- (every fresh install, every pool connection opened early), the event-id lookup becomes a
       -- sequential scan and stays one as the table grows: appends slow down linearly. Every
       -- lookup here is an index probe at any size, so say so.
       set enable_seqscan = off
       as $$
       declare
         v_ids uuid[];
         v_current bigint;
       begin
         perform pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext(p_stream));
         -- Read committed: every statement below sees what writers before the lock committed.
         v_ids := array(select (x.e->>'eventId')::uuid from jsonb_array_elements(p_events) as x(e));

         if exists (select 1 from events where event_id = any (v_ids)) then
           return query
             with incoming as (
               select (x.e->>'eventId')::uuid as id, x.e, x.n from jsonb_array_elements(p_events) with ordinality as x(e, n)
             ), matched as (
               select i.id, i.n, s.revision, s.transaction_id, s.position,
                      s.event_id is not null as stored,
                      s.event_id is not null and s.stream_id = p_stream and s.type = i.e->>'type'
                        and s.data = i.e->'data' and s.metadata = i.e->'metadata' as same
                 from incoming i left join events s on s.event_id = i.id
             )
             select case
                      when exists (select 1 from matched m where m.stored and not m.same) then 'conflict'
                      when exists (select 1 from matched m where not m.stored) then 'partial'
                      else 'duplicate'
                    end,
                    l.revision, l.transaction_id, l.position,
                    coalesce(
                      (select m.id::text from matched m where m.stored and not m.same order by m.n limit 1),
                      (select (select m.id::text from matched m where m.stored order by m.n limit 1) || ' '
                           || (select m.id::text from matched m where not m.stored order by m.n limit 1)))
               from (select m.revision, m.transaction_id, m.position from matched m where m.stored
                      order by m.revision desc limit 1) l;
           return;
         end if;

         select coalesce(max(e.revision), -1) into v_current from events e where e.stream_id = p_stream;
         if (p_expected = -3 and v_current = -1) or (p_expected >= -1 and p_expected <> v_current) then
           return query select 'wrong_expected_version'::text, v_current, null::xid8, null::bigint, null::text;
           return;
         end if;

         return query
           with inserted as (
             insert into events (stream_id, revision, event_id, type, data, metadata)
             select p_stream, v_current + x.n, (x.e->>'eventId')::uuid, x.e->>'type', x.e->'data', x.e->'metadata'
               from jsonb_array_elements(p_events) with ordinality as x(e, n)
              order by x.n
             returning events.revision, events.position
           )
           select 'appended'::text, max(inserted.revision), pg_current_xact_id(), max(inserted.position), null::text
             from inserted;
       end
       $$`,
    ],
  },
  {
    version: 2,
    statements: [
      // A page of $all. Without statistics (a fresh table, and PGlite never analyzes) the planner
      // guesses that few rows follow the checkpoint and picks a bitmap scan plus a sort of every
      // remaining row, for every page: a full read becomes quadratic. The (transaction_id,
      // position) primary key already holds the order, so the scan must walk it. STABLE keeps the
      // caller's snapshot, so the xmin horizon and the rows read agree.
      `create function read_all(p_commit xid8, p_prepare bigint, p_limit bigint)
       returns setof events
       language sql stable
       set enable_seqscan = off
       set enable_bitmapscan = off
       set enable_sort = off
       as $$
         select * from events
          where (transaction_id, position) > (p_commit, p_prepare)
            and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          order by transaction_id, position
          limit p_limit
       $$`,
    ],
  },
  {
    version: 3,
    statements: [
      // append_events with the streams the writer's decision rested on (p_consulted: a JSON array of
      // {streamId, revision}), so a decision made on a cached copy of another stream is checked in
      // the append's own round trip. The 3-argument function stays for processes of the previous
      // release during a rolling upgrade.
      //
      // Each consulted stream's lock is taken shared, after the appended stream's own (exclusive)
      // lock: an unfinished writer of the consulted stream is waited for, so its commit is seen, and
      // a later one waits for this transaction, so the check holds until commit. Appends that
      // consult the same stream (cases opened under one contract) do not queue behind each other.
      // Writers consult streams they never append to in the same transaction, so no lock cycle forms
      // (PostgreSQL's deadlock detector would end one if a hash collision ever made one).
      `create function append_events(p_stream text, p_expected bigint, p_events jsonb, p_consulted jsonb)
       returns table (outcome text, revision bigint, tx xid8, pos bigint, detail text)
       language plpgsql
       set enable_seqscan = off
       as $$
       declare
         v_ids uuid[];
         v_current bigint;
         v_consulted record;
         v_other bigint;
       begin
         perform pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext(p_stream));
         v_ids := array(select (x.e->>'eventId')::uuid from jsonb_array_elements(p_events) as x(e));

         if exists (select 1 from events where event_id = any (v_ids)) then
           return query
             with incoming as (
               select (x.e->>'eventId')::uuid as id, x.e, x.n from jsonb_array_elements(p_events) with ordinality as x(e, n)
             ), matched as (
               select i.id, i.n, s.revision, s.transaction_id, s.position,
                      s.event_id is not null as stored,
                      s.event_id is not null and s.stream_id = p_stream and s.type = i.e->>'type'
                        and s.data = i.e->'data' and s.metadata = i.e->'metadata' as same
                 from incoming i left join events s on s.event_id = i.id
             )
             select case
                      when exists (select 1 from matched m where m.stored and not m.same) then 'conflict'
                      when exists (select 1 from matched m where not m.stored) then 'partial'
                      else 'duplicate'
                    end,
                    l.revision, l.transaction_id, l.position,
                    coalesce(
                      (select m.id::text from matched m where m.stored and not m.same order by m.n limit 1),
                      (select (select m.id::text from matched m where m.stored order by m.n limit 1) || ' '
                           || (select m.id::text from matched m where not m.stored order by m.n limit 1)))
               from (select m.revision, m.transaction_id, m.position from matched m where m.stored
                      order by m.revision desc limit 1) l;
           return;
         end if;

         select coalesce(max(e.revision), -1) into v_current from events e where e.stream_id = p_stream;
         if (p_expected = -3 and v_current = -1) or (p_expected >= -1 and p_expected <> v_current) then
           return query select 'wrong_expected_version'::text, v_current, null::xid8, null::bigint, null::text;
           return;
         end if;

         -- A refusal names the consulted stream in detail; the appended stream's refusal above has none.
         for v_consulted in
           select x.c->>'streamId' as stream_id, (x.c->>'revision')::bigint as expected
             from jsonb_array_elements(p_consulted) as x(c)
         loop
           perform pg_advisory_xact_lock_shared(${STREAM_LOCK_CLASS}, hashtext(v_consulted.stream_id));
           select coalesce(max(e.revision), -1) into v_other from events e where e.stream_id = v_consulted.stream_id;
           if v_other <> v_consulted.expected then
             return query select 'wrong_expected_version'::text, v_other, null::xid8, null::bigint, v_consulted.stream_id;
             return;
           end if;
         end loop;

         return query
           with inserted as (
             insert into events (stream_id, revision, event_id, type, data, metadata)
             select p_stream, v_current + x.n, (x.e->>'eventId')::uuid, x.e->>'type', x.e->'data', x.e->'metadata'
               from jsonb_array_elements(p_events) with ordinality as x(e, n)
              order by x.n
             returning events.revision, events.position
           )
           select 'appended'::text, max(inserted.revision), pg_current_xact_id(), max(inserted.position), null::text
             from inserted;
       end
       $$`,
    ],
  },
  {
    version: 4,
    statements: [
      // Several appends in one statement and one commit (sql-event-store.ts groups the appends
      // that arrive while the store's earlier ones are still running). Each is append_events on
      // its own, with the streams it consulted and its own outcome, in arrival order; one that
      // raises rolls back the whole group and the client runs each alone. The stream locks of the
      // whole group are taken first, in one order, so two groups sharing streams queue instead of
      // deadlocking; append_events then takes its own lock again, which the transaction already
      // holds. A consulted stream's shared lock is taken later, inside append_events: a group
      // holding a contract's lock can meet one waiting for it only if both append to one new case
      // stream (the same opening sent twice), and the deadlock that ends then is retried alone.
      `create function append_group(p_appends jsonb)
       returns table (n int, outcome text, revision bigint, tx xid8, pos bigint, detail text)
       language plpgsql
       as $$
       declare
         v_append jsonb;
         v_n int;
       begin
         perform pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, l.key)
            from (select distinct hashtext(a->>'streamId') as key
                    from jsonb_array_elements(p_appends) as a
                   order by 1) l;
         for v_append, v_n in select x.a, x.i from jsonb_array_elements(p_appends) with ordinality as x(a, i) loop
           return query
             select v_n, r.outcome, r.revision, r.tx, r.pos, r.detail
               from append_events(v_append->>'streamId', (v_append->>'expected')::bigint, v_append->'events',
                                 coalesce(v_append->'consulted', '[]'::jsonb)) r;
         end loop;
       end
       $$`,
    ],
  },
];

/**
 * The columns of every event read (readAll, readAllStreaming, readStreamForwards, readStreamBackwards),
 * read by position in the order of EventRow. Everything is cast to text so pg and PGlite hand back the
 * same JavaScript types; the session time zone is UTC (set on every connection), so recorded_at reads
 * as 'YYYY-MM-DD HH:MM:SS.ffffff+00'.
 */
const EVENT_COLUMNS = `event_id::text as event_id, type, data, metadata, stream_id, revision::text as revision,
  transaction_id::text as commit, position::text as prepare, recorded_at::text as recorded_at`;

export const SQL = {
  createMigrationsTable: `create table if not exists event_store_migrations (
      version int primary key,
      applied_at timestamptz not null default now()
    )`,
  lockMigrations: `select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
  appliedVersion: `select coalesce(max(version), 0)::int as version from event_store_migrations`,
  recordMigration: `insert into event_store_migrations (version) values ($1)`,

  append: `select outcome, revision::text as revision, tx::text as tx, pos::text as pos, detail
             from append_events($1, $2::int8, $3::jsonb, $4::jsonb)`,

  appendGroup: `select n, outcome, revision::text as revision, tx::text as tx, pos::text as pos, detail
                  from append_group($1::jsonb)`,

  readAll: `select ${EVENT_COLUMNS}
              from read_all($1::text::xid8, $2::int8, $3::int8)`,

  /**
   * read_all's query and planner settings, as one simple-query message on a PostgreSQL server
   * (PGlite runs one statement per call): the SET LOCALs hold for the implicit transaction the
   * message runs in, and the rows stream as the index scan finds them. read_all, a set-returning
   * function, materialises each page before its first row leaves the server (about 11 ms of a
   * 5,000-row page here), and the reader waits that long on every page. `after` and `limit` are
   * written as literals, which only a bigint or an integer can be.
   */
  readAllStreaming: (after: { commit: bigint; prepare: bigint }, limit: number): string => {
    if (typeof after.commit !== 'bigint' || typeof after.prepare !== 'bigint' || !Number.isSafeInteger(limit))
      throw new TypeError('a page of $all starts after a position of bigints and holds an integer number of events');
    return `set local enable_seqscan = off;
            set local enable_bitmapscan = off;
            set local enable_sort = off;
            select ${EVENT_COLUMNS}
              from events
             where (transaction_id, position) > ('${after.commit}'::xid8, ${after.prepare}::int8)
               and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
             order by transaction_id, position
             limit ${limit}`;
  },

  // Rows committed before this statement, whether read_all's horizon shows them yet or not.
  lastCommitted: `select transaction_id::text as commit, position::text as prepare
                    from events order by transaction_id desc, position desc limit 1`,

  readStreamForwards: `select ${EVENT_COLUMNS}
              from events
             where stream_id = $1 and revision >= $2::int8
             order by events.revision
             limit $3`,

  readStreamBackwards: `select ${EVENT_COLUMNS}
              from events
             where stream_id = $1 and revision <= $2::int8
             order by events.revision desc
             limit $3`,

  currentRevision: `select coalesce(max(revision), -1)::text as revision from events where stream_id = $1`,
  streamExists: `select 1 as found from events where stream_id = $1 limit 1`,
  ping: `select 1 as ok`,
  utc: `set time zone 'UTC'`,
};

/** A row of the event reads (readAll, readStreamForwards, readStreamBackwards): their columns, in order. */
export type EventRow = [
  eventId: string,
  type: string,
  data: unknown,
  metadata: Record<string, unknown>,
  streamId: string,
  revision: string,
  commit: string,
  prepare: string,
  recordedAt: string,
];

export interface AppendGroupRow extends AppendRow {
  /** 1-based place of the append in the group. */
  n: number;
}

export interface AppendRow {
  outcome: 'appended' | 'duplicate' | 'conflict' | 'partial' | 'wrong_expected_version';
  revision: string | null;
  tx: string | null;
  pos: string | null;
  detail: string | null;
}
