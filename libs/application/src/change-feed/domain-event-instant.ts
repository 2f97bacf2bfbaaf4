import { caseEventInstant, DomainEvent, IsoInstant, SupportCaseEvent } from '@caseledger/domain';

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
