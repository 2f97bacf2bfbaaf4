import { ALWAYS_OPEN } from '@caseledger/sla';
import {
  SlaBreached,
  SlaClockPaused,
  SlaClockResumed,
  SlaClockStarted,
  SlaClockStopped,
  SlaWarningReached,
} from '@caseledger/domain';
import { DateTime } from 'luxon';
import { DeadlineSchedule } from './deadline-schedule';
import { nameBasedUuid, slaAlertEventId } from './sla-alert-id';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (text: string) => at(text).toISO() as string;

/** A 60-minute elapsed clock started at 10:00: warning 10:45, due 11:00. */
const started = new SlaClockStarted({
  caseId: 'case-1',
  clockId: 'nextUpdate-1',
  metric: 'nextUpdate',
  target: { minutes: 60, unit: 'elapsed', warnAtShare: 0.75 },
  planId: 'bird-email-enterprise',
  calendarVersion: null,
  calendar: ALWAYS_OPEN,
  startedAt: iso('2026-04-07T10:00:00Z'),
  dueAt: iso('2026-04-07T11:00:00Z'),
  warningAt: iso('2026-04-07T10:45:00Z'),
});
const alert = { caseId: 'case-1', clockId: 'nextUpdate-1', metric: 'nextUpdate' as const };

describe('DeadlineSchedule', () => {
  it('a warning is due at its instant, a breach only after the due instant', () => {
    const schedule = new DeadlineSchedule();
    schedule.apply(started);
    expect(schedule.due(at('2026-04-07T10:44:59Z'))).toEqual([]);
    expect(schedule.due(at('2026-04-07T10:45:00Z'))).toEqual([
      { caseId: 'case-1', clockId: 'nextUpdate-1', kind: 'warning', at: iso('2026-04-07T10:45:00Z') },
    ]);
    expect(schedule.due(at('2026-04-07T11:00:00Z')).map((a) => a.kind)).toEqual(['warning']);
    expect(schedule.due(at('2026-04-07T11:00:00.001Z')).map((a) => a.kind)).toEqual(['warning', 'breach']);
  });

  it('a pause takes the clock off the schedule and a resume puts it back at the shifted instants', () => {
    const schedule = new DeadlineSchedule();
    schedule.apply(started);
    schedule.apply(
      new SlaClockPaused({
        caseId: 'case-1',
        clockId: 'nextUpdate-1',
        at: iso('2026-04-07T10:30:00Z'),
        usedMs: 30 * 60_000,
      }),
    );
    expect(schedule.due(at('2026-04-07T12:00:00Z'))).toEqual([]);
    schedule.apply(
      new SlaClockResumed({
        caseId: 'case-1',
        clockId: 'nextUpdate-1',
        at: iso('2026-04-07T12:00:00Z'),
        dueAt: iso('2026-04-07T12:30:00Z'),
        warningAt: iso('2026-04-07T12:15:00Z'),
      }),
    );
    expect(schedule.due(at('2026-04-07T12:31:00Z')).map((a) => [a.kind, a.at])).toEqual([
      ['warning', iso('2026-04-07T12:15:00Z')],
      ['breach', iso('2026-04-07T12:30:00Z')],
    ]);
  });

  it('recorded alerts are not due again, and a stopped clock is forgotten once what it reached is recorded', () => {
    const schedule = new DeadlineSchedule();
    schedule.apply(started);
    schedule.apply(
      new SlaWarningReached({ ...alert, at: iso('2026-04-07T10:45:00Z'), detectedAt: iso('2026-04-07T10:45:00Z') }),
    );
    schedule.apply(
      new SlaClockStopped({
        caseId: 'case-1',
        clockId: 'nextUpdate-1',
        at: iso('2026-04-07T11:10:00Z'),
        outcome: 'breached',
      }),
    );
    // Stopped late while nobody watched: the breach at 11:00 is still owed.
    expect(schedule.due(at('2026-04-07T11:20:00Z')).map((a) => [a.kind, a.at])).toEqual([
      ['breach', iso('2026-04-07T11:00:00Z')],
    ]);
    schedule.apply(
      new SlaBreached({ ...alert, at: iso('2026-04-07T11:00:00Z'), detectedAt: iso('2026-04-07T11:20:00Z') }),
    );
    expect(schedule.size).toBe(0);
  });

  it('a clock stopped before its warning is forgotten at once', () => {
    const schedule = new DeadlineSchedule();
    schedule.apply(started);
    schedule.apply(
      new SlaClockStopped({
        caseId: 'case-1',
        clockId: 'nextUpdate-1',
        at: iso('2026-04-07T10:20:00Z'),
        outcome: 'met',
      }),
    );
    expect(schedule.size).toBe(0);
  });

  it('an alert the case refused is not retried at the same instant', () => {
    const schedule = new DeadlineSchedule();
    schedule.apply(started);
    const [warning] = schedule.due(at('2026-04-07T10:50:00Z'));
    schedule.refused(warning);
    expect(schedule.due(at('2026-04-07T10:50:00Z'))).toEqual([]);
  });
});

describe('derived event ids', () => {
  it('are version-5 UUIDs, equal for the same alert however its instant is written, different otherwise', () => {
    const id = slaAlertEventId({ caseId: 'case-1', clockId: 'callback-1', kind: 'breach', at: '2026-04-07T14:20:00Z' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      slaAlertEventId({ caseId: 'case-1', clockId: 'callback-1', kind: 'breach', at: '2026-04-07T14:20:00.000Z' }),
    ).toBe(id);
    expect(
      slaAlertEventId({ caseId: 'case-1', clockId: 'callback-1', kind: 'warning', at: '2026-04-07T14:20:00Z' }),
    ).not.toBe(id);
    expect(nameBasedUuid('a')).not.toBe(nameBasedUuid('b'));
  });
});
