import { caseEventInstant, describeCaseEvent } from './case-event-description';
import {
  CaseEscalated,
  CaseMutuallyResolved,
  CaseResponded,
  ResolutionRejected,
  SlaClockPaused,
  SlaClockStarted,
  SlaClockStartedData,
  SUPPORT_CASE_EVENT_TYPES,
  SupportCaseEvent,
} from './support-case.events';

const caseId = 'c-1';
const at = '2026-04-02T10:00:00.000Z';

describe('case event descriptions', () => {
  it('says who did what in one line', () => {
    expect(describeCaseEvent(new CaseResponded({ caseId, agentId: 'kim', message: 'hi', at }))).toBe(
      'Agent kim responded',
    );
    expect(describeCaseEvent(new SlaClockPaused({ caseId, clockId: 'firstResponse-1', at, usedMs: 5 }))).toBe(
      'Clock firstResponse-1 paused: awaiting the customer',
    );
    expect(
      describeCaseEvent(new ResolutionRejected({ caseId, by: 'customer', actorId: 'olga', reason: 'still down', at })),
    ).toBe('Customer olga rejected the resolution: still down');
    expect(
      describeCaseEvent(new ResolutionRejected({ caseId, by: 'vendor', actorId: null, reason: 'premature', at })),
    ).toBe('Vendor rejected the resolution: premature');
    expect(
      describeCaseEvent(new CaseEscalated({ caseId, to: 'tam', reason: 'slow', tamId: 'tam-ada', causedBy: null, at })),
    ).toBe('Case escalated to tam (TAM tam-ada): slow');
    expect(
      describeCaseEvent(
        new CaseMutuallyResolved({
          caseId,
          proposedBy: 'vendor',
          proposedByActorId: 'kim',
          acceptedBy: 'customer',
          acceptedByActorId: 'olga',
          summary: 'fixed',
          at,
        }),
      ),
    ).toBe('Customer olga accepted the resolution; case resolved');
  });

  it("takes a clock's start instant as the instant of its SlaClockStarted", () => {
    const started = new SlaClockStarted({
      caseId,
      clockId: 'resolution-1',
      startedAt: '2026-04-02T09:00:00.000Z',
      dueAt: '2026-04-03T09:00:00.000Z',
      target: { minutes: 480, unit: 'business', warnAtShare: 0.75 },
    } as SlaClockStartedData);
    expect(caseEventInstant(started)).toBe('2026-04-02T09:00:00.000Z');
    expect(describeCaseEvent(started)).toBe(
      'Clock resolution-1 started: 480 business minutes, due 2026-04-03T09:00:00.000Z',
    );
  });

  it('describes every registered event type without throwing, and gives each its instant', () => {
    // The compiler checks the switch is exhaustive; this checks each branch reads only fields the type has.
    const samples: Record<string, unknown> = {
      caseId,
      at,
      openedAt: at,
      startedAt: at,
      dueAt: at,
      breachedAt: at,
      agentId: 'kim',
      contactId: 'olga',
      actorId: 'olga',
      acceptedByActorId: 'olga',
      previousAgentId: null,
      tamId: null,
      vitalInformation: { company: 'Acme' },
      from: { priority: 'P2', criticality: 'nonCritical' },
      to: { priority: 'P1', criticality: 'critical' },
      target: { minutes: 60, unit: 'elapsed', warnAtShare: 0.75 },
      by: 'vendor',
      acceptedBy: 'customer',
      clockId: 'resolution-1',
      channel: 'portal',
      subject: 'Mail down',
      priority: 'P1',
      criticality: 'critical',
      category: 'incident',
      minutes: 30,
      unit: 'elapsed',
      reason: 'because',
      outcome: 'met',
      retroactive: false,
    };
    for (const EventClass of Object.values(SUPPORT_CASE_EVENT_TYPES)) {
      const event = new (EventClass as new (data: unknown) => SupportCaseEvent)(samples);
      expect(describeCaseEvent(event)).not.toMatch(/undefined|^$/);
      expect(caseEventInstant(event)).toBe(at);
    }
  });
});
