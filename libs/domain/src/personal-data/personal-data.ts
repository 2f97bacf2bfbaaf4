/**
 * Which recorded fields are a contact's personal data, and whose: the fields that identify or reach
 * a person on the customer's side (name, email address, phone number). The write path seals each
 * under a key of that contact; erasing the contact destroys the key, and the fields then read as
 * `ERASED`. docs/adr/0007 says why these fields and not others (free text, contact ids, TAM details).
 *
 * An event type that records such a field must be listed here, or its values are stored in clear.
 */
import type { DomainEventType } from '../domain-events';

/** What an erased field reads as, wherever it is shown or folded. */
export const ERASED = '[erased]';

/** Whose personal data a field is: a contact as authorised on one contract. */
export interface DataSubject {
  contractId: string;
  contactId: string;
}

export type FieldPath = readonly [string, string];

const VITAL_INFORMATION_FIELDS: readonly FieldPath[] = [
  ['vitalInformation', 'contactName'],
  ['vitalInformation', 'email'],
  ['vitalInformation', 'phone'],
];

export const PERSONAL_DATA_FIELDS: Partial<Record<DomainEventType, readonly FieldPath[]>> = {
  AuthorisedContactAdded: [
    ['contact', 'name'],
    ['contact', 'email'],
    ['contact', 'phone'],
  ],
  CaseOpened: VITAL_INFORMATION_FIELDS,
  HotlineCallLogged: VITAL_INFORMATION_FIELDS,
};

export function personalDataFieldsOf(type: string): readonly FieldPath[] {
  return Object.prototype.hasOwnProperty.call(PERSONAL_DATA_FIELDS, type)
    ? (PERSONAL_DATA_FIELDS[type as DomainEventType] ?? [])
    : [];
}

/**
 * The contact whose data the event records. A case's vital information is its contact's (the caller
 * on the hotline is the contact the case is filed for): `caseContact` names it for events that carry
 * no contract or contact of their own.
 */
export function dataSubjectOf(type: string, data: unknown, caseContact?: () => DataSubject): DataSubject | undefined {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'AuthorisedContactAdded':
      return { contractId: String(d.contractId), contactId: String((d.contact as { contactId: string }).contactId) };
    case 'CaseOpened':
      return { contractId: String(d.contractId), contactId: String(d.contactId) };
    case 'HotlineCallLogged':
      return caseContact?.();
    default:
      return undefined;
  }
}
