/**
 * How far a checkpoint trails the store. When the SQL store's `events` table sits in the same
 * database as the checkpoints (PostgreSQL, embedded), one indexed range count answers it; otherwise
 * (EventStoreDB, memory) the events after the checkpoint are read, up to a cap.
 */
import { EventStore, GlobalPosition, SqlQueryable } from '@caseledger/event-store';

export interface Lag {
  events: number;
  /** True when the count stopped at the cap. */
  capped: boolean;
  /** recordedAt of the oldest event after the checkpoint; null when caught up. */
  oldestPendingAt: string | null;
}

const READ_CAP = 10_000;

export class EventLagProbe {
  private sqlEvents: Promise<boolean> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlQueryable,
  ) {}

  async lagAfter(checkpoint: GlobalPosition): Promise<Lag> {
    if (await this.eventsTableHere()) {
      const [row] = await this.sql.query<{ n: string; oldest: string | null }>(
        `select count(*)::text as n,
                to_char(min(recorded_at) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as oldest
           from events where (transaction_id, position) > ($1::text::xid8, $2::int8)`,
        [checkpoint.commit.toString(), checkpoint.prepare.toString()],
      );
      return { events: Number(row.n), capped: false, oldestPendingAt: row.oldest };
    }
    const pending = await this.store.readAll({ fromPosition: checkpoint, maxCount: READ_CAP });
    return {
      events: pending.length,
      capped: pending.length === READ_CAP,
      oldestPendingAt: pending[0]?.recordedAt ?? null,
    };
  }

  /** The store's newest position (the start of a feed that only wants what comes next). */
  async head(): Promise<GlobalPosition | 'start'> {
    if (await this.eventsTableHere()) {
      // Only events below the read horizon: anything committed later lands after this position.
      const [row] = await this.sql.query<{ commit: string; prepare: string }>(
        `select transaction_id::text as commit, position::text as prepare from events
          where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          order by transaction_id desc, position desc limit 1`,
      );
      return row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : 'start';
    }
    let head: GlobalPosition | 'start' = 'start';
    for (;;) {
      const page = await this.store.readAll({ fromPosition: head, maxCount: 5000 });
      if (page.length === 0) return head;
      head = page[page.length - 1].position;
    }
  }

  private eventsTableHere(): Promise<boolean> {
    this.sqlEvents ??=
      this.store.kind === 'postgres' || this.store.kind === 'embedded'
        ? this.sql
            .query<{ present: boolean }>(
              `select to_regclass('events') is not null and to_regclass('event_store_migrations') is not null as present`,
            )
            .then(([row]) => row.present)
            .catch(() => false)
        : Promise.resolve(false);
    return this.sqlEvents;
  }
}
