/**
 * The projection runner on the embedded store and on PostgreSQL: live rows equal a rebuild from 0,
 * a batch whose transaction dies before its checkpoint commits is replayed without double counting,
 * and (PostgreSQL) one runner per projection across processes.
 */
import {
  comparePositions,
  EmbeddedEventStore,
  EventStore,
  GlobalPosition,
  PgSqlClient,
  PostgresEventStore,
  RecordedEvent,
  SqlClient,
  SqlQueryable,
} from '@caseledger/event-store';
import {
  allProjections,
  EventLagProbe,
  PgAdvisoryLock,
  Projection,
  ProjectionLock,
  ProjectionRunner,
  resetProjection,
} from '@caseledger/read-models';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { Pool } from 'pg';
import { appendAccountHistories } from './account-histories';
import { appendCaseHistories } from './case-histories';
import { snapshot } from './table-snapshot';

interface Backend {
  store: EventStore;
  sql: SqlClient;
  close(): Promise<void>;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const reached = (runner: ProjectionRunner, position: GlobalPosition): boolean =>
  runner.checkpoint !== undefined && comparePositions(runner.checkpoint, position) >= 0;

/** Dies inside the transaction on the chosen calls, after its rows are written but before the checkpoint moves. */
class CrashingProjection implements Projection {
  calls = 0;
  constructor(
    private readonly inner: Projection,
    private readonly crashOn: Set<number>,
  ) {}
  get name() {
    return this.inner.name;
  }
  get version() {
    return this.inner.version;
  }
  get tables() {
    return this.inner.tables;
  }
  migrate(sql: SqlQueryable) {
    return this.inner.migrate(sql);
  }
  truncate(tx: SqlQueryable) {
    return this.inner.truncate(tx);
  }
  async handle(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void> {
    this.calls++;
    await this.inner.handle(events, tx);
    if (this.crashOn.has(this.calls)) throw new Error(`simulated crash in batch ${this.calls}`);
  }
}

/** The real lock, keeping count of what it answered the runner. */
class ObservedLock implements ProjectionLock {
  granted = 0;
  refused = 0;
  constructor(private readonly inner: ProjectionLock) {}
  async tryAcquire(): Promise<boolean> {
    const ok = await this.inner.tryAcquire();
    if (ok) this.granted++;
    else this.refused++;
    return ok;
  }
  release(): Promise<void> {
    return this.inner.release();
  }
  onLost(listener: () => void): void {
    this.inner.onLost(listener);
  }
}

function runnerSuite(open: () => Promise<Backend>): void {
  let backend: Backend;
  /** The last position appended so far: a runner at it has applied everything. */
  let last: GlobalPosition;
  beforeAll(async () => {
    backend = await open();
    await appendAccountHistories(backend.store, 20, { seed: 7 });
    ({ last } = await appendCaseHistories(backend.store, 40, { seed: 7 }));
  });
  afterAll(() => backend.close());

  it.each(allProjections().map((p) => [p.name, p] as const))(
    '%s: rows written live equal the rows of a rebuild from position 0',
    async (_name, projection) => {
      const { store, sql } = backend;
      const runner = new ProjectionRunner(projection, store, sql, { batchSize: 50, retryMs: 50 });
      runner.start();
      await until(() => runner.state === 'live');
      await appendAccountHistories(store, 10, { seed: 8, from: 1000 });
      ({ last } = await appendCaseHistories(store, 15, { seed: 8, from: 1000 }));
      await until(() => reached(runner, last));
      expect((await new EventLagProbe(store, sql).lagAfter(runner.checkpoint!)).events).toBe(0);
      await runner.stop();
      const live = await snapshot(sql, projection);
      expect(Object.values(live).every((rows) => rows.length > 0)).toBe(true);

      await resetProjection(sql, projection);
      expect(Object.values(await snapshot(sql, projection)).flat()).toEqual([]);
      await new ProjectionRunner(projection, store, sql, { batchSize: 500 }).catchUp();
      expect(await snapshot(sql, projection)).toEqual(live);
    },
  );

  it('a batch that dies before its checkpoint commits is replayed, and nothing is counted twice', async () => {
    const { store, sql } = backend;
    for (const inner of allProjections()) {
      await resetProjection(sql, inner);
      await new ProjectionRunner(inner, store, sql).catchUp();
      const expected = await snapshot(sql, inner);
      for (const crashOn of [[1], [2, 3], [5]]) {
        await resetProjection(sql, inner);
        const crashing = new CrashingProjection(inner, new Set(crashOn));
        const errors: unknown[] = [];
        const runner = new ProjectionRunner(crashing, store, sql, {
          batchSize: 37,
          retryMs: 10,
          onError: (e) => errors.push(e),
        });
        runner.start();
        await until(() => runner.state === 'live' && reached(runner, last));
        await runner.stop();
        expect([inner.name, crashOn, errors.length]).toEqual([inner.name, crashOn, crashOn.length]);
        expect(await snapshot(sql, inner)).toEqual(expected);
      }
    }
  });

  it('catches several projections up together; a failing one stops the rebuild, which then resumes to the same rows', async () => {
    const { store, sql } = backend;
    const projections = allProjections();
    for (const p of projections) await resetProjection(sql, p);
    for (const p of projections) await new ProjectionRunner(p, store, sql).catchUp();
    const expected = await Promise.all(projections.map((p) => snapshot(sql, p)));

    for (const p of projections) await resetProjection(sql, p);
    // Pages of 4 × 7 events: the runners go at their own pace, the crashing one dies in its ninth batch.
    const crashing = projections.map((p, k) => (k === 1 ? new CrashingProjection(p, new Set([9])) : p));
    const runners = crashing.map((p) => new ProjectionRunner(p, store, sql, { batchSize: 7 }));
    await expect(ProjectionRunner.catchUpTogether(runners)).rejects.toThrow('simulated crash in batch 9');
    expect(runners.map((r) => r.checkpoint === undefined || reached(r, last))).not.toContain(true);

    let progressed = 0;
    await ProjectionRunner.catchUpTogether(
      projections.map((p) => new ProjectionRunner(p, store, sql, { batchSize: 7 })),
      (events) => (progressed += events),
    );
    expect(await Promise.all(projections.map((p) => snapshot(sql, p)))).toEqual(expected);
    expect(progressed).toBeGreaterThan(0);
  });

  it('skips events at or below the checkpoint when a subscription delivers them again', async () => {
    const { store, sql } = backend;
    const [projection] = allProjections();
    await resetProjection(sql, projection);
    const runner = new ProjectionRunner(projection, store, sql);
    const checkpoint: GlobalPosition = await runner.catchUp();
    const before = await snapshot(sql, projection);
    const all = await store.readAll();
    // The same events once more, as a re-delivering subscription would hand them over.
    await (runner as unknown as { apply(batch: RecordedEvent[]): Promise<void> }).apply(all);
    expect(runner.checkpoint).toEqual(checkpoint);
    expect(await snapshot(sql, projection)).toEqual(before);
  });
}

describe('projection runner on the embedded store', () => {
  runnerSuite(async () => {
    const store = await EmbeddedEventStore.open({ dataDir: 'memory://', pollIntervalMs: 20 });
    return { store, sql: store.sqlClient, close: () => store.close() };
  });
});

describePostgres('projection runner on PostgreSQL', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('rm');
  });
  afterAll(() => schema.drop());

