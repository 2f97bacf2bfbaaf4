import type {
  CalendarDefinition,
  Channel,
  Criticality,
  PlanId,
  Priority,
  SlaMetric,
  TargetUnit,
} from '@caseledger/sla';
import type { CaseTerms } from '../contract/contract-terms';
import type { Side } from '../shared/actor';
import type { CaseCategory } from '../shared/case-category';
import type { IsoInstant } from '../shared/instant';

/**
 * On actions another system may report after the fact (a phone system, a CRM): when CaseLedger
 * recorded the action, present only when the caller gave its `occurredAt`, which `at` then holds.
 * Absent, the action was recorded at `at`. An optional field rather than a new schema version: every
 * stored event without it already means exactly that.
 */
export interface ReportedLater {
  recordedAt?: IsoInstant;
}

/** What the hotline representative takes down (and what a ticket may carry from the start). */
export interface VitalInformation {
  company: string;
  contactName: string;
  phone: string;
  email: string;
  description: string;
}

export type EscalationLevel = 'tam' | 'tier2' | 'engineering';

export interface CaseOpenedData {
  caseId: string;
  contractId: string;
  accountId: string;
  contactId: string;
  channel: Channel;
  subject: string;
  description: string;
  category: CaseCategory;
  priority: Priority;
  criticality: Criticality;
  vitalInformation: VitalInformation | null;
  /** When the vendor received the case: earlier than `openedAt` for cases imported from email or a phone line. */
  receivedAt: IsoInstant;
  openedAt: IsoInstant;
  /** The contract's terms at `receivedAt`; every clock of this case is governed by them. */
  terms: CaseTerms;
}

export class CaseOpened {
  static readonly type = 'CaseOpened';
  static readonly schemaVersion = 1;
  readonly type = CaseOpened.type;
  constructor(readonly data: CaseOpenedData) {}
}

export class HotlineCallLogged {
  static readonly type = 'HotlineCallLogged';
  static readonly schemaVersion = 1;
  readonly type = HotlineCallLogged.type;
  constructor(readonly data: { caseId: string; vitalInformation: VitalInformation; at: IsoInstant } & ReportedLater) {}
}

export class CallbackLogged {
  static readonly type = 'CallbackLogged';
  static readonly schemaVersion = 1;
  readonly type = CallbackLogged.type;
  constructor(readonly data: { caseId: string; agentId: string; at: IsoInstant } & ReportedLater) {}
}

export class CaseAssigned {
  static readonly type = 'CaseAssigned';
  static readonly schemaVersion = 1;
  readonly type = CaseAssigned.type;
  constructor(readonly data: { caseId: string; agentId: string; previousAgentId: string | null; at: IsoInstant }) {}
}

export class CaseResponded {
  static readonly type = 'CaseResponded';
  static readonly schemaVersion = 1;
  readonly type = CaseResponded.type;
  constructor(readonly data: { caseId: string; agentId: string; message: string; at: IsoInstant } & ReportedLater) {}
}

export class InformationRequested {
  static readonly type = 'InformationRequested';
  static readonly schemaVersion = 1;
  readonly type = InformationRequested.type;
  constructor(readonly data: { caseId: string; agentId: string; question: string; at: IsoInstant }) {}
}

export class InformationProvided {
  static readonly type = 'InformationProvided';
  static readonly schemaVersion = 1;
  readonly type = InformationProvided.type;
  constructor(readonly data: { caseId: string; contactId: string; answer: string; at: IsoInstant } & ReportedLater) {}
}

export class ProgressUpdateGiven {
  static readonly type = 'ProgressUpdateGiven';
  static readonly schemaVersion = 1;
  readonly type = ProgressUpdateGiven.type;
  constructor(readonly data: { caseId: string; agentId: string; message: string; at: IsoInstant } & ReportedLater) {}
}

export class UpdateCadenceAgreed {
  static readonly type = 'UpdateCadenceAgreed';
  static readonly schemaVersion = 1;
  readonly type = UpdateCadenceAgreed.type;
  constructor(readonly data: { caseId: string; minutes: number; unit: TargetUnit; at: IsoInstant }) {}
}

export interface CaseClass {
  priority: Priority;
  criticality: Criticality;
}

