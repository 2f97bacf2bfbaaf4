/**
 * `report_clock_days`: the SLA clocks counted per UTC day and reporting group, kept by the reporting
 * projection in the transaction that writes the clocks, so a report over a quarter sums a few rows per
 * day instead of reading every clock of the quarter.
 *
 * A clock adds to three kinds of count: `started` on the day of its start; its outcome (`met`,
 * `breached`, `superseded`, `ended`) on the day it was decided; and, while it runs undecided, `due` on
 * the day of its due instant, because a running clock past its due instant has breached there when the
 * report is read. When a clock changes, the projection takes back what it added before and adds anew.
 *
 * Days are UTC days because report buckets are cut in any zone the caller names: a bucket sums the
 * whole UTC days inside it and counts its ragged edges (less than a day at each end) from the clock
 * rows, through the indexes on started_at, decided_at and due_at. That keeps every figure exact.
 */
import type { SqlQueryable } from '@caseledger/event-store';

export type ClockDayKind = 'started' | 'met' | 'breached' | 'superseded' | 'ended' | 'due';

/** What one clock adds to the day counts; kept in the case document to be taken back on its next change. */
export interface ClockDayShare {
  kind: ClockDayKind;
  day: string;
  breachMs: number;
}

export interface ClockDayGroup {
  account_id: string;
  plan_id: string;
  priority: string;
  criticality: string;
  metric: string;
  channel: string;
}

const GROUP_COLUMNS = ['account_id', 'plan_id', 'priority', 'criticality', 'metric', 'channel'] as const;

const utcDay = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

export function clockDayShares(row: {
  started_at: string;
  decided_at: string | null;
  outcome: string;
  phase: string;
  due_at: string;
  breach_ms: number | null;
}): ClockDayShare[] {
  const shares: ClockDayShare[] = [{ kind: 'started', day: utcDay(row.started_at), breachMs: 0 }];
  if (row.decided_at !== null)
    shares.push({ kind: row.outcome as ClockDayKind, day: utcDay(row.decided_at), breachMs: row.breach_ms ?? 0 });
  else if (row.phase === 'running') shares.push({ kind: 'due', day: utcDay(row.due_at), breachMs: 0 });
  return shares;
}

export async function migrateClockDays(sql: SqlQueryable): Promise<void> {
  await sql.query(`create table if not exists report_clock_days (
      day date not null,
      kind text not null,
      ${GROUP_COLUMNS.map((c) => `${c} text not null,`).join('\n      ')}
      clocks bigint not null,
      breach_ms bigint not null,
      primary key (day, kind, ${GROUP_COLUMNS.join(', ')})
    )`);
}

/** Adds up the changes of a batch per day, kind and group, then writes them in one statement. */
export class ClockDayChanges {
  private readonly changes = new Map<string, { clocks: number; breach_ms: number; row: Record<string, unknown> }>();

  add(group: ClockDayGroup, shares: readonly ClockDayShare[] | undefined, sign: 1 | -1): void {
    for (const share of shares ?? []) {
      const row = { day: share.day, kind: share.kind, ...group };
      const key = JSON.stringify([share.day, share.kind, ...GROUP_COLUMNS.map((c) => group[c])]);
      const change = this.changes.get(key) ?? { clocks: 0, breach_ms: 0, row };
      change.clocks += sign;
      change.breach_ms += sign * share.breachMs;
      this.changes.set(key, change);
    }
  }

  async write(tx: SqlQueryable): Promise<void> {
    const rows = [...this.changes.values()]
      .filter((c) => c.clocks !== 0 || c.breach_ms !== 0)
      .map((c) => ({ ...c.row, clocks: c.clocks, breach_ms: c.breach_ms }));
    this.changes.clear();
    if (rows.length === 0) return;
    const definition = `day date, kind text, ${GROUP_COLUMNS.map((c) => `${c} text`).join(', ')}, clocks bigint, breach_ms bigint`;
    const key = `day, kind, ${GROUP_COLUMNS.join(', ')}`;
    const json = JSON.stringify(rows);
    await tx.query(
      `insert into report_clock_days (${key}, clocks, breach_ms)
       select ${key}, clocks, breach_ms from jsonb_to_recordset($1::jsonb) as r(${definition})
       on conflict (${key}) do update set clocks = report_clock_days.clocks + excluded.clocks,
         breach_ms = report_clock_days.breach_ms + excluded.breach_ms`,
      [json],
    );
    // A count back at zero goes, so the table holds the same rows however the events were batched.
    if (rows.some((r) => r.clocks < 0))
      await tx.query(
        `delete from report_clock_days d using jsonb_to_recordset($1::jsonb) as r(${definition})
         where d.clocks = 0 and d.day = r.day and d.kind = r.kind
           and ${GROUP_COLUMNS.map((c) => `d.${c} = r.${c}`).join(' and ')}`,
        [json],
      );
  }
}
