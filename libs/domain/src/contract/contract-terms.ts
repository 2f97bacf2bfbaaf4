import type { CalendarDefinition, Channel, Criticality, PlanId, Priority, SlaMetric, SlaTarget } from '@caseledger/sla';
import type { IsoInstant } from '../shared/instant';

export type TargetsByClass = Record<Priority, Record<Criticality, SlaTarget[]>>;

/**
 * What a case needs to know of its contract, as of one instant, in plain JSON. A case keeps the part
 * that governs its clocks (`CaseTerms`) in its own `CaseOpened`, so a later change of the contract never
 * rewrites the deadlines of a case already open.
 */
export interface ContractTerms {
  contractId: string;
  accountId: string;
  /** The instant these terms describe. */
  asOf: IsoInstant;
  startsAt: IsoInstant;
  endsAt: IsoInstant | null;
  /** When the contract was terminated or expired; null while it runs. */
  endedAt: IsoInstant | null;
  planId: PlanId;
  planName: string;
  calendar: CalendarDefinition & { version: number };
  /** The plan's targets with the contract's overrides applied, for every class of case. */
  targets: TargetsByClass;
  pausingMetrics: SlaMetric[];
  hotline: { available: boolean; callbackMinutes: number | null };
  /** Channels a case may come in through: the plan's registration and communication channels. */
  channels: Channel[];
  authorisedContactIds: string[];
}

/** The part of the terms a case records when it opens. */
export type CaseTerms = Pick<
  ContractTerms,
  'contractId' | 'accountId' | 'planId' | 'planName' | 'calendar' | 'targets' | 'pausingMetrics' | 'hotline'
>;

export function caseTermsOf(terms: ContractTerms): CaseTerms {
  return {
    contractId: terms.contractId,
    accountId: terms.accountId,
    planId: terms.planId,
    planName: terms.planName,
    calendar: terms.calendar,
    targets: terms.targets,
    pausingMetrics: terms.pausingMetrics,
    hotline: terms.hotline,
  };
}

/** Active from `startsAt` (inclusive) until `endsAt` or the termination, whichever comes first (exclusive). */
export function termsActiveAt(terms: Pick<ContractTerms, 'startsAt' | 'endsAt' | 'endedAt'>, atMs: number): boolean {
  if (atMs < Date.parse(terms.startsAt)) return false;
  if (terms.endsAt !== null && atMs >= Date.parse(terms.endsAt)) return false;
  if (terms.endedAt !== null && atMs >= Date.parse(terms.endedAt)) return false;
  return true;
}