export class CaseReclassified {
  static readonly type = 'CaseReclassified';
  static readonly schemaVersion = 1;
  readonly type = CaseReclassified.type;
  constructor(
    readonly data: {
      caseId: string;
      from: CaseClass;
      to: CaseClass;
      retroactive: boolean;
      reason: string;
      at: IsoInstant;
    },
  ) {}
}

export class CaseEscalated {
  static readonly type = 'CaseEscalated';
  static readonly schemaVersion = 1;
  readonly type = CaseEscalated.type;
  constructor(
    readonly data: {
      caseId: string;
      to: EscalationLevel;
      reason: string;
      /** The TAM holding the account's assignment at `at`; null for other levels. */
      tamId: string | null;
      /** What triggered it, e.g. the clock id of a breach when a saga escalates. */
      causedBy: string | null;
      at: IsoInstant;
    },
  ) {}
}

export interface EscalationNotPossibleData {
  caseId: string;
  /** The level the escalation was due to reach. */
  to: EscalationLevel;
  /** Why it could not be made, e.g. "no TAM assigned to the account". */
  reason: string;
  /** The clock whose breach called for the escalation. */
  clockId: string;
  breachedAt: IsoInstant;
  /** The stored SlaBreached's id: one answer per breach, escalated or not. */
  causedBy: string;
  at: IsoInstant;
}

/**
 * A breach called for an escalation that could not be made: without it, a breached P1 on an
 * account with no TAM left no trace that anyone should have been told.
 */
export class EscalationNotPossible {
  static readonly type = 'EscalationNotPossible';
  static readonly schemaVersion = 1;
  readonly type = EscalationNotPossible.type;
  constructor(readonly data: EscalationNotPossibleData) {}
}

export class WorkaroundProvided {
  static readonly type = 'WorkaroundProvided';
  static readonly schemaVersion = 1;
  readonly type = WorkaroundProvided.type;
  constructor(readonly data: { caseId: string; agentId: string; description: string; at: IsoInstant }) {}
}

export class ResolutionProposed {
  static readonly type = 'ResolutionProposed';
  static readonly schemaVersion = 1;
  readonly type = ResolutionProposed.type;
  constructor(readonly data: { caseId: string; by: Side; actorId: string; summary: string; at: IsoInstant }) {}
}

export class ResolutionRejected {
  static readonly type = 'ResolutionRejected';
  static readonly schemaVersion = 1;
  readonly type = ResolutionRejected.type;
  constructor(readonly data: { caseId: string; by: Side; actorId: string | null; reason: string; at: IsoInstant }) {}
}

export class CaseMutuallyResolved {
  static readonly type = 'CaseMutuallyResolved';
  static readonly schemaVersion = 1;
  readonly type = CaseMutuallyResolved.type;
  constructor(
    readonly data: {
      caseId: string;
      proposedBy: Side;
      proposedByActorId: string;
      acceptedBy: Side;
      acceptedByActorId: string;
      summary: string;
      at: IsoInstant;
    },
  ) {}
}

export class CaseReopened {
  static readonly type = 'CaseReopened';
  static readonly schemaVersion = 1;
  readonly type = CaseReopened.type;
  constructor(readonly data: { caseId: string; reason: string; at: IsoInstant }) {}
}

export class CaseClosed {
  static readonly type = 'CaseClosed';
  static readonly schemaVersion = 1;
  readonly type = CaseClosed.type;
  constructor(readonly data: { caseId: string; at: IsoInstant }) {}
}

export interface ClockTarget {
  minutes: number;
  unit: TargetUnit;
  warnAtShare: number;
}

export interface SlaClockStartedData {
  caseId: string;
  /** `${metric}-${n}`: the n-th clock of that metric in this case. */
  clockId: string;
  metric: SlaMetric;
  target: ClockTarget;
  planId: PlanId;
  /** Null for elapsed targets, which count real time whatever the contract's calendar says. */
  calendarVersion: number | null;
  /** The calendar the clock counts in, so the history alone explains the deadline. */
  calendar: CalendarDefinition;
  startedAt: IsoInstant;
  dueAt: IsoInstant;
  warningAt: IsoInstant;
}

export class SlaClockStarted {
  static readonly type = 'SlaClockStarted';
  static readonly schemaVersion = 1;
  readonly type = SlaClockStarted.type;
  constructor(readonly data: SlaClockStartedData) {}
}

