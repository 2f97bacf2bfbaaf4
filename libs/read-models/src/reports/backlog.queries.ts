/** The open cases of `report_cases`, with what the backlog report needs to age them. */
import type { SqlQueryable } from '@caseledger/event-store';

export interface OpenCase {
  caseId: string;
  accountId: string;
  priority: string;
  status: string;
  awaitingCustomer: boolean;
  receivedAt: string;
  /** Key into `OpenCases.calendars`: the calendar the case's clocks count in. */
  calendarKey: string;
}

export interface OpenCases {
  cases: OpenCase[];
  /** Each distinct calendar of the open cases once (null for a case opened without one). */
  calendars: Map<string, unknown>;
}

/** Oldest first. */
export async function openCases(sql: SqlQueryable, accountId: string | undefined): Promise<OpenCases> {
  const rows = await sql.query<{
    case_id: string;
    account_id: string;
    priority: string;
    status: string;
    awaiting_customer: boolean;
    received_at: string | Date;
    calendar_key: string;
  }>(
    `select case_id, account_id, priority, status, awaiting_customer, received_at, calendar_key
     from report_cases where open and ($1::text is null or account_id = $1)
     order by received_at, case_id`,
    [accountId ?? null],
  );
  const calendars = await sql.query<{ calendar_key: string; calendar: unknown }>(
    `select distinct on (calendar_key) calendar_key, calendar
     from report_cases where open and ($1::text is null or account_id = $1)`,
    [accountId ?? null],
  );
  return {
    cases: rows.map((r) => ({
      caseId: r.case_id,
      accountId: r.account_id,
      priority: r.priority,
      status: r.status,
      awaitingCustomer: r.awaiting_customer,
      receivedAt: new Date(r.received_at).toISOString(),
      calendarKey: r.calendar_key,
    })),
    calendars: new Map(
      calendars.map((c) => [
        c.calendar_key,
        typeof c.calendar === 'string' ? (JSON.parse(c.calendar) as unknown) : c.calendar,
      ]),
    ),
  };
}
