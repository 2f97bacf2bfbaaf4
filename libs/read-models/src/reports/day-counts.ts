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

/** An instant written in UTC (`…Z`) starts with its UTC day; any other form goes through Date. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T[^+]*Z$/;
export const utcDay = (instant: string): string =>
  UTC_INSTANT.test(instant) ? instant.slice(0, 10) : new Date(instant).toISOString().slice(0, 10);

/** A group column's SQL type: text unless the table names another. */
export type GroupTypes = Readonly<Record<string, string>>;
const typeOf = (types: GroupTypes, column: string): string => types[column] ?? 'text';

export async function migrateDayCounts(
  sql: SqlQueryable,
  table: string,
  groups: readonly string[],
  types: GroupTypes = {},
): Promise<void> {
  for (const name of [table, monthTable(table)])
    await sql.query(`create table if not exists ${name} (
      day date not null,
      kind text not null,
      ${groups.map((c) => `${c} ${typeOf(types, c)} not null,`).join('\n      ')}
      n bigint not null,
      breach_ms bigint not null,
      primary key (day, kind, ${groups.join(', ')})
    )`);
}

/**
 * The same counts per UTC month (`day` is the month's first day), so a period of months sums a few
 * rows per group and month instead of one per group and day.
 */
export const monthTable = (table: string): string => `${table}_by_month`;

const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** Adds up a batch's changes per day, kind and group. */
export class DayCountChanges {
  private readonly changes = new Map<string, { n: number; breach_ms: number; row: Record<string, unknown> }>();
  /** The month table's changes (none for a month table itself). */
  readonly months: DayCountChanges | undefined;

  constructor(
    readonly table: string,
    readonly groups: readonly string[],
    readonly types: GroupTypes = {},
    monthly = true,
  ) {
    this.months = monthly ? new DayCountChanges(monthTable(table), groups, types, false) : undefined;
  }

  add(group: Readonly<Record<string, string | number>>, shares: readonly DayShare[] | undefined, sign: 1 | -1): void {
    if (shares === undefined || shares.length === 0) return;
    // One key per group, the day and kind put in front per share: cheaper than a key built per share.
    let groupKey = '';
    for (const c of this.groups) groupKey += `\u0000${group[c]}`;
    for (const share of shares) {
      this.count(`${share.day}\u0000${share.kind}${groupKey}`, share.day, share.kind, group, sign, share.breachMs);
      this.months?.count(
        `${monthOf(share.day)}\u0000${share.kind}${groupKey}`,
        monthOf(share.day),
        share.kind,
        group,
        sign,
        share.breachMs,
      );
    }
  }

  private count(
    key: string,
    day: string,
    kind: string,
    group: Readonly<Record<string, string | number>>,
    sign: 1 | -1,
    breachMs: number,
  ): void {
    let change = this.changes.get(key);
    if (change === undefined) {
      change = { n: 0, breach_ms: 0, row: { day, kind, ...group } };
      this.changes.set(key, change);
    }
    change.n += sign;
    change.breach_ms += sign * breachMs;
  }

  /** The batch's net changes, emptied. */
  take(): Record<string, unknown>[] {
    const rows = [...this.changes.values()]
      .filter((c) => c.n !== 0 || c.breach_ms !== 0)
      .map((c) => Object.assign(c.row, { n: c.n, breach_ms: c.breach_ms }));
    this.changes.clear();
    return rows;
  }
}

/**
 * Writes the batch's changes of every day-count table in one round trip: one upsert per table in one
 * statement, which hands back only the counts it brought to zero; those (rarely any) are deleted.
 */
