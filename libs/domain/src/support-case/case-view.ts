import type { Channel, Criticality, PlanId, Priority } from '@caseledger/sla';
import { DateTime } from 'luxon';
import type { CaseCategory } from '../shared/case-category';
import { canonicalIsoInstant, IsoInstant, toIsoInstant } from '../shared/instant';
import { ClockView, viewOfClock } from './sla-clocks';
import type { SupportCase } from './support-case.aggregate';
import {
  CaseStatus,
  Escalation,
  openingOf,
  ResolutionProposal,
  UnmadeEscalation,
  Workaround,
} from './support-case.state';
import type { VitalInformation } from './support-case.events';

/** A case as "read one case" shows it: current state, plain JSON, each clock evaluated at `asOf`. */
export interface CaseView {
  caseId: string;
  contractId: string;
  accountId: string;
  status: CaseStatus;
  contactId: string;
  channel: Channel;
  subject: string;
  description: string;
  category: CaseCategory;
  priority: Priority;
  criticality: Criticality;
  vitalInformation: VitalInformation | null;
  receivedAt: IsoInstant;
  openedAt: IsoInstant;
  planId: PlanId;
  planName: string;
  calendarVersion: number;
  assignedAgentId: string | null;
  firstRespondedAt: IsoInstant | null;
  hotlineCallAt: IsoInstant | null;
  callbackAt: IsoInstant | null;
  updateCadence: { minutes: number; unit: 'business' | 'elapsed'; agreedAt: IsoInstant } | null;
  escalations: Escalation[];
  escalationsNotPossible: UnmadeEscalation[];
  workarounds: Workaround[];
  resolutionProposal: ResolutionProposal | null;
  resolvedAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  clocks: ClockView[];
  asOf: IsoInstant;
}

export function caseView(supportCase: SupportCase, now: DateTime): CaseView {
  const state = supportCase.state;
  const opened = openingOf(state);
  return {
    caseId: opened.caseId,
    contractId: opened.contractId,
    accountId: opened.accountId,
    status: supportCase.status,
    contactId: opened.contactId,
    channel: opened.channel,
    subject: opened.subject,
    description: opened.description,
    category: opened.category,
    priority: state.priority,
    criticality: state.criticality,
    vitalInformation: state.hotlineCall?.vitalInformation ?? opened.vitalInformation,
    receivedAt: canonicalIsoInstant(opened.receivedAt),
    openedAt: canonicalIsoInstant(opened.openedAt),
    planId: opened.terms.planId,
    planName: opened.terms.planName,
    calendarVersion: opened.terms.calendar.version,
    assignedAgentId: state.assignedAgentId,
    firstRespondedAt: state.firstRespondedAt === null ? null : canonicalIsoInstant(state.firstRespondedAt),
    hotlineCallAt: state.hotlineCall?.at ?? null,
    callbackAt: state.callbackAt,
    updateCadence: state.updateCadence,
    escalations: [...state.escalations],
    escalationsNotPossible: [...state.escalationsNotPossible],
    workarounds: [...state.workarounds],
    resolutionProposal: state.resolutionProposal,
    resolvedAt: state.resolvedAt,
    closedAt: state.closedAt,
    clocks: state.clocks.map((clock) => viewOfClock(clock, now)),
    asOf: toIsoInstant(now, 'now'),
  };
}
