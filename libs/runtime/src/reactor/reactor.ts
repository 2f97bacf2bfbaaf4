/**
 * The checkpointed consumer every side effect runs on (deadlines, sagas, webhook deliveries).
 *
 * - It reads `$all` from its checkpoint (pages until the end, then the store's subscription) and
 *   hands each event to its reaction, in order, awaiting it.
 * - A reaction that throws is retried with exponential backoff before the checkpoint passes its
 *   event, unless the reaction calls the failure permanent (logged, counted, passed). The events
 *   before it are checkpointed first, so a restart during the retries does not replay them.
 * - The checkpoint (with whatever the reaction persists) moves after each batch the reaction was
 *   handed events of, in one transaction of the state database, fenced as the projections' are: a
 *   crash replays at most one batch. Over events it does not react to, it moves at most once per
 *   `idleCommitMs` (and when the stream goes quiet), so a rare side effect costs no write per event.
 * - Any end of the subscription (it threw, or it simply finished) starts a new attempt from the
 *   stored checkpoint after a backoff; nothing needs a restart of the process.
 * - One active instance per name across processes: the lock (a PostgreSQL advisory lock, or an
 *   in-process one on the embedded database); the others wait in `standby` and take over.
 */
import { Logger } from '@nestjs/common';
import {
  comparePositions,
  EventStore,
  GlobalPosition,
  RecordedEvent,
  SqlClient,
  START_POSITION,
} from '@caseledger/event-store';
import {
  advanceCheckpoint,
  createCheckpointTable,
  readCheckpoint,
  resetCheckpoint,
} from '../checkpoints/checkpoint-store';
import { ExclusiveLock, SingleProcessLock } from '../locks/exclusive-lock';
import { ReadAhead } from '../subscriptions/read-ahead';
import type { Reaction } from './reaction';

/** Processes preparing reactors at once queue on it (any stable number, not the projections'). */
const MIGRATION_LOCK = 7_318_042_778;

export type ReactorState = 'idle' | 'standby' | 'catching-up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface ReactorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReactorOptions {
  lock?: ExclusiveLock;
  /** Events per checkpoint transaction. */
  batchSize?: number;
  /** Between retries of a failing reaction. */
  retry?: Backoff;
  /** Between attempts after the subscription or the state database failed. */
  reconnect?: Backoff;
  /** How often an instance in standby tries the lock. */
  standbyMs?: number;
  /** Longest time the checkpoint trails events the reaction was not interested in. */
  idleCommitMs?: number;
  logger?: ReactorLogger;
}

export interface ReactorStats {
  /** Reactions that completed. */
  reacted: number;
  /** Failed reactions that were tried again. */
  retries: number;
  /** Events passed after a permanent refusal. */
  refused: number;
  /** Attempts that ended in a failure (a dropped subscription, the database) and were started again. */
  restarts: number;
}

export function reactorCheckpointName(reaction: Pick<Reaction, 'name'>): string {
  return `reactor:${reaction.name}`;
}

class AttemptAborted extends Error {}

