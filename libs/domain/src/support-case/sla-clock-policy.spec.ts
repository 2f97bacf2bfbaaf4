import { DateTime } from 'luxon';
import { Contract, SignContract } from '../contract/contract.aggregate';
import { ContractTerms } from '../contract/contract-terms';
import { ClockChange, clockEventsFor } from './sla-clock-policy';
import { OpenCase, SupportCase } from './support-case.aggregate';
import {
  CaseMutuallyResolved,
  CaseReclassified,
  HotlineCallLogged,
  InformationProvided,
  InformationRequested,
  SupportCaseEvent,
  VitalInformation,
} from './support-case.events';
import { SupportCaseState } from './support-case.state';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const iso = (text: string) => at(text).toUTC().toISO() as string;

function termsOf(sign: Omit<SignContract, 'contractId' | 'accountId' | 'startsAt' | 'now'>): ContractTerms {
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
  return contract.termsAt(at('2026-04-02T13:30:00Z'));
}

/** Beesender Business: a 240-minute first response and, by contract, a 960-minute resolution; resolution pauses. */
const beesender = () =>
  termsOf({
    planId: 'beesender-business',
    serviceTimeZone: 'gmt+3',
    targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
  });

const openP2: OpenCase = {
  caseId: 'case-1',
  terms: beesender(),
  contactId: 'c-1',
  channel: 'portal',
  subject: 'Chats are not created',
  description: 'no chat appears',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
  now: at('2026-04-02T13:30:00Z'),
};

