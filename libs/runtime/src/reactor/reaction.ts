/**
 * A side effect driven by `$all`: what a reactor runs for every event, in order, at least once.
 * Exactly once is the reaction's own business: derived event ids and the aggregate's refusal of a
 * second copy make a replayed event harmless (a crash between a reaction and its checkpoint
 * replays it).
 */
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';

export interface Reaction {
  /** Stable: names its checkpoint row (`reactor:<name>`) and its lock. */
  readonly name: string;
  /** Bump when its stored state changes meaning: the reactor then `reset`s it and starts from position 0. */
  readonly version: number;
  /** Stored types it reacts to; every other event only moves the checkpoint. All when omitted. */
  readonly eventTypes?: ReadonlySet<string>;
  /** Idempotent DDL for the tables it keeps beside its checkpoint, one statement per call. */
  migrate?(sql: SqlQueryable): Promise<void>;
  /** Drops its tables (a version change); `migrate` runs next. */
  reset?(tx: SqlQueryable): Promise<void>;
  /** Loads its state as of the stored checkpoint, each time this instance becomes the active one. */
  restore?(sql: SqlQueryable): Promise<void>;
  /** The side effect, awaited. Throwing makes the reactor retry it with backoff before the checkpoint passes it. */
  react(event: RecordedEvent): Promise<void>;
  /** A failure retrying cannot cure (a domain refusal): logged, counted, and the event passed. */
  isPermanent?(error: unknown): boolean;
  /** Writes what changed since its last call, inside the transaction that moves the checkpoint. */
  persist?(tx: SqlQueryable): Promise<void>;
}
