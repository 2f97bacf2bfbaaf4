/**
 * Per agent and period: cases assigned to them, first responses they gave (and the median business
 * time those took), cases resolved and escalated while they held them, and clocks breached while
 * they held the case. Each figure falls in the period of its own instant.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { EFFECTIVE_CLOCKS } from './sla-compliance.queries';
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
  median_ms: number | null;
}

export async function agentReport(sql: SqlQueryable, scope: ReportScope): Promise<AgentReportRow[]> {
  if (scope.buckets.length === 0) return [];
  const buckets = bucketsJson(scope.buckets);
  const activity = await sql.query<ActivityRow>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz))
     select b.i, a.agent_id,
       count(*) filter (where a.kind = 'assigned')::int as assigned,
       count(*) filter (where a.kind = 'firstResponse')::int as first_responses,
       count(*) filter (where a.kind = 'resolved')::int as resolved,
       count(*) filter (where a.kind = 'escalated')::int as escalations,
       percentile_cont(0.5) within group (order by a.business_ms) filter (where a.kind = 'firstResponse') as median_ms
     from b join report_activity a on a.at >= b.s and a.at < b.e
     where ($2::text is null or a.account_id = $2)
     group by b.i, a.agent_id`,
    [buckets, scope.accountId ?? null],
  );
  const breaches = await sql.query<{ i: number; agent_id: string; breaches: number }>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz)),
     c as (${EFFECTIVE_CLOCKS})
     select b.i, c.assignee_id as agent_id, count(*)::int as breaches
     from b join c on c.effective_decided_at >= b.s and c.effective_decided_at < b.e
     where c.effective_outcome = 'breached' and c.assignee_id is not null
     group by b.i, c.assignee_id`,
    [buckets, scope.now.toISOString(), scope.accountId ?? null],
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
    row.medianFirstResponseBusinessMinutes = a.median_ms === null ? null : Math.round(Number(a.median_ms)) / 60_000;
  }
  for (const b of breaches) rowOf(b.i, b.agent_id).breachesWhileAssigned = b.breaches;
  const order = (r: AgentReportRow) => scope.buckets.findIndex((b) => b.period === r.period);
  return [...rows.values()].sort(
    (x, y) => order(x) - order(y) || (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0),
  );
}
