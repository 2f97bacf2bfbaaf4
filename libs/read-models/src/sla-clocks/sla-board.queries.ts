/**
 * The SLA board over `sla_clocks`, evaluated at the caller's "now" (the injected clock), sorted by
 * due instant.
 *
 * Breaches: every live (running or paused) clock whose breach is recorded or whose due instant has
 * passed (the deadline watcher records it within a second; until then `breachRecorded` is false),
 * plus clocks that ended breached with a breach instant within `since` of now.
 * At risk: running clocks not yet due and not breached whose warning instant has passed, or comes
 * within `within` milliseconds of now.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { afterKey, decodeCursor, encodeCursor, Page } from '../paging/keyset-cursor';
import type { ClockPhase, SlaClockRow } from './sla-clocks.projection';

export interface SlaBoardFilter {
  accountId?: string;
  metric?: string[];
  priority?: string[];
  assigneeId?: string;
  /** Phases to keep (breaches only). */
  phase?: ClockPhase[];
}

export interface BoardEntry extends SlaClockRow {
  breachRecorded: boolean;
  /** Milliseconds until the due instant (at-risk), null once due. */
  timeLeftMs: number | null;
  /** Milliseconds past the due instant: to now while running, to the pause or stop while paused or ended. */
  overdueByMs: number | null;
}

const SORT = 'dueAt:asc';
const KEY = [
  { column: 'due_at', type: 'timestamptz' },
  { column: 'case_id', type: 'text' },
  { column: 'clock_id', type: 'text' },
];

async function board(
  sql: SqlQueryable,
  now: Date,
  condition: (param: (value: unknown) => string) => string,
  filter: SlaBoardFilter,
  page: { limit: number; cursor?: string },
): Promise<Page<BoardEntry>> {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const anyOf = (column: string, values: string[] | undefined) =>
    values && values.length > 0
      ? [`${column} = any (select jsonb_array_elements_text(${param(JSON.stringify(values))}::jsonb))`]
      : [];
  const where = [condition(param)];
  if (filter.accountId !== undefined) where.push(`account_id = ${param(filter.accountId)}`);
  if (filter.assigneeId !== undefined) where.push(`assignee_id = ${param(filter.assigneeId)}`);
  where.push(...anyOf('metric', filter.metric), ...anyOf('priority', filter.priority), ...anyOf('phase', filter.phase));
  if (page.cursor !== undefined) {
    const { key } = decodeCursor(page.cursor, SORT, ['timestamptz', 'text', 'text']);
    const first = params.length + 1;
    params.push(...key);
    where.push(afterKey(KEY, false, first));
  }
  const rows = await sql.query<{ doc: SlaClockRow }>(
    `select doc from sla_clocks where ${where.join(' and ')} order by due_at, case_id, clock_id limit ${param(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit).map((row) => entryAt(row.doc, now));
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > page.limit &&
      last && { next: encodeCursor({ sort: SORT, key: [last.dueAt, last.caseId, last.clockId] }) }),
  };
}

export function entryAt(clock: SlaClockRow, now: Date): BoardEntry {
  const due = Date.parse(clock.dueAt);
  const until =
    clock.phase === 'stopped'
      ? Date.parse(clock.stoppedAt!)
      : clock.phase === 'paused'
        ? Date.parse(clock.pausedAt!)
        : now.getTime();
  return {
    ...clock,
    breachRecorded: clock.breachedAt !== null,
    timeLeftMs: clock.phase === 'running' && due > now.getTime() ? due - now.getTime() : null,
    overdueByMs: until >= due ? until - due : clock.breachedAt !== null ? 0 : null,
  };
}

export function listBreaches(
  sql: SqlQueryable,
  now: Date,
  sinceMs: number,
  filter: SlaBoardFilter,
  page: { limit: number; cursor?: string },
): Promise<Page<BoardEntry>> {
  return board(
    sql,
    now,
    (param) => {
      const at = param(now.toISOString());
      const since = param(new Date(now.getTime() - sinceMs).toISOString());
      return `((phase <> 'stopped' and (breached_at is not null or (phase = 'running' and due_at <= ${at}::timestamptz)))
               or (phase = 'stopped' and breached_at >= ${since}::timestamptz))`;
    },
    filter,
    page,
  );
}

export function listAtRisk(
  sql: SqlQueryable,
  now: Date,
  withinMs: number,
  filter: Omit<SlaBoardFilter, 'phase'>,
  page: { limit: number; cursor?: string },
): Promise<Page<BoardEntry>> {
  return board(
    sql,
    now,
    (param) => {
      const at = param(now.toISOString());
      const horizon = param(new Date(now.getTime() + withinMs).toISOString());
      return `phase = 'running' and breached_at is null and due_at > ${at}::timestamptz and warning_at <= ${horizon}::timestamptz`;
    },
    filter,
    page,
  );
}

export interface LiveClockCounts {
  running: number;
  paused: number;
  /** Live clocks (running or paused) already past their due instant or with a breach recorded. */
  breached: number;
}

/** How many clocks run, wait and are overdue at `now`: the SLA gauges of /metrics. */
export async function countLiveClocks(sql: SqlQueryable, now: Date): Promise<LiveClockCounts> {
  const [row] = await sql.query<{ running: string; paused: string; breached: string }>(
    `select count(*) filter (where phase = 'running')::text as running,
            count(*) filter (where phase = 'paused')::text as paused,
            count(*) filter (where breached_at is not null or (phase = 'running' and due_at < $1))::text as breached
       from sla_clocks where phase <> 'stopped'`,
    [now.toISOString()],
  );
  return { running: Number(row.running), paused: Number(row.paused), breached: Number(row.breached) };
}
