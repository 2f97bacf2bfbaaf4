/**
 * `report_clock_days` (see day-counts.ts): what an SLA clock adds to the compliance counts. `started`
 * on the day of its start; its outcome (`met`, `breached`, `superseded`, `ended`) on the day it was
 * decided; and, while it runs undecided, `due` on the day of its due instant, because a running clock
 * past its due instant has breached there when the report is read.
 */
import { DayShare, utcDay } from './day-counts';

export const CLOCK_DAYS = 'report_clock_days';
export const CLOCK_DAY_GROUPS = ['account_id', 'plan_id', 'priority', 'criticality', 'metric', 'channel'] as const;

export function clockDayShares(row: {
  started_at: string;
  decided_at: string | null;
  outcome: string;
  phase: string;
  due_at: string;
  breach_ms: number | null;
}): DayShare[] {
  const shares: DayShare[] = [{ kind: 'started', day: utcDay(row.started_at), breachMs: 0 }];
  if (row.decided_at !== null)
    shares.push({ kind: row.outcome, day: utcDay(row.decided_at), breachMs: row.breach_ms ?? 0 });
  else if (row.phase === 'running') shares.push({ kind: 'due', day: utcDay(row.due_at), breachMs: 0 });
  return shares;
}

/**
 * `report_agent_days`: per agent, the actions of `report_activity` on their day (`assigned`,
 * `firstResponse`, `resolved`, `escalated`), and the clocks breached while the agent held the case:
 * `breached` on the day it was decided, or `due` on its due day while it runs undecided.
 */
export const AGENT_DAYS = 'report_agent_days';
export const AGENT_DAY_GROUPS = ['account_id', 'agent_id'] as const;

export function agentClockShares(row: {
  decided_at: string | null;
  outcome: string;
  phase: string;
  due_at: string;
}): DayShare[] {
  if (row.decided_at !== null)
    return row.outcome === 'breached' ? [{ kind: 'breached', day: utcDay(row.decided_at), breachMs: 0 }] : [];
  return row.phase === 'running' ? [{ kind: 'due', day: utcDay(row.due_at), breachMs: 0 }] : [];
}

/**
 * `report_clock_values`: per UTC day of the decision and group, how many clocks that stopped met or
 * breached used exactly `value_ms` of business time (`kind` = `business`) or of elapsed time without the
 * pauses (`elapsed`). Percentiles cannot be summed, but exact ones come from the cumulative counts over
 * the distinct values, so the response times read one row per distinct value, not one per clock.
 */
export const CLOCK_VALUES = 'report_clock_values';
export const CLOCK_VALUE_GROUPS = [...CLOCK_DAY_GROUPS, 'value_ms'] as const;
export const CLOCK_VALUE_TYPES = { value_ms: 'bigint' } as const;

export interface ClockValues {
  day: string;
  businessMs: number;
  elapsedMs: number;
}

/** What a clock adds to `report_clock_values`: only a clock stopped met or breached answered under its target. */
export function clockValues(row: {
  phase: string;
  outcome: string;
  decided_at: string | null;
  business_ms: number | null;
  elapsed_ms: number | null;
}): ClockValues | undefined {
  if (row.phase !== 'stopped' || (row.outcome !== 'met' && row.outcome !== 'breached')) return undefined;
  if (row.decided_at === null || row.business_ms === null || row.elapsed_ms === null) return undefined;
  return { day: utcDay(row.decided_at), businessMs: row.business_ms, elapsedMs: row.elapsed_ms };
}
