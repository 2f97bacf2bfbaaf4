/**
 * A projection: a named set of event handlers plus the tables it owns. The runner hands it batches
 * of events in `$all` order inside the transaction that also advances its checkpoint, so its rows
 * and its checkpoint never disagree.
 *
 * The handler takes a batch rather than one event because per-event round trips cap a rebuild at a
 * few thousand events/s on PostgreSQL; a batch is folded in memory and written with one multi-row
 * upsert per table.
 */
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';

export interface Projection {
  readonly name: string;
  /** Bump when the rows' shape or meaning changes: a runner that finds another version stored rebuilds. */
  readonly version: number;
  /** Tables it owns, in the order they may be dropped. */
  readonly tables: readonly string[];
  /** Idempotent DDL, one statement per call (PGlite's `query` takes one at a time). */
  migrate(sql: SqlQueryable): Promise<void>;
  /** Applies the events in order; may be called again with the same events after a crash (the transaction rolled back). */
  handle(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void>;
  truncate(tx: SqlQueryable): Promise<void>;
}
