/**
 * SLA compliance per period and group, from `report_clock_days` (and the clock rows at the buckets'
 * edges). A clock counts as started in the bucket of its start and as met, breached, superseded or
 * ended in the bucket where it was decided; it is running in every bucket it had started and not been
 * decided by the bucket's end.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { GROUP_COLUMN, GroupBy, groupOf, ReportScope } from './report-scope';
import { countRows, splitSpan } from './day-counts';
import { CLOCK_DAYS } from './clock-days';

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

const DECIDED = ['met', 'breached', 'superseded', 'ended'];

/**
 * Per bucket [s, e): started and decided count in it; a running clock past its due instant counts as
 * breached at that instant if it is before `now`; and a clock is running at e when it started before e
 * and was not decided before e, so `running` is what started less what was decided, before s and in
 * the bucket: the history before s is read once per bucket, not twice.
 */
export async function slaCompliance(
  sql: SqlQueryable,
  scope: ReportScope,
  groupBy: readonly GroupBy[],
): Promise<ComplianceRow[]> {
  if (scope.buckets.length === 0) return [];
  const days: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  const nowMs = scope.now.getTime();
  const every = ['started', ...DECIDED, 'due'].join(',');
  const span = (i: number, role: 'in' | 'before', kinds: string, fromMs: number | null, toMs: number) =>
    splitSpan({ i, role, kinds }, fromMs, toMs, days, edges);
  scope.buckets.forEach((bucket, i) => {
    const s = Date.parse(bucket.start);
    const e = Date.parse(bucket.end);
    // Due instants count only up to now; a bucket wholly before now reads every kind over one span.
    if (e <= nowMs) span(i, 'in', every, s, e);
    else {
      span(i, 'in', ['started', ...DECIDED].join(','), s, e);
      span(i, 'in', 'due', s, Math.min(e, nowMs));
    }
    if (s <= nowMs) span(i, 'before', every, null, s);
    else {
      span(i, 'before', ['started', ...DECIDED].join(','), null, s);
      span(i, 'before', 'due', null, nowMs);
    }
  });
  const columns = groupBy.map((g) => GROUP_COLUMN[g]);
  const select = columns.map((c) => `, x.${c}`).join('');
  // The edges' rows carry the account (to confine them) and the grouped columns.
  const raw = ['account_id', ...columns.filter((c) => c !== 'account_id')].map((c) => `c.${c}`).join(', ');
  const of = (role: string, kinds: string) =>
    `coalesce(sum(p.n) filter (where p.role = '${role}' and p.kind in (${kinds})), 0)`;
  // The rows at the buckets' ragged edges; left out when there are none, or the planner scans the clocks for nothing.
  const edgeRows = `
       select ep.i, ep.role, x.kind${select}, 1::bigint, x.breach_ms
       from ep cross join lateral (
         select 'started' as kind, ${raw}, 0::bigint as breach_ms
         from report_sla_clocks c where c.started_at >= ep.lo and c.started_at < ep.hi
         union all
         select c.outcome, ${raw}, coalesce(c.breach_ms, 0)
         from report_sla_clocks c where c.decided_at >= ep.lo and c.decided_at < ep.hi
         union all
         select 'due', ${raw}, 0
         from report_sla_clocks c
         where c.decided_at is null and c.phase = 'running' and c.due_at >= ep.lo and c.due_at < ep.hi
       ) x
       where x.kind = any (string_to_array(ep.kinds, ',')) and ($3::text is null or x.account_id = $3)`;
  const rows = await sql.query<Row>(
    `with dp as (select * from jsonb_to_recordset($1::jsonb) as dp(i int, role text, kinds text, grain text, dlo date, dhi date)),
     ep as (select * from jsonb_to_recordset($2::jsonb) as ep(i int, role text, kinds text, lo timestamptz, hi timestamptz)),
     p as (
       select dp.i, dp.role, x.kind${select}, x.n, x.breach_ms
       from dp cross join lateral ${countRows(CLOCK_DAYS)} x
       where x.kind = any (string_to_array(dp.kinds, ',')) and ($3::text is null or x.account_id = $3)
       ${edges.length === 0 ? '' : 'union all'}
       ${edges.length === 0 ? '' : edgeRows}
     ),
     g as (
       select p.i${columns.map((c) => `, p.${c}`).join('')},
         ${of('in', "'started'")}::int as started,
         ${of('in', "'met'")}::int as met,
         ${of('in', "'breached', 'due'")}::int as breached,
         ${of('in', "'superseded'")}::int as superseded,
         ${of('in', "'ended'")}::int as ended,
         coalesce(sum(case when p.kind = 'started' then p.n else -p.n end), 0)::int
           as running,
         coalesce(sum(p.breach_ms) filter (where p.role = 'in' and p.kind = 'breached'), 0)::float8 as breach_ms
       from p
       group by p.i${columns.map((c) => `, p.${c}`).join('')}
     )
     select * from g
     where started <> 0 or met <> 0 or breached <> 0 or superseded <> 0 or ended <> 0 or running <> 0
     order by i${columns.map((c) => `, ${c}`).join('')}`,
    [JSON.stringify(days), JSON.stringify(edges), scope.accountId ?? null],
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
