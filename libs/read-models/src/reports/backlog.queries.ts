/** The open cases of `report_cases`, with what the backlog report needs to age them. */
import type { SqlQueryable } from '@caseledger/event-store';

export interface OpenCase {
  caseId: string;
  accountId: string;
  priority: string;
  status: string;
  awaitingCustomer: boolean;
  receivedAt: string;
  /** The contract's calendar the case's clocks count in (null for cases opened without one). */
  calendar: unknown;
}

export async function openCases(sql: SqlQueryable, accountId: string | undefined): Promise<OpenCase[]> {
  const rows = await sql.query<{
    case_id: string;
    account_id: string;
    priority: string;
    status: string;
    awaiting_customer: boolean;
    received_at: string;
    calendar: unknown;
  }>(
    `select case_id, account_id, priority, status, awaiting_customer, doc->>'receivedAt' as received_at, calendar
     from report_cases where open and ($1::text is null or account_id = $1)
     order by received_at, case_id`,
    [accountId ?? null],
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    accountId: r.account_id,
    priority: r.priority,
    status: r.status,
    awaitingCustomer: r.awaiting_customer,
    receivedAt: r.received_at,
    calendar: typeof r.calendar === 'string' ? (JSON.parse(r.calendar) as unknown) : r.calendar,
  }));
}
