/**
 * The reactor on its own: a reaction that records what it was handed, over the memory store behind a
 * test double that drops subscriptions, with the checkpoint in a real state database (PGlite, and
 * PostgreSQL for the lock across connections).
 */
import { PGlite } from '@electric-sql/pglite';
import {
  comparePositions,
  EventStore,
  GlobalPosition,
  MemoryEventStore,
  PgliteSqlClient,
  PgSqlClient,
  RecordedEvent,
  SqlClient,
} from '@caseledger/event-store';
import {
  InProcessLock,
  PgAdvisoryLock,
  Reaction,
  Reactor,
  ReactorLogger,
  ReactorOptions,
  readCheckpoint,
} from '@caseledger/runtime';
import { prepareProjection, type Projection } from '@caseledger/read-models';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { Pool } from 'pg';
import { FaultyEventStore } from '../support/faulty-event-store';

const quiet: ReactorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const fast: ReactorOptions = {
  retry: { initialMs: 2, maxMs: 20 },
  reconnect: { initialMs: 2, maxMs: 20 },
  standbyMs: 10,
  logger: quiet,
};

class Refused extends Error {}

/** Records every event id it was handed, in order; `failures` makes chosen events throw a number of times. */
class RecordingReaction implements Reaction {
  readonly version = 1;
  readonly handled: string[] = [];
  readonly attempts = new Map<string, number>();
  readonly failures = new Map<string, number>();
  readonly refusals = new Set<string>();

  constructor(readonly name: string) {}

  async react(event: RecordedEvent): Promise<void> {
    this.attempts.set(event.eventId, (this.attempts.get(event.eventId) ?? 0) + 1);
    const left = this.failures.get(event.eventId) ?? 0;
    if (left > 0) {
      this.failures.set(event.eventId, left - 1);
      throw new Error(`transient failure of ${event.eventId}`);
    }
    if (this.refusals.has(event.eventId)) throw new Refused(`refused ${event.eventId}`);
    this.handled.push(event.eventId);
  }

  isPermanent(error: unknown): boolean {
    return error instanceof Refused;
  }
}

let appended = 0;
async function appendEvents(store: EventStore, count: number, stream = 'thing-1'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const eventId = `00000000-0000-4000-8000-${String(++appended).padStart(12, '0')}`;
    await store.appendToStream(stream, [
      { eventId, type: 'ThingHappened', data: { n: appended }, metadata: { schemaVersion: 1 } },
    ]);
    ids.push(eventId);
  }
  return ids;
}

async function allIds(store: EventStore): Promise<string[]> {
  return (await store.readAll()).map((e) => e.eventId);
}

async function lastPosition(store: EventStore): Promise<GlobalPosition> {
  const all = await store.readAll();
  return all[all.length - 1].position;
}

async function storedCheckpoint(sql: SqlClient, name: string): Promise<GlobalPosition | undefined> {
  return (await readCheckpoint(sql, `reactor:${name}`))?.position;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the reactor', () => {
  let sql: SqlClient;

  beforeAll(async () => {
    sql = new PgliteSqlClient(await PGlite.create());
  });
  afterAll(() => sql.close());

  it('resubscribes after its subscription throws or ends mid-stream, and hands every event over once, in order', async () => {
    const store = new FaultyEventStore(new MemoryEventStore());
    await appendEvents(store, 5);
    const reaction = new RecordingReaction('drops');
    const reactor = new Reactor(reaction, store, sql, { ...fast, batchSize: 2 });
    reactor.start();
    await until(() => reactor.isLive);
    // Three live subscriptions in a row fail after 2 events each: twice thrown, once just ended.
    store.dropSubscriptions(2, 'throw', 2);
    store.dropLiveSubscriptions('end');
    for (let round = 0; round < 4; round++) {
      await appendEvents(store, 4);
      const total = (await allIds(store)).length;
      await until(() => reaction.handled.length >= total && reactor.isLive);
    }
    const head = await lastPosition(store);
    await until(async () => comparePositions((await storedCheckpoint(sql, 'drops')) ?? head, head) === 0);
    await reactor.stop();

    expect(reaction.handled).toEqual(await allIds(store));
    expect(reactor.stats.restarts).toBeGreaterThanOrEqual(3);
    expect(store.subscriptionsStarted).toBeGreaterThanOrEqual(4);
  });

  it('retries a failing reaction with backoff and keeps the checkpoint before it until it succeeds; a permanent refusal is passed', async () => {
    const store = new MemoryEventStore();
    const [first, failing, refused, last] = await appendEvents(store, 4);
    const reaction = new RecordingReaction('retries');
    reaction.failures.set(failing, 3);
    reaction.refusals.add(refused);
    const positions = new Map((await store.readAll()).map((e) => [e.eventId, e.position]));
    const reactor = new Reactor(reaction, store, sql, { ...fast, retry: { initialMs: 30, maxMs: 30 } });
    reactor.start();
    await until(() => reactor.state === 'retrying');
    // The event before the failing one is done and checkpointed; the failing one is not passed.
    expect(await storedCheckpoint(sql, 'retries')).toEqual(positions.get(first));
    await until(async () => comparePositions((await storedCheckpoint(sql, 'retries'))!, positions.get(last)!) === 0);
    await reactor.stop();

    expect(reaction.attempts.get(failing)).toBe(4);
    expect(reaction.attempts.get(refused)).toBe(1);
    expect(reaction.handled).toEqual([first, failing, last]);
    expect(reactor.stats).toMatchObject({ retries: 3, refused: 1 });
  });

  it('after a restart reads on from its stored checkpoint, not from position 0', async () => {
    const store = new FaultyEventStore(new MemoryEventStore());
    await appendEvents(store, 6);
    const first = new RecordingReaction('restarts');
    const before = new Reactor(first, store, sql, fast);
    before.start();
    const head = await lastPosition(store);
    await until(async () => comparePositions((await storedCheckpoint(sql, 'restarts')) ?? head, head) === 0);
    await before.stop();

    const more = await appendEvents(store, 3);
    store.reads.length = 0;
    const second = new RecordingReaction('restarts');
    const after = new Reactor(second, store, sql, fast);
    after.start();
    await until(() => second.handled.length === 3);
    await after.stop();

    expect(store.reads[0]).toEqual({ via: 'readAll', from: head });
    expect(store.reads.some((read) => read.from === 'start')).toBe(false);
    expect(second.handled).toEqual(more);
  });

  it('two instances of one reactor on one embedded state database: one is active, the other takes over when it stops', async () => {
    const store = new MemoryEventStore();
    await appendEvents(store, 3);
    const a = new RecordingReaction('pair');
    const b = new RecordingReaction('pair');
    const first = new Reactor(a, store, sql, { ...fast, lock: new InProcessLock(sql, 'reactor:pair') });
    const second = new Reactor(b, store, sql, { ...fast, lock: new InProcessLock(sql, 'reactor:pair') });
    first.start();
    await until(() => first.isLive);
    second.start();
    await until(() => second.state === 'standby');
    await appendEvents(store, 2);
    await until(() => a.handled.length === 5);
    expect([first.state, second.state]).toEqual(['live', 'standby']);
    expect(b.handled).toEqual([]);

    await first.stop();
    const later = await appendEvents(store, 2);
    await until(() => b.handled.length === 2);
    await second.stop();
    expect([...a.handled, ...b.handled]).toEqual(await allIds(store));
    expect(b.handled).toEqual(later);
  });
});

