/**
 * The open cases of `report_cases`, counted in SQL by priority, status and age bucket. Age is
 * monotonic in the instant a case was received (received earlier, never younger, in elapsed or in
 * business time), so each age limit of each calendar is one instant: a case is younger than the limit
 * exactly when it was received at or after it. The caller finds those instants with the calendar (the
 * SQL never counts business time itself), and the backlog is one grouped scan of the open cases.
 */
import type { SqlQueryable } from '@caseledger/event-store';

export interface OpenCaseCalendars {
  /** Each distinct calendar of the open cases once, by key (null for a case opened without one). */
  calendars: Map<string, unknown>;
  /** The earliest receipt of an open case (epoch ms), or null without any. */
  earliestMs: number | null;
}

export async function openCaseCalendars(sql: SqlQueryable, accountId: string | undefined): Promise<OpenCaseCalendars> {
  const rows = await sql.query<{ calendar_key: string; calendar: unknown; earliest: string | Date }>(
    `select k.calendar_key,
       (select c.calendar from report_cases c where c.open and c.calendar_key = k.calendar_key limit 1) as calendar,
       k.earliest
     from (select calendar_key, min(received_at) as earliest from report_cases
           where open and ($1::text is null or account_id = $1) group by calendar_key) k`,
    [accountId ?? null],
  );
  return {
    calendars: new Map(
      rows.map((r) => [
        r.calendar_key,
        typeof r.calendar === 'string' ? (JSON.parse(r.calendar) as unknown) : r.calendar,
      ]),
    ),
    earliestMs: rows.length === 0 ? null : Math.min(...rows.map((r) => new Date(r.earliest).getTime())),
  };
}

/** Per calendar key, the instants (epoch ms) at or after which a case is younger than each age limit. */
export type AgeLimitInstants = Map<string, number[]>;

export interface BacklogGroup {
  priority: string;
  status: string;
  awaitingCustomer: boolean;
  /** Index of the first age limit the case is younger than (limits.length when none). */
  elapsedBucket: number;
  /** Null for a case whose calendar had no limits (opened with a new calendar since they were found). */
  businessBucket: number | null;
  cases: number;
}

export async function backlogGroups(
  sql: SqlQueryable,
  accountId: string | undefined,
  elapsedLimits: readonly number[],
  businessLimits: AgeLimitInstants,
): Promise<BacklogGroup[]> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const bucket = (column: (k: number) => string) =>
    `case ${elapsedLimits.map((_, k) => `when c.received_at >= ${column(k)} then ${k}`).join(' ')} else ${elapsedLimits.length} end`;
  const rows = await sql.query<{
    priority: string;
    status: string;
    awaiting_customer: boolean;
    elapsed_bucket: number;
    business_bucket: number | null;
    cases: number;
  }>(
    `with t as (select calendar_key, array(select jsonb_array_elements_text(limits)::timestamptz) as limits
                from jsonb_to_recordset($2::jsonb) as t(calendar_key text, limits jsonb)),
     e as (select array(select jsonb_array_elements_text($3::jsonb)::timestamptz) as limits)
     select c.priority, c.status, c.awaiting_customer,
       ${bucket((k) => `e.limits[${k + 1}]`)} as elapsed_bucket,
       case when t.limits is null then null else ${bucket((k) => `t.limits[${k + 1}]`)} end as business_bucket,
       count(*)::int as cases
     from report_cases c left join t on t.calendar_key = c.calendar_key cross join e
     where c.open and ($1::text is null or c.account_id = $1)
     group by 1, 2, 3, 4, 5`,
    [
      accountId ?? null,
      JSON.stringify([...businessLimits].map(([key, limits]) => ({ calendar_key: key, limits: limits.map(iso) }))),
      JSON.stringify(elapsedLimits.map(iso)),
    ],
  );
  return rows.map((r) => ({
    priority: r.priority,
    status: r.status,
    awaitingCustomer: r.awaiting_customer,
    elapsedBucket: r.elapsed_bucket,
    businessBucket: r.business_bucket,
    cases: r.cases,
  }));
}

export interface OldestOpenCase {
  caseId: string;
  accountId: string;
  priority: string;
  receivedAt: string;
  calendarKey: string;
  calendar: unknown;
}

/** The oldest open case of each priority (ties by case id), oldest first. */
export async function oldestOpenCases(sql: SqlQueryable, accountId: string | undefined): Promise<OldestOpenCase[]> {
  const rows = await sql.query<{
    case_id: string;
    account_id: string;
    priority: string;
    received_at: string | Date;
    calendar_key: string;
    calendar: unknown;
  }>(
    // A skip scan of the open cases' (priority, received_at) index: the first entry of each priority,
    // instead of sorting every open case.
    `with recursive p as (
       (select priority from report_cases where open order by priority limit 1)
       union all
       select (select c.priority from report_cases c where c.open and c.priority > p.priority order by c.priority limit 1)
       from p where p.priority is not null
     )
     select o.* from p cross join lateral (
       select c.case_id, c.account_id, c.priority, c.received_at, c.calendar_key, c.calendar
       from report_cases c
       where c.open and c.priority = p.priority and ($1::text is null or c.account_id = $1)
       order by c.received_at, c.case_id limit 1
     ) o
     where p.priority is not null
     order by o.received_at, o.case_id`,
    [accountId ?? null],
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    accountId: r.account_id,
    priority: r.priority,
    receivedAt: new Date(r.received_at).toISOString(),
    calendarKey: r.calendar_key,
    calendar: typeof r.calendar === 'string' ? (JSON.parse(r.calendar) as unknown) : r.calendar,
  }));
}