export async function writeDayCounts(tx: SqlQueryable, tables: readonly DayCountChanges[]): Promise<void> {
  const writes = tables
    .flatMap((t) => (t.months ? [t, t.months] : [t]))
    .map((t) => ({ t, rows: t.take() }))
    .filter((w) => w.rows.length > 0);
  if (writes.length === 0) return;
  const definition = (t: DayCountChanges) =>
    `day date, kind text, ${t.groups.map((c) => `${c} ${typeOf(t.types, c)}`).join(', ')}, n bigint, breach_ms bigint`;
  const key = (t: DayCountChanges) => `day, kind, ${t.groups.join(', ')}`;
  const upserts = writes.map(
    ({ t }, k) => `u${k} as (
       insert into ${t.table} (${key(t)}, n, breach_ms)
       select ${key(t)}, n, breach_ms from jsonb_to_recordset($${k + 1}::jsonb) as r(${definition(t)})
       on conflict (${key(t)}) do update set n = ${t.table}.n + excluded.n,
         breach_ms = ${t.table}.breach_ms + excluded.breach_ms
       returning ${key(t)}, n)`,
  );
  const zeros = await tx.query<{ k: number; row: Record<string, unknown> }>(
    `with ${upserts.join(',\n')}
     ${writes.map((_, k) => `select ${k} as k, to_jsonb(u${k}) as row from u${k} where n = 0`).join(' union all ')}`,
    writes.map((w) => JSON.stringify(w.rows)),
  );
  for (const [k, { t }] of writes.entries()) {
    const gone = zeros
      .filter((z) => z.k === k)
      .map((z) => (typeof z.row === 'string' ? (JSON.parse(z.row) as Record<string, unknown>) : z.row));
    if (gone.length > 0)
      await tx.query(
        `delete from ${t.table} d using jsonb_to_recordset($1::jsonb) as r(${definition(t)})
         where d.n = 0 and d.day = r.day and d.kind = r.kind and ${t.groups.map((c) => `d.${c} = r.${c}`).join(' and ')}`,
        [JSON.stringify(gone)],
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

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The first instant of the UTC month holding `ms`, or of the next one when `up` and `ms` is inside a month. */
function monthStart(ms: number, up: boolean): number {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return up && start < ms ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : start;
}

/**
 * Splits [fromMs, toMs) (from the beginning when fromMs is null) into the whole UTC months inside it
 * (`grain` month), the whole UTC days around them (`grain` day), both read from the counts (`dlo`,
 * `dhi`), and the ragged edges of less than a day (`lo`, `hi`), read from the rows.
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
  const firstMonth = firstDay === null ? null : monthStart(firstDay, true);
  const lastMonth = monthStart(lastDay, false);
  if (firstMonth === null || firstMonth < lastMonth) {
    if (firstDay !== null && firstDay < firstMonth!)
      days.push({ ...span, grain: 'day', dlo: isoDay(firstDay), dhi: isoDay(firstMonth!) });
    days.push({
      ...span,
      grain: 'month',
      dlo: firstMonth === null ? null : isoDay(firstMonth),
      dhi: isoDay(lastMonth),
    });
    if (lastMonth < lastDay) days.push({ ...span, grain: 'day', dlo: isoDay(lastMonth), dhi: isoDay(lastDay) });
  } else days.push({ ...span, grain: 'day', dlo: isoDay(firstDay!), dhi: isoDay(lastDay) });
  if (fromMs !== null && fromMs < firstDay!) edges.push({ ...span, lo: iso(fromMs), hi: iso(firstDay!) });
  if (lastDay < toMs) edges.push({ ...span, lo: iso(lastDay), hi: iso(toMs) });
}

/**
 * The count rows of the parts in CTE `dp` (grain, dlo, dhi): from the month table for whole months,
 * from the day table for days. Used as `from dp cross join lateral ${countRows(table)} x`.
 */
export function countRows(table: string): string {
  const range = (alias: string) => `${alias}.day >= coalesce(dp.dlo, '-infinity'::date) and ${alias}.day < dp.dhi`;
  return `(select * from ${table} d where dp.grain = 'day' and ${range('d')}
     union all
     select * from ${monthTable(table)} m where dp.grain = 'month' and ${range('m')})`;
}
