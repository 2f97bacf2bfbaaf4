import fc from 'fast-check';
import { DateTime } from 'luxon';
import { compileCalendar } from '../calendar/business-calendar';
import { SlaTarget } from '../targets/sla-target';
import { ClockTransition } from './evaluate-clock';
import { clockTimeline } from './clock-timeline';

const nineToFive = [{ from: '09:00', to: '17:00' }];
const usEastern = compileCalendar({
  timeZone: 'America/New_York',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidayRegion: 'US',
});
const england = compileCalendar({
  timeZone: 'Europe/London',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidayRegion: 'GB-ENG',
  closedDates: ['2025-12-24'],
});
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const t = (kind: ClockTransition['kind'], iso: string): ClockTransition => ({ kind, at: utc(iso) });
const eightHours: SlaTarget = { metric: 'resolution', minutes: 480, unit: 'business' };

const lines = (timeline: ReturnType<typeof clockTimeline>) =>
  timeline.segments.map(
    (s) => `${s.kind} ${s.from.toISO()} ${s.to.toISO()} ${'rule' in s.cause ? s.cause.rule : `#${s.cause.transition}`}`,
  );

describe('clockTimeline', () => {
  it('names the weekend, the bank holiday and the pause, and the stop runs to the instant read', () => {
    // Friday 22 May 2026 16:30 EDT; Monday 25 May is Memorial Day.
    const transitions = [
      t('start', '2026-05-22T20:30:00Z'),
      t('pause', '2026-05-22T20:40:00Z'),
      t('resume', '2026-05-26T14:00:00Z'),
      t('stop', '2026-05-26T15:00:00Z'),
    ];
    const timeline = clockTimeline(
      { target: eightHours, calendar: usEastern, transitions },
      utc('2026-05-26T16:00:00Z'),
    );
    expect(lines(timeline)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T20:40:00.000Z #0',
      'paused 2026-05-22T20:40:00.000Z 2026-05-26T14:00:00.000Z #1',
      'running 2026-05-26T14:00:00.000Z 2026-05-26T15:00:00.000Z #2',
      'stopped 2026-05-26T15:00:00.000Z 2026-05-26T16:00:00.000Z #3',
    ]);
    expect(timeline.state.usedMs).toBe(70 * 60_000);
    expect(timeline.endsAt.toISO()).toBe('2026-05-26T15:00:00.000Z');
  });

  it('a running clock crosses the closed hours of the weekend and a holiday, each named', () => {
    const timeline = clockTimeline(
      { target: eightHours, calendar: usEastern, transitions: [t('start', '2026-05-22T20:30:00Z')] },
      utc('2026-05-26T14:00:00Z'),
    );
    expect(lines(timeline)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T21:00:00.000Z #0',
      'outsideHours 2026-05-22T21:00:00.000Z 2026-05-25T04:00:00.000Z outside business hours Mon-Fri 09:00-17:00 America/New_York',
      'holiday 2026-05-25T04:00:00.000Z 2026-05-26T04:00:00.000Z holiday: Memorial Day (US)',
      'outsideHours 2026-05-26T04:00:00.000Z 2026-05-26T13:00:00.000Z outside business hours Mon-Fri 09:00-17:00 America/New_York',
      'running 2026-05-26T13:00:00.000Z 2026-05-26T14:00:00.000Z business hours Mon-Fri 09:00-17:00 America/New_York',
    ]);
    expect(timeline.state.usedMs).toBe(90 * 60_000);
  });

  it('splits closed days by their reason: a closed date, Christmas Day, Boxing Day', () => {
    const timeline = clockTimeline(
      { target: eightHours, calendar: england, transitions: [t('start', '2025-12-23T16:00:00Z')] },
      utc('2025-12-29T10:00:00Z'),
    );
    expect(
      lines(timeline).map((l) => l.split(' ').slice(0, 2).join(' ') + ' ' + l.split(' ').slice(3).join(' ')),
    ).toEqual([
      'running 2025-12-23T16:00:00.000Z #0',
      'outsideHours 2025-12-23T17:00:00.000Z outside business hours Mon-Fri 09:00-17:00 Europe/London',
      'holiday 2025-12-24T00:00:00.000Z closed date 2025-12-24',
      'holiday 2025-12-25T00:00:00.000Z holiday: Christmas Day (GB-ENG)',
      'holiday 2025-12-26T00:00:00.000Z holiday: Boxing Day (GB-ENG)',
      'outsideHours 2025-12-27T00:00:00.000Z outside business hours Mon-Fri 09:00-17:00 Europe/London',
      'running 2025-12-29T09:00:00.000Z business hours Mon-Fri 09:00-17:00 Europe/London',
    ]);
  });

  it('for any transitions, the segments tile [start, at) and the running ones add up to the time used', () => {
    const base = Date.parse('2026-05-20T00:00:00Z');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.boolean(),
        fc.boolean(),
        (gaps, tail, stops, elapsed) => {
          let ms = base;
          const transitions: ClockTransition[] = [];
          gaps.forEach((gap, i) => {
            ms += gap * 60_000;
            const kind = i === 0 ? 'start' : i === gaps.length - 1 && stops ? 'stop' : i % 2 === 1 ? 'pause' : 'resume';
            transitions.push({ kind, at: DateTime.fromMillis(ms, { zone: 'utc' }) });
          });
          const at = DateTime.fromMillis(ms + tail * 60_000, { zone: 'utc' });
          const target: SlaTarget = { ...eightHours, unit: elapsed ? 'elapsed' : 'business' };
          const timeline = clockTimeline({ target, calendar: usEastern, transitions }, at);
          let cursor = transitions[0].at.toMillis();
          for (const s of timeline.segments) {
            expect(s.from.toMillis()).toBe(cursor);
            expect(s.to.toMillis()).toBeGreaterThan(cursor);
            cursor = s.to.toMillis();
          }
          expect(cursor).toBe(at.toMillis());
          const running = timeline.segments.filter((s) => s.kind === 'running');
          expect(running.reduce((sum, s) => sum + s.businessMs, 0)).toBe(timeline.state.usedMs);
          expect(running.reduce((sum, s) => sum + (s.to.toMillis() - s.from.toMillis()), 0)).toBe(
            timeline.state.usedMs,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
