/**
 * The public names of the events a webhook carries, one per stored domain event type. Integrators
 * subscribe to these (`case.responded`, `sla.breached`, or a whole group such as `case.*`), never to
 * the stored type names, so the store may rename or split its types without breaking a receiver.
 * The CloudEvents `type` is the name under `com.caseledger.`.
 */
import { publicEventType, type DomainEventType } from '@caseledger/domain';

export const CLOUD_EVENT_TYPE_PREFIX = 'com.caseledger.';

export interface WebhookEventType {
  /** What subscribers name, e.g. `case.responded`. */
  name: string;
  /** The stored domain event type it is made from. */
  from: DomainEventType;
  description: string;
}

/** What each stored type means to a subscriber; typed over every domain event, so a new one needs its line. */
const DESCRIPTIONS: Record<DomainEventType, string> = {
  CaseOpened: 'A case was opened.',
  HotlineCallLogged: 'A hotline call was logged on a case.',
  CallbackLogged: 'A callback to the customer was logged.',
  CaseAssigned: 'The case was assigned to an agent.',
  CaseResponded: 'An agent responded to the customer.',
  InformationRequested: 'The customer was asked for information.',
  InformationProvided: 'The customer provided information.',
  ProgressUpdateGiven: 'A progress update was given.',
  UpdateCadenceAgreed: 'An update cadence was agreed.',
  CaseReclassified: 'Priority or criticality changed.',
  CaseEscalated: 'The case was escalated.',
  EscalationNotPossible:
    'A breach called for an escalation that could not be made (e.g. no TAM assigned to the account).',
  WorkaroundProvided: 'A workaround was provided.',
  ResolutionProposed: 'A resolution was proposed.',
  ResolutionRejected: 'A proposed resolution was rejected.',
  CaseMutuallyResolved: 'Both sides agreed the case is resolved.',
  CaseReopened: 'A resolved case was reopened.',
  CaseClosed: 'The case was closed.',
  SlaClockStarted: 'An SLA clock started.',
  SlaClockPaused: 'An SLA clock paused (awaiting the customer).',
  SlaClockResumed: 'An SLA clock resumed.',
  SlaClockStopped: 'An SLA clock stopped, met or breached.',
  SlaWarningReached: 'An SLA clock reached its warning share.',
  SlaBreached: 'An SLA clock breached its target.',
  ContractSigned: 'A contract was signed.',
  AuthorisedContactAdded: 'An authorised contact was added.',
  AuthorisedContactRevoked: 'An authorised contact was revoked.',
  ContractPlanChanged: "The contract's plan changed.",
  ContractCalendarChanged: "The contract's calendar changed.",
  ContractTerminated: 'The contract was terminated.',
  ContractExpired: 'The contract expired.',
  ContactPersonalDataErased: "A contact's personal data was erased (crypto-shredded).",
  ApplicationUpdateRequested: 'An application update with package reinstall was recorded against the allowance.',
  TamAssigned: 'A Technical Account Manager was assigned to an account.',
  TamReassigned: "The account's Technical Account Manager changed.",
  TamUnassigned: "The account's Technical Account Manager was unassigned.",
  TamWorkingHoursAdjusted: "The TAM's working hours were adjusted.",
};

/** One per domain event type, under the public name the change feed uses too (`publicEventType`). */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = (Object.keys(DESCRIPTIONS) as DomainEventType[]).map(
  (from) => ({ name: publicEventType(from), from, description: DESCRIPTIONS[from] }),
);

/** Sent by `POST /v1/webhooks/{id}/test`; never made from a stored event. */
export const PING_EVENT_TYPE = 'webhook.ping';

const BY_STORED_TYPE = new Map(WEBHOOK_EVENT_TYPES.map((t) => [t.from as string, t]));
const NAMES = new Set(WEBHOOK_EVENT_TYPES.map((t) => t.name));
const GROUPS = new Set(WEBHOOK_EVENT_TYPES.map((t) => groupOf(t.name)));

function groupOf(name: string): string {
  return name.slice(0, name.indexOf('.'));
}

/** The stored types the dispatcher reacts to. */
export const DISPATCHED_STORED_TYPES: ReadonlySet<string> = new Set(BY_STORED_TYPE.keys());

export function webhookEventTypeOf(storedType: string): WebhookEventType | undefined {
  return BY_STORED_TYPE.get(storedType);
}

/** Why a pattern is not one a subscription may name, or undefined when it is: `*`, `case.*`, or a known name. */
export function eventTypePatternProblem(pattern: string): string | undefined {
  if (pattern === '*' || NAMES.has(pattern)) return undefined;
  if (pattern.endsWith('.*') && GROUPS.has(pattern.slice(0, -2))) return undefined;
  return `"${pattern.slice(0, 100)}" is not an event type; use one of GET /v1/webhooks/event-types, a group such as case.* or sla.*, or *`;
}

export function matchesEventTypes(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => p === '*' || p === name || (p.endsWith('.*') && groupOf(name) === p.slice(0, -2)));
}
