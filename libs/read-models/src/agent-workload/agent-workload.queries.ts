/**
 * Per-agent figures aggregated from `agent_workload_cases` and `agent_workload_breaches`. "This
 * week" is the ISO week (Monday 00:00) in UTC: agents work across zones, and one zone for every
 * figure keeps them comparable.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { DateTime } from 'luxon';
import { decodeCursor, encodeCursor, InvalidCursor, Page } from '../paging/keyset-cursor';

export interface AgentWorkload {
  agentId: string;
  openCases: number;
  openByPriority: Record<'P1' | 'P2' | 'P3' | 'P4', number>;
  openByCriticality: Record<'critical' | 'nonCritical', number>;
  /** Open cases that are P1 or critical (or both), counted once. */
  openUrgent: number;
  awaitingAgent: number;
  awaitingCustomer: number;
  nextDueAt: string | null;
  breachesThisWeek: number;
  weekStartsAt: string;
}

interface WorkloadRow {
  agent_id: string;
  open: string;
  p1: string;
  p2: string;
  p3: string;
  p4: string;
  critical: string;
  urgent: string;
  awaiting_agent: string;
  awaiting_customer: string;
  next_due_at: string | null;
  breaches: string;
}

export function isoWeekStart(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week').toJSDate();
}

export interface WorkloadScope {
  /** Only this agent. */
  agentId?: string;
  /** Count only this account's cases and breaches (an account-bound key sees nothing else). */
  accountId?: string;
  /** Agents after this id, in id order. */
  afterAgentId?: string;
  limit?: number;
}

export async function agentWorkloads(
  sql: SqlQueryable,
  now: Date,
  scope: WorkloadScope = {},
): Promise<AgentWorkload[]> {
  const weekStart = isoWeekStart(now);
  // Breaches carry no account: they are confined through the case they belong to.
  const rows = await sql.query<WorkloadRow>(
    `with cases as (
       select agent_id,
              count(*) filter (where open)::text as open,
              count(*) filter (where open and priority = 'P1')::text as p1,
              count(*) filter (where open and priority = 'P2')::text as p2,
              count(*) filter (where open and priority = 'P3')::text as p3,
              count(*) filter (where open and priority = 'P4')::text as p4,
              count(*) filter (where open and criticality = 'critical')::text as critical,
              count(*) filter (where open and (priority = 'P1' or criticality = 'critical'))::text as urgent,
              count(*) filter (where open and awaiting = 'agent')::text as awaiting_agent,
              count(*) filter (where open and awaiting = 'customer')::text as awaiting_customer,
              to_char(min(next_due_at) filter (where open) at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as next_due_at
         from agent_workload_cases
        where agent_id is not null and ($1::text is null or agent_id = $1)
          and ($4::text is null or doc->>'accountId' = $4) and ($5::text is null or agent_id > $5)
        group by agent_id
     ), breaches as (
       select agent_id, count(*)::text as breaches
         from agent_workload_breaches
        where agent_id is not null and ($1::text is null or agent_id = $1) and breached_at >= $2::timestamptz and breached_at <= $3::timestamptz
          and ($4::text is null or case_id in (select case_id from agent_workload_cases where doc->>'accountId' = $4))
          and ($5::text is null or agent_id > $5)
        group by agent_id
     )
     select coalesce(c.agent_id, b.agent_id) as agent_id,
            coalesce(c.open, '0') as open, coalesce(c.p1, '0') as p1, coalesce(c.p2, '0') as p2, coalesce(c.p3, '0') as p3, coalesce(c.p4, '0') as p4,
            coalesce(c.critical, '0') as critical, coalesce(c.urgent, '0') as urgent, coalesce(c.awaiting_agent, '0') as awaiting_agent,
            coalesce(c.awaiting_customer, '0') as awaiting_customer, c.next_due_at, coalesce(b.breaches, '0') as breaches
       from cases c full join breaches b on b.agent_id = c.agent_id
      order by 1
      limit $6`,
    [
      scope.agentId ?? null,
      weekStart.toISOString(),
      now.toISOString(),
      scope.accountId ?? null,
      scope.afterAgentId ?? null,
      scope.limit ?? null,
    ],
  );
  return rows.map((row) => {
    const open = Number(row.open);
    const critical = Number(row.critical);
    return {
      agentId: row.agent_id,
      openCases: open,
      openByPriority: { P1: Number(row.p1), P2: Number(row.p2), P3: Number(row.p3), P4: Number(row.p4) },
      openByCriticality: { critical, nonCritical: open - critical },
      openUrgent: Number(row.urgent),
      awaitingAgent: Number(row.awaiting_agent),
      awaitingCustomer: Number(row.awaiting_customer),
      nextDueAt: row.next_due_at,
      breachesThisWeek: Number(row.breaches),
      weekStartsAt: weekStart.toISOString(),
    };
  });
}

