import { ALWAYS_OPEN } from '@caseledger/sla';
import { aggregateSpecification } from '@caseledger/testing';
import { DateTime } from 'luxon';
import { Contract, SignContract } from '../contract/contract.aggregate';
import { caseTermsOf, ContractTerms } from '../contract/contract-terms';
import { caseView } from './case-view';
import { OpenCase, SupportCase } from './support-case.aggregate';
import {
  AlreadyAssignedToAgent,
  CaseAlreadyClosed,
  CaseAlreadyOpened,
  CaseAlreadyResolved,
  CaseNotFound,
  CaseNotResolved,
  ChannelNotAllowed,
  EscalationAlreadyRecorded,
  ContactNotAuthorised,
  ContractNotActive,
  FirstResponseOutstanding,
  HotlineCallAlreadyLogged,
  HotlineNotIncluded,
  InstantOutOfOrder,
  InvalidCadence,
  InvalidTransition,
  NoCallbackPending,
  NotACriticalIssue,
  NothingToReclassify,
  ReceivedAtInFuture,
  ReceivedBeforeContract,
  ResolutionMustComeFromOtherSide,
  TamOnlyForTamEscalation,
  TamRequiredForEscalation,
} from './support-case.errors';
import {
  CallbackLogged,
  CaseAssigned,
  CaseClosed,
  CaseEscalated,
  CaseMutuallyResolved,
  CaseOpened,
  CaseReclassified,
  CaseReopened,
  CaseResponded,
  EscalationNotPossible,
  HotlineCallLogged,
  InformationProvided,
  InformationRequested,
  ProgressUpdateGiven,
  ResolutionProposed,
  ResolutionRejected,
  SlaClockPaused,
  SlaClockResumed,
  SlaClockStarted,
  SlaClockStopped,
  SupportCaseEvent,
  UpdateCadenceAgreed,
  VitalInformation,
  WorkaroundProvided,
} from './support-case.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (text: string) => at(text).toUTC().toISO() as string;
const spec = aggregateSpecification(() => new SupportCase());

function termsOf(
  sign: Omit<SignContract, 'contractId' | 'accountId' | 'startsAt' | 'now'>,
  asOf: string,
): ContractTerms {
  const contract = new Contract();
  contract.sign({
    contractId: 'k-1',
    accountId: 'acc-1',
    startsAt: at('2026-01-01T00:00:00Z'),
    now: at('2025-12-20T00:00:00Z'),
    ...sign,
  });
  contract.addAuthorisedContact({
    contactId: 'c-1',
    name: 'Olga',
    email: 'olga@example.com',
    at: at('2026-01-02T00:00:00Z'),
  });
  return contract.termsAt(at(asOf));
}

/** Beesender Business in GMT+3 (desk 09:00–18:00 every day = 06:00–15:00 UTC), with a contract resolution target of 16 business hours. */
const beesender = (asOf = '2026-04-02T13:30:00Z') =>
  termsOf(
    {
      planId: 'beesender-business',
      serviceTimeZone: 'gmt+3',
      targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
    },
    asOf,
  );
/** Bird Email Enterprise, US Eastern business hours, Severity-1 hotline. */
const bird = (asOf = '2026-04-02T14:00:00Z', targetOverrides: SignContract['targetOverrides'] = []) =>
  termsOf({ planId: 'bird-email-enterprise', serviceTimeZone: 'us-eastern', targetOverrides }, asOf);

const vital: VitalInformation = {
  company: 'Acme',
  contactName: 'Olga',
  phone: '+1 555 0199',
  email: 'olga@example.com',
  description: 'all API calls time out',
};

const openP2 = (overrides: Partial<OpenCase> = {}): OpenCase => ({
  caseId: 'case-1',
  terms: beesender(),
  contactId: 'c-1',
  channel: 'portal',
  subject: 'Chats are not created',
  description: '1. open the widget 2. send a message 3. no chat appears',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
  now: at('2026-04-02T13:30:00Z'),
  ...overrides,
});

const openBirdCritical = (overrides: Partial<OpenCase> = {}): OpenCase =>
  openP2({
    terms: bird(),
    channel: 'portal',
    priority: 'P1',
    criticality: 'critical',
    subject: 'Unavailability',
    now: at('2026-04-02T14:00:00Z'),
    ...overrides,
  });

/** A history made by the aggregate's own commands. */
function historyOf(...commands: ((c: SupportCase) => void)[]): SupportCaseEvent[] {
  const supportCase = new SupportCase();
  for (const command of commands) command(supportCase);
  return [...supportCase.getUncommittedEvents()];
}

/** Runs a story step by step: each step's events become the next step's history. */
function story() {
  const history: SupportCaseEvent[] = [];
  return {
    step(command: (c: SupportCase) => void, ...expected: SupportCaseEvent[]): SupportCase {
      const result = spec
        .given(...history)
        .when(command)
        .then(...expected);
      history.push(...expected);
      return result;
    },
    history,
  };
}

