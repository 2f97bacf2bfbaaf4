import fc from 'fast-check';
import { DateTime } from 'luxon';
import { compileCalendar } from '../calendar/business-calendar';
import { addBusinessMillis, businessMillisBetween } from '../business-time';
import { SlaTarget } from '../targets/sla-target';
import { ClockTransition, ClockTransitionsInvalid, evaluateClock, reclassifyStart } from './evaluate-clock';

const usEastern = compileCalendar({
  timeZone: 'America/New_York',
  weekly: {
    mon: [{ from: '09:00', to: '17:00' }],
    tue: [{ from: '09:00', to: '17:00' }],
    wed: [{ from: '09:00', to: '17:00' }],
    thu: [{ from: '09:00', to: '17:00' }],
    fri: [{ from: '09:00', to: '17:00' }],
  },
  holidayRegion: 'US',
});
const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' });
const eightHours: SlaTarget = { metric: 'firstResponse', minutes: 480, unit: 'business' };
const HOUR = 3_600_000;
const t = (kind: ClockTransition['kind'], iso: string): ClockTransition => ({ kind, at: ny(iso) });
const clock = (transitions: ClockTransition[], target: SlaTarget = eightHours) => ({
  target,
  calendar: usEastern,
  transitions,
});

describe('evaluateClock', () => {
  it('a clock with no start has not started and has no deadline', () => {
    expect(evaluateClock(clock([]), ny('2025-03-03T10:00'))).toMatchObject({
      status: 'notStarted',
      usedMs: 0,
      leftMs: 8 * HOUR,
      dueAt: null,
      warningAt: null,
    });
  });

  it('a running clock is due when the target is reached and warns at 75% of it', () => {
    const s = evaluateClock(clock([t('start', '2025-03-03T09:00')]), ny('2025-03-03T11:00'));
    expect(s.status).toBe('running');
    expect(s.usedMs).toBe(2 * HOUR);
    expect(s.leftMs).toBe(6 * HOUR);
    expect(s.dueAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
    expect(s.warningAt?.toISO()).toBe('2025-03-03T20:00:00.000Z');
  });

  it('the warning share can be set per target', () => {
    const s = evaluateClock(
      clock([t('start', '2025-03-03T09:00')], { ...eightHours, warnAtShare: 0.5 }),
      ny('2025-03-03T09:00'),
    );
    expect(s.warningAt?.toISO()).toBe('2025-03-03T18:00:00.000Z');
  });

  it('a clock started outside hours uses nothing until the opening', () => {
    const s = evaluateClock(clock([t('start', '2025-03-01T10:00')]), ny('2025-03-03T08:00'));
    expect(s).toMatchObject({ status: 'running', usedMs: 0 });
    expect(s.dueAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
    expect(s.segments.map((x) => x.kind)).toEqual(['outsideHours']);
  });

  it('a running clock at exactly its due instant is not yet breached; one millisecond later it is', () => {
    const transitions = [t('start', '2025-03-03T09:00')];
    expect(evaluateClock(clock(transitions), ny('2025-03-03T17:00')).status).toBe('running');
    const late = evaluateClock(clock(transitions), ny('2025-03-03T17:00:00.001'));
    expect(late.status).toBe('breached');
    expect(late.breachedAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
  });

  it('a clock past its due instant outside hours is breached with nothing left, and later business time makes it negative', () => {
    const transitions = [t('start', '2025-03-03T09:00')];
    expect(evaluateClock(clock(transitions), ny('2025-03-03T20:00'))).toMatchObject({ status: 'breached', leftMs: 0 });
    expect(evaluateClock(clock(transitions), ny('2025-03-04T10:00'))).toMatchObject({
      status: 'breached',
      leftMs: -HOUR,
    });
  });

  it('a pause stops the clock and clears the deadline; resuming shifts the due instant by the paused business time', () => {
    const paused = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('pause', '2025-03-03T10:00')]),
      ny('2025-03-04T09:30'),
    );
    expect(paused).toMatchObject({ status: 'paused', usedMs: HOUR, leftMs: 7 * HOUR, dueAt: null, warningAt: null });
    const resumed = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('pause', '2025-03-03T10:00'), t('resume', '2025-03-04T10:00')]),
      ny('2025-03-04T10:00'),
    );
    expect(resumed.status).toBe('running');
    expect(resumed.dueAt?.toISO()).toBe('2025-03-04T22:00:00.000Z');
    expect(resumed.warningAt?.toISO()).toBe('2025-03-04T20:00:00.000Z');
  });

  it('a stop at or before the due instant meets the target; a stop after it is a breach at the due instant', () => {
    const met = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('stop', '2025-03-03T17:00')]),
      ny('2025-03-10T00:00'),
    );
    expect(met).toMatchObject({ status: 'met', usedMs: 8 * HOUR, leftMs: 0 });
    expect(met.dueAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
    const late = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('stop', '2025-03-04T09:30')]),
      ny('2025-03-10T00:00'),
    );
    expect(late).toMatchObject({ status: 'breached', usedMs: 8.5 * HOUR, leftMs: -0.5 * HOUR });
    expect(late.breachedAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
  });

  it('a breach stays a breach after a pause', () => {
    const s = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('pause', '2025-03-04T10:00')]),
      ny('2025-03-05T10:00'),
    );
    expect(s.status).toBe('breached');
    expect(s.breachedAt?.toISO()).toBe('2025-03-03T22:00:00.000Z');
  });

  it('transitions after the evaluation instant are not yet known', () => {
    const s = evaluateClock(
      clock([t('start', '2025-03-03T09:00'), t('stop', '2025-03-03T12:00')]),
      ny('2025-03-03T11:00'),
    );
    expect(s).toMatchObject({ status: 'running', usedMs: 2 * HOUR });
  });

  it('the segments explain every millisecond: running, paused, outside hours and holiday, adding up to the time used', () => {
    const s = evaluateClock(
      clock([t('start', '2025-11-26T16:00'), t('pause', '2025-11-26T16:30'), t('resume', '2025-11-26T16:45')]),
      ny('2025-11-28T10:00'),
    );
    expect(s.segments.map((x) => `${x.kind} ${x.from.toISO()}`)).toEqual([
      'running 2025-11-26T21:00:00.000Z',
      'paused 2025-11-26T21:30:00.000Z',
      'running 2025-11-26T21:45:00.000Z',
      'outsideHours 2025-11-26T22:00:00.000Z',
      'holiday 2025-11-27T05:00:00.000Z',
      'outsideHours 2025-11-28T05:00:00.000Z',
      'running 2025-11-28T14:00:00.000Z',
    ]);
    expect(s.segments.reduce((sum, x) => sum + x.businessMs, 0)).toBe(s.usedMs);
    expect(s.usedMs).toBe(1.75 * HOUR);
  });

  it('an elapsed 15-minute callback runs through the night and across the fall-back hour', () => {
    const callback: SlaTarget = { metric: 'callback', minutes: 15, unit: 'elapsed' };
    const s = evaluateClock(
      clock([{ kind: 'start', at: DateTime.fromISO('2025-11-02T01:50:00-04:00') }], callback),
      DateTime.fromISO('2025-11-02T01:00:00-05:00'),
    );
    expect(s.status).toBe('running');
    expect(s.dueAt?.toISO()).toBe('2025-11-02T06:05:00.000Z');
    expect(s.usedMs).toBe(10 * 60_000);
    expect(s.segments.map((x) => x.kind)).toEqual(['running']);
  });

  it('rejects impossible sequences, listing every problem', () => {
    try {
      evaluateClock(
        clock([
          t('pause', '2025-03-03T09:00'),
          t('start', '2025-03-03T10:00'),
          t('resume', '2025-03-03T11:00'),
          t('start', '2025-03-03T10:30'),
        ]),
        ny('2025-03-04T00:00'),
      );
      throw new Error('expected a rejection');
    } catch (e) {
      expect(e).toBeInstanceOf(ClockTransitionsInvalid);
      expect((e as ClockTransitionsInvalid).problems.map((p) => p.field)).toEqual([
        'transitions[0].kind',
        'transitions[2].kind',
        'transitions[3].at',
        'transitions[3].kind',
      ]);
    }
  });
});

