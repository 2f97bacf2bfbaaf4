/**
 * The names integrators see for domain events (change feed, webhooks): lower-case, dotted by what
 * the event is about (`case.`, `sla.`, `contract.`, `tam.`), so `case.*` selects a family. Stored
 * types are PascalCase facts that never change meaning; these public names are a promise to
 * integrators too, so a name once published is never reused for another domain type.
 */
import type { DomainEventType } from './domain-events';

const PUBLIC_NAMES = {
  CaseOpened: 'case.opened',
  HotlineCallLogged: 'case.hotline_call_logged',
  CallbackLogged: 'case.callback_logged',
  CaseAssigned: 'case.assigned',
  CaseResponded: 'case.responded',
  InformationRequested: 'case.information_requested',
  InformationProvided: 'case.information_provided',
  ProgressUpdateGiven: 'case.progress_updated',
  UpdateCadenceAgreed: 'case.update_cadence_agreed',
  CaseReclassified: 'case.reclassified',
  CaseEscalated: 'case.escalated',
  EscalationNotPossible: 'case.escalation_not_possible',
  WorkaroundProvided: 'case.workaround_provided',
  ResolutionProposed: 'case.resolution_proposed',
  ResolutionRejected: 'case.resolution_rejected',
  CaseMutuallyResolved: 'case.resolved',
  CaseReopened: 'case.reopened',
  CaseClosed: 'case.closed',
  SlaClockStarted: 'sla.clock_started',
  SlaClockPaused: 'sla.clock_paused',
  SlaClockResumed: 'sla.clock_resumed',
  SlaClockStopped: 'sla.clock_stopped',
  SlaWarningReached: 'sla.warning_reached',
  SlaBreached: 'sla.breached',
  ContractSigned: 'contract.signed',
  AuthorisedContactAdded: 'contract.contact_added',
  AuthorisedContactRevoked: 'contract.contact_revoked',
  ContactPersonalDataErased: 'contract.contact_personal_data_erased',
  ContractPlanChanged: 'contract.plan_changed',
  ContractCalendarChanged: 'contract.calendar_changed',
  ApplicationUpdateRequested: 'contract.application_update_requested',
  ContractTerminated: 'contract.terminated',
  ContractExpired: 'contract.expired',
  TamAssigned: 'tam.assigned',
  TamReassigned: 'tam.reassigned',
  TamUnassigned: 'tam.unassigned',
  TamWorkingHoursAdjusted: 'tam.working_hours_adjusted',
} as const satisfies Record<DomainEventType, string>;

export type PublicEventType = (typeof PUBLIC_NAMES)[DomainEventType];

/** Every public event type, in catalogue order (cases, SLA clocks, contracts, TAMs). */
export const PUBLIC_EVENT_TYPES: readonly PublicEventType[] = Object.values(PUBLIC_NAMES);

/** The families a wildcard may name: `case.*`, `sla.*`, `contract.*`, `tam.*`. */
export const PUBLIC_EVENT_FAMILIES: readonly string[] = [...new Set(PUBLIC_EVENT_TYPES.map((t) => t.split('.')[0]))];

/** The public name of a stored event type; undefined for a type that is not a domain event. */
export function publicEventType(domainType: DomainEventType): PublicEventType;
export function publicEventType(domainType: string): PublicEventType | undefined;
export function publicEventType(domainType: string): PublicEventType | undefined {
  return Object.prototype.hasOwnProperty.call(PUBLIC_NAMES, domainType)
    ? PUBLIC_NAMES[domainType as DomainEventType]
    : undefined;
}

/** The stored type behind a public name; undefined for a name that is not in the catalogue. */
export function domainEventTypeOf(publicType: string): DomainEventType | undefined {
  const entry = Object.entries(PUBLIC_NAMES).find(([, name]) => name === publicType);
  return entry?.[0] as DomainEventType | undefined;
}

/**
 * Whether a selector names something in the catalogue: an exact public type, a family wildcard
 * (`case.*`) or `*` for everything. A typo must be refused, not silently select nothing.
 */
export function isPublicEventTypeSelector(selector: string): boolean {
  if (selector === '*') return true;
  if (selector.endsWith('.*')) return PUBLIC_EVENT_FAMILIES.includes(selector.slice(0, -2));
  return (PUBLIC_EVENT_TYPES as readonly string[]).includes(selector);
}

/** Whether a public type is selected by any of the selectors; no selectors select everything. */
export function matchesPublicEventTypes(publicType: string, selectors: readonly string[] | undefined): boolean {
  if (selectors === undefined || selectors.length === 0) return true;
  return selectors.some((selector) =>
    selector === '*'
      ? true
      : selector.endsWith('.*')
        ? publicType.startsWith(selector.slice(0, -1))
        : selector === publicType,
  );
}
