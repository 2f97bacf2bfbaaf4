import { DateTime } from 'luxon';
import { compileCalendar } from '../calendar/business-calendar';
import { dueInstant, targetProblems } from './sla-target';

const uk = compileCalendar({
  timeZone: 'Europe/London',
  weekly: { fri: [{ from: '08:30', to: '16:30' }], mon: [{ from: '08:30', to: '16:30' }] },
});

describe('dueInstant', () => {
  it('a business target counts open hours and warns at 75% by default', () => {
    const r = dueInstant(
      uk,
      { metric: 'firstResponse', minutes: 240, unit: 'business' },
      DateTime.fromISO('2025-03-07T15:30Z'),
    );
    expect(r.dueAt.toISO()).toBe('2025-03-10T11:30:00.000Z');
    expect(r.warningAt.toISO()).toBe('2025-03-10T10:30:00.000Z');
  });

  it('an elapsed target ignores the calendar and counts real minutes', () => {
    const r = dueInstant(
      uk,
      { metric: 'callback', minutes: 15, unit: 'elapsed', warnAtShare: 0.8 },
      DateTime.fromISO('2025-03-08T23:55Z'),
    );
    expect(r.dueAt.toISO()).toBe('2025-03-09T00:10:00.000Z');
    expect(r.warningAt.toISO()).toBe('2025-03-09T00:07:00.000Z');
  });
});

describe('targetProblems', () => {
  it('lists every problem of a target', () => {
    expect(targetProblems({ metric: 'x', minutes: 0, unit: 'days', warnAtShare: 1 }, 't').map((p) => p.field)).toEqual([
      't.metric',
      't.minutes',
      't.unit',
      't.warnAtShare',
    ]);
  });
});
