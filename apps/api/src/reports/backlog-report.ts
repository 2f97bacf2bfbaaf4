/**
 * The backlog at an instant: open cases by priority, status and age. Business age is counted with the
 * calendar the case's clocks count in (its contract's, recorded when it opened) by libs/sla, the
 * engine of the clocks, so a case received on a Friday evening is not "two days old" on Monday morning.
 */
import {
  ALWAYS_OPEN,
  BusinessCalendar,
  businessMillisBetween,
  CalendarDefinition,
  compileCalendar,
} from '@caseledger/sla';
import type { OpenCases } from '@caseledger/read-models';
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
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

function ageBucket(ms: number): keyof BacklogAgesResponse {
  return AGE_LIMITS.find(([, limit]) => ms < limit)![0];
}

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

export function backlogReport({ cases, calendars }: OpenCases, now: Date): BacklogResponse {
  const nowMs = now.getTime();
  const compiled = new Map<string, BusinessCalendar>();
  const calendarOf = (key: string): BusinessCalendar => {
    let calendar = compiled.get(key);
    if (calendar === undefined) {
      calendar = compileCalendar((calendars.get(key) ?? ALWAYS_OPEN) as CalendarDefinition);
      compiled.set(key, calendar);
    }
    return calendar;
  };
  const rows = new Map(PRIORITIES.map((p) => [p, emptyRow(p)]));
  const total = emptyRow('all');
  // Cases come oldest first, so the first seen of a priority is its oldest.
  for (const c of cases) {
    const receivedMs = Date.parse(c.receivedAt);
    const elapsedMs = Math.max(0, nowMs - receivedMs);
    const businessMs = Math.max(0, businessMillisBetween(calendarOf(c.calendarKey), receivedMs, nowMs));
    let row = rows.get(c.priority);
    if (row === undefined) rows.set(c.priority, (row = emptyRow(c.priority)));
    for (const target of [row, total]) {
      target.open += 1;
      if (c.status in target.byStatus) target.byStatus[c.status as keyof BacklogRowResponse['byStatus']] += 1;
      if (c.awaitingCustomer) target.awaitingCustomer += 1;
      target.ageElapsed[ageBucket(elapsedMs)] += 1;
      target.ageBusiness[ageBucket(businessMs)] += 1;
      target.oldest ??= {
        caseId: c.caseId,
        accountId: c.accountId,
        receivedAt: new Date(receivedMs).toISOString(),
        elapsedMinutes: elapsedMs / 60_000,
        businessMinutes: businessMs / 60_000,
      };
    }
  }
  return { asOf: now.toISOString(), rows: [...rows.values(), total] };
}