export class SlaClockPaused {
  static readonly type = 'SlaClockPaused';
  static readonly schemaVersion = 1;
  readonly type = SlaClockPaused.type;
  /** `usedMs`: business (or elapsed) milliseconds the clock had counted when it paused. */
  constructor(readonly data: { caseId: string; clockId: string; at: IsoInstant; usedMs: number }) {}
}

export class SlaClockResumed {
  static readonly type = 'SlaClockResumed';
  static readonly schemaVersion = 1;
  readonly type = SlaClockResumed.type;
  constructor(
    readonly data: { caseId: string; clockId: string; at: IsoInstant; dueAt: IsoInstant; warningAt: IsoInstant },
  ) {}
}

export type ClockOutcome = 'met' | 'breached' | 'reclassified' | 'resolved';

export class SlaClockStopped {
  static readonly type = 'SlaClockStopped';
  static readonly schemaVersion = 1;
  readonly type = SlaClockStopped.type;
  constructor(readonly data: { caseId: string; clockId: string; at: IsoInstant; outcome: ClockOutcome }) {}
}

export interface SlaAlertData {
  caseId: string;
  clockId: string;
  metric: SlaMetric;
  /** The instant the clock reached it, even when it was noticed later (after downtime). */
  at: IsoInstant;
  /** When the deadline watcher noticed it. */
  detectedAt: IsoInstant;
}

/** A running clock used its warning share of the target (75% unless the plan says otherwise). */
export class SlaWarningReached {
  static readonly type = 'SlaWarningReached';
  static readonly schemaVersion = 1;
  readonly type = SlaWarningReached.type;
  constructor(readonly data: SlaAlertData) {}
}

/** A running clock passed its due instant. */
export class SlaBreached {
  static readonly type = 'SlaBreached';
  static readonly schemaVersion = 1;
  readonly type = SlaBreached.type;
  constructor(readonly data: SlaAlertData) {}
}

export type SlaClockEvent =
  SlaClockStarted | SlaClockPaused | SlaClockResumed | SlaClockStopped | SlaWarningReached | SlaBreached;

export type SupportCaseEvent =
  | CaseOpened
  | HotlineCallLogged
  | CallbackLogged
  | CaseAssigned
  | CaseResponded
  | InformationRequested
  | InformationProvided
  | ProgressUpdateGiven
  | UpdateCadenceAgreed
  | CaseReclassified
  | CaseEscalated
  | EscalationNotPossible
  | WorkaroundProvided
  | ResolutionProposed
  | ResolutionRejected
  | CaseMutuallyResolved
  | CaseReopened
  | CaseClosed
  | SlaClockEvent;

export const SUPPORT_CASE_EVENT_TYPES = {
  [CaseOpened.type]: CaseOpened,
  [HotlineCallLogged.type]: HotlineCallLogged,
  [CallbackLogged.type]: CallbackLogged,
  [CaseAssigned.type]: CaseAssigned,
  [CaseResponded.type]: CaseResponded,
  [InformationRequested.type]: InformationRequested,
  [InformationProvided.type]: InformationProvided,
  [ProgressUpdateGiven.type]: ProgressUpdateGiven,
  [UpdateCadenceAgreed.type]: UpdateCadenceAgreed,
  [CaseReclassified.type]: CaseReclassified,
  [CaseEscalated.type]: CaseEscalated,
  [EscalationNotPossible.type]: EscalationNotPossible,
  [WorkaroundProvided.type]: WorkaroundProvided,
  [ResolutionProposed.type]: ResolutionProposed,
  [ResolutionRejected.type]: ResolutionRejected,
  [CaseMutuallyResolved.type]: CaseMutuallyResolved,
  [CaseReopened.type]: CaseReopened,
  [CaseClosed.type]: CaseClosed,
  [SlaClockStarted.type]: SlaClockStarted,
  [SlaClockPaused.type]: SlaClockPaused,
  [SlaClockResumed.type]: SlaClockResumed,
  [SlaClockStopped.type]: SlaClockStopped,
  [SlaWarningReached.type]: SlaWarningReached,
  [SlaBreached.type]: SlaBreached,
} as const;
