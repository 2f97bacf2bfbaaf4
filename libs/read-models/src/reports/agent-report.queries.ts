/**
 * Per agent and period: cases assigned to them, first responses they gave (and the median business
 * time those took), cases resolved and escalated while they held them, and clocks breached while
 * they held the case. Each figure falls in the period of its own instant.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { countRows, splitSpan } from './day-counts';
import { AGENT_DAYS } from './clock-days';
import { bucketsJson, ReportScope } from './report-scope';

export interface AgentReportRow {
  period: string;
  periodStart: string;
  periodEnd: string;
  agentId: string;
  assigned: number;
  firstResponses: number;
  resolved: number;
  /** Median business minutes of this agent's first responses in the period; null without any. */
  medianFirstResponseBusinessMinutes: number | null;
  breachesWhileAssigned: number;
  escalations: number;
}

interface ActivityRow {
  i: number;
  agent_id: string;
  assigned: number;
  first_responses: number;
  resolved: number;
  escalations: number;
  breaches: number;
}

const ACTIONS = ['assigned', 'firstResponse', 'resolved', 'escalated'];

/**
 * The counts sum `report_agent_days` over the whole UTC days of each bucket and read the ragged edges
 * from the rows; the median is `percentile_cont` over the period's first responses, a narrow scan of
 * their own index (a median cannot be summed from days).
 */
export async function agentReport(sql: SqlQueryable, scope: ReportScope): Promise<AgentReportRow[]> {
  if (scope.buckets.length === 0) return [];
  const days: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  const nowMs = scope.now.getTime();
  scope.buckets.forEach((bucket, i) => {
    const s = Date.parse(bucket.start);
    const e = Date.parse(bucket.end);
    // A running clock past its due instant breached there, if that is before now.
    if (e <= nowMs) splitSpan({ i, role: 'in', kinds: [...ACTIONS, 'breached', 'due'].join(',') }, s, e, days, edges);
    else {
      splitSpan({ i, role: 'in', kinds: [...ACTIONS, 'breached'].join(',') }, s, e, days, edges);
      splitSpan({ i, role: 'in', kinds: 'due' }, s, nowMs, days, edges);
    }
  });
  const count = (kinds: string) => `coalesce(sum(p.n) filter (where p.kind in (${kinds})), 0)::int`;
  // The rows at the buckets' ragged edges; left out when there are none, or the planner scans the rows for nothing.
  const edgeRows = `
       select ep.i, x.agent_id, x.kind, 1::bigint
       from ep cross join lateral (
         select a.kind, a.agent_id, a.account_id from report_activity a where a.at >= ep.lo and a.at < ep.hi
         union all
         select 'breached', c.assignee_id, c.account_id from report_sla_clocks c
         where c.decided_at >= ep.lo and c.decided_at < ep.hi and c.outcome = 'breached' and c.assignee_id is not null
         union all
         select 'due', c.assignee_id, c.account_id from report_sla_clocks c
         where c.decided_at is null and c.phase = 'running' and c.due_at >= ep.lo and c.due_at < ep.hi
           and c.assignee_id is not null
       ) x
       where x.kind = any (string_to_array(ep.kinds, ',')) and ($3::text is null or x.account_id = $3)`;
  const activity = await sql.query<ActivityRow>(
    `with dp as (select * from jsonb_to_recordset($1::jsonb) as dp(i int, kinds text, grain text, dlo date, dhi date)),
     ep as (select * from jsonb_to_recordset($2::jsonb) as ep(i int, kinds text, lo timestamptz, hi timestamptz)),
     p as (
       select dp.i, x.agent_id, x.kind, x.n
       from dp cross join lateral ${countRows(AGENT_DAYS)} x
       where x.kind = any (string_to_array(dp.kinds, ',')) and ($3::text is null or x.account_id = $3)
       ${edges.length === 0 ? '' : 'union all'}
       ${edges.length === 0 ? '' : edgeRows}
     )
     select p.i, p.agent_id,
       ${count("'assigned'")} as assigned,
       ${count("'firstResponse'")} as first_responses,
       ${count("'resolved'")} as resolved,
       ${count("'escalated'")} as escalations,
       ${count("'breached', 'due'")} as breaches
     from p group by p.i, p.agent_id`,
    [JSON.stringify(days), JSON.stringify(edges), scope.accountId ?? null],
  );
  const medians = await sql.query<{ i: number; agent_id: string; median_ms: number | null }>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz))
     select b.i, a.agent_id, percentile_cont(0.5) within group (order by a.business_ms) as median_ms
     from b join report_activity a on a.kind = 'firstResponse' and a.at >= b.s and a.at < b.e
     where ($2::text is null or a.account_id = $2)
     group by b.i, a.agent_id`,
    [bucketsJson(scope.buckets), scope.accountId ?? null],
  );
  const rows = new Map<string, AgentReportRow>();
  const rowOf = (i: number, agentId: string): AgentReportRow => {
    const key = JSON.stringify([i, agentId]);
    let row = rows.get(key);
    if (row === undefined) {
      const bucket = scope.buckets[i];
      row = {
        period: bucket.period,
        periodStart: bucket.start,
        periodEnd: bucket.end,
        agentId,
        assigned: 0,
        firstResponses: 0,
        resolved: 0,
        medianFirstResponseBusinessMinutes: null,
        breachesWhileAssigned: 0,
        escalations: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const a of activity) {
    const row = rowOf(a.i, a.agent_id);
    row.assigned = a.assigned;
    row.firstResponses = a.first_responses;
    row.resolved = a.resolved;
    row.escalations = a.escalations;
    row.breachesWhileAssigned = a.breaches;
  }
  for (const m of medians)
    rowOf(m.i, m.agent_id).medianFirstResponseBusinessMinutes =
      m.median_ms === null ? null : Math.round(Number(m.median_ms)) / 60_000;
  const order = (r: AgentReportRow) => scope.buckets.findIndex((b) => b.period === r.period);
  return [...rows.values()].sort(
    (x, y) => order(x) - order(y) || (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0),
  );
}