describe('reclassification', () => {
  it('stops the old clock and starts the new one at the reclassification instant, or at receipt when retroactive', () => {
    const receivedAt = ny('2025-03-03T09:00');
    const reclassifiedAt = ny('2025-03-03T13:00');
    const old = evaluateClock(
      clock([
        { kind: 'start', at: receivedAt },
        { kind: 'stop', at: reclassifiedAt },
      ]),
      ny('2025-03-03T15:00'),
    );
    expect(old.status).toBe('met');
    const p1: SlaTarget = { metric: 'firstResponse', minutes: 60, unit: 'business' };
    const fresh = evaluateClock(
      clock([{ kind: 'start', at: reclassifyStart(receivedAt, reclassifiedAt, false) }], p1),
      ny('2025-03-03T13:30'),
    );
    expect(fresh).toMatchObject({ status: 'running', usedMs: 0.5 * HOUR });
    expect(fresh.dueAt?.toISO()).toBe('2025-03-03T19:00:00.000Z');
    const retroactive = evaluateClock(
      clock([{ kind: 'start', at: reclassifyStart(receivedAt, reclassifiedAt, true) }], p1),
      ny('2025-03-03T13:30'),
    );
    expect(retroactive.status).toBe('breached');
    expect(retroactive.breachedAt?.toISO()).toBe('2025-03-03T15:00:00.000Z');
  });
});

