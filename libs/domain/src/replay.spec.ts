import fc from 'fast-check';
import { DateTime } from 'luxon';
import * as domain from './index';
import { Contract } from './contract/contract.aggregate';
import { DomainError } from './domain-error';
import { DOMAIN_ERROR_STATUS } from './domain-error-status';
import { DOMAIN_EVENT_TYPES, deserializeDomainEvent, DomainEvent, UnknownDomainEventType } from './domain-events';
import { caseView } from './support-case/case-view';
import { SupportCase } from './support-case/support-case.aggregate';
import { SupportCaseEvent } from './support-case/support-case.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
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
  contract.addAuthorisedContact({
    contactId: 'c-1',
    name: 'Olga',
    email: 'o@example.com',
    at: at('2026-01-02T00:00:00Z'),
  });
  return contract.termsAt(START);
}

type Step = (c: SupportCase, when: DateTime) => void;

const vital = { company: 'Acme', contactName: 'Olga', phone: '+44 20', email: 'o@example.com', description: 'down' };
const STEPS: Step[] = [
  (c, w) => c.logHotlineCall({ vitalInformation: vital, at: w }),
  (c, w) => c.logCallback({ agentId: 'a', at: w }),
  (c, w) => c.assign({ agentId: `a-${w.minute % 3}`, at: w }),
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
  (c, w) => c.escalate({ to: 'tam', tamId: 't', reason: 'r', at: w }),
  (c, w) => c.provideWorkaround({ agentId: 'a', description: 'w', at: w }),
  (c, w) => c.proposeResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', actorId: 'x', summary: 's', at: w }),
  (c, w) => c.acceptResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', actorId: 'y', at: w }),
  (c, w) => c.rejectResolution({ by: w.minute % 2 === 0 ? 'vendor' : 'customer', reason: 'r', at: w }),
  (c, w) => c.reopen({ reason: 'r', at: w }),
  (c, w) => c.close({ at: w }),
];

type Steps = { step: number; gapMinutes: number }[];

const randomSteps = fc.array(
  fc.record({
    step: fc.integer({ min: 0, max: STEPS.length - 1 }),
    gapMinutes: fc.integer({ min: 0, max: 600 }),
  }),
  { maxLength: 25 },
);

/** Runs random commands on a case; refusals are part of the game and leave no events. */
function play(supportCase: SupportCase, steps: Steps, from: DateTime): DateTime {
  let now = from;
  for (const { step, gapMinutes } of steps) {
    now = now.plus({ minutes: gapMinutes });
    const before = supportCase.getUncommittedEvents().length;
    try {
      STEPS[step](supportCase, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      expect(supportCase.getUncommittedEvents().length).toBe(before);
    }
  }
  return now;
}

/** Runs random commands from a fresh case. */
function live(terms: ReturnType<typeof birdTerms>, steps: Steps): { supportCase: SupportCase; now: DateTime } {
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
    criticality: 'critical',
    now: START,
  });
  return { supportCase, now: play(supportCase, steps, START) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}

function fromStoredJson(events: readonly SupportCaseEvent[]): DomainEvent[] {
  return JSON.parse(JSON.stringify(events)).map((e: { type: string; data: unknown }) =>
    deserializeDomainEvent(e.type, e.data),
  );
}

describe('replay', () => {
  const terms = birdTerms();

  it('replaying the stored events of any command sequence rebuilds the same state, twice over', () => {
    fc.assert(
      fc.property(randomSteps, (steps) => {
        const { supportCase, now } = live(terms, steps);
        const events = supportCase.getUncommittedEvents();
        const first = SupportCase.fromHistory(fromStoredJson(events) as SupportCaseEvent[]);
        const second = SupportCase.fromHistory(fromStoredJson(events) as SupportCaseEvent[]);
        expect(second).toEqual(first);
        expect(caseView(first, now)).toStrictEqual(caseView(supportCase, now));
      }),
      { numRuns: 150 },
    );
  });

  it('folding never writes to event data, nor does deciding on the folded state', () => {
    // The write path's stream cache shares deeply frozen events between folds (stream-cache.ts):
    // a write to one throws here, as it would there, instead of changing what the next fold reads.
    fc.assert(
      fc.property(randomSteps, randomSteps, (history, next) => {
        const { supportCase, now } = live(terms, history);
        const events = supportCase.getUncommittedEvents();
        const frozen = fromStoredJson(events);
        for (const event of frozen) deepFreeze(event.data);
        const folded = SupportCase.fromHistory(frozen as SupportCaseEvent[]);
        const control = SupportCase.fromHistory(fromStoredJson(events) as SupportCaseEvent[]);
        expect(folded).toEqual(control);
        const then = play(folded, next, now);
        play(control, next, now);
        expect(folded.getUncommittedEvents()).toEqual(control.getUncommittedEvents());
        expect(caseView(folded, then)).toStrictEqual(caseView(control, then));
      }),
      { numRuns: 150 },
    );
  });

  it('an unknown event type is not guessed at', () => {
    expect(() => deserializeDomainEvent('CaseTeleported', {})).toThrow(UnknownDomainEventType);
  });

  it('every event class is registered under its own stable type', () => {
    for (const [type, EventClass] of Object.entries(DOMAIN_EVENT_TYPES)) {
      expect(EventClass.type).toBe(type);
      expect(EventClass.name).toBe(type);
      expect(deserializeDomainEvent(type, { x: 1 })).toBeInstanceOf(EventClass);
    }
  });
});

describe('domain errors', () => {
  const errorClasses = (Object.values(domain) as unknown[]).filter(
    (value): value is abstract new (...args: never[]) => DomainError =>
      typeof value === 'function' && value.prototype instanceof DomainError,
  );

  it('every domain error has a stable code mapped to 404, 409 or 422', () => {
    expect(errorClasses.length).toBeGreaterThan(30);
    for (const ErrorClass of errorClasses) {
      // Arrays satisfy every constructor's message formatting; only the code matters here.
      const { code } = new (ErrorClass as unknown as new (...args: unknown[]) => DomainError)([], [], []);
      expect([404, 409, 422]).toContain(DOMAIN_ERROR_STATUS[code as keyof typeof DOMAIN_ERROR_STATUS]);
    }
  });
});
