/**
 * Counts per UTC day, kind and reporting group that the reporting projection keeps beside its rows
 * (`report_clock_days`, `report_agent_days`), in the transaction that writes the rows, so a report over
 * a quarter sums a few rows per day instead of reading every row of the quarter.
 *
 * Days are UTC days because report buckets are cut in any zone the caller names: a bucket sums the
 * whole UTC days inside it and counts its ragged edges (less than a day at each end) from the rows
 * themselves, through their indexes. That keeps every figure exact in every zone.
 *
 * What a row added is kept with it (in the case document) and taken back when the row changes, so a
 * count never drifts; a count back at zero is deleted, so the table holds the same rows however the
 * events were batched (live or rebuilt).
 */
import type { SqlQueryable } from '@caseledger/event-store';

export interface DayShare {
  kind: string;
  day: string;
  breachMs: number;
}

export const utcDay = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

export async function migrateDayCounts(sql: SqlQueryable, table: string, groups: readonly string[]): Promise<void> {
  await sql.query(`create table if not exists ${table} (
      day date not null,
      kind text not null,
      ${groups.map((c) => `${c} text not null,`).join('\n      ')}
      n bigint not null,
      breach_ms bigint not null,
      primary key (day, kind, ${groups.join(', ')})
    )`);
}

/** Adds up a batch's changes per day, kind and group, then writes them in one statement. */
export class DayCountChanges {
  private readonly changes = new Map<string, { n: number; breach_ms: number; row: Record<string, unknown> }>();

  constructor(
    private readonly table: string,
    private readonly groups: readonly string[],
  ) {}

  add(group: Readonly<Record<string, string>>, shares: readonly DayShare[] | undefined, sign: 1 | -1): void {
    for (const share of shares ?? []) {
      const key = JSON.stringify([share.day, share.kind, ...this.groups.map((c) => group[c])]);
      let change = this.changes.get(key);
      if (change === undefined) {
        change = { n: 0, breach_ms: 0, row: { day: share.day, kind: share.kind, ...group } };
        this.changes.set(key, change);
      }
      change.n += sign;
      change.breach_ms += sign * share.breachMs;
    }
  }

  async write(tx: SqlQueryable): Promise<void> {
    const rows = [...this.changes.values()]
      .filter((c) => c.n !== 0 || c.breach_ms !== 0)
      .map((c) => ({ ...c.row, n: c.n, breach_ms: c.breach_ms }));
    this.changes.clear();
    if (rows.length === 0) return;
    const { table, groups } = this;
    const definition = `day date, kind text, ${groups.map((c) => `${c} text`).join(', ')}, n bigint, breach_ms bigint`;
    const key = `day, kind, ${groups.join(', ')}`;
    const json = JSON.stringify(rows);
    await tx.query(
      `insert into ${table} (${key}, n, breach_ms)
       select ${key}, n, breach_ms from jsonb_to_recordset($1::jsonb) as r(${definition})
       on conflict (${key}) do update set n = ${table}.n + excluded.n, breach_ms = ${table}.breach_ms + excluded.breach_ms`,
      [json],
    );
    if (rows.some((r) => r.n < 0))
      await tx.query(
        `delete from ${table} d using jsonb_to_recordset($1::jsonb) as r(${definition})
         where d.n = 0 and d.day = r.day and d.kind = r.kind and ${groups.map((c) => `d.${c} = r.${c}`).join(' and ')}`,
        [json],
      );
  }
}

const DAY_MS = 86_400_000;

/** Part of a report read over [fromMs, toMs): bucket i, what it is for, which kinds. */
export interface Span {
  i: number;
  role: string;
  kinds: string;
}

/**
 * Splits [fromMs, toMs) (from the beginning when fromMs is null) into the whole UTC days inside it,
 * read from the day counts (`dlo`, `dhi`), and the ragged edges of less than a day (`lo`, `hi`), read
 * from the rows.
 */
export function splitSpan(
  span: Span,
  fromMs: number | null,
  toMs: number,
  days: Record<string, unknown>[],
  edges: Record<string, unknown>[],
): void {
  if (fromMs !== null && fromMs >= toMs) return;
  const firstDay = fromMs === null ? null : Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(toMs / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (fromMs !== null && firstDay! >= lastDay) {
    edges.push({ ...span, lo: iso(fromMs), hi: iso(toMs) });
    return;
  }
  days.push({ ...span, dlo: firstDay === null ? null : utcDay(iso(firstDay)), dhi: utcDay(iso(lastDay)) });
  if (fromMs !== null && fromMs < firstDay!) edges.push({ ...span, lo: iso(fromMs), hi: iso(firstDay!) });
  if (lastDay < toMs) edges.push({ ...span, lo: iso(lastDay), hi: iso(toMs) });
}
