import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Contract } from '../contract/contract.aggregate';
import { DomainError } from '../domain-error';
import { viewOfClock } from './sla-clocks';
import { SlaTimelineRecorder } from './sla-timeline';
import { SupportCase } from './support-case.aggregate';
import type { SupportCaseEvent } from './support-case.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
// Thursday before Good Friday (3 April 2026) and Easter Monday (6 April): bank holidays in England.
const START = at('2026-04-02T13:30:00Z');

function birdTerms() {
  const contract = new Contract();
  contract.sign({
    contractId: 'k-1',
    accountId: 'acc-1',
    planId: 'bird-email-enterprise',
    serviceTimeZone: 'uk',
    targetOverrides: [
      { metric: 'resolution', minutes: 960, unit: 'business' },
      { metric: 'workaround', criticality: 'critical', minutes: 240, unit: 'elapsed' },
    ],
    startsAt: at('2026-01-01T00:00:00Z'),
    now: at('2025-12-01T00:00:00Z'),
  });
  contract.addAuthorisedContact({ contactId: 'c-1', name: 'Olga', email: 'o@example.com', at: at('2026-01-02') });
  return contract.termsAt(START);
}

type Step = (c: SupportCase, when: DateTime) => void;
const vital = { company: 'Acme', contactName: 'Olga', phone: '+44 20', email: 'o@example.com', description: 'down' };
const side = (w: DateTime) => (w.minute % 2 === 0 ? 'vendor' : 'customer');
const STEPS: Step[] = [
  (c, w) => c.logHotlineCall({ vitalInformation: vital, at: w }),
  (c, w) => c.logCallback({ agentId: 'a', at: w }),
  (c, w) => c.respond({ agentId: 'a', message: 'm', at: w }),
  (c, w) => c.requestInformation({ agentId: 'a', question: 'q', at: w }),
  (c, w) => c.provideInformation({ contactId: 'c-1', answer: 'x', at: w }),
  (c, w) => c.giveProgressUpdate({ agentId: 'a', message: 'u', at: w }),
  (c, w) => c.agreeUpdateCadence({ minutes: 30 + (w.minute % 4) * 15, at: w }),
  (c, w) =>
    c.reclassify({
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[w.minute % 4],
      criticality: w.minute % 2 === 0 ? 'critical' : 'nonCritical',
      retroactive: w.minute % 3 === 0,
      reason: 'r',
      at: w,
    }),
  (c, w) => c.provideWorkaround({ agentId: 'a', description: 'w', at: w }),
  (c, w) => c.proposeResolution({ by: side(w), actorId: 'x', summary: 's', at: w }),
  (c, w) => c.acceptResolution({ by: side(w), actorId: 'y', at: w }),
  (c, w) => c.rejectResolution({ by: side(w), reason: 'r', at: w }),
  (c, w) => c.reopen({ reason: 'r', at: w }),
  (c, w) => c.recordSlaBreach({ clockId: 'firstResponse-1', at: w.minus({ minutes: 1 }), detectedAt: w }),
];