/** The subscription finished although nobody closed it: treated like a drop. */
export class SubscriptionEnded extends Error {
  constructor() {
    super('the subscription to $all ended');
    this.name = 'SubscriptionEnded';
  }
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

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class Reactor {
  readonly checkpointName: string;
  readonly stats: ReactorStats = { reacted: 0, retries: 0, refused: 0, restarts: 0 };
  private _state: ReactorState = 'idle';
  /** Stored: what a restart resumes from. */
  private _checkpoint: GlobalPosition | undefined;
  /** In memory: the last event handed to the reaction (or skipped) in this attempt. */
  private _position: GlobalPosition | undefined;
  private _lastError: string | undefined;
  private caughtUp = false;
  private stopping = new AbortController();
  private attempt = new AbortController();
  private loop: Promise<void> | undefined;
  private changeWaiters: (() => void)[] = [];
  private readonly batchSize: number;
  private readonly retry: Backoff;
  private readonly reconnect: Backoff;
  private readonly standbyMs: number;
  private readonly idleCommitMs: number;
  private lastCommitAt = 0;
  private readonly lock: ExclusiveLock;
  private readonly logger: ReactorLogger;

  constructor(
    readonly reaction: Reaction,
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    options: ReactorOptions = {},
  ) {
    this.checkpointName = reactorCheckpointName(reaction);
    this.batchSize = options.batchSize ?? 500;
    this.retry = options.retry ?? { initialMs: 100, maxMs: 30_000 };
    this.reconnect = options.reconnect ?? { initialMs: 250, maxMs: 10_000 };
    this.standbyMs = options.standbyMs ?? 3000;
    this.idleCommitMs = options.idleCommitMs ?? 1000;
    this.lock = options.lock ?? new SingleProcessLock();
    this.logger = options.logger ?? new Logger(`Reactor:${reaction.name}`);
    this.lock.onLost(() => this.attempt.abort());
  }

  get name(): string {
    return this.reaction.name;
  }
  get state(): ReactorState {
    return this._state;
  }
  /** The checkpoint this instance last stored or read; undefined before it got going. */
  get checkpoint(): GlobalPosition | undefined {
    return this._checkpoint;
  }
  /** The last event this instance handed to its reaction (or passed over) in its current attempt. */
  get position(): GlobalPosition | undefined {
    return this._position;
  }
  get lastError(): string | undefined {
    return this._lastError;
  }
  /** This instance holds the lock and follows the store. */
  get active(): boolean {
    return this._state === 'catching-up' || this._state === 'live' || this._state === 'retrying';
  }
  /** Active and past the end of what the store held when this attempt began. */
  get isLive(): boolean {
    return this.active && this.caughtUp;
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
    this.setState('stopped');
  }

  /** Resolves when `done()` holds, re-checked at every change of state or position (and every `pollMs`). */
  async until(done: () => boolean, pollMs = 50): Promise<void> {
    while (!done() && !this.stopping.signal.aborted) await this.nextChange(pollMs);
  }

  /**
   * Resolves once this instance has handed its reaction every event the store held when called;
   * at once when it is not the active instance (another process is doing the work).
   */
  async drain(): Promise<void> {
    for (;;) {
      if (!this.active || this.stopping.signal.aborted) return;
      const ahead = await this.store.readAll({ fromPosition: this._position ?? 'start', maxCount: 1 });
      if (ahead.length === 0) return;
      await this.nextChange(50);
    }
  }

  private async run(): Promise<void> {
    let backoff = this.reconnect.initialMs;
    while (!this.stopping.signal.aborted) {
      this.attempt = new AbortController();
      const attempt = this.attempt.signal;
      this.caughtUp = false;
      if (!(await this.lock.tryAcquire())) {
        this.setState('standby');
        await sleep(this.standbyMs, this.stopping.signal);
        continue;
      }
      const startedAt = this._checkpoint;
      try {
        this._checkpoint = await this.prepare();
        this._position = this._checkpoint;
        await this.reaction.restore?.(this.sql);
        this.setState('catching-up');
        await this.catchUp(attempt);
        this.caughtUp = true;
        this.setState('live');
        await this.follow(attempt);
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        if (error instanceof AttemptAborted) continue;
        this.stats.restarts++;
        this._lastError = message(error);
        this.setState('failed');
        // An attempt that moved the checkpoint was healthy for a while: the next one waits the least again.
        const moved =
          startedAt !== undefined &&
          this._checkpoint !== undefined &&
          comparePositions(this._checkpoint, startedAt) > 0;
        if (moved) backoff = this.reconnect.initialMs;
        this.logger.warn(
          `${this.name}: ${error instanceof SubscriptionEnded ? 'subscription ended' : `failed: ${this._lastError}`}; resuming from its checkpoint in ${backoff} ms`,
        );
        // Let go of the lock so a healthy process can take over while this one waits.
        await this.lock.release();
        await sleep(backoff, this.stopping.signal);
        backoff = Math.min(backoff * 2, this.reconnect.maxMs);
      }
    }
    await this.lock.release();
  }

  /** Creates the checkpoint row and the reaction's tables; a stored version other than the reaction's starts it over. */
  private prepare(): Promise<GlobalPosition> {
    return this.sql.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await createCheckpointTable(tx);
      const stored = await readCheckpoint(tx, this.checkpointName);
      const current = stored !== undefined && stored.version === this.reaction.version;
      if (stored && !current) await this.reaction.reset?.(tx);
      await this.reaction.migrate?.(tx);
      if (current) return stored.position;
      await resetCheckpoint(tx, this.checkpointName, this.reaction.version);
      return START_POSITION;
    });
  }

  private async catchUp(abort: AbortSignal): Promise<void> {
    const read = (after: GlobalPosition | undefined) =>
      this.store.readAll({ fromPosition: after ?? 'start', maxCount: this.batchSize });
    let page = await read(this._position);
    for (;;) {
      if (abort.aborted) throw new AttemptAborted();
      // The next page is read while this one is handled.
      const next = page.length === this.batchSize ? read(page[page.length - 1].position) : undefined;
      next?.catch(() => undefined);
      await this.handle(page, abort);
      if (next === undefined) {
        // Caught up: the stored checkpoint says so at once.
        await this.commit();
        return;
      }
      page = await next;
    }
  }

  private async follow(abort: AbortSignal): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: this._position ?? 'start' });
    const events = new ReadAhead(subscription, this.batchSize * 4, abort);
    try {
      while (!abort.aborted && !events.exhausted) {
        if (!this.uncommitted()) {
          const batch = await events.take(this.batchSize);
          if (batch.length > 0) await this.handle(batch, abort);
          continue;
        }
        // Quiet after events it passed over: store how far it got once the interval is up.
        let timer: NodeJS.Timeout | undefined;
        const due = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, this.lastCommitAt + this.idleCommitMs - Date.now()));
        });
        const batch = await events.take(this.batchSize, due);
        clearTimeout(timer);
        if (batch.length > 0) await this.handle(batch, abort);
        else if (!abort.aborted) await this.commit();
      }
      if (abort.aborted) throw new AttemptAborted();
      // The subscription's own error, rethrown as it was thrown.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw events.failure ?? new SubscriptionEnded();
    } finally {
      await events.close();
    }
  }

  private async handle(batch: readonly RecordedEvent[], abort: AbortSignal): Promise<void> {
    const types = this.reaction.eventTypes;
    let handled = false;
    let reacted = false;
    for (const event of batch) {
      // A resubscription may hand back what was already handled: the position says so.
      if (this._position !== undefined && comparePositions(event.position, this._position) <= 0) continue;
      if (abort.aborted) throw new AttemptAborted();
      if (types === undefined || types.has(event.type)) {
        await this.react(event, abort);
        reacted = true;
      }
      this._position = event.position;
      handled = true;
    }
    if (!handled) return;
    if (reacted || Date.now() - this.lastCommitAt >= this.idleCommitMs) await this.commit();
    this.notify();
  }

  private async react(event: RecordedEvent, abort: AbortSignal): Promise<void> {
    let delay = this.retry.initialMs;
    for (let failures = 0; ; failures++) {
      try {
        await this.reaction.react(event);
        this.stats.reacted++;
        if (failures > 0) {
          this._lastError = undefined;
          this.setState(this.caughtUp ? 'live' : 'catching-up');
        }
        return;
      } catch (error) {
        const what = `${event.type} ${event.eventId} at ${event.position.commit}-${event.position.prepare}`;
        if (this.reaction.isPermanent?.(error)) {
          this.stats.refused++;
          this.logger.warn(`${this.name}: ${what} refused for good, passed: ${message(error)}`);
          return;
        }
        this.stats.retries++;
        this._lastError = message(error);
        // What came before it is done: a restart during the retries must not do it again.
        if (failures === 0) await this.commit();
        this.setState('retrying');
        this.logger.warn(`${this.name}: ${what} failed (${failures + 1}), retrying in ${delay} ms: ${this._lastError}`);
        await sleep(delay, abort);
        if (abort.aborted) throw new AttemptAborted();
        delay = Math.min(delay * 2, this.retry.maxMs);
      }
    }
  }

  private uncommitted(): boolean {
    return this._position !== undefined && comparePositions(this._position, this._checkpoint ?? START_POSITION) > 0;
  }

  /** Moves the stored checkpoint to the in-memory position, with what the reaction persists, in one transaction. */
  private async commit(): Promise<void> {
    const from = this._checkpoint ?? START_POSITION;
    const to = this._position;
    if (to === undefined || comparePositions(to, from) <= 0) return;
    await this.sql.transaction(async (tx) => {
      await this.reaction.persist?.(tx);
      await advanceCheckpoint(tx, this.checkpointName, from, to);
    });
    this._checkpoint = to;
    this.lastCommitAt = Date.now();
    this.notify();
  }

  private setState(state: ReactorState): void {
    if (this._state === state) return;
    this._state = state;
    this.notify();
  }

  private notify(): void {
    const waiters = this.changeWaiters;
    this.changeWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.changeWaiters = this.changeWaiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.changeWaiters.push(done);
    });
  }
}
