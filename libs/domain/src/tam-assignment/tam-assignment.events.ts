import type { CalendarDefinition } from '@caseledger/sla';
import type { IsoInstant } from '../shared/instant';

export interface TamProfile {
  id: string;
  name: string;
  phone: string;
  email: string;
  /** When the TAM is reachable: the account's business hours, which the vendor may widen or narrow. */
  workingHours: CalendarDefinition;
}

export interface TamAssignedData {
  accountId: string;
  tam: TamProfile;
  at: IsoInstant;
}

export class TamAssigned {
  static readonly type = 'TamAssigned';
  static readonly schemaVersion = 1;
  readonly type = TamAssigned.type;
  constructor(readonly data: TamAssignedData) {}
}

export interface TamReassignedData {
  accountId: string;
  previousTamId: string;
  tam: TamProfile;
  reason: string | null;
  at: IsoInstant;
}

export class TamReassigned {
  static readonly type = 'TamReassigned';
  static readonly schemaVersion = 1;
  readonly type = TamReassigned.type;
  constructor(readonly data: TamReassignedData) {}
}

export interface TamUnassignedData {
  accountId: string;
  tamId: string;
  reason: string | null;
  at: IsoInstant;
}

export class TamUnassigned {
  static readonly type = 'TamUnassigned';
  static readonly schemaVersion = 1;
  readonly type = TamUnassigned.type;
  constructor(readonly data: TamUnassignedData) {}
}

export interface TamWorkingHoursAdjustedData {
  accountId: string;
  tamId: string;
  workingHours: CalendarDefinition;
  at: IsoInstant;
}

export class TamWorkingHoursAdjusted {
  static readonly type = 'TamWorkingHoursAdjusted';
  static readonly schemaVersion = 1;
  readonly type = TamWorkingHoursAdjusted.type;
  constructor(readonly data: TamWorkingHoursAdjustedData) {}
}

export type TamAssignmentEvent = TamAssigned | TamReassigned | TamUnassigned | TamWorkingHoursAdjusted;

export const TAM_ASSIGNMENT_EVENT_TYPES = {
  [TamAssigned.type]: TamAssigned,
  [TamReassigned.type]: TamReassigned,
  [TamUnassigned.type]: TamUnassigned,
  [TamWorkingHoursAdjusted.type]: TamWorkingHoursAdjusted,
} as const;
