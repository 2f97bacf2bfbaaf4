import { CONTRACT_EVENT_TYPES, ContractEvent } from './contract/contract.events';
import { SUPPORT_CASE_EVENT_TYPES, SupportCaseEvent } from './support-case/support-case.events';
import { TAM_ASSIGNMENT_EVENT_TYPES, TamAssignmentEvent } from './tam-assignment/tam-assignment.events';

/** Every domain event class by its stored `type`, for rebuilding instances from the store's JSON. */
export const DOMAIN_EVENT_TYPES = {
  ...CONTRACT_EVENT_TYPES,
  ...TAM_ASSIGNMENT_EVENT_TYPES,
  ...SUPPORT_CASE_EVENT_TYPES,
} as const;

export type DomainEventType = keyof typeof DOMAIN_EVENT_TYPES;

export type DomainEvent = ContractEvent | TamAssignmentEvent | SupportCaseEvent;

export class UnknownDomainEventType extends Error {
  constructor(readonly type: string) {
    super(`no domain event has the type "${type}"`);
    this.name = 'UnknownDomainEventType';
  }
}

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.prototype.hasOwnProperty.call(DOMAIN_EVENT_TYPES, type);
}

/** `data` must already be in the current schema: upcasting older versions is the event store's job. */
export function deserializeDomainEvent(type: string, data: unknown): DomainEvent {
  if (!isDomainEventType(type)) throw new UnknownDomainEventType(type);
  const EventClass = DOMAIN_EVENT_TYPES[type] as new (data: unknown) => DomainEvent;
  return new EventClass(data);
}