describePostgres('the reactor on PostgreSQL', () => {
  let schema: TestSchema;
  let sql: SqlClient;

  beforeAll(async () => {
    schema = await createTestSchema('reactor');
    sql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 4 }));
  });
  afterAll(async () => {
    await sql?.close();
    await schema?.drop();
  });

  it('prepares its checkpoint table beside a projection preparing the same table in a fresh database, without failing', async () => {
    // A projection runner (another process: an API) holds its uncommitted creation of the table.
    const fresh = await createTestSchema('reactor_fresh');
    const projections = new PgSqlClient(new Pool({ connectionString: fresh.connectionString, max: 1 }));
    const reactorConnection = new URL(fresh.connectionString);
    reactorConnection.searchParams.set('application_name', 'reactor_fresh');
    const reactions = new PgSqlClient(new Pool({ connectionString: reactorConnection.toString(), max: 2 }));
    const watcher = new PgSqlClient(new Pool({ connectionString: fresh.connectionString, max: 1 }));
    const reactorWaitsOnALock = async () =>
      (
        await watcher.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where application_name = 'reactor_fresh' and wait_event_type = 'Lock'`,
        )
      )[0].n > 0;
    let created!: () => void;
    let release!: () => void;
    const creating = new Promise<void>((resolve) => (created = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const projection: Projection = {
      name: 'held',
      version: 1,
      tables: [],
      migrate: async () => {
        created();
        await held;
      },
      handle: async () => undefined,
      truncate: async () => undefined,
    };
    const warnings: string[] = [];
    const reactor = new Reactor(new RecordingReaction('fresh'), new MemoryEventStore(), reactions, {
      ...fast,
      logger: { ...quiet, warn: (line) => warnings.push(line) },
    });
    try {
      const preparing = prepareProjection(projections, projection);
      await creating;
      reactor.start();
      // Its preparation reaches the table and waits: on the shared lock, or (without it) on the row
      // PostgreSQL's catalogue is given for the table's type.
      await until(reactorWaitsOnALock);
      release();
      await preparing;
      await until(() => reactor.isLive);
      expect(warnings).toEqual([]);
      expect(reactor.stats.restarts).toBe(0);
    } finally {
      release();
      await reactor.stop();
      await Promise.all([projections.close(), reactions.close(), watcher.close()]);
      await fresh.drop();
    }
  });

  it('two instances on one state database: only one holds the advisory lock and reacts; the other takes over from its checkpoint', async () => {
    const store = new MemoryEventStore();
    await appendEvents(store, 4);
    const a = new RecordingReaction('pg-pair');
    const b = new RecordingReaction('pg-pair');
    const lock = () => new PgAdvisoryLock(schema.connectionString, 'reactor:pg-pair');
    const first = new Reactor(a, store, sql, { ...fast, lock: lock() });
    const second = new Reactor(b, store, sql, { ...fast, lock: lock() });
    first.start();
    await until(() => first.isLive);
    second.start();
    await until(() => second.state === 'standby');
    await appendEvents(store, 3);
    await until(() => a.handled.length === 7);
    expect([first.state, second.state]).toEqual(['live', 'standby']);

    await first.stop();
    const later = await appendEvents(store, 2);
    await until(() => b.handled.length === 2);
    await second.stop();
    expect(b.handled).toEqual(later);
    expect([...a.handled, ...b.handled]).toEqual(await allIds(store));
  });
});
