import type { CalendarDefinition } from '../calendar/calendar-definition';
import type { SlaMetric, SlaTarget } from '../targets/sla-target';

export type PlanId =
  'bird-email-premium' | 'bird-email-enterprise' | 'beesender-basic' | 'beesender-business' | 'beesender-premium';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

export type Criticality = 'critical' | 'nonCritical';
export const CRITICALITIES: readonly Criticality[] = ['critical', 'nonCritical'];

export type Channel = 'portal' | 'email' | 'chatBot' | 'phone' | 'skype' | 'severity1Hotline';

/**
 * Where a term comes from: the plan's document, a default taken where the document is silent or
 * unclear, or a contract's override.
 */
export type TermBasis = 'document' | 'default' | 'contract';

export interface ServiceTimeZone {
  id: string;
  label: string;
  calendar: CalendarDefinition;
}

/** One row of a plan's target table: the target applies to every listed priority × criticality. */
export interface TargetRule {
  priorities: readonly Priority[];
  criticalities: readonly Criticality[];
  target: SlaTarget;
  basis: TermBasis;
  note?: string;
}

export interface Severity1Hotline {
  available: boolean;
  /** Minutes within which an agent calls back (elapsed, 24/7/365). */
  callbackMinutes?: 15;
}

export interface AccountManager {
  role: 'technicalAccountManager' | 'personalCustomerHappinessManager';
  included: boolean;
  basis: TermBasis;
  reachableBy: readonly Channel[];
  /** When the manager is available: the service time zone's business hours. */
  hours: 'businessHours';
  duties: readonly string[];
}

export interface PlanFeature {
  id: string;
  label: string;
  included: boolean;
  basis: TermBasis;
}

export interface SupportPlan {
  id: PlanId;
  vendor: 'Bird' | 'Beesender';
  name: string;
  description: string;
  /** The document(s) the plan is taken from, as one citation. */
  source: string;
  sourceDocuments: readonly string[];
  priceShareOfLicencePercent?: number;
  /** When cases may be filed; clocks still run only as their calendars say. */
  caseRegistrationHours: '24/7';
  registrationChannels: readonly Channel[];
  communicationChannels: readonly Channel[];
  authorisedContactLimit: number;
  severity1Hotline: Severity1Hotline;
  serviceTimeZones: readonly ServiceTimeZone[];
  defaultServiceTimeZone: string;
  /** The targets as data (what `GET /v1/plans` shows); `targets()` reads it. */
  targetTable: readonly TargetRule[];
  targets(priority: Priority, criticality: Criticality): SlaTarget[];
  /** Clocks that pause while the case awaits the customer. */
  pausesWhileAwaitingCustomer: readonly SlaMetric[];
  /** Technical account manager (Bird) or personal customer-happiness manager (Beesender). */
  tam: AccountManager;
  /** Application updates with package reinstall per year (Beesender); 0 where the plan has none. */
  updateAllowancePerYear: number;
  developerConsultations: boolean;
  features: readonly PlanFeature[];
  /** Where the document leaves a term open or unclear, and the default taken. */
  openQuestions: readonly string[];
}

/** Reads a target table: the targets that apply to a priority and criticality, one per metric (later rows win). */
export function targetsFromTable(
  table: readonly TargetRule[],
  priority: Priority,
  criticality: Criticality,
): SlaTarget[] {
  const byMetric = new Map<SlaMetric, SlaTarget>();
  for (const rule of table) {
    if (rule.priorities.includes(priority) && rule.criticalities.includes(criticality))
      byMetric.set(rule.target.metric, { ...rule.target });
  }
  return [...byMetric.values()];
}