  runnerSuite(async () => {
    const store = await PostgresEventStore.connect({ connectionString: schema.connectionString, pollIntervalMs: 20 });
    const sql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 4 }));
    return {
      store,
      sql,
      close: async () => {
        await store.close();
        await sql.close();
      },
    };
  });

  it('runs one runner per projection across processes: the second waits on the advisory lock and takes over', async () => {
    const store = await PostgresEventStore.connect({ connectionString: schema.connectionString, pollIntervalMs: 20 });
    const sql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 4 }));
    const runners: ProjectionRunner[] = [];
    try {
      const [projection] = allProjections();
      const key = `projection:${projection.name}:${schema.name}`;
      const first = new ProjectionRunner(projection, store, sql, {
        retryMs: 50,
        lock: new PgAdvisoryLock(schema.connectionString, key),
      });
      const secondLock = new ObservedLock(new PgAdvisoryLock(schema.connectionString, key));
      const second = new ProjectionRunner(projection, store, sql, { retryMs: 50, lock: secondLock });
      runners.push(first, second);
      first.start();
      await until(() => first.state === 'live');
      second.start();
      await until(() => second.state === 'standby');
      // Events appended while both run: once the first has applied them and the second has asked for
      // the lock again since, the second had its chance to take over and must not have.
      const { last: during } = await appendCaseHistories(store, 3, { seed: 9, from: 5000 });
      await until(() => reached(first, during));
      const refusedSoFar = secondLock.refused;
      await until(() => secondLock.refused > refusedSoFar || secondLock.granted > 0);
      expect([secondLock.granted, second.state, second.checkpoint]).toEqual([0, 'standby', undefined]);
      await first.stop();
      await until(() => second.state === 'live');
      const { last: end } = await appendCaseHistories(store, 3, { seed: 10, from: 6000 });
      await until(() => reached(second, end));
      await second.stop();
    } finally {
      // A failed expectation must not leave a runner polling a closed store (jest would never exit).
      await Promise.all(runners.map((runner) => runner.stop()));
      await store.close();
      await sql.close();
    }
  });
});
