/**
 * The backlog at an instant: open cases by priority, status and age. Business age is counted with the
 * calendar the case's clocks count in (its contract's, recorded when it opened) by libs/sla, the
 * engine of the clocks, so a case received on a Friday evening is not "two days old" on Monday morning.
 *
 * The cases are counted in SQL: for each calendar of the open cases and each age limit, the calendar
 * gives the earliest receipt still younger than the limit (age only grows the earlier a case came in),
 * and a case's bucket is which of those instants it was received at or after.
 */
import {
  ALWAYS_OPEN,
  BusinessCalendar,
  businessMillisBetween,
  CalendarDefinition,
  compileCalendar,
} from '@caseledger/sla';
import {
  AgeLimitInstants,
  backlogGroups,
  BacklogGroup,
  oldestOpenCases,
  openCaseCalendars,
} from '@caseledger/read-models';
import type { SqlQueryable } from '@caseledger/event-store';
import type { BacklogAgesResponse, BacklogResponse, BacklogRowResponse } from './report.response.dto';

const HOUR = 3_600_000;
const AGE_LIMITS: [keyof BacklogAgesResponse, number][] = [
  ['lt1h', HOUR],
  ['h1to4', 4 * HOUR],
  ['h4to24', 24 * HOUR],
  ['d1to3', 72 * HOUR],
  ['d3to7', 168 * HOUR],
  ['gt7d', Infinity],
];
const LIMITS = AGE_LIMITS.slice(0, -1).map(([, limit]) => limit);
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

const emptyAges = (): BacklogAgesResponse => ({ lt1h: 0, h1to4: 0, h4to24: 0, d1to3: 0, d3to7: 0, gt7d: 0 });

function emptyRow(priority: string): BacklogRowResponse {
  return {
    priority,
    open: 0,
    byStatus: { open: 0, awaitingCustomer: 0, resolutionProposed: 0 },
    awaitingCustomer: 0,
    ageElapsed: emptyAges(),
    ageBusiness: emptyAges(),
    oldest: null,
  };
}

/** The smallest whole millisecond in [fromMs, nowMs] whose age is below `limit` (age(nowMs) is 0). */
function youngestFrom(age: (ms: number) => number, fromMs: number, nowMs: number, limit: number): number {
  if (age(fromMs) < limit) return fromMs;
  let lo = fromMs; // age(lo) >= limit
  let hi = nowMs; // age(hi) < limit
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (age(mid) < limit) hi = mid;
    else lo = mid;
  }
  return hi;
}

export async function backlogReport(
  sql: SqlQueryable,
  accountId: string | undefined,
  now: Date,
): Promise<BacklogResponse> {
  const nowMs = now.getTime();
  const compiled = new Map<string, BusinessCalendar>();
  const elapsedLimits = LIMITS.map((limit) => nowMs - limit + 1);
  let groups: BacklogGroup[] = [];
  const calendarOf = (key: string, definitions: Map<string, unknown>): BusinessCalendar => {
    let calendar = compiled.get(key);
    if (calendar === undefined) {
      calendar = compileCalendar((definitions.get(key) ?? ALWAYS_OPEN) as CalendarDefinition);
      compiled.set(key, calendar);
    }
    return calendar;
  };
  // A case opened with a calendar not seen yet between the two reads has no limits: read again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { calendars, earliestMs } = await openCaseCalendars(sql, accountId);
    const businessLimits: AgeLimitInstants = new Map();
    for (const key of calendars.keys()) {
      const calendar = calendarOf(key, calendars);
      const age = (receivedMs: number) => Math.max(0, businessMillisBetween(calendar, receivedMs, nowMs));
      const from = Math.min(earliestMs ?? nowMs, nowMs);
      businessLimits.set(
        key,
        LIMITS.map((limit) => youngestFrom(age, from, nowMs, limit)),
      );
    }
    groups = await backlogGroups(sql, accountId, elapsedLimits, businessLimits);
    if (groups.every((g) => g.businessBucket !== null)) break;
  }
  const rows = new Map(PRIORITIES.map((p) => [p, emptyRow(p)]));
  const total = emptyRow('all');
  const oldest = await oldestOpenCases(sql, accountId);
  // Oldest first: a priority beyond P1-P4 takes its place by its oldest case, and `all` by the first.
  for (const c of oldest) {
    const receivedMs = Date.parse(c.receivedAt);
    const elapsedMs = Math.max(0, nowMs - receivedMs);
    const calendar = calendarOf(c.calendarKey, new Map([[c.calendarKey, c.calendar]]));
    const businessMs = Math.max(0, businessMillisBetween(calendar, receivedMs, nowMs));
    let row = rows.get(c.priority);
    if (row === undefined) rows.set(c.priority, (row = emptyRow(c.priority)));
    for (const target of [row, total])
      target.oldest ??= {
        caseId: c.caseId,
        accountId: c.accountId,
        receivedAt: new Date(receivedMs).toISOString(),
        elapsedMinutes: elapsedMs / 60_000,
        businessMinutes: businessMs / 60_000,
      };
  }
  for (const g of groups) {
    let row = rows.get(g.priority);
    if (row === undefined) rows.set(g.priority, (row = emptyRow(g.priority)));
    for (const target of [row, total]) {
      target.open += g.cases;
      if (g.status in target.byStatus) target.byStatus[g.status as keyof BacklogRowResponse['byStatus']] += g.cases;
      if (g.awaitingCustomer) target.awaitingCustomer += g.cases;
      target.ageElapsed[AGE_LIMITS[g.elapsedBucket][0]] += g.cases;
      target.ageBusiness[AGE_LIMITS[g.businessBucket ?? g.elapsedBucket][0]] += g.cases;
    }
  }
  return { asOf: now.toISOString(), rows: [...rows.values(), total] };
}
