import { ALWAYS_OPEN } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { Contract } from '../contract/contract.aggregate';
import { caseView } from './case-view';
import { occurredInstant } from './occurred-at';
import { SupportCase } from './support-case.aggregate';
import {
  InstantOutOfOrder,
  OccurredAtBeforePreviousEvent,
  OccurredAtInFuture,
  OccurredAtTooOld,
} from './support-case.errors';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const NOW = at('2026-04-02T10:00:00Z');
const bounds = { maxSkewSeconds: 5, maxAgeHours: 24 };

/** A P2 case on Beesender Business with an always-open calendar (business time = elapsed), opened at 09:30. */
function openedCase(): SupportCase {
  const contract = new Contract();
  contract.sign({
    contractId: 'k-1',
    accountId: 'acc-1',
    planId: 'beesender-business',
    serviceTimeZone: 'gmt+3',
    calendar: ALWAYS_OPEN,
    startsAt: at('2026-01-01T00:00:00Z'),
    now: at('2025-12-20T00:00:00Z'),
  });
  contract.addAuthorisedContact({ contactId: 'c-1', name: 'Olga', email: 'olga@example.com', at: at('2026-01-02') });
  const supportCase = new SupportCase();
  supportCase.open({
    caseId: 'case-1',
    terms: contract.termsAt(at('2026-04-02T09:30:00Z')),
    contactId: 'c-1',
    channel: 'portal',
    subject: 'Mail is down',
    description: 'All sends fail',
    category: 'incident',
    priority: 'P2',
    criticality: 'nonCritical',
    now: at('2026-04-02T09:30:00Z'),
  });
  supportCase.commit();
  return supportCase;
}

describe('occurredAt: the instant of an action reported after the fact', () => {
  it('without occurredAt the action happens now and records no separate instant', () => {
    expect(occurredInstant({ at: NOW }, '')).toEqual({ at: '2026-04-02T10:00:00.000Z' });
  });

  it('an instant within the window and after the previous event is when the action happened', () => {
    expect(
      occurredInstant({ at: NOW, occurredAt: at('2026-04-02T09:50:00Z'), bounds }, '2026-04-02T09:30:00.000Z'),
    ).toEqual({ at: '2026-04-02T09:50:00.000Z', recordedAt: '2026-04-02T10:00:00.000Z' });
  });

  it('a reporter clock ahead by at most the skew is taken as now; beyond it the instant is refused naming the bound', () => {
    expect(occurredInstant({ at: NOW, occurredAt: NOW.plus({ seconds: 5 }), bounds }, '').at).toBe(
      '2026-04-02T10:00:00.000Z',
    );
    expect(() => occurredInstant({ at: NOW, occurredAt: NOW.plus({ seconds: 6 }), bounds }, '')).toThrow(
      OccurredAtInFuture,
    );
    expect(() => occurredInstant({ at: NOW, occurredAt: NOW.plus({ seconds: 6 }), bounds }, '')).toThrow(/5 s/);
  });

  it('an instant older than the window is refused, one exactly at its edge is taken', () => {
    expect(occurredInstant({ at: NOW, occurredAt: NOW.minus({ hours: 24 }), bounds }, '').at).toBe(
      '2026-04-01T10:00:00.000Z',
    );
    expect(() => occurredInstant({ at: NOW, occurredAt: NOW.minus({ hours: 24, seconds: 1 }), bounds }, '')).toThrow(
      OccurredAtTooOld,
    );
  });

  it('an instant before the case previous event is refused; one equal to it is taken', () => {
    const previous = '2026-04-02T09:40:00.000Z';
    expect(occurredInstant({ at: NOW, occurredAt: at(previous), bounds }, previous).at).toBe(previous);
    const refused = () => occurredInstant({ at: NOW, occurredAt: at('2026-04-02T09:39:59Z'), bounds }, previous);
    expect(refused).toThrow(OccurredAtBeforePreviousEvent);
    expect(refused).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'occurredAt' })] }));
  });

  it('a response reported 10 minutes late stops the first-response clock at that instant and keeps both instants', () => {
    const supportCase = openedCase();
    supportCase.respond({ agentId: 'kim', message: 'On it', at: NOW, occurredAt: NOW.minus({ minutes: 10 }) });
    const [responded] = supportCase.getUncommittedEvents();
    expect(responded.data).toEqual(
      expect.objectContaining({ at: '2026-04-02T09:50:00.000Z', recordedAt: '2026-04-02T10:00:00.000Z' }),
    );
    const firstResponse = caseView(supportCase, NOW).clocks.find((c) => c.metric === 'firstResponse');
    expect(firstResponse).toEqual(
      expect.objectContaining({ stoppedAt: '2026-04-02T09:50:00.000Z', usedMs: 20 * 60_000 }),
    );
  });

  it('a reported action may not go before an SLA warning the case recorded', () => {
    const supportCase = openedCase();
    const clock = supportCase.clocks.find((c) => c.metric === 'firstResponse')!;
    const warningAt = DateTime.fromISO(clock.warningAt, { zone: 'utc' });
    supportCase.recordSlaWarning({ clockId: clock.clockId, at: warningAt, detectedAt: warningAt.plus({ seconds: 1 }) });
    const now = warningAt.plus({ minutes: 2 });
    expect(() =>
      supportCase.respond({ agentId: 'kim', message: 'm', at: now, occurredAt: warningAt.minus({ seconds: 1 }) }),
    ).toThrow(OccurredAtBeforePreviousEvent);
    // Without occurredAt the case's own ordering rule applies as before.
    expect(() => supportCase.respond({ agentId: 'kim', message: 'm', at: at('2026-04-02T09:00:00Z') })).toThrow(
      InstantOutOfOrder,
    );
  });
});
