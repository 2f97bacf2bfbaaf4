import type { Channel, Criticality, PlanId, Priority } from '@caseledger/sla';
import { DateTime } from 'luxon';
import type { CaseCategory } from '../shared/case-category';
import { IsoInstant, toIsoInstant } from '../shared/instant';
import { ClockView, viewOfClock } from './sla-clocks';
import { CaseStatus, Escalation, ResolutionProposal, SupportCase, Workaround } from './support-case.aggregate';
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
  workarounds: Workaround[];
  resolutionProposal: ResolutionProposal | null;
  resolvedAt: IsoInstant | null;
  closedAt: IsoInstant | null;
  clocks: ClockView[];
  asOf: IsoInstant;
}

export function caseView(supportCase: SupportCase, now: DateTime): CaseView {
  const firstRespondedAt = supportCase.firstRespondedAt;
  return {
    caseId: supportCase.id,
    contractId: supportCase.contractId,
    accountId: supportCase.accountId,
    status: supportCase.status,
    contactId: supportCase.contactId,
    channel: supportCase.channel,
    subject: supportCase.subject,
    description: supportCase.description,
    category: supportCase.category,
    priority: supportCase.priority,
    criticality: supportCase.criticality,
    vitalInformation: supportCase.vitalInformation,
    receivedAt: toIsoInstant(supportCase.receivedAt),
    openedAt: toIsoInstant(supportCase.openedAt),
    planId: supportCase.terms.planId,
    planName: supportCase.terms.planName,
    calendarVersion: supportCase.terms.calendar.version,
    assignedAgentId: supportCase.assignedAgentId,
    firstRespondedAt: firstRespondedAt === null ? null : toIsoInstant(firstRespondedAt),
    hotlineCallAt: supportCase.hotlineCall?.at ?? null,
    callbackAt: supportCase.callbackAt,
    updateCadence: supportCase.updateCadence,
    escalations: [...supportCase.escalations],
    workarounds: [...supportCase.workarounds],
    resolutionProposal: supportCase.resolutionProposal,
    resolvedAt: supportCase.resolvedAt,
    closedAt: supportCase.closedAt,
    clocks: supportCase.clocks.map((clock) => viewOfClock(clock, now)),
    asOf: toIsoInstant(now, 'now'),
  };
}
