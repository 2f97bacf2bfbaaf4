import type { DomainEvent } from './domain-events';
import type { IsoInstant } from './shared/instant';
import { caseEventInstant } from './support-case/case-event-description';
import type { SupportCaseEvent } from './support-case/support-case.events';

/**
 * The instant a domain event records, whatever its aggregate: when it happened, or for a change of
 * plan or calendar, when it takes effect. The store's `recordedAt` is a separate instant.
 */
export function domainEventInstant(event: DomainEvent): IsoInstant {
  switch (event.type) {
    case 'ContractSigned':
      return event.data.signedAt;
    case 'ContractPlanChanged':
    case 'ContractCalendarChanged':
      return event.data.effectiveAt;
    case 'AuthorisedContactAdded':
    case 'AuthorisedContactRevoked':
    case 'ContactPersonalDataErased':
    case 'ApplicationUpdateRequested':
    case 'ContractTerminated':
    case 'ContractExpired':
    case 'TamAssigned':
    case 'TamReassigned':
    case 'TamUnassigned':
    case 'TamWorkingHoursAdjusted':
      return event.data.at;
    default:
      return caseEventInstant(event satisfies SupportCaseEvent);
  }
}