const WORKLOAD_SORT = 'agentId:asc';

/** One keyset page of agents in id order: thousands of agents must not make one answer of megabytes. */
export async function agentWorkloadPage(
  sql: SqlQueryable,
  now: Date,
  page: { accountId?: string; limit: number; cursor?: string },
): Promise<Page<AgentWorkload>> {
  const afterAgentId =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, WORKLOAD_SORT, ['text']).key[0];
  if (afterAgentId === null) throw new InvalidCursor('cursor is not one this API handed out');
  const rows = await agentWorkloads(sql, now, { accountId: page.accountId, afterAgentId, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    ...(rows.length > page.limit && last && { next: encodeCursor({ sort: WORKLOAD_SORT, key: [last.agentId] }) }),
  };
}

/** Whether the case is in the workload read model, and (when given) in that account. */
export async function workloadHasCase(sql: SqlQueryable, caseId: string, accountId?: string): Promise<boolean> {
  const rows = await sql.query(
    `select 1 as found from agent_workload_cases where case_id = $1 and ($2::text is null or doc->>'accountId' = $2)`,
    [caseId, accountId ?? null],
  );
  return rows.length > 0;
}

export interface AgentSuggestion {
  agentId: string | null;
  reason: string;
  candidates: number;
}

/** Open P1 or critical cases weigh most, then open cases, then the agent whose next deadline is furthest off. */
export function suggestAgent(workloads: readonly AgentWorkload[]): AgentSuggestion {
  if (workloads.length === 0) {
    return {
      agentId: null,
      reason: 'No agent has been assigned a case yet, so there is nobody to compare.',
      candidates: 0,
    };
  }
  const urgent = (w: AgentWorkload) => w.openUrgent;
  const ranked = [...workloads].sort(
    (a, b) =>
      urgent(a) - urgent(b) ||
      a.openCases - b.openCases ||
      (b.nextDueAt === null ? Infinity : Date.parse(b.nextDueAt)) -
        (a.nextDueAt === null ? Infinity : Date.parse(a.nextDueAt)) ||
      a.agentId.localeCompare(b.agentId),
  );
  const best = ranked[0];
  const runnerUp = ranked[1];
  const due = best.nextDueAt === null ? 'nothing coming due' : `next due ${best.nextDueAt}`;
  let reason = `${best.agentId} has ${urgent(best)} open P1/critical and ${best.openCases} open cases in all, ${due}`;
  if (runnerUp) {
    const why =
      urgent(best) !== urgent(runnerUp)
        ? `fewer P1/critical cases than ${runnerUp.agentId} (${urgent(runnerUp)})`
        : best.openCases !== runnerUp.openCases
          ? `as many P1/critical cases as ${runnerUp.agentId} but fewer open cases (${runnerUp.openCases})`
          : best.nextDueAt !== runnerUp.nextDueAt
            ? `the same load as ${runnerUp.agentId} but a later next deadline`
            : `the same load as ${runnerUp.agentId}; chosen by id to break the tie`;
    reason += `: ${why}.`;
  } else {
    reason += ': the only agent seen so far.';
  }
  return { agentId: best.agentId, reason, candidates: workloads.length };
}
