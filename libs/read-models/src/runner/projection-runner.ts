/**
 * Runs one projection: catches up from its checkpoint by reading `$all` in pages, then follows the
 * store's subscription. Each batch (up to `batchSize` events, or whatever arrived while the previous
 * batch was being written) is applied and the checkpoint advanced in ONE transaction: a crash
 * mid-batch rolls both back and the batch is replayed, so nothing is counted twice. Events at or
 * below the checkpoint are skipped, which also covers a subscription that re-delivers.
 *
 * Projections do not hang off Nest's EventBus: an `@EventsHandler` runs outside any transaction of
 * ours and is fire-and-forget, so rows and checkpoint could not commit together. Side effects run on
 * the reactor (libs/runtime) for the same reason (docs/adr/0003).
 */
import {
  comparePositions,
  EventStore,
  GlobalPosition,
  RecordedEvent,
  SqlClient,
  SqlQueryable,
  START_POSITION,
} from '@caseledger/event-store';
import {
  advanceCheckpoint,
  createCheckpointTable,
  ExclusiveLock,
  ReadAhead,
  readCheckpoint,
  resetCheckpoint,
  SingleProcessLock,
} from '@caseledger/runtime';
import type { Projection } from './projection';

export type ProjectionLock = ExclusiveLock;

/** How many pages of `$all` a rebuild of several projections holds beyond its slowest one. */
const PAGES_AHEAD = 4;

/**
 * The batch of a rebuild (`projections rebuild` and the benchmarks that measure it). A rebuild replays
 * history nobody waits on event by event, so it writes larger transactions than a live runner: the
 * count tables of the reports sum more changes per row before writing them, and each statement's
 * fixed cost is paid less often. A crash mid-rebuild replays at most one such batch, as live.
 */
export const REBUILD_BATCH_SIZE = 5000;

/** Any stable number: processes migrating projections at once queue on it. */
const MIGRATION_LOCK = 7_318_042_777;

export type RunnerState = 'idle' | 'standby' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface RunnerOptions {
  /** Largest batch written in one transaction. */
  batchSize?: number;
  /** How long a runner without the lock (or after a failure) waits before trying again. */
  retryMs?: number;
  lock?: ProjectionLock;
  onError?: (error: unknown) => void;
}

export interface BatchApplied {
  events: number;
  checkpoint: GlobalPosition;
  /** recordedAt of the batch's last event, for lag measurements. */
  lastRecordedAt: string;
}

export async function migrateCheckpoints(sql: SqlQueryable): Promise<void> {
  await createCheckpointTable(sql);
}

/**
 * Creates the projection's tables and checkpoint row; a stored version other than the projection's
 * drops its tables and starts it again from position 0.
 */
export async function prepareProjection(sql: SqlClient, projection: Projection): Promise<GlobalPosition> {
  return sql.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await migrateCheckpoints(tx);
    const stored = await readCheckpoint(tx, projection.name);
    if (stored && stored.version !== projection.version) {
      for (const table of projection.tables) await tx.query(`drop table if exists ${table} cascade`);
    }
    await projection.migrate(tx);
    if (!stored || stored.version !== projection.version) {
      await resetCheckpoint(tx, projection.name, projection.version);
      return START_POSITION;
    }
    return stored.position;
  });
}

/** Empties the projection's tables and puts its checkpoint back to 0, in one transaction. */
export async function resetProjection(sql: SqlClient, projection: Projection): Promise<void> {
  await prepareProjection(sql, projection);
  await sql.transaction(async (tx) => {
    await projection.truncate(tx);
    await resetCheckpoint(tx, projection.name, projection.version);
  });
}

const sleep = (ms: number, abort: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (abort.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done);
  });