const P2_TERMS = caseTermsOf(beesender());
const caseOpenedP2 = new CaseOpened({
  caseId: 'case-1',
  contractId: 'k-1',
  accountId: 'acc-1',
  contactId: 'c-1',
  channel: 'portal',
  subject: 'Chats are not created',
  description: '1. open the widget 2. send a message 3. no chat appears',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
  vitalInformation: null,
  receivedAt: iso('2026-04-02T13:30:00Z'),
  openedAt: iso('2026-04-02T13:30:00Z'),
  terms: P2_TERMS,
});
const beesenderClock = (
  clockId: string,
  metric: 'firstResponse' | 'resolution',
  minutes: number,
  startedAt: string,
  dueAt: string,
  warningAt: string,
) =>
  new SlaClockStarted({
    caseId: 'case-1',
    clockId,
    metric,
    target: { minutes, unit: 'business', warnAtShare: 0.75 },
    planId: 'beesender-business',
    calendarVersion: 1,
    calendar: P2_TERMS.calendar,
    startedAt: iso(startedAt),
    dueAt: iso(dueAt),
    warningAt: iso(warningAt),
  });

describe('SupportCase', () => {
  describe('Beesender Business P2: business-hours response across a night, information requested and provided', () => {
    it('due instants follow the desk hours, and a customer wait shifts the paused resolution clock by exactly its length in business time', () => {
      const s = story();
      // Received 16:30 local: 1.5 business hours today, 2.5 tomorrow from 09:00 → 11:30 local = 08:30Z.
      s.step(
        (c) => c.open(openP2()),
        caseOpenedP2,
        beesenderClock(
          'firstResponse-1',
          'firstResponse',
          240,
          '2026-04-02T13:30:00Z',
          '2026-04-03T08:30:00Z',
          '2026-04-03T07:30:00Z',
        ),
        beesenderClock(
          'resolution-1',
          'resolution',
          960,
          '2026-04-02T13:30:00Z',
          '2026-04-04T11:30:00Z',
          '2026-04-04T07:30:00Z',
        ),
      );
      s.step(
        (c) => c.assign({ agentId: 'agent-7', at: at('2026-04-03T06:10:00Z') }),
        new CaseAssigned({
          caseId: 'case-1',
          agentId: 'agent-7',
          previousAgentId: null,
          at: iso('2026-04-03T06:10:00Z'),
        }),
      );
      s.step(
        (c) => c.respond({ agentId: 'agent-7', message: 'Looking into it', at: at('2026-04-03T07:00:00Z') }),
        new CaseResponded({
          caseId: 'case-1',
          agentId: 'agent-7',
          message: 'Looking into it',
          at: iso('2026-04-03T07:00:00Z'),
        }),
        new SlaClockStopped({
          caseId: 'case-1',
          clockId: 'firstResponse-1',
          at: iso('2026-04-03T07:00:00Z'),
          outcome: 'met',
        }),
      );
      // 11:00 local: the resolution clock has used 1.5 h + 2 h of desk time. The first response does not pause (the plan says so).
      s.step(
        (c) => c.requestInformation({ agentId: 'agent-7', question: 'Which channel?', at: at('2026-04-03T08:00:00Z') }),
        new InformationRequested({
          caseId: 'case-1',
          agentId: 'agent-7',
          question: 'Which channel?',
          at: iso('2026-04-03T08:00:00Z'),
        }),
        new SlaClockPaused({
          caseId: 'case-1',
          clockId: 'resolution-1',
          at: iso('2026-04-03T08:00:00Z'),
          usedMs: 3.5 * 3_600_000,
        }),
      );
      // Answered 15:00 local next day: 12.5 h left = 3 h today, 9 h on the 5th, 0.5 h on the 6th → 09:30 local = 06:30Z.
      const afterWait = s.step(
        (c) => c.provideInformation({ contactId: 'c-1', answer: 'Telegram', at: at('2026-04-04T12:00:00Z') }),
        new InformationProvided({
          caseId: 'case-1',
          contactId: 'c-1',
          answer: 'Telegram',
          at: iso('2026-04-04T12:00:00Z'),
        }),
        new SlaClockResumed({
          caseId: 'case-1',
          clockId: 'resolution-1',
          at: iso('2026-04-04T12:00:00Z'),
          dueAt: iso('2026-04-06T06:30:00Z'),
          warningAt: iso('2026-04-05T11:30:00Z'),
        }),
      );
      expect(afterWait.status).toBe('open');
      s.step(
        (c) =>
          c.escalate({
            to: 'tam',
            tamId: 'tam-ada',
            reason: 'customer asks for the account manager',
            at: at('2026-04-04T12:30:00Z'),
          }),
        new CaseEscalated({
          caseId: 'case-1',
          to: 'tam',
          reason: 'customer asks for the account manager',
          tamId: 'tam-ada',
          causedBy: null,
          at: iso('2026-04-04T12:30:00Z'),
        }),
      );
      s.step(
        (c) =>
          c.proposeResolution({
            by: 'vendor',
            actorId: 'agent-7',
            summary: 'webhook re-registered',
            at: at('2026-04-05T07:00:00Z'),
          }),
        new ResolutionProposed({
          caseId: 'case-1',
          by: 'vendor',
          actorId: 'agent-7',
          summary: 'webhook re-registered',
          at: iso('2026-04-05T07:00:00Z'),
        }),
      );
      s.step(
        (c) =>
          c.rejectResolution({
            by: 'customer',
            actorId: 'c-1',
            reason: 'still no chats',
            at: at('2026-04-05T08:00:00Z'),
          }),
        new ResolutionRejected({
          caseId: 'case-1',
          by: 'customer',
          actorId: 'c-1',
          reason: 'still no chats',
          at: iso('2026-04-05T08:00:00Z'),
        }),
      );
      s.step(
        (c) =>
          c.proposeResolution({
            by: 'vendor',
            actorId: 'agent-7',
            summary: 'token rotated',
            at: at('2026-04-05T09:00:00Z'),
          }),
        new ResolutionProposed({
          caseId: 'case-1',
          by: 'vendor',
          actorId: 'agent-7',
          summary: 'token rotated',
          at: iso('2026-04-05T09:00:00Z'),
        }),
      );
      const resolved = s.step(
        (c) => c.acceptResolution({ by: 'customer', actorId: 'c-1', at: at('2026-04-05T10:00:00Z') }),
        new CaseMutuallyResolved({
          caseId: 'case-1',
          proposedBy: 'vendor',
          proposedByActorId: 'agent-7',
          acceptedBy: 'customer',
          acceptedByActorId: 'c-1',
          summary: 'token rotated',
          at: iso('2026-04-05T10:00:00Z'),
        }),
        new SlaClockStopped({
          caseId: 'case-1',
          clockId: 'resolution-1',
          at: iso('2026-04-05T10:00:00Z'),
          outcome: 'met',
        }),
      );
      const view = caseView(resolved, at('2026-04-05T10:00:00Z'));
      expect(view.status).toBe('resolved');
      expect(view.clocks.map((c) => [c.clockId, c.status])).toEqual([
        ['firstResponse-1', 'met'],
        ['resolution-1', 'met'],
      ]);
    });
  });

  describe('Bird Email Enterprise critical issue: hotline, 15-minute callback, cadence, workaround, mutual resolution', () => {
    it('the callback clock is due 15 elapsed minutes after the call, a callback at +10 min meets it, and updates run at the cadence', () => {
      const s = story();
      const terms = caseTermsOf(bird());
      s.step(
        (c) => c.open(openBirdCritical()),
        new CaseOpened({
          ...caseOpenedP2.data,
          subject: 'Unavailability',
          priority: 'P1',
          criticality: 'critical',
          receivedAt: iso('2026-04-02T14:00:00Z'),
          openedAt: iso('2026-04-02T14:00:00Z'),
          terms,
        }),
      );
      const elapsedClock = (
        clockId: string,
        metric: 'callback' | 'nextUpdate',
        minutes: number,
        startedAt: string,
        dueAt: string,
        warningAt: string,
      ) =>
        new SlaClockStarted({
          caseId: 'case-1',
          clockId,
          metric,
          target: { minutes, unit: 'elapsed', warnAtShare: 0.75 },
          planId: 'bird-email-enterprise',
          calendarVersion: null,
          calendar: ALWAYS_OPEN,
          startedAt: iso(startedAt),
          dueAt: iso(dueAt),
          warningAt: iso(warningAt),
        });
      s.step(
        (c) => c.logHotlineCall({ vitalInformation: vital, at: at('2026-04-02T14:05:00Z') }),
        new HotlineCallLogged({ caseId: 'case-1', vitalInformation: vital, at: iso('2026-04-02T14:05:00Z') }),
        elapsedClock(
          'callback-1',
          'callback',
          15,
          '2026-04-02T14:05:00Z',
          '2026-04-02T14:20:00Z',
          '2026-04-02T14:16:15Z',
        ),
      );
      s.step(
        (c) => c.logCallback({ agentId: 'agent-3', at: at('2026-04-02T14:15:00Z') }),
        new CallbackLogged({ caseId: 'case-1', agentId: 'agent-3', at: iso('2026-04-02T14:15:00Z') }),
        new SlaClockStopped({
          caseId: 'case-1',
          clockId: 'callback-1',
          at: iso('2026-04-02T14:15:00Z'),
          outcome: 'met',
        }),
        elapsedClock(
          'nextUpdate-1',
          'nextUpdate',
          60,
          '2026-04-02T14:15:00Z',
          '2026-04-02T15:15:00Z',
          '2026-04-02T15:00:00Z',
        ),
      );
      s.step(
        (c) => c.agreeUpdateCadence({ minutes: 30, at: at('2026-04-02T14:20:00Z') }),
        new UpdateCadenceAgreed({ caseId: 'case-1', minutes: 30, unit: 'elapsed', at: iso('2026-04-02T14:20:00Z') }),
      );
      s.step(
        (c) =>
          c.giveProgressUpdate({ agentId: 'agent-3', message: 'failover in progress', at: at('2026-04-02T15:10:00Z') }),
        new ProgressUpdateGiven({
          caseId: 'case-1',
          agentId: 'agent-3',
          message: 'failover in progress',
          at: iso('2026-04-02T15:10:00Z'),
        }),
        new SlaClockStopped({
          caseId: 'case-1',
          clockId: 'nextUpdate-1',
          at: iso('2026-04-02T15:10:00Z'),
          outcome: 'met',
        }),
        elapsedClock(
          'nextUpdate-2',
          'nextUpdate',
          30,
          '2026-04-02T15:10:00Z',
          '2026-04-02T15:40:00Z',
          '2026-04-02T15:32:30Z',
        ),
      );
      s.step(
        (c) =>
          c.provideWorkaround({
            agentId: 'agent-3',
            description: 'route via the EU cluster',
            at: at('2026-04-02T15:30:00Z'),
          }),
        new WorkaroundProvided({
          caseId: 'case-1',
          agentId: 'agent-3',
          description: 'route via the EU cluster',
          at: iso('2026-04-02T15:30:00Z'),
        }),
      );
      s.step(
        (c) =>
          c.proposeResolution({
            by: 'vendor',
            actorId: 'agent-3',
            summary: 'root cause fixed',
            at: at('2026-04-02T15:35:00Z'),
          }),
        new ResolutionProposed({
          caseId: 'case-1',
          by: 'vendor',
          actorId: 'agent-3',
          summary: 'root cause fixed',
          at: iso('2026-04-02T15:35:00Z'),
        }),
      );
      s.step(
        (c) => c.acceptResolution({ by: 'customer', actorId: 'c-1', at: at('2026-04-02T15:50:00Z') }),
        new CaseMutuallyResolved({
          caseId: 'case-1',
          proposedBy: 'vendor',
          proposedByActorId: 'agent-3',
          acceptedBy: 'customer',
          acceptedByActorId: 'c-1',
          summary: 'root cause fixed',
          at: iso('2026-04-02T15:50:00Z'),
        }),
        new SlaClockStopped({
          caseId: 'case-1',
          clockId: 'nextUpdate-2',
          at: iso('2026-04-02T15:50:00Z'),
          outcome: 'resolved',
        }),
      );
      const closed = s.step(
        (c) => c.close({ at: at('2026-04-02T16:00:00Z') }),
        new CaseClosed({ caseId: 'case-1', at: iso('2026-04-02T16:00:00Z') }),
      );
      const view = caseView(closed, at('2026-04-02T16:00:00Z'));
      expect(view.clocks.map((c) => [c.clockId, c.status])).toEqual([
        ['callback-1', 'met'],
        ['nextUpdate-1', 'met'],
        // Overdue at 15:40 while the proposal awaited the customer, before resolution stopped it.
        ['nextUpdate-2', 'breached'],
      ]);
    });

    it('a callback after 15 minutes breaches the callback clock', () => {
      spec
        .given(
          ...historyOf(
            (c) => c.open(openBirdCritical()),
            (c) => c.logHotlineCall({ vitalInformation: vital, at: at('2026-04-02T14:05:00Z') }),
          ),
        )
        .when((c) => c.logCallback({ agentId: 'agent-3', at: at('2026-04-02T14:20:01Z') }))
        .then(
          new CallbackLogged({ caseId: 'case-1', agentId: 'agent-3', at: iso('2026-04-02T14:20:01Z') }),
          new SlaClockStopped({
            caseId: 'case-1',
            clockId: 'callback-1',
            at: iso('2026-04-02T14:20:01Z'),
            outcome: 'breached',
          }),
          expect.objectContaining({
            type: 'SlaClockStarted',
            data: expect.objectContaining({ clockId: 'nextUpdate-1' }),
          }),
        );
    });

    it('the SparkPost variant opens the case from the hotline call and starts the callback clock at once', () => {
      const supportCase = spec
        .given()
        .when((c) =>
          c.openFromHotlineCall({
            caseId: 'case-1',
            terms: bird(),
            contactId: 'c-1',
            vitalInformation: vital,
            now: at('2026-04-02T14:00:00Z'),
          }),
        )
        .then(
          new CaseOpened({
            ...caseOpenedP2.data,
            channel: 'severity1Hotline',
            subject: 'Severity-1 hotline call from Acme',
            description: 'all API calls time out',
            priority: 'P1',
            criticality: 'critical',
            vitalInformation: vital,
            receivedAt: iso('2026-04-02T14:00:00Z'),
            openedAt: iso('2026-04-02T14:00:00Z'),
            terms: caseTermsOf(bird()),
          }),
          new HotlineCallLogged({ caseId: 'case-1', vitalInformation: vital, at: iso('2026-04-02T14:00:00Z') }),
          expect.objectContaining({
            type: 'SlaClockStarted',
            data: expect.objectContaining({ clockId: 'callback-1', dueAt: iso('2026-04-02T14:15:00Z') }),
          }),
        );
      expect(supportCase.hotlineCall?.at).toBe(iso('2026-04-02T14:00:00Z'));
    });

    it('a workaround stops the workaround clock of a critical issue', () => {
      const withWorkaroundTarget = bird('2026-04-02T14:00:00Z', [
        { metric: 'workaround', criticality: 'critical', minutes: 240, unit: 'elapsed' },
      ]);
      spec
        .given(...historyOf((c) => c.open(openBirdCritical({ terms: withWorkaroundTarget }))))
        .when((c) =>
          c.provideWorkaround({
            agentId: 'agent-3',
            description: 'use the EU cluster',
            at: at('2026-04-02T17:00:00Z'),
          }),
        )
        .then(
          new WorkaroundProvided({
            caseId: 'case-1',
            agentId: 'agent-3',
            description: 'use the EU cluster',
            at: iso('2026-04-02T17:00:00Z'),
          }),
          new SlaClockStopped({
            caseId: 'case-1',
            clockId: 'workaround-1',
            at: iso('2026-04-02T17:00:00Z'),
            outcome: 'met',
          }),
        );
    });
  });

  describe('open: refusals', () => {
    it('a case is opened once', () => {
      spec
        .given(caseOpenedP2)
        .when((c) => c.open(openP2()))
        .thenThrows(CaseAlreadyOpened);
    });

    it('a contract not active when the case was received refuses it', () => {
      const contract = new Contract();
      contract.sign({
        contractId: 'k-1',
        accountId: 'acc-1',
        planId: 'beesender-business',
        startsAt: at('2026-01-01T00:00:00Z'),
        now: at('2025-12-01T00:00:00Z'),
      });
      contract.addAuthorisedContact({
        contactId: 'c-1',
        name: 'Olga',
        email: 'o@example.com',
        at: at('2026-01-02T00:00:00Z'),
      });
      contract.terminate({ reason: 'unpaid', at: at('2026-03-01T00:00:00Z') });
      spec
        .given()
        .when((c) => c.open(openP2({ terms: contract.termsAt(at('2026-04-02T13:30:00Z')) })))
        .thenThrows(ContractNotActive);
    });

    it('a contact who is not authorised cannot open a case', () => {
      spec
        .given()
        .when((c) => c.open(openP2({ contactId: 'c-9' })))
        .thenThrows(ContactNotAuthorised);
    });

    it('a channel the plan does not offer is refused', () => {
      spec
        .given()
        .when((c) => c.open(openP2({ channel: 'skype' })))
        .thenThrows(ChannelNotAllowed, (e) => expect(e.channel).toBe('skype'));
    });

    it('a critical issue needs a plan with the Severity-1 hotline', () => {
      spec
        .given()
        .when((c) => c.open(openP2({ criticality: 'critical' })))
        .thenThrows(HotlineNotIncluded);
    });

    it('the SparkPost variant needs a plan with the Severity-1 hotline', () => {
      spec
        .given()
        .when((c) =>
          c.openFromHotlineCall({
            caseId: 'case-1',
            terms: beesender(),
            contactId: 'c-1',
            vitalInformation: vital,
            now: at('2026-04-02T14:00:00Z'),
          }),
        )
        .thenThrows(HotlineNotIncluded);
    });

    it('receivedAt cannot be in the future', () => {
      spec
        .given()
        .when((c) => c.open(openP2({ receivedAt: at('2026-04-02T13:30:01Z') })))
        .thenThrows(ReceivedAtInFuture);
    });

    it('receivedAt cannot be before the contract starts', () => {
      spec
        .given()
        .when((c) => c.open(openP2({ receivedAt: at('2025-12-31T23:59:59Z') })))
        .thenThrows(ReceivedBeforeContract);
    });

    it('an imported case starts its clocks at receivedAt, not at import', () => {
      const supportCase = spec
        .given()
        .when((c) => c.open(openP2({ receivedAt: at('2026-04-02T06:00:00Z'), now: at('2026-04-02T13:30:00Z') })))
        .then(
          new CaseOpened({ ...caseOpenedP2.data, receivedAt: iso('2026-04-02T06:00:00Z') }),
          beesenderClock(
            'firstResponse-1',
            'firstResponse',
            240,
            '2026-04-02T06:00:00Z',
            '2026-04-02T10:00:00Z',
            '2026-04-02T09:00:00Z',
          ),
          beesenderClock(
            'resolution-1',
            'resolution',
            960,
            '2026-04-02T06:00:00Z',
            '2026-04-03T13:00:00Z',
            '2026-04-03T09:00:00Z',
          ),
        );
      expect(supportCase.openedAt.toISO()).toBe(iso('2026-04-02T13:30:00Z'));
    });
  });

  describe('refusals of senseless transitions', () => {
    const opened = () => historyOf((c) => c.open(openP2()));
    const awaiting = () =>
      historyOf(
        (c) => c.open(openP2()),
        (c) => c.requestInformation({ agentId: 'a', question: 'q', at: at('2026-04-03T06:00:00Z') }),
      );
    const proposed = () =>
      historyOf(
        (c) => c.open(openP2()),
        (c) => c.proposeResolution({ by: 'vendor', actorId: 'a', summary: 's', at: at('2026-04-03T06:00:00Z') }),
      );
    const resolved = () => [
      ...proposed(),
      ...historyOf(
        (c) => c.loadFromHistory(proposed()),
        (c) => c.acceptResolution({ by: 'customer', actorId: 'c-1', at: at('2026-04-03T07:00:00Z') }),
      ),
    ];
    const closed = () => [...resolved(), new CaseClosed({ caseId: 'case-1', at: iso('2026-04-03T08:00:00Z') })];
    const later = at('2026-04-04T06:00:00Z');

    it('no command works on a case never opened', () => {
      spec
        .given()
        .when((c) => c.respond({ agentId: 'a', message: 'm', at: later }))
        .thenThrows(CaseNotFound);
      spec
        .given()
        .when((c) => c.close({ at: later }))
        .thenThrows(CaseNotFound);
    });

    it('a command dated before the case last event is refused', () => {
      spec
        .given(...awaiting())
        .when((c) => c.provideInformation({ contactId: 'c-1', answer: 'x', at: at('2026-04-03T05:59:59Z') }))
        .thenThrows(InstantOutOfOrder);
    });

    it('information cannot be requested twice without an answer, nor provided when none was requested', () => {
      spec
        .given(...awaiting())
        .when((c) => c.requestInformation({ agentId: 'a', question: 'q2', at: later }))
        .thenThrows(InvalidTransition);
      spec
        .given(...opened())
        .when((c) => c.provideInformation({ contactId: 'c-1', answer: 'x', at: later }))
        .thenThrows(InvalidTransition);
    });

    it('a hotline call is only for a critical issue, and only once', () => {
      spec
        .given(...opened())
        .when((c) => c.logHotlineCall({ vitalInformation: vital, at: later }))
        .thenThrows(NotACriticalIssue);
      const called = historyOf(
        (c) => c.open(openBirdCritical()),
        (c) => c.logHotlineCall({ vitalInformation: vital, at: at('2026-04-02T14:05:00Z') }),
      );
      spec
        .given(...called)
        .when((c) => c.logHotlineCall({ vitalInformation: vital, at: later }))
        .thenThrows(HotlineCallAlreadyLogged);
    });

    it('a callback needs a hotline call waiting for it', () => {
      spec
        .given(...historyOf((c) => c.open(openBirdCritical())))
        .when((c) => c.logCallback({ agentId: 'a', at: later }))
        .thenThrows(NoCallbackPending);
    });

    it('assigning the agent who already owns the case is refused', () => {
      const assigned = historyOf(
        (c) => c.open(openP2()),
        (c) => c.assign({ agentId: 'a', at: at('2026-04-03T06:00:00Z') }),
      );
      spec
        .given(...assigned)
        .when((c) => c.assign({ agentId: 'a', at: later }))
        .thenThrows(AlreadyAssignedToAgent);
    });

    it('a reassignment records the previous owner', () => {
      const assigned = historyOf(
        (c) => c.open(openP2()),
        (c) => c.assign({ agentId: 'a', at: at('2026-04-03T06:00:00Z') }),
      );
      spec
        .given(...assigned)
        .when((c) => c.assign({ agentId: 'b', at: later }))
        .then(new CaseAssigned({ caseId: 'case-1', agentId: 'b', previousAgentId: 'a', at: later.toISO() as string }));
    });

    it('a progress update comes after the first response', () => {
      spec
        .given(...opened())
        .when((c) => c.giveProgressUpdate({ agentId: 'a', message: 'm', at: later }))
        .thenThrows(FirstResponseOutstanding);
    });

    it('a cadence is a positive whole number of minutes', () => {
      spec
        .given(...opened())
        .when((c) => c.agreeUpdateCadence({ minutes: 0, at: later }))
        .thenThrows(InvalidCadence);
    });

    it('a reclassification must change something', () => {
      spec
        .given(...opened())
        .when((c) => c.reclassify({ priority: 'P2', reason: 'r', at: later }))
        .thenThrows(NothingToReclassify);
    });

    it('a case cannot become critical under a plan without the hotline', () => {
      spec
        .given(...opened())
        .when((c) => c.reclassify({ criticality: 'critical', reason: 'r', at: later }))
        .thenThrows(HotlineNotIncluded);
    });

    it('an escalation to the TAM names the TAM, and only that one does', () => {
      spec
        .given(...opened())
        .when((c) => c.escalate({ to: 'tam', reason: 'r', at: later }))
        .thenThrows(TamRequiredForEscalation);
      spec
        .given(...opened())
        .when((c) => c.escalate({ to: 'tier2', tamId: 't', reason: 'r', at: later }))
        .thenThrows(TamOnlyForTamEscalation);
    });

    it('an escalation to engineering records its cause', () => {
      spec
        .given(...opened())
        .when((c) => c.escalate({ to: 'engineering', reason: 'bug', causedBy: 'firstResponse-1', at: later }))
        .then(
          new CaseEscalated({
            caseId: 'case-1',
            to: 'engineering',
            reason: 'bug',
            tamId: null,
            causedBy: 'firstResponse-1',
            at: later.toISO() as string,
          }),
        );
    });

    it('an escalation that cannot be made is recorded with its reason, its clock and its breach, once per breach', () => {
      const unmade = {
        to: 'tam' as const,
        reason: 'no TAM assigned to the account',
        clockId: 'firstResponse-1',
        breachedAt: iso('2026-03-02T10:00:00Z'),
        causedBy: 'breach-event-1',
      };
      const recorded = new EscalationNotPossible({ caseId: 'case-1', ...unmade, at: later.toISO() as string });
      spec
        .given(...opened())
        .when((c) => c.recordEscalationNotPossible({ ...unmade, at: later }))
        .then(recorded);
      spec
        .given(...opened(), recorded)
        .when((c) => c.recordEscalationNotPossible({ ...unmade, at: later }))
        .thenThrows(EscalationAlreadyRecorded);
      const view = caseView(SupportCase.fromHistory([...opened(), recorded] as SupportCaseEvent[]), later);
      expect(view.escalationsNotPossible).toEqual([
        {
          to: 'tam',
          reason: unmade.reason,
          clockId: unmade.clockId,
          breachedAt: unmade.breachedAt,
          causedBy: 'breach-event-1',
          at: later.toISO(),
        },
      ]);
    });

    it('a resolution is proposed only on an open case, not while awaiting the customer or another proposal', () => {
      spec
        .given(...awaiting())
        .when((c) => c.proposeResolution({ by: 'customer', actorId: 'c-1', summary: 's', at: later }))
        .thenThrows(InvalidTransition);
      spec
        .given(...proposed())
        .when((c) => c.proposeResolution({ by: 'customer', actorId: 'c-1', summary: 's', at: later }))
        .thenThrows(InvalidTransition);
    });

    it('a resolution is accepted or rejected only by the other side', () => {
      spec
        .given(...proposed())
        .when((c) => c.acceptResolution({ by: 'vendor', actorId: 'a', at: later }))
        .thenThrows(ResolutionMustComeFromOtherSide);
      spec
        .given(...proposed())
        .when((c) => c.rejectResolution({ by: 'vendor', reason: 'r', at: later }))
        .thenThrows(ResolutionMustComeFromOtherSide);
    });

    it('nothing to accept or reject without a proposal', () => {
      spec
        .given(...opened())
        .when((c) => c.acceptResolution({ by: 'customer', actorId: 'c-1', at: later }))
        .thenThrows(InvalidTransition);
      spec
        .given(...opened())
        .when((c) => c.rejectResolution({ by: 'customer', reason: 'r', at: later }))
        .thenThrows(InvalidTransition);
    });

    it('a resolved case takes no work until reopened', () => {
      spec
        .given(...resolved())
        .when((c) => c.respond({ agentId: 'a', message: 'm', at: later }))
        .thenThrows(CaseAlreadyResolved);
      spec
        .given(...resolved())
        .when((c) => c.escalate({ to: 'tier2', reason: 'r', at: later }))
        .thenThrows(CaseAlreadyResolved);
    });

    it('only a resolved case is reopened, and reopening starts its opening clocks again', () => {
      spec
        .given(...opened())
        .when((c) => c.reopen({ reason: 'r', at: later }))
        .thenThrows(InvalidTransition);
      spec
        .given(...resolved())
        .when((c) => c.reopen({ reason: 'it broke again', at: at('2026-04-04T06:00:00Z') }))
        .then(
          new CaseReopened({ caseId: 'case-1', reason: 'it broke again', at: iso('2026-04-04T06:00:00Z') }),
          beesenderClock(
            'firstResponse-2',
            'firstResponse',
            240,
            '2026-04-04T06:00:00Z',
            '2026-04-04T10:00:00Z',
            '2026-04-04T09:00:00Z',
          ),
          beesenderClock(
            'resolution-2',
            'resolution',
            960,
            '2026-04-04T06:00:00Z',
            '2026-04-05T13:00:00Z',
            '2026-04-05T09:00:00Z',
          ),
        );
    });

    it('a case is closed only after mutual resolution, and only once', () => {
      spec
        .given(...opened())
        .when((c) => c.close({ at: later }))
        .thenThrows(CaseNotResolved);
      spec
        .given(...proposed())
        .when((c) => c.close({ at: later }))
        .thenThrows(CaseNotResolved);
      spec
        .given(...closed())
        .when((c) => c.close({ at: later }))
        .thenThrows(CaseAlreadyClosed);
      spec
        .given(...closed())
        .when((c) => c.reopen({ reason: 'r', at: later }))
        .thenThrows(CaseAlreadyClosed);
    });
  });

  describe('reclassification', () => {
    // P3 received 09:30 local (06:30Z); reclassified to P1 at 12:00 local (09:00Z).
    const p3 = () =>
      historyOf((c) =>
        c.open(openP2({ priority: 'P3', receivedAt: at('2026-04-02T06:30:00Z'), now: at('2026-04-02T06:30:00Z') })),
      );

    it('stops the old clocks as reclassified and starts the new targets from the reclassification instant', () => {
      spec
        .given(...p3())
        .when((c) => c.reclassify({ priority: 'P1', reason: 'no operator can log in', at: at('2026-04-02T09:00:00Z') }))
        .then(
          new CaseReclassified({
            caseId: 'case-1',
            from: { priority: 'P3', criticality: 'nonCritical' },
            to: { priority: 'P1', criticality: 'nonCritical' },
            retroactive: false,
            reason: 'no operator can log in',
            at: iso('2026-04-02T09:00:00Z'),
          }),
          new SlaClockStopped({
            caseId: 'case-1',
            clockId: 'firstResponse-1',
            at: iso('2026-04-02T09:00:00Z'),
            outcome: 'reclassified',
          }),
          new SlaClockStopped({
            caseId: 'case-1',
            clockId: 'resolution-1',
            at: iso('2026-04-02T09:00:00Z'),
            outcome: 'reclassified',
          }),
          beesenderClock(
            'firstResponse-2',
            'firstResponse',
            60,
            '2026-04-02T09:00:00Z',
            '2026-04-02T10:00:00Z',
            '2026-04-02T09:45:00Z',
          ),
          // 16 business hours from 12:00 local: 6 today, 9 on the 3rd, 1 on the 4th → 10:00 local = 07:00Z.
          beesenderClock(
            'resolution-2',
            'resolution',
            960,
            '2026-04-02T09:00:00Z',
            '2026-04-04T07:00:00Z',
            '2026-04-03T12:00:00Z',
          ),
        );
    });

    it('a retroactive reclassification starts the new clocks from receivedAt', () => {
      spec
        .given(...p3())
        .when((c) =>
          c.reclassify({
            priority: 'P1',
            retroactive: true,
            reason: 'was P1 all along',
            at: at('2026-04-02T09:00:00Z'),
          }),
        )
        .then(
          expect.objectContaining({ type: 'CaseReclassified' }),
          expect.objectContaining({ type: 'SlaClockStopped' }),
          expect.objectContaining({ type: 'SlaClockStopped' }),
          // One business hour from 09:30 local: due 10:30 local = 07:30Z, already past at reclassification.
          beesenderClock(
            'firstResponse-2',
            'firstResponse',
            60,
            '2026-04-02T06:30:00Z',
            '2026-04-02T07:30:00Z',
            '2026-04-02T07:15:00Z',
          ),
          beesenderClock(
            'resolution-2',
            'resolution',
            960,
            '2026-04-02T06:30:00Z',
            '2026-04-03T13:30:00Z',
            '2026-04-03T09:30:00Z',
          ),
        );
    });

    it('a retroactive clock of a pausing metric goes through the customer waits since receipt', () => {
      const waited = historyOf(
        (c) =>
          c.open(openP2({ priority: 'P3', receivedAt: at('2026-04-02T06:30:00Z'), now: at('2026-04-02T06:30:00Z') })),
        (c) => c.requestInformation({ agentId: 'a', question: 'q', at: at('2026-04-02T07:00:00Z') }),
        (c) => c.provideInformation({ contactId: 'c-1', answer: 'x', at: at('2026-04-02T08:00:00Z') }),
      );
      const reclassified = spec
        .given(...waited)
        .when((c) => c.reclassify({ priority: 'P1', retroactive: true, reason: 'r', at: at('2026-04-02T09:00:00Z') }))
        .then(
          expect.objectContaining({ type: 'CaseReclassified' }),
          expect.objectContaining({ type: 'SlaClockStopped' }),
          expect.objectContaining({ type: 'SlaClockStopped' }),
          expect.objectContaining({
            type: 'SlaClockStarted',
            data: expect.objectContaining({ clockId: 'firstResponse-2' }),
          }),
          expect.objectContaining({
            type: 'SlaClockStarted',
            data: expect.objectContaining({ clockId: 'resolution-2' }),
          }),
          new SlaClockPaused({
            caseId: 'case-1',
            clockId: 'resolution-2',
            at: iso('2026-04-02T07:00:00Z'),
            usedMs: 30 * 60_000,
          }),
          // The hour-long wait pushes the deadline from 13:30Z on the 3rd to 14:30Z.
          new SlaClockResumed({
            caseId: 'case-1',
            clockId: 'resolution-2',
            at: iso('2026-04-02T08:00:00Z'),
            dueAt: iso('2026-04-03T14:30:00Z'),
            warningAt: iso('2026-04-03T10:30:00Z'),
          }),
        );
      expect(
        caseView(reclassified, at('2026-04-02T09:00:00Z')).clocks.find((c) => c.clockId === 'resolution-2')?.dueAt,
      ).toBe(iso('2026-04-03T14:30:00Z'));
    });

    it('a first response already given is not restarted by a reclassification', () => {
      const responded = historyOf(
        (c) => c.open(openP2({ priority: 'P3' })),
        (c) => c.respond({ agentId: 'a', message: 'm', at: at('2026-04-02T14:00:00Z') }),
      );
      const supportCase = spec
        .given(...responded)
        .when((c) => c.reclassify({ priority: 'P1', reason: 'r', at: at('2026-04-03T06:00:00Z') }))
        .then(
          expect.objectContaining({ type: 'CaseReclassified' }),
          new SlaClockStopped({
            caseId: 'case-1',
            clockId: 'resolution-1',
            at: iso('2026-04-03T06:00:00Z'),
            outcome: 'reclassified',
          }),
          expect.objectContaining({
            type: 'SlaClockStarted',
            data: expect.objectContaining({ clockId: 'resolution-2' }),
          }),
        );
      expect(supportCase.priority).toBe('P1');
    });
  });

  describe('pausing', () => {
    it('a clock the plan does not pause keeps running while the case awaits the customer', () => {
      const supportCase = spec
        .given(caseOpenedP2, ...historyOf((c) => c.open(openP2())).slice(1))
        .when((c) => c.requestInformation({ agentId: 'a', question: 'q', at: at('2026-04-03T06:00:00Z') }))
        .then(
          new InformationRequested({ caseId: 'case-1', agentId: 'a', question: 'q', at: iso('2026-04-03T06:00:00Z') }),
          new SlaClockPaused({
            caseId: 'case-1',
            clockId: 'resolution-1',
            at: iso('2026-04-03T06:00:00Z'),
            usedMs: 1.5 * 3_600_000,
          }),
        );
      expect(supportCase.status).toBe('awaitingCustomer');
      const view = caseView(supportCase, at('2026-04-03T07:00:00Z'));
      expect(view.clocks.map((c) => [c.clockId, c.status, c.dueAt])).toEqual([
        ['firstResponse-1', 'running', iso('2026-04-03T08:30:00Z')],
        ['resolution-1', 'paused', null],
      ]);
    });
  });
});