const vital: VitalInformation = {
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

/** The state the policy sees: the history folded, then the step's own lifecycle event. */
const stateOf = (...events: SupportCaseEvent[]): SupportCaseState => SupportCase.fromHistory(events).state;

/** The shape of a clock event that the rules are about: which clock, what happened, when, how it ended. */
function summary(events: ClockChange[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'SlaClockStarted':
        return `start ${e.data.clockId} at ${e.data.startedAt} due ${e.data.dueAt}`;
      case 'SlaClockPaused':
        return `pause ${e.data.clockId} at ${e.data.at}`;
      case 'SlaClockResumed':
        return `resume ${e.data.clockId} at ${e.data.at} due ${e.data.dueAt}`;
      case 'SlaClockStopped':
        return `stop ${e.data.clockId} at ${e.data.at} ${e.data.outcome}`;
      default: {
        const _exhaustive: never = e;
        throw new Error(`unexpected ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
}

describe('SLA clock policy', () => {
  const opened = historyOf((c) => c.open(openP2));
  const waitFrom = new InformationRequested({
    caseId: 'case-1',
    agentId: 'a-1',
    question: 'which widget?',
    at: iso('2026-04-02T14:00:00Z'),
  });

  it('an opened case starts the opening clocks its class has targets for, from receipt', () => {
    const [caseOpened] = opened;
    const events = clockEventsFor(stateOf(caseOpened), { kind: 'opened', at: iso('2026-04-02T13:30:00Z') });
    expect(summary(events)).toEqual([
      `start firstResponse-1 at ${iso('2026-04-02T13:30:00Z')} due ${iso('2026-04-03T08:30:00Z')}`,
      `start resolution-1 at ${iso('2026-04-02T13:30:00Z')} due ${iso('2026-04-04T11:30:00Z')}`,
    ]);
    // and these are the very events the aggregate applied when it opened the case
    expect(events).toEqual(opened.slice(1));
  });

  it('a request for information pauses only the running clocks the terms pause', () => {
    const events = clockEventsFor(stateOf(...opened, waitFrom), { kind: 'informationRequested', at: waitFrom.data.at });
    expect(summary(events)).toEqual([`pause resolution-1 at ${iso('2026-04-02T14:00:00Z')}`]);
  });

  it('the answer resumes the paused clocks, their deadline moved by the wait', () => {
    const paused = clockEventsFor(stateOf(...opened, waitFrom), { kind: 'informationRequested', at: waitFrom.data.at });
    const answer = new InformationProvided({
      caseId: 'case-1',
      contactId: 'c-1',
      answer: 'the chat widget',
      at: iso('2026-04-02T14:30:00Z'),
    });
    const events = clockEventsFor(stateOf(...opened, waitFrom, ...paused, answer), {
      kind: 'informationProvided',
      at: answer.data.at,
    });
    expect(summary(events)).toEqual([
      `resume resolution-1 at ${iso('2026-04-02T14:30:00Z')} due ${iso('2026-04-04T12:00:00Z')}`,
    ]);
  });

  it('the first response stops the first-response clock with its verdict', () => {
    const events = clockEventsFor(stateOf(...opened), { kind: 'firstResponse', at: iso('2026-04-02T14:00:00Z') });
    expect(summary(events)).toEqual([`stop firstResponse-1 at ${iso('2026-04-02T14:00:00Z')} met`]);
  });

  it('a first response after the due instant is a breach', () => {
    const events = clockEventsFor(stateOf(...opened), { kind: 'firstResponse', at: iso('2026-04-03T09:00:00Z') });
    expect(summary(events)).toEqual([`stop firstResponse-1 at ${iso('2026-04-03T09:00:00Z')} breached`]);
  });

  it('mutual resolution gives the resolution clock its verdict and ends the cadence clock as resolved', () => {
    const history = historyOf(
      (c) => c.open(openP2),
      (c) => c.respond({ agentId: 'a-1', message: 'looking', at: at('2026-04-02T14:00:00Z') }),
      (c) => c.agreeUpdateCadence({ minutes: 120, at: at('2026-04-02T14:10:00Z') }),
    );
    const resolved = new CaseMutuallyResolved({
      caseId: 'case-1',
      proposedBy: 'vendor',
      proposedByActorId: 'a-1',
      acceptedBy: 'customer',
      acceptedByActorId: 'c-1',
      summary: 'fixed',
      at: iso('2026-04-02T15:00:00Z'),
    });
    const events = clockEventsFor(stateOf(...history, resolved), { kind: 'mutuallyResolved', at: resolved.data.at });
    expect(summary(events)).toEqual([
      `stop resolution-1 at ${iso('2026-04-02T15:00:00Z')} met`,
      `stop nextUpdate-1 at ${iso('2026-04-02T15:00:00Z')} resolved`,
    ]);
  });

  it('a retroactive reclassification restarts the class clocks from receipt, through the customer waits since', () => {
    const history = historyOf(
      (c) => c.open(openP2),
      (c) => c.requestInformation({ agentId: 'a-1', question: 'which widget?', at: at('2026-04-02T14:00:00Z') }),
      (c) => c.provideInformation({ contactId: 'c-1', answer: 'the chat widget', at: at('2026-04-02T14:30:00Z') }),
    );
    const reclassified = new CaseReclassified({
      caseId: 'case-1',
      from: { priority: 'P2', criticality: 'nonCritical' },
      to: { priority: 'P1', criticality: 'nonCritical' },
      retroactive: true,
      reason: 'all customers affected',
      at: iso('2026-04-02T15:00:00Z'),
    });
    const events = clockEventsFor(stateOf(...history, reclassified), {
      kind: 'reclassified',
      at: reclassified.data.at,
      retroactive: true,
    });
    expect(summary(events)).toEqual([
      `stop firstResponse-1 at ${iso('2026-04-02T15:00:00Z')} reclassified`,
      `stop resolution-1 at ${iso('2026-04-02T15:00:00Z')} reclassified`,
      `start firstResponse-2 at ${iso('2026-04-02T13:30:00Z')} due ${iso('2026-04-02T14:30:00Z')}`,
      `start resolution-2 at ${iso('2026-04-02T13:30:00Z')} due ${iso('2026-04-04T11:30:00Z')}`,
      `pause resolution-2 at ${iso('2026-04-02T14:00:00Z')}`,
      `resume resolution-2 at ${iso('2026-04-02T14:30:00Z')} due ${iso('2026-04-04T12:00:00Z')}`,
    ]);
  });

  it('a hotline call starts the callback clock on elapsed time', () => {
    const bird = termsOf({ planId: 'bird-email-enterprise', serviceTimeZone: 'us-eastern' });
    const [caseOpened] = historyOf((c) =>
      c.open({ ...openP2, terms: bird, priority: 'P1', criticality: 'critical', now: at('2026-04-02T14:00:00Z') }),
    );
    const call = new HotlineCallLogged({ caseId: 'case-1', vitalInformation: vital, at: iso('2026-04-02T22:00:00Z') });
    const events = clockEventsFor(stateOf(caseOpened, call), { kind: 'hotlineCallLogged', at: call.data.at });
    expect(summary(events)).toEqual([
      `start callback-1 at ${iso('2026-04-02T22:00:00Z')} due ${iso('2026-04-02T22:15:00Z')}`,
    ]);
  });

  it('is pure: the same state and step give the same events and leave the state as it was', () => {
    const state = stateOf(...opened, waitFrom);
    const before = JSON.parse(JSON.stringify(state));
    const first = clockEventsFor(state, { kind: 'informationRequested', at: waitFrom.data.at });
    const second = clockEventsFor(state, { kind: 'informationRequested', at: waitFrom.data.at });
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(state))).toEqual(before);
  });
});