describe('clock properties', () => {
  const start = Date.UTC(2025, 0, 6, 14);
  it('a pause before the due instant moves it by the business time paused; segments add up to the time used', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 * HOUR }),
        fc.integer({ min: 0, max: 10 * 24 * HOUR }),
        fc.integer({ min: 0, max: 10 * 24 * HOUR }),
        (toPause, paused, after) => {
          const pauseAt = start + toPause;
          const resumeAt = pauseAt + paused;
          const at = resumeAt + after;
          const originalDue = addBusinessMillis(usEastern, start, 8 * HOUR);
          fc.pre(pauseAt <= originalDue);
          const s = evaluateClock(
            {
              target: eightHours,
              calendar: usEastern,
              transitions: [
                { kind: 'start', at: DateTime.fromMillis(start) },
                { kind: 'pause', at: DateTime.fromMillis(pauseAt) },
                { kind: 'resume', at: DateTime.fromMillis(resumeAt) },
              ],
            },
            DateTime.fromMillis(at),
          );
          const due = addBusinessMillis(
            usEastern,
            start,
            8 * HOUR + businessMillisBetween(usEastern, pauseAt, resumeAt),
          );
          expect(s.dueAt?.toMillis()).toBe(due);
          expect(s.status).toBe(at > due ? 'breached' : 'running');
          expect(s.segments.reduce((sum, x) => sum + x.businessMs, 0)).toBe(s.usedMs);
          expect(s.usedMs).toBe(
            businessMillisBetween(usEastern, start, at) - businessMillisBetween(usEastern, pauseAt, resumeAt),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('evaluating without the explanation', () => {
  it('gives the same status, deadlines and used time as with it, and no segments', () => {
    const calendar = compileCalendar({
      timeZone: 'Europe/London',
      weekly: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }] },
    });
    const target = { metric: 'firstResponse' as const, minutes: 600, unit: 'business' as const };
    const transitions = [
      { kind: 'start' as const, at: DateTime.fromISO('2026-03-02T10:00:00Z') },
      { kind: 'pause' as const, at: DateTime.fromISO('2026-03-02T12:00:00Z') },
      { kind: 'resume' as const, at: DateTime.fromISO('2026-03-03T09:30:00Z') },
    ];
    const at = DateTime.fromISO('2026-03-03T11:00:00Z');
    const { segments, ...explained } = evaluateClock({ target, calendar, transitions }, at);
    const plain = evaluateClock({ target, calendar, transitions }, at, { explain: false });
    expect(segments.length).toBeGreaterThan(0);
    expect(plain.segments).toEqual([]);
    expect({ ...plain, segments: undefined }).toEqual({ ...explained, segments: undefined });
  });
});
