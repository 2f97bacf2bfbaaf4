import type { CalendarDefinition, PlanId, PlanOverrides } from '@caseledger/sla';
import type { IsoInstant } from '../shared/instant';

export interface AuthorisedContact {
  contactId: string;
  name: string;
  email: string;
  phone: string | null;
}

export interface ContractSignedData {
  contractId: string;
  accountId: string;
  planId: PlanId;
  serviceTimeZone: string;
  /** The calendar resolved at signing (the zone's, or the custom one), stamped with version 1. */
  calendar: CalendarDefinition & { version: number };
  /** The contract's amendments to the plan (targets, contact limit, hotline); they apply to every plan the contract moves to. */
  overrides: PlanOverrides;
  startsAt: IsoInstant;
  endsAt: IsoInstant | null;
  signedAt: IsoInstant;
}

export class ContractSigned {
  static readonly type = 'ContractSigned';
  static readonly schemaVersion = 1;
  readonly type = ContractSigned.type;
  constructor(readonly data: ContractSignedData) {}
}

export interface AuthorisedContactAddedData {
  contractId: string;
  contact: AuthorisedContact;
  at: IsoInstant;
}

export class AuthorisedContactAdded {
  static readonly type = 'AuthorisedContactAdded';
  static readonly schemaVersion = 1;
  readonly type = AuthorisedContactAdded.type;
  constructor(readonly data: AuthorisedContactAddedData) {}
}

export interface AuthorisedContactRevokedData {
  contractId: string;
  contactId: string;
  at: IsoInstant;
}

export class AuthorisedContactRevoked {
  static readonly type = 'AuthorisedContactRevoked';
  static readonly schemaVersion = 1;
  readonly type = AuthorisedContactRevoked.type;
  constructor(readonly data: AuthorisedContactRevokedData) {}
}

/**
 * The key that sealed a contact's personal data was destroyed (right to erasure): every name, email
 * and phone recorded for the contact under this contract now reads as "[erased]". It carries no
 * personal data itself, so the erasure stays on the record.
 */
export interface ContactPersonalDataErasedData {
  contractId: string;
  contactId: string;
  at: IsoInstant;
}

export class ContactPersonalDataErased {
  static readonly type = 'ContactPersonalDataErased';
  static readonly schemaVersion = 1;
  readonly type = ContactPersonalDataErased.type;
  constructor(readonly data: ContactPersonalDataErasedData) {}
}

export interface ContractPlanChangedData {
  contractId: string;
  fromPlanId: PlanId;
  toPlanId: PlanId;
  effectiveAt: IsoInstant;
}

export class ContractPlanChanged {
  static readonly type = 'ContractPlanChanged';
  static readonly schemaVersion = 1;
  readonly type = ContractPlanChanged.type;
  constructor(readonly data: ContractPlanChangedData) {}
}

export interface ContractCalendarChangedData {
  contractId: string;
  calendar: CalendarDefinition & { version: number };
  effectiveAt: IsoInstant;
}

export class ContractCalendarChanged {
  static readonly type = 'ContractCalendarChanged';
  static readonly schemaVersion = 1;
  readonly type = ContractCalendarChanged.type;
  constructor(readonly data: ContractCalendarChangedData) {}
}

export interface ContractTerminatedData {
  contractId: string;
  reason: string;
  at: IsoInstant;
}

export class ContractTerminated {
  static readonly type = 'ContractTerminated';
  static readonly schemaVersion = 1;
  readonly type = ContractTerminated.type;
  constructor(readonly data: ContractTerminatedData) {}
}

export interface ContractExpiredData {
  contractId: string;
  endsAt: IsoInstant;
  at: IsoInstant;
}

export class ContractExpired {
  static readonly type = 'ContractExpired';
  static readonly schemaVersion = 1;
  readonly type = ContractExpired.type;
  constructor(readonly data: ContractExpiredData) {}
}

export interface ApplicationUpdateRequestedData {
  contractId: string;
  /** 1 for the year from `startsAt`, 2 for the year after its first anniversary, … (UTC). */
  contractYear: number;
  description: string;
  at: IsoInstant;
}

/** One of the plan's counted application updates with package reinstall (Beesender: 2 or 4 a year). */
export class ApplicationUpdateRequested {
  static readonly type = 'ApplicationUpdateRequested';
  static readonly schemaVersion = 1;
  readonly type = ApplicationUpdateRequested.type;
  constructor(readonly data: ApplicationUpdateRequestedData) {}
}

export type ContractEvent =
  | ContractSigned
  | AuthorisedContactAdded
  | AuthorisedContactRevoked
  | ContactPersonalDataErased
  | ContractPlanChanged
  | ContractCalendarChanged
  | ContractTerminated
  | ContractExpired
  | ApplicationUpdateRequested;

export const CONTRACT_EVENT_TYPES = {
  [ContractSigned.type]: ContractSigned,
  [AuthorisedContactAdded.type]: AuthorisedContactAdded,
  [AuthorisedContactRevoked.type]: AuthorisedContactRevoked,
  [ContactPersonalDataErased.type]: ContactPersonalDataErased,
  [ContractPlanChanged.type]: ContractPlanChanged,
  [ContractCalendarChanged.type]: ContractCalendarChanged,
  [ContractTerminated.type]: ContractTerminated,
  [ContractExpired.type]: ContractExpired,
  [ApplicationUpdateRequested.type]: ApplicationUpdateRequested,
} as const;