export class ProjectionRunner {
  private _state: RunnerState = 'idle';
  private _checkpoint: GlobalPosition | undefined;
  private _lastError: string | undefined;
  private stopping = new AbortController();
  /** Aborted when the current attempt must end (stop, lost lock); renewed for each attempt. */
  private attempt = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly listeners = new Set<(applied: BatchApplied) => void>();
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly lock: ProjectionLock;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? 3000;
    this.lock = options.lock ?? new SingleProcessLock();
    this.lock.onLost(() => this.attempt.abort());
  }

  get name(): string {
    return this.projection.name;
  }
  get state(): RunnerState {
    return this._state;
  }
  /** The checkpoint this process last wrote or read; undefined before the runner got going. */
  get checkpoint(): GlobalPosition | undefined {
    return this._checkpoint;
  }
  get lastError(): string | undefined {
    return this._lastError;
  }

  onBatch(listener: (applied: BatchApplied) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.attempt.abort();
    await this.loop;
    this.loop = undefined;
    this._state = 'stopped';
  }

  /**
   * Applies everything up to the store's current end and returns (no subscription, no lock):
   * what the rebuild command and tests use.
   */
  async catchUp(onProgress?: (applied: BatchApplied) => void): Promise<GlobalPosition> {
    this._checkpoint = await prepareProjection(this.sql, this.projection);
    const off = onProgress ? this.onBatch(onProgress) : undefined;
    try {
      await this.catchUpFrom(new AbortController().signal);
    } finally {
      off?.();
    }
    return this._checkpoint;
  }

  /**
   * Catches several runners up from one read of `$all` (from the lowest checkpoint): a rebuild of
   * every projection reads the store once instead of once per projection. Each runner walks the
   * pages at its own pace on its own connection, each batch still one transaction with its
   * checkpoint: a fast projection does not wait at every batch for the slowest, which keeps both
   * cores busy instead of leaving one idle while the slowest finishes its batch. The reader keeps at
   * most `PAGES_AHEAD` pages beyond the slowest runner in memory.
   */
  static async catchUpTogether(
    runners: readonly ProjectionRunner[],
    onProgress?: (events: number) => void,
  ): Promise<void> {
    if (runners.length === 0) return;
    for (const runner of runners) runner._checkpoint = await prepareProjection(runner.sql, runner.projection);
    const { store, batchSize } = runners[0];
    const from = runners
      .map((r) => r.checkpoint ?? START_POSITION)
      .reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
    const pages = new Map<number, Promise<readonly RecordedEvent[]>>();
    let read = -1;
    let tail: Promise<GlobalPosition | null> = Promise.resolve(from);
    /** Reads pages in order up to `index`, each from where the previous ended (null once one came back empty). */
    const pageAt = (index: number): Promise<readonly RecordedEvent[]> => {
      while (read < index) {
        read += 1;
        const page = tail.then((after) =>
          after === null ? [] : store.readAll({ fromPosition: after, maxCount: batchSize * 2 }),
        );
        tail = page.then((events) => (events.length === 0 ? null : events[events.length - 1].position));
        page.catch(() => undefined);
        tail.catch(() => undefined);
        pages.set(read, page);
      }
      return pages.get(index)!;
    };
    const at = runners.map(() => 0);
    const abort = new AbortController();
    let slowest = 0;
    let moved: () => void = () => undefined;
    let progress = new Promise<void>((resolve) => (moved = resolve));
    const advance = (k: number, index: number, events: number) => {
      at[k] = index;
      const now = Math.min(...at);
      if (now === slowest) return;
      for (let i = slowest; i < now; i++) pages.delete(i);
      slowest = now;
      moved();
      progress = new Promise<void>((resolve) => (moved = resolve));
      if (events > 0) onProgress?.(events);
    };
    const walk = async (runner: ProjectionRunner, k: number) => {
      for (let index = 0; !abort.signal.aborted; index++) {
        while (index - slowest > PAGES_AHEAD && !abort.signal.aborted) await progress;
        const page = await pageAt(index);
        // Read ahead while this page is written.
        void pageAt(index + 1).catch(() => undefined);
        for (let i = 0; i < page.length && !abort.signal.aborted; i += batchSize)
          await runner.apply(page.slice(i, i + batchSize));
        advance(k, index + 1, page.length);
        if (page.length === 0) return;
      }
    };
    // Every runner ends its current batch before this returns, failed or not; the first failure is rethrown.
    const outcomes = await Promise.allSettled(
      runners.map((runner, k) =>
        walk(runner, k).catch((error: unknown) => {
          abort.abort();
          moved();
          throw error;
        }),
      ),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      this.attempt = new AbortController();
      const attempt = this.attempt.signal;
      if (!(await this.lock.tryAcquire())) {
        this._state = 'standby';
        await sleep(this.retryMs, this.stopping.signal);
        continue;
      }
      try {
        this._checkpoint = await prepareProjection(this.sql, this.projection);
        this._state = 'catching-up';
        await this.catchUpFrom(attempt);
        if (!attempt.aborted) {
          this._state = 'live';
          await this.follow(attempt);
        }
        this._lastError = undefined;
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        this._state = 'failed';
        this._lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        // Let go of the lock so a healthy process can take over; the next attempt resumes from the stored checkpoint.
        await this.lock.release();
        await sleep(this.retryMs, this.stopping.signal);
      }
    }
    await this.lock.release();
  }

  private async catchUpFrom(abort: AbortSignal): Promise<void> {
    // Reading the next page while the current one is written overlaps the two on PostgreSQL.
    const read = (after: GlobalPosition) => this.store.readAll({ fromPosition: after, maxCount: this.batchSize * 4 });
    let page = await read(this.checkpoint ?? START_POSITION);
    while (page.length > 0 && !abort.aborted) {
      const next = read(page[page.length - 1].position);
      next.catch(() => undefined);
      for (let i = 0; i < page.length && !abort.aborted; i += this.batchSize)
        await this.apply(page.slice(i, i + this.batchSize));
      page = await next;
    }
  }

  private async follow(abort: AbortSignal): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: this.checkpoint ?? START_POSITION });
    const events = new ReadAhead(subscription, this.batchSize * 8, abort);
    try {
      while (!abort.aborted && !events.exhausted) {
        const batch = await events.take(this.batchSize);
        if (batch.length > 0) await this.apply(batch);
      }
      // The subscription's own error, rethrown as it was thrown.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (events.failure) throw events.failure;
    } finally {
      await events.close();
    }
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const from = this.checkpoint ?? START_POSITION;
    const fresh = batch.filter((event) => comparePositions(event.position, from) > 0);
    if (fresh.length === 0) return;
    const last = fresh[fresh.length - 1];
    await this.sql.transaction(async (tx) => {
      await this.projection.handle(fresh, tx);
      await advanceCheckpoint(tx, this.projection.name, from, last.position);
    });
    this._checkpoint = last.position;
    const applied = { events: fresh.length, checkpoint: last.position, lastRecordedAt: last.recordedAt };
    for (const listener of this.listeners) listener(applied);
  }
}
