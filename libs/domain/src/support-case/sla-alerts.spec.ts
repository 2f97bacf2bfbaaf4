import { aggregateSpecification } from '@caseledger/testing';
import { DateTime } from 'luxon';
import { Contract } from '../contract/contract.aggregate';
import { OpenCase, SupportCase } from './support-case.aggregate';
import {
  EscalationAlreadyRecorded,
  SlaAlertAlreadyRecorded,
  SlaAlertNotReached,
  SlaClockNotFound,
} from './support-case.errors';
import { CaseEscalated, SlaBreached, SlaWarningReached, SupportCaseEvent } from './support-case.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (text: string) => at(text).toUTC().toISO() as string;
const spec = aggregateSpecification(() => new SupportCase());

function terms(planId: 'bird-email-enterprise' | 'beesender-business', serviceTimeZone: string, asOf: string) {
  const contract = new Contract();
  const targetOverrides =
    planId === 'beesender-business' ? [{ metric: 'resolution' as const, minutes: 960, unit: 'business' as const }] : [];
  contract.sign({
    contractId: 'k-1',
    accountId: 'acc-1',
    planId,
    serviceTimeZone,
    targetOverrides,
    startsAt: at('2026-01-01T00:00:00Z'),
    now: at('2025-12-20T00:00:00Z'),
  });
  contract.addAuthorisedContact({
    contactId: 'c-1',
    name: 'Olga',
    email: 'olga@example.com',
    at: at('2026-01-02T00:00:00Z'),
  });
  return contract.termsAt(at(asOf));
}

const opening = (overrides: Partial<OpenCase>): OpenCase => ({
  caseId: 'case-1',
  terms: terms('beesender-business', 'gmt+3', '2026-04-02T13:30:00Z'),
  contactId: 'c-1',
  channel: 'portal',
  subject: 'Chats are not created',
  description: 'no chat appears',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
  now: at('2026-04-02T13:30:00Z'),
  ...overrides,
});

const vital = {
  company: 'Acme',
  contactName: 'Olga',
  phone: '+1 555 0199',
  email: 'olga@example.com',
  description: 'all API calls time out',
};

function historyOf(...commands: ((c: SupportCase) => void)[]): SupportCaseEvent[] {
  const supportCase = new SupportCase();
  for (const command of commands) command(supportCase);
  return [...supportCase.getUncommittedEvents()];
}

/** Bird critical issue; the hotline call at 14:05 starts callback-1: warning 14:16:15 (75%), due 14:20. */
const birdHotline = (...more: ((c: SupportCase) => void)[]) =>
  historyOf(
    (c) =>
      c.open(
        opening({
          terms: terms('bird-email-enterprise', 'us-eastern', '2026-04-02T14:00:00Z'),
          priority: 'P1',
          criticality: 'critical',
          now: at('2026-04-02T14:00:00Z'),
        }),
      ),
    (c) => c.logHotlineCall({ vitalInformation: vital, at: at('2026-04-02T14:05:00Z') }),
    ...more,
  );

const alert = { caseId: 'case-1', clockId: 'callback-1', metric: 'callback' as const };

