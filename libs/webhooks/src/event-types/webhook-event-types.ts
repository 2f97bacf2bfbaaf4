/**
 * The public names of the events a webhook carries, one per stored domain event type. Integrators
 * subscribe to these (`case.responded`, `sla.breached`, or a whole group such as `case.*`), never to
 * the stored type names, so the store may rename or split its types without breaking a receiver.
 * The CloudEvents `type` is the name under `com.caseledger.`.
 */
import type { DomainEventType } from '@caseledger/domain';

export const CLOUD_EVENT_TYPE_PREFIX = 'com.caseledger.';

export interface WebhookEventType {
  /** What subscribers name, e.g. `case.responded`. */
  name: string;
  /** The stored domain event type it is made from. */
  from: DomainEventType;
  description: string;
}

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  { name: 'case.opened', from: 'CaseOpened', description: 'A case was opened.' },
  { name: 'case.hotline_call_logged', from: 'HotlineCallLogged', description: 'A hotline call was logged on a case.' },
  { name: 'case.callback_logged', from: 'CallbackLogged', description: 'A callback to the customer was logged.' },
  { name: 'case.assigned', from: 'CaseAssigned', description: 'The case was assigned to an agent.' },
  { name: 'case.responded', from: 'CaseResponded', description: 'An agent responded to the customer.' },
  {
    name: 'case.information_requested',
    from: 'InformationRequested',
    description: 'The customer was asked for information.',
  },
  { name: 'case.information_provided', from: 'InformationProvided', description: 'The customer provided information.' },
  { name: 'case.progress_updated', from: 'ProgressUpdateGiven', description: 'A progress update was given.' },
  { name: 'case.update_cadence_agreed', from: 'UpdateCadenceAgreed', description: 'An update cadence was agreed.' },
  { name: 'case.reclassified', from: 'CaseReclassified', description: 'Priority or criticality changed.' },
  { name: 'case.escalated', from: 'CaseEscalated', description: 'The case was escalated.' },
  { name: 'case.workaround_provided', from: 'WorkaroundProvided', description: 'A workaround was provided.' },
  { name: 'case.resolution_proposed', from: 'ResolutionProposed', description: 'A resolution was proposed.' },
  { name: 'case.resolution_rejected', from: 'ResolutionRejected', description: 'A proposed resolution was rejected.' },
  { name: 'case.resolved', from: 'CaseMutuallyResolved', description: 'Both sides agreed the case is resolved.' },
  { name: 'case.reopened', from: 'CaseReopened', description: 'A resolved case was reopened.' },
  { name: 'case.closed', from: 'CaseClosed', description: 'The case was closed.' },
  { name: 'sla.clock_started', from: 'SlaClockStarted', description: 'An SLA clock started.' },
  { name: 'sla.clock_paused', from: 'SlaClockPaused', description: 'An SLA clock paused (awaiting the customer).' },
  { name: 'sla.clock_resumed', from: 'SlaClockResumed', description: 'An SLA clock resumed.' },
  { name: 'sla.clock_stopped', from: 'SlaClockStopped', description: 'An SLA clock stopped, met or breached.' },
  { name: 'sla.warning', from: 'SlaWarningReached', description: 'An SLA clock reached its warning share.' },
  { name: 'sla.breached', from: 'SlaBreached', description: 'An SLA clock breached its target.' },
  { name: 'contract.signed', from: 'ContractSigned', description: 'A contract was signed.' },
  { name: 'contract.contact_added', from: 'AuthorisedContactAdded', description: 'An authorised contact was added.' },
  {
    name: 'contract.contact_revoked',
    from: 'AuthorisedContactRevoked',
    description: 'An authorised contact was revoked.',
  },
  { name: 'contract.plan_changed', from: 'ContractPlanChanged', description: "The contract's plan changed." },
  {
    name: 'contract.calendar_changed',
    from: 'ContractCalendarChanged',
    description: "The contract's calendar changed.",
  },
  { name: 'contract.terminated', from: 'ContractTerminated', description: 'The contract was terminated.' },
  { name: 'contract.expired', from: 'ContractExpired', description: 'The contract expired.' },
];

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