/** Random commands on a fresh case; refusals write nothing and are part of the game. */
function history(terms: ReturnType<typeof birdTerms>, steps: { step: number; gapMinutes: number }[]) {
  const supportCase = new SupportCase();
  supportCase.open({
    caseId: 'case-1',
    terms,
    contactId: 'c-1',
    channel: 'email',
    subject: 's',
    description: 'd',
    category: 'incident',
    priority: 'P2',
    criticality: 'nonCritical',
    now: START,
  });
  let now = START;
  for (const { step, gapMinutes } of steps) {
    now = now.plus({ minutes: gapMinutes });
    try {
      STEPS[step](supportCase, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { events: supportCase.getUncommittedEvents(), supportCase, now };
}

function timelinesOf(events: readonly SupportCaseEvent[], asOf: DateTime) {
  const recorder = new SlaTimelineRecorder<number>();
  events.forEach((event, revision) => recorder.observe(event, revision));
  return recorder.timelines(SupportCase.fromHistory(events).clocks, asOf);
}

describe('SLA timeline', () => {
  const terms = birdTerms();

  it('cites the event behind each change: the start after the opening, the pause after the question', () => {
    const { events, now } = history(terms, [
      { step: 3, gapMinutes: 60 }, // information requested, Thursday 14:30Z
      { step: 4, gapMinutes: 60 * 24 * 5 }, // provided on Tuesday after Easter, 14:30Z
    ]);
    const read = now.plus({ hours: 1 });
    const resolution = timelinesOf(events, read).find((t) => t.metric === 'resolution')!;
    const types = (n: number) => events[n].type;
    expect(
      resolution.segments.map((s) => [
        s.kind,
        s.from,
        s.cause.kind === 'event'
          ? [types(s.cause.event.ref), s.cause.trigger && types(s.cause.trigger.ref)]
          : s.cause.rule,
      ]),
    ).toEqual([
      ['running', '2026-04-02T13:30:00.000Z', ['SlaClockStarted', 'CaseOpened']],
      ['paused', '2026-04-02T14:30:00.000Z', ['SlaClockPaused', 'InformationRequested']],
      ['running', '2026-04-07T14:30:00.000Z', ['SlaClockResumed', 'InformationProvided']],
    ]);
    expect(resolution.totals).toMatchObject({ businessMs: 2 * 60 * 60_000, pausedMs: 5 * 24 * 3600_000 });
    expect(resolution.outcome).toBe('running');
    const firstResponse = timelinesOf(events, read).find((t) => t.metric === 'firstResponse')!;
    expect(
      firstResponse.segments
        .filter((s) => s.kind === 'holiday')
        .map((s) => [s.from, (s.cause as { rule: string }).rule]),
    ).toEqual([
      ['2026-04-02T23:00:00.000Z', 'holiday: Good Friday (GB-ENG)'],
      ['2026-04-05T23:00:00.000Z', 'holiday: Easter Monday (GB-ENG)'],
    ]);
  });

  it('for random histories, read at any instant, each clock is tiled from its start and its running segments add up to its used business time', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.integer({ min: 0, max: STEPS.length - 1 }),
            gapMinutes: fc.integer({ min: 0, max: 900 }),
          }),
          { maxLength: 25 },
        ),
        fc.integer({ min: 0, max: 3000 }),
        (steps, tailMinutes) => {
          const { events, supportCase, now } = history(terms, steps);
          const asOf = now.plus({ minutes: tailMinutes });
          const timelines = timelinesOf(events, asOf);
          expect(timelines.map((t) => t.clockId)).toEqual(supportCase.clocks.map((c) => c.clockId));
          for (const [i, timeline] of timelines.entries()) {
            const view = viewOfClock(supportCase.clocks[i], asOf);
            const running = timeline.segments.filter((s) => s.kind === 'running');
            expect(running.reduce((sum, s) => sum + s.businessMs, 0)).toBe(view.usedMs);
            expect(timeline.totals.businessMs).toBe(view.usedMs);
            let cursor = Date.parse(timeline.startedAt);
            for (const s of timeline.segments) {
              expect(Date.parse(s.from)).toBe(cursor);
              expect(Date.parse(s.to)).toBeGreaterThan(cursor);
              expect(s.elapsedMs).toBe(Date.parse(s.to) - Date.parse(s.from));
              cursor = Date.parse(s.to);
            }
            expect(cursor).toBe(asOf.toMillis());
            const { businessMs, pausedMs, outsideHoursMs, holidayMs, elapsedMs } = timeline.totals;
            const stopped = timeline.segments.find((s) => s.kind === 'stopped')?.elapsedMs ?? 0;
            expect(businessMs + pausedMs + outsideHoursMs + holidayMs).toBe(elapsedMs);
            expect(elapsedMs + stopped).toBe(asOf.toMillis() - Date.parse(timeline.startedAt));
            for (const s of timeline.segments.filter((x) => x.cause.kind === 'event'))
              if (s.cause.kind === 'event') expect(events[s.cause.event.ref].type).toMatch(/^SlaClock/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