describe('SLA warnings and breaches', () => {
  it('a running clock reaches its warning at 75% of the target and breaches once real time is past its due instant', () => {
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaWarning({
          clockId: 'callback-1',
          at: at('2026-04-02T14:16:15Z'),
          detectedAt: at('2026-04-02T14:16:15.200Z'),
        }),
      )
      .then(
        new SlaWarningReached({
          ...alert,
          at: iso('2026-04-02T14:16:15Z'),
          detectedAt: iso('2026-04-02T14:16:15.200Z'),
        }),
      );
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T14:20:00.150Z'),
        }),
      )
      .then(
        new SlaBreached({ ...alert, at: iso('2026-04-02T14:20:00Z'), detectedAt: iso('2026-04-02T14:20:00.150Z') }),
      );
  });

  it('at exactly the due instant the clock is not yet breached, and nothing is reached before its instant', () => {
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T14:20:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaWarning({
          clockId: 'callback-1',
          at: at('2026-04-02T14:16:15Z'),
          detectedAt: at('2026-04-02T14:16:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
  });

  it('an instant other than the clock’s own warning or due instant is refused', () => {
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:19:00Z'),
          detectedAt: at('2026-04-02T14:30:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached, (e) => expect(e.kind).toBe('breach'));
  });

  it('a clock has no warning and no breach recorded twice', () => {
    const warned = new SlaWarningReached({
      ...alert,
      at: iso('2026-04-02T14:16:15Z'),
      detectedAt: iso('2026-04-02T14:16:16Z'),
    });
    const breached = new SlaBreached({
      ...alert,
      at: iso('2026-04-02T14:20:00Z'),
      detectedAt: iso('2026-04-02T14:20:01Z'),
    });
    spec
      .given(...birdHotline(), warned)
      .when((c) =>
        c.recordSlaWarning({
          clockId: 'callback-1',
          at: at('2026-04-02T14:16:15Z'),
          detectedAt: at('2026-04-02T14:17:00Z'),
        }),
      )
      .thenThrows(SlaAlertAlreadyRecorded);
    spec
      .given(...birdHotline(), warned, breached)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T14:21:00Z'),
        }),
      )
      .thenThrows(SlaAlertAlreadyRecorded);
  });

  it('an unknown clock is refused', () => {
    spec
      .given(...birdHotline())
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-9',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T14:21:00Z'),
        }),
      )
      .thenThrows(SlaClockNotFound);
  });

  it('a clock stopped before its warning reaches neither warning nor breach', () => {
    const calledBack = birdHotline((c) => c.logCallback({ agentId: 'a-3', at: at('2026-04-02T14:10:00Z') }));
    spec
      .given(...calledBack)
      .when((c) =>
        c.recordSlaWarning({
          clockId: 'callback-1',
          at: at('2026-04-02T14:16:15Z'),
          detectedAt: at('2026-04-02T14:30:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
    spec
      .given(...calledBack)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T14:30:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
  });

  it('a clock stopped late still gets its breach at the true instant, noticed after downtime', () => {
    const lateCallback = birdHotline((c) => c.logCallback({ agentId: 'a-3', at: at('2026-04-02T14:25:00Z') }));
    spec
      .given(...lateCallback)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'callback-1',
          at: at('2026-04-02T14:20:00Z'),
          detectedAt: at('2026-04-02T15:00:00Z'),
        }),
      )
      .then(new SlaBreached({ ...alert, at: iso('2026-04-02T14:20:00Z'), detectedAt: iso('2026-04-02T15:00:00Z') }));
  });

  it('a paused clock does not breach at its original due instant, and breaches at the due instant shifted by the pause', () => {
    // Beesender P2 resolution-1: due 2026-04-04T11:30Z; paused 04-03 08:00Z, resumed 04-04 12:00Z → due 04-06 06:30Z, warning 04-05 11:30Z.
    const paused = historyOf(
      (c) => c.open(opening({})),
      (c) => c.requestInformation({ agentId: 'a-7', question: 'Which channel?', at: at('2026-04-03T08:00:00Z') }),
    );
    spec
      .given(...paused)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'resolution-1',
          at: at('2026-04-04T11:30:00Z'),
          detectedAt: at('2026-04-04T11:31:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
    const resumed = [
      ...paused,
      ...historyOf(
        (c) => c.loadFromHistory(paused),
        (c) => c.provideInformation({ contactId: 'c-1', answer: 'Telegram', at: at('2026-04-04T12:00:00Z') }),
      ),
    ];
    spec
      .given(...resumed)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'resolution-1',
          at: at('2026-04-04T11:30:00Z'),
          detectedAt: at('2026-04-04T12:01:00Z'),
        }),
      )
      .thenThrows(SlaAlertNotReached);
    const resolution = { caseId: 'case-1', clockId: 'resolution-1', metric: 'resolution' as const };
    spec
      .given(...resumed)
      .when((c) =>
        c.recordSlaWarning({
          clockId: 'resolution-1',
          at: at('2026-04-05T11:30:00Z'),
          detectedAt: at('2026-04-05T11:30:01Z'),
        }),
      )
      .then(
        new SlaWarningReached({
          ...resolution,
          at: iso('2026-04-05T11:30:00Z'),
          detectedAt: iso('2026-04-05T11:30:01Z'),
        }),
      );
    spec
      .given(...resumed)
      .when((c) =>
        c.recordSlaBreach({
          clockId: 'resolution-1',
          at: at('2026-04-06T06:30:00Z'),
          detectedAt: at('2026-04-06T06:30:01Z'),
        }),
      )
      .then(
        new SlaBreached({ ...resolution, at: iso('2026-04-06T06:30:00Z'), detectedAt: iso('2026-04-06T06:30:01Z') }),
      );
  });

  it('recorded alerts are part of the case state, and their past instants do not hold later commands back', () => {
    const breached = new SlaBreached({
      ...alert,
      at: iso('2026-04-02T14:20:00Z'),
      detectedAt: iso('2026-04-02T14:40:00Z'),
    });
    const supportCase = spec
      .given(...birdHotline(), breached)
      .when((c) => c.escalate({ to: 'tier2', reason: 'callback missed', at: at('2026-04-02T14:21:00Z') }))
      .then(
        new CaseEscalated({
          caseId: 'case-1',
          to: 'tier2',
          reason: 'callback missed',
          tamId: null,
          causedBy: null,
          at: iso('2026-04-02T14:21:00Z'),
        }),
      );
    expect(supportCase.slaAlerts).toEqual([
      {
        kind: 'breach',
        clockId: 'callback-1',
        at: iso('2026-04-02T14:20:00Z'),
        detectedAt: iso('2026-04-02T14:40:00Z'),
      },
    ]);
  });

  it('an automatic escalation answers its cause once', () => {
    const first = new CaseEscalated({
      caseId: 'case-1',
      to: 'tam',
      reason: 'breach',
      tamId: 'tam-1',
      causedBy: 'breach-1',
      at: iso('2026-04-02T14:21:00Z'),
    });
    spec
      .given(...birdHotline(), first)
      .when((c) =>
        c.escalate({
          to: 'tam',
          tamId: 'tam-1',
          reason: 'breach',
          causedBy: 'breach-1',
          at: at('2026-04-02T14:22:00Z'),
        }),
      )
      .thenThrows(EscalationAlreadyRecorded);
  });
});
