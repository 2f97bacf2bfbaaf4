import { randomUUID } from 'node:crypto';
import { Client, type QueryResult } from 'pg';
import {
  PgSqlClient,
  PostgresEventStore,
  StoreUnavailable,
  UnsafeStoreConfiguration,
  type AppendResult,
  type EventStore,
  type RecordedEvent,
} from '@caseledger/event-store';
import { createTestSchema, describePostgres, type TestSchema } from '@caseledger/testing';
import { SQL } from '../../libs/event-store/src/adapters/postgres/event-store.sql';
import { anEvent, readAllUntil, runEventStoreContract } from './event-store.contract';

const withOption = (connectionString: string, option: string): string => {
  const url = new URL(connectionString);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} ${option}`.trim());
  return url.toString();
};

const withApplicationName = (connectionString: string, name: string): string => {
  const url = new URL(connectionString);
  url.searchParams.set('application_name', name);
  return url.toString();
};

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Outcome of an append, kept whether it resolved or rejected, to read once the group has run. */
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/**
 * Occupies a store's one append statement: its append waits on a stream lock `holder` takes, so the
 * appends sent next queue up and go as one group once `release` lets it finish.
 */
async function occupyAppends(grouping: PostgresEventStore, holder: Client): Promise<() => Promise<void>> {
  const blocked = `case-${randomUUID()}`;
  await holder.query('begin');
  await holder.query('select pg_advisory_xact_lock(7318, hashtext($1))', [blocked]);
  const running = grouping.appendToStream(blocked, [anEvent()]);
  return async () => {
    await holder.query('commit');
    await running;
  };
}

describePostgres('postgres event store', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema('es');
  });
  afterAll(async () => {
    await schema?.drop();
  });

  runEventStoreContract('postgres', () => PostgresEventStore.connect({ connectionString: schema.connectionString }));

  describe('postgres specifics', () => {
    let store: PostgresEventStore;
    let admin: Client;

    beforeAll(async () => {
      store = await PostgresEventStore.connect({ connectionString: schema.connectionString });
      admin = new Client({ connectionString: schema.connectionString });
      await admin.connect();
    });
    afterAll(async () => {
      await store?.close();
      await admin?.end();
    });

    it('the events table refuses UPDATE, DELETE and TRUNCATE', async () => {
      await store.appendToStream(`case-${randomUUID()}`, [anEvent()]);
      await expect(admin.query(`update events set type = 'Tampered'`)).rejects.toThrow(/append-only/);
      await expect(admin.query('delete from events')).rejects.toThrow(/append-only/);
      await expect(admin.query('truncate events')).rejects.toThrow(/append-only/);
      const { rows } = await admin.query(`select count(*)::int as n from events where type = 'Tampered'`);
      expect(rows[0].n).toBe(0);
    });

    it('refuses to start when synchronous_commit is off', async () => {
      const unsafe = withOption(schema.connectionString, '-c synchronous_commit=off');
      await expect(PostgresEventStore.connect({ connectionString: unsafe })).rejects.toBeInstanceOf(
        UnsafeStoreConfiguration,
      );
    });

    it('two processes starting together on a fresh schema both migrate safely', async () => {
      const fresh = await createTestSchema('es_mig');
      try {
        const stores = await Promise.all(
          Array.from({ length: 4 }, () => PostgresEventStore.connect({ connectionString: fresh.connectionString })),
        );
        await stores[0].appendToStream('case-1', [anEvent()]);
        expect(await stores[3].readStream('case-1')).toHaveLength(1);
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await fresh.drop();
      }
    });

    it('tells the last committed position while $all still hides it behind an older transaction', async () => {
      const older = new Client({ connectionString: schema.connectionString });
      await older.connect();
      try {
        await older.query('begin');
        await older.query('select pg_current_xact_id()');
        const hidden = await store.appendToStream(`case-${randomUUID()}`, [anEvent('Hidden')]);
        expect(await store.lastCommittedPosition()).toEqual(hidden.position);
        const shown = await store.readAll({ fromPosition: { commit: hidden.position.commit - 1n, prepare: 0n } });
        expect(shown.map((event) => event.type)).not.toContain('Hidden');
        await older.query('commit');
      } finally {
        await older.end();
      }
    });

    it('$all does not pass an event whose transaction commits after a later one, and resumes from the pair', async () => {
      const streamId = `case-${randomUUID()}`;
      const [head] = await store.readAll().then((all) => all.slice(-1));
      const slow = new Client({ connectionString: schema.connectionString });
      await slow.connect();
      try {
        // The slow writer takes its transaction id and position first, then stalls before COMMIT.
        await slow.query('begin');
        await slow.query(`select * from append_events($1, -2, $2::jsonb)`, [
          `${streamId}-slow`,
          JSON.stringify([{ ...anEvent('Slow'), eventId: randomUUID() }]),
        ]);
        await store.appendToStream(`${streamId}-fast`, [anEvent('Fast')]);

        const whileOpen = await store.readAll({ fromPosition: head?.position });
        expect(whileOpen.map((event) => event.type)).not.toContain('Fast');
        expect(await store.readStream(`${streamId}-fast`)).toHaveLength(1);

        await slow.query('commit');
        const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId.startsWith(streamId));
        const after = ours(
          await readAllUntil(store, { fromPosition: head?.position }, (events) => ours(events).length >= 2),
        );
        expect(after.map((event) => event.type)).toEqual(['Slow', 'Fast']);
        // Fast's sequence value is larger, yet it comes after Slow: a position-only checkpoint would differ.
        expect(after[0].position.prepare < after[1].position.prepare).toBe(true);
        expect((await store.readAll({ fromPosition: after[0].position })).map((e) => e.type)).toEqual(['Fast']);
      } finally {
        await slow.end();
      }
    });

    it('an append that consulted a stream waits for that stream’s unfinished writer and is refused by its commit', async () => {
      const contractId = `contract-${randomUUID()}`;
      const caseId = `case-${randomUUID()}`;
      await store.appendToStream(contractId, [anEvent('ContractSigned')]);
      const writer = new Client({ connectionString: schema.connectionString });
      await writer.connect();
      try {
        // The contract's writer holds its stream lock, its event inserted but not committed.
        await writer.query('begin');
        await writer.query(`select * from append_events($1, 0, $2::jsonb)`, [
          contractId,
          JSON.stringify([{ ...anEvent('ContractTerminated'), eventId: randomUUID() }]),
        ]);
        const opening = store
          .appendToStream(caseId, [anEvent('CaseOpened')], {
            expectedRevision: 'no_stream',
            consulted: [{ streamId: contractId, revision: 0n }],
          })
          .then(
            () => 'appended',
            (error: unknown) => error,
          );
        // Checked without the lock, revision 0 would still be the committed one and the case would open.
        await until(async () => {
          const { rows } = await admin.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          );
          return rows[0].n > 0;
        }, 'the consulting append waits for the contract lock');
        await writer.query('commit');
        expect(await opening).toMatchObject({ name: 'WrongExpectedVersion', streamId: contractId, actual: 1n });
        expect(await store.streamExists(caseId)).toBe(false);
      } finally {
        await writer.end();
      }
    });

    it('a revision taken behind its back surfaces as WrongExpectedVersion, not a raw unique violation', async () => {
      const streamId = `case-${randomUUID()}`;
      await store.appendToStream(streamId, [anEvent()]);
      const intruder = new Client({ connectionString: schema.connectionString });
      await intruder.connect();
      try {
        const [{ pid }] = (await intruder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
        await intruder.query('begin');
        await intruder.query(
          `insert into events (stream_id, revision, event_id, type, data, metadata) values ($1, 1, $2, 'Intruder', '{}', '{"schemaVersion":1}')`,
          [streamId, randomUUID()],
        );
        const append = store.appendToStream(streamId, [anEvent()], { expectedRevision: 0n }).then(
          () => undefined,
          (e: unknown) => e,
        );
        // Commit only once the append waits on the intruder's row in the unique index: committing earlier
        // would let it see revision 1 up front and never meet the unique violation this test is about.
        await until(async () => {
          const { rows } = await admin.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
            [pid],
          );
          return rows[0].n > 0;
        }, 'the append waits behind the intruder');
        await intruder.query('commit');
        expect(await append).toMatchObject({ name: 'WrongExpectedVersion', expected: 0n, actual: 1n });
      } finally {
        await intruder.end();
      }
    });

    it('appends arriving while others run go together in one commit, each with its own outcome', async () => {
      const grouping = await PostgresEventStore.connect({
        connectionString: schema.connectionString,
        appendStatements: 1,
      });
      const holder = new Client({ connectionString: schema.connectionString });
      await holder.connect();
      try {
        const [first, existing, duplicated] = [`case-${randomUUID()}`, `case-${randomUUID()}`, `case-${randomUUID()}`];
        await grouping.appendToStream(existing, [anEvent()]);
        const again = anEvent();
        const stored = await grouping.appendToStream(duplicated, [again]);
        // The one append statement allowed waits on its stream's lock, so the next five queue up.
        const release = await occupyAppends(grouping, holder);
        const queued = [
          settle(grouping.appendToStream(first, [anEvent()], { expectedRevision: 'no_stream' })),
          settle(grouping.appendToStream(first, [anEvent()], { expectedRevision: 0n })), // sees the one before it
          settle(grouping.appendToStream(existing, [anEvent()], { expectedRevision: 'no_stream' })),
          settle(grouping.appendToStream(duplicated, [again], { expectedRevision: 'any' })),
          settle(grouping.appendToStream(`${first}-other`, [anEvent(), anEvent()])),
        ];
        await release();
        const [a, b, c, d, e] = await Promise.all(queued);
        expect(c).toMatchObject({ error: { name: 'WrongExpectedVersion', actual: 0n } });
        expect(d).toEqual({ value: stored });
        const written = [a, b, e].map((outcome) => (outcome as { value: AppendResult }).value);
        expect(written.map((result) => result.nextExpectedRevision)).toEqual([0n, 1n, 1n]);
        // One commit: the same transaction id, positions in arrival order.
        expect(new Set(written.map((result) => result.position.commit)).size).toBe(1);
        expect(written.map((result) => result.position.prepare)).toEqual(
          [...written.map((result) => result.position.prepare)].sort((x, y) => (x < y ? -1 : 1)),
        );
        expect((await grouping.readStream(existing)).length).toBe(1);
      } finally {
        await holder.end();
        await grouping.close();
      }
    });

    it('a group checks each append’s consulted streams against the appends before it in the group', async () => {
      const grouping = await PostgresEventStore.connect({
        connectionString: schema.connectionString,
        appendStatements: 1,
      });
      const holder = new Client({ connectionString: schema.connectionString });
      await holder.connect();
      try {
        const contract = `contract-${randomUUID()}`;
        const [before, after] = [`case-${randomUUID()}`, `case-${randomUUID()}`];
        await grouping.appendToStream(contract, [anEvent()]);
        const release = await occupyAppends(grouping, holder);
        // Queued behind the blocked append, these three go as one group, in this order.
        const queued = [
          settle(grouping.appendToStream(before, [anEvent()], { consulted: [{ streamId: contract, revision: 0n }] })),
          settle(grouping.appendToStream(contract, [anEvent()], { expectedRevision: 0n })),
          settle(grouping.appendToStream(after, [anEvent()], { consulted: [{ streamId: contract, revision: 0n }] })),
        ];
        await release();
        const [opened, changed, refused] = await Promise.all(queued);
        const written = [opened, changed].map((outcome) => (outcome as { value: AppendResult }).value);
        expect(new Set(written.map((result) => result.position.commit)).size).toBe(1);
        // The contract moved to revision 1 earlier in the same group: the decision made on 0 is refused.
        expect(refused).toMatchObject({ error: { name: 'WrongExpectedVersion', streamId: contract, actual: 1n } });
        expect(await grouping.readStream(after)).toEqual([]);
      } finally {
        await holder.end();
        await grouping.close();
      }
    });

    it('a group that meets a concurrent writer of one of its event ids runs each append alone', async () => {
      const grouping = await PostgresEventStore.connect({
        connectionString: schema.connectionString,
        appendStatements: 1,
      });
      const holder = new Client({ connectionString: schema.connectionString });
      const intruder = new Client({ connectionString: schema.connectionString });
      await Promise.all([holder.connect(), intruder.connect()]);
      try {
        const contested = anEvent();
        const release = await occupyAppends(grouping, holder);
        const [racing, bystander] = [`case-${randomUUID()}`, `case-${randomUUID()}`];
        const queued = [
          settle(grouping.appendToStream(racing, [contested])),
          settle(grouping.appendToStream(bystander, [anEvent()], { expectedRevision: 'no_stream' })),
        ];
        // Another writer holds the contested id uncommitted: the group's insert waits on it, then fails
        // on the unique index once it commits.
        const [{ pid }] = (await intruder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
        await intruder.query('begin');
        await intruder.query(
          `insert into events (stream_id, revision, event_id, type, data, metadata) values ($1, 0, $2, 'Intruder', '{}', '{"schemaVersion":1}')`,
          [`case-${randomUUID()}`, contested.eventId],
        );
        await release();
        await until(async () => {
          const { rows } = await admin.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
            [pid],
          );
          return rows[0].n > 0;
        }, 'the group waits behind the intruder');
        await intruder.query('commit');
        const [raced, stood] = await Promise.all(queued);
        expect(raced).toMatchObject({ error: { name: 'EventIdConflict' } });
        expect(stood).toMatchObject({ value: { nextExpectedRevision: 0n } });
        expect((await grouping.readStream(bystander)).length).toBe(1);
        expect(await grouping.streamExists(racing)).toBe(false);
      } finally {
        await Promise.all([holder.end(), intruder.end()]);
        await grouping.close();
      }
    });

    it('survives its idle connections being killed, and reports an unreachable server as StoreUnavailable', async () => {
      const tag = `es_kill_${randomUUID().slice(0, 8)}`;
      const tagged = withApplicationName(schema.connectionString, tag);
      const victim = await PostgresEventStore.connect({ connectionString: tagged, poolSize: 3 });
      const { pool } = (victim as unknown as { sql: PgSqlClient }).sql;
      try {
        await Promise.all([victim.ping(), victim.ping(), victim.ping()]);
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [tag]);
        // The pool has heard of every death (an 'error' on each idle client) and dropped them all.
        await until(() => pool.totalCount === 0, 'the pool dropped its killed connections');
        await expect(victim.ping()).resolves.toBeUndefined();
        await victim.appendToStream(`case-${randomUUID()}`, [anEvent()]);
      } finally {
        await victim.close();
      }
      const nowhere = 'postgres://postgres@127.0.0.1:1/caseledger_test';
      await expect(PostgresEventStore.connect({ connectionString: nowhere })).rejects.toBeInstanceOf(StoreUnavailable);
    });

    it('a store restarted on the same database finds everything and continues the revisions', async () => {
      const streamId = `case-${randomUUID()}`;
      let first: EventStore = await PostgresEventStore.connect({ connectionString: schema.connectionString });
      const written = [anEvent(), anEvent()];
      const result = await first.appendToStream(streamId, written, { expectedRevision: 'no_stream' });
      await first.close();

      first = await PostgresEventStore.connect({ connectionString: schema.connectionString });
      try {
        expect((await first.readStream(streamId)).map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        const next = await first.appendToStream(streamId, [anEvent()], { expectedRevision: 1n });
        expect(next.nextExpectedRevision).toBe(2n);
        expect(next.position.commit > result.position.commit).toBe(true);
      } finally {
        await first.close();
      }
    });

    it('appends find events by index even on connections that first planned them on an empty table', async () => {
      const fresh = await createTestSchema('es_plan');
      const client = new Client({ connectionString: fresh.connectionString });
      try {
        await (await PostgresEventStore.connect({ connectionString: fresh.connectionString })).close();
        await client.connect();
        const append = (streamId: string) =>
          client.query('select * from append_events($1, -2, $2::jsonb)', [
            streamId,
            JSON.stringify([{ ...anEvent(), eventId: randomUUID() }]),
          ]);
        for (let i = 0; i < 8; i++) await append(`case-${i}`); // plans cached while the table is tiny
        await client.query(`insert into events (stream_id, revision, event_id, type, data, metadata)
          select 'bulk-' || i, 0, gen_random_uuid(), 'T', '{}', '{"schemaVersion":1}' from generate_series(1, 20000) i`);
        const seqScans = async (): Promise<number> => {
          await client.query('select pg_stat_force_next_flush()');
          const { rows } = await client.query(
            `select seq_scan from pg_stat_user_tables where relid = 'events'::regclass`,
          );
          return Number(rows[0].seq_scan);
        };
        const before = await seqScans();
        for (let i = 0; i < 20; i++) await append(`case-${i % 3}`);
        expect(await seqScans()).toBe(before);
      } finally {
        await client.end();
        await fresh.drop();
      }
    });

    it('a page of $all walks the key index instead of sorting everything after the checkpoint', async () => {
      const fresh = await createTestSchema('es_page');
      const client = new Client({ connectionString: fresh.connectionString });
      const paged = await PostgresEventStore.connect({ connectionString: fresh.connectionString });
      try {
        await client.connect();
        await client.query(`insert into events (stream_id, revision, event_id, type, data, metadata)
          select 'bulk-' || i, 0, gen_random_uuid(), 'T', '{}', '{"schemaVersion":1}' from generate_series(1, 20000) i`);
        const keyEntriesRead = async (): Promise<number> => {
          await client.query('select pg_stat_force_next_flush()');
          const { rows } = await client.query(
            `select idx_tup_read from pg_stat_user_indexes where indexrelname = 'events_pkey'`,
          );
          return Number(rows[0].idx_tup_read);
        };
        await readAllUntil(paged, { maxCount: 100 }, (events) => events.length === 100);
        // The page queries the store runs (the streaming one on PostgreSQL, read_all on PGlite), on a
        // connection whose statistics the test can flush.
        for (const page of [
          SQL.readAllStreaming({ commit: 0n, prepare: 0n }, 5000),
          `select * from read_all('0', 0, 5000)`,
        ]) {
          const before = await keyEntriesRead();
          const results = (await client.query(page)) as unknown as QueryResult | QueryResult[];
          const rows = Array.isArray(results) ? results[results.length - 1].rows : results.rows;
          expect(rows).toHaveLength(5000);
          expect((await keyEntriesRead()) - before).toBeLessThan(10_000); // 5,000 walked, not 20,000 sorted
        }
        // The page's planner settings end with it: the connection plans as before afterwards.
        expect((await client.query('show enable_seqscan')).rows).toEqual([{ enable_seqscan: 'on' }]);
        expect((await readAllUntil(paged, {}, (events) => events.length === 20_000)).length).toBe(20_000);
      } finally {
        await paged.close();
        await client.end();
        await fresh.drop();
      }
    });

    it('a subscriber in another process is woken by NOTIFY', async () => {
      // Polling is pushed out of reach, so only the NOTIFY can deliver the event within the race below.
      const tag = `es_listen_${randomUUID().slice(0, 8)}`;
      const other = await PostgresEventStore.connect({
        connectionString: withApplicationName(schema.connectionString, tag),
        pollIntervalMs: 600_000,
      });
      try {
        // A transaction open anywhere on the server holds back what $all shows (read_all's horizon), so a
        // read can miss an event that has committed; each step below first waits until its event is shown.
        const [head] = await store.readAll().then((all) => all.slice(-1));
        const shown = (type: string) =>
          readAllUntil(store, { fromPosition: head?.position }, (events) => events.some((e) => e.type === type));
        // Appended in SQL, so no NOTIFY of it can wake the subscriber later on: once the subscription hands
        // it over, it has read and caught up, and its next call waits for a wake-up.
        await admin.query('select * from append_events($1, -2, $2::jsonb)', [
          `case-${randomUUID()}`,
          JSON.stringify([{ ...anEvent('Before'), eventId: randomUUID() }]),
        ]);
        await shown('Before');
        const subscription = other.subscribeToAll({ fromPosition: head?.position });
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ type: 'Before' });
        // A NOTIFY sent before the listener's LISTEN has completed reaches no one.
        await until(async () => {
          const { rows } = await admin.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where application_name = $1 and state = 'idle' and query ilike 'listen %'`,
            [tag],
          );
          return rows[0].n === 1;
        }, 'the subscriber listens');
        const next = iterator.next();
        await store.appendToStream(`case-${randomUUID()}`, [anEvent('Notified')]);
        // Its NOTIFY may have woken the subscriber while the horizon still hid 'Notified'. Once it is shown,
        // one more append sends one more NOTIFY, and the read that one wakes is sure to find it.
        await shown('Notified');
        await store.appendToStream(`case-${randomUUID()}`, [anEvent('Nudge')]);
        const notWoken = new Promise<'not woken'>((resolve) => setTimeout(() => resolve('not woken'), 30_000).unref());
        const woken = await Promise.race([next.then((result) => result.value.type as string), notWoken]);
        expect(woken).toBe('Notified');
        await subscription.close();
      } finally {
        await other.close();
      }
    });
  });
});
