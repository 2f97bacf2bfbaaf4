/** What every report shares: the account it is confined to, its buckets, and the columns it may group by. */
import type { SqlClient, SqlQueryable } from '@caseledger/event-store';
import type { ReportBucket } from './report-period';

export const GROUP_BY = ['account', 'plan', 'priority', 'criticality', 'metric', 'channel'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Report column → SQL column of `report_sla_clocks`, from a closed list so no caller text reaches the SQL. */
export const GROUP_COLUMN: Record<GroupBy, string> = {
  account: 'account_id',
  plan: 'plan_id',
  priority: 'priority',
  criticality: 'criticality',
  metric: 'metric',
  channel: 'channel',
};

export interface ReportScope {
  /** Only this account (an account-bound key always has it set). */
  accountId?: string;
  buckets: readonly ReportBucket[];
  /** The instant the report is read at: a running clock past its due instant has breached by then. */
  now: Date;
}

export function bucketsJson(buckets: readonly ReportBucket[]): string {
  return JSON.stringify(buckets.map((b, i) => ({ i, s: b.start, e: b.end })));
}

/**
 * The time zone a report is cut in when the caller names none: the contract's service zone when every
 * case in scope shares one, else UTC.
 */
export async function defaultReportZone(sql: SqlQueryable, accountId: string | undefined): Promise<string> {
  const zones = await sql.query<{ service_zone: string }>(
    `select distinct service_zone from report_cases where ($1::text is null or account_id = $1) limit 2`,
    [accountId ?? null],
  );
  return zones.length === 1 ? zones[0].service_zone : 'UTC';
}

export function groupOf(row: Record<string, unknown>, groupBy: readonly GroupBy[]): Partial<Record<GroupBy, string>> {
  return Object.fromEntries(groupBy.map((g) => [g, row[GROUP_COLUMN[g]] as string]));
}

/**
 * Runs a report's queries in one read-only snapshot (a report of several queries reads one state of the
 * projection) and without JIT compilation: the planner's estimates for the period lists handed in as JSON
 * push the report queries over `jit_above_cost`, and compiling them cost about 200 ms at 1,000,000 events
 * while the queries themselves run in a fraction of that.
 */
export function readReport<T>(sql: SqlClient, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    await tx.query(`select set_config('jit', 'off', true)`);
    return fn(tx);
  });
}
