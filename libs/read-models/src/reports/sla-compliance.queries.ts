/**
 * SLA compliance per period and group, from `report_sla_clocks`. A clock counts as started in the
 * bucket of its start and as met, breached, superseded or ended in the bucket where it was decided;
 * it is running in every bucket it had started and not been decided by the bucket's end.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { bucketsJson, GROUP_COLUMN, GroupBy, groupOf, ReportScope } from './report-scope';

export interface ComplianceRow {
  period: string;
  periodStart: string;
  periodEnd: string;
  group: Partial<Record<GroupBy, string>>;
  started: number;
  met: number;
  breached: number;
  superseded: number;
  ended: number;
  running: number;
  /** met / (met + breached) × 100, to two decimals; null when nothing was decided. */
  compliancePercent: number | null;
  /** Business (or, for elapsed targets, real) minutes beyond target of the clocks breached in the bucket. */
  breachMinutes: number;
}

/**
 * A live clock past its due instant has breached at that instant, even before the deadline watcher
 * records it: the report agrees with the case's own clock view at `now`.
 */
export const EFFECTIVE_CLOCKS = `
  select c.*,
    case when c.decided_at is null and c.phase = 'running' and c.due_at < $2 then 'breached' else c.outcome end
      as effective_outcome,
    case when c.decided_at is null and c.phase = 'running' and c.due_at < $2 then c.due_at else c.decided_at end
      as effective_decided_at
  from report_sla_clocks c
  where ($3::text is null or c.account_id = $3)`;

interface Row {
  i: number;
  started: number;
  met: number;
  breached: number;
  superseded: number;
  ended: number;
  running: number;
  breach_ms: number;
  [column: string]: unknown;
}

export async function slaCompliance(
  sql: SqlQueryable,
  scope: ReportScope,
  groupBy: readonly GroupBy[],
): Promise<ComplianceRow[]> {
  if (scope.buckets.length === 0) return [];
  const columns = groupBy.map((g) => `c.${GROUP_COLUMN[g]}`);
  const decidedIn = (outcome: string) =>
    `count(*) filter (where c.effective_outcome = '${outcome}' and c.effective_decided_at >= b.s and c.effective_decided_at < b.e)::int`;
  const rows = await sql.query<Row>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz)),
     c as (${EFFECTIVE_CLOCKS})
     select b.i, ${columns.map((c) => `${c}, `).join('')}
       count(*) filter (where c.started_at >= b.s and c.started_at < b.e)::int as started,
       ${decidedIn('met')} as met,
       ${decidedIn('breached')} as breached,
       ${decidedIn('superseded')} as superseded,
       ${decidedIn('ended')} as ended,
       count(*) filter (where c.effective_decided_at is null or c.effective_decided_at >= b.e)::int as running,
       coalesce(sum(c.breach_ms) filter (where c.effective_outcome = 'breached'
         and c.effective_decided_at >= b.s and c.effective_decided_at < b.e), 0)::float8 as breach_ms
     from b join c on c.started_at < b.e and (c.effective_decided_at is null or c.effective_decided_at >= b.s)
     group by b.i${columns.map((c) => `, ${c}`).join('')}
     order by b.i${columns.map((c) => `, ${c}`).join('')}`,
    [bucketsJson(scope.buckets), scope.now.toISOString(), scope.accountId ?? null],
  );
  const out: ComplianceRow[] = [];
  const zero = { started: 0, met: 0, breached: 0, superseded: 0, ended: 0, running: 0, breach_ms: 0 };
  // Without grouping every period gets its row, quiet ones with zeros; with grouping only groups that had clocks.
  const all: Row[] =
    groupBy.length > 0 ? rows : scope.buckets.map((_, i) => rows.find((r) => r.i === i) ?? { i, ...zero });
  for (const r of all) {
    const bucket = scope.buckets[r.i];
    const decided = r.met + r.breached;
    out.push({
      period: bucket.period,
      periodStart: bucket.start,
      periodEnd: bucket.end,
      group: groupOf(r, groupBy),
      started: r.started,
      met: r.met,
      breached: r.breached,
      superseded: r.superseded,
      ended: r.ended,
      running: r.running,
      compliancePercent: decided === 0 ? null : Math.round((r.met / decided) * 10_000) / 100,
      breachMinutes: Number(r.breach_ms) / 60_000,
    });
  }
  return out;
}
