import type { Criticality, Priority, SlaTarget, TargetUnit } from '@caseledger/sla';
import type { Side } from '../shared/actor';
import type { IsoInstant } from '../shared/instant';
import type { CustomerWait, SlaAlertKind, SlaClock } from './sla-clocks';
import type {
  CaseOpenedData,
  EscalationLevel,
  EscalationNotPossibleData,
  VitalInformation,
} from './support-case.events';
import { CaseNotFound } from './support-case.errors';

export type CaseStatus = 'open' | 'awaitingCustomer' | 'resolutionProposed' | 'resolved' | 'closed';

export interface Escalation {
  to: EscalationLevel;
  reason: string;
  tamId: string | null;
  causedBy: string | null;
  at: IsoInstant;
}

/** An escalation a breach called for that could not be made, and why. */
export type UnmadeEscalation = Omit<EscalationNotPossibleData, 'caseId'>;

/** A warning or breach the deadline watcher recorded for a clock. */
export interface SlaAlert {
  kind: SlaAlertKind;
  clockId: string;
  at: IsoInstant;
  detectedAt: IsoInstant;
}

export interface Workaround {
  agentId: string;
  description: string;
  at: IsoInstant;
}

export interface ResolutionProposal {
  by: Side;
  actorId: string;
  summary: string;
  at: IsoInstant;
}

/**
 * Everything a support case knows, as folded from its events. The aggregate replaces it whole on every
 * event, so a reader holding one can never see it change.
 */
export interface SupportCaseState {
  readonly status: CaseStatus | 'notOpened';
  /** The opening as recorded; null until the case is opened. */
  readonly opened: Readonly<CaseOpenedData> | null;
  readonly priority: Priority;
  readonly criticality: Criticality;
  readonly assignedAgentId: string | null;
  /** The first response since the case was opened or last reopened. */
  readonly firstRespondedAt: IsoInstant | null;
  readonly hotlineCall: { readonly vitalInformation: VitalInformation; readonly at: IsoInstant } | null;
  readonly callbackAt: IsoInstant | null;
  readonly updateCadence: { readonly minutes: number; readonly unit: TargetUnit; readonly agreedAt: IsoInstant } | null;
  readonly escalations: readonly Escalation[];
  readonly escalationsNotPossible: readonly UnmadeEscalation[];
  readonly workarounds: readonly Workaround[];
  readonly resolutionProposal: ResolutionProposal | null;
  readonly resolvedAt: IsoInstant | null;
  readonly closedAt: IsoInstant | null;
  readonly customerWaits: readonly CustomerWait[];
  readonly clocks: readonly SlaClock[];
  readonly slaAlerts: readonly SlaAlert[];
  /** The latest instant of a lifecycle event; commands may not go before it. Empty until opened. */
  readonly lastAt: IsoInstant;
}

export const NOT_OPENED: SupportCaseState = {
  status: 'notOpened',
  opened: null,
  priority: 'P4',
  criticality: 'nonCritical',
  assignedAgentId: null,
  firstRespondedAt: null,
  hotlineCall: null,
  callbackAt: null,
  updateCadence: null,
  escalations: [],
  escalationsNotPossible: [],
  workarounds: [],
  resolutionProposal: null,
  resolvedAt: null,
  closedAt: null,
  customerWaits: [],
  clocks: [],
  slaAlerts: [],
  lastAt: '',
};

/** The opening of a case that must exist; a command on a case never opened is a command on no case. */
export function openingOf(state: SupportCaseState): Readonly<CaseOpenedData> {
  if (state.opened === null) throw new CaseNotFound();
  return state.opened;
}

/** The targets of the case's current class, under the terms it opened with. */
export function targetsOf(state: SupportCaseState): SlaTarget[] {
  return openingOf(state).terms.targets[state.priority][state.criticality];
}
