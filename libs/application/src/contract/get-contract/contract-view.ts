import type { AuthorisedContact, Contract, ContractStatus, VersionedCalendar } from '@caseledger/domain';
import type { Channel, PlanOverrides } from '@caseledger/sla';

export interface ContractView {
  contractId: string;
  accountId: string;
  status: ContractStatus;
  planId: string;
  planName: string;
  serviceTimeZone: string;
  calendar: VersionedCalendar;
  startsAt: string;
  endsAt: string | null;
  endedAt: string | null;
  authorisedContacts: AuthorisedContact[];
  authorisedContactLimit: number;
  channels: Channel[];
  severity1Hotline: boolean;
  overrides: PlanOverrides;
}

export function contractView(contract: Contract): ContractView {
  const plan = contract.plan;
  return {
    contractId: contract.id,
    accountId: contract.accountId,
    status: contract.status,
    planId: plan.id,
    planName: plan.name,
    serviceTimeZone: contract.serviceTimeZone,
    calendar: contract.calendar,
    startsAt: contract.startsAt.toUTC().toISO() as string,
    endsAt: contract.endsAt?.toUTC().toISO() ?? null,
    endedAt: contract.endedAt?.toUTC().toISO() ?? null,
    authorisedContacts: [...contract.authorisedContacts],
    authorisedContactLimit: plan.authorisedContactLimit,
    channels: [...new Set([...plan.registrationChannels, ...plan.communicationChannels])],
    severity1Hotline: plan.severity1Hotline.available,
    overrides: contract.overrides,
  };
}
