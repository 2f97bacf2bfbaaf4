import type { CalendarDefinition } from '../calendar/calendar-definition';
import { PRIORITIES, Priority, ServiceTimeZone, SupportPlan, TargetRule, targetsFromTable } from './support-plan';

const PREMIUM_DOC = '000_23b51346e07f4b19.txt (Bird, Servizi Premium Email, Italian, updated 21 Nov 2024)';
const ENTERPRISE_DE_DOC = '001_afc92f72ca29921c.txt (Bird, E-Mail-Enterprise-Services, German, updated 21 Nov 2024)';
const ENTERPRISE_ID_DOC = '002_e679d15a4de2eb42.txt (Bird, Email Enterprise Services, Indonesian/English)';
const BUSINESS_HOURS_DOC =
  '003_5dbec1dd22943ff0.txt (MessageBird, Email Enterprise Services, Chinese/English; defines Business Hours)';

const weekdays = (from: string, to: string): CalendarDefinition['weekly'] => ({
  mon: [{ from, to }],
  tue: [{ from, to }],
  wed: [{ from, to }],
  thu: [{ from, to }],
  fri: [{ from, to }],
});

/**
 * "9:00am through 5:00pm Eastern Time; 9:00am through 5:00pm Pacific Time; or 08:30 through 16:30 UK
 * Time … Monday through Friday, excluding bank holidays generally recognized in the Service Time Zone"
 * (003). England & Wales bank holidays stand for "UK".
 */
export const BIRD_SERVICE_TIME_ZONES: readonly ServiceTimeZone[] = [
  {
    id: 'us-eastern',
    label: 'US Eastern, 9:00–17:00 Mon–Fri, US holidays',
    calendar: { timeZone: 'America/New_York', weekly: weekdays('09:00', '17:00'), holidayRegion: 'US', version: 1 },
  },
  {
    id: 'us-pacific',
    label: 'US Pacific, 9:00–17:00 Mon–Fri, US holidays',
    calendar: { timeZone: 'America/Los_Angeles', weekly: weekdays('09:00', '17:00'), holidayRegion: 'US', version: 1 },
  },
  {
    id: 'uk',
    label: 'UK, 08:30–16:30 Mon–Fri, England & Wales bank holidays',
    calendar: { timeZone: 'Europe/London', weekly: weekdays('08:30', '16:30'), holidayRegion: 'GB-ENG', version: 1 },
  },
];

/** The documents say "respond … during Business Hours" and give no number: one business day is the default. */
export const BIRD_DEFAULT_FIRST_RESPONSE_BUSINESS_MINUTES = 480;
/** "a reasonable and mutually agreed upon periodic basis": hourly until the parties agree otherwise. */
export const BIRD_DEFAULT_CRITICAL_UPDATE_ELAPSED_MINUTES = 60;

const ALL_PRIORITIES: readonly Priority[] = PRIORITIES;

const ENTERPRISE_TARGETS: readonly TargetRule[] = [
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['nonCritical'],
    target: { metric: 'firstResponse', minutes: BIRD_DEFAULT_FIRST_RESPONSE_BUSINESS_MINUTES, unit: 'business' },
    basis: 'default',
    note:
      'The document: an agent responds by email during business hours. No number is given; default one ' +
      'business day.',
  },
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['critical'],
    target: { metric: 'callback', minutes: 15, unit: 'elapsed' },
    basis: 'document',
    note:
      'Severity 1 Hotline, 24 hours a day, 7 days a week, 365 days a year; the call is returned within ' +
      'fifteen (15) minutes.',
  },
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['critical'],
    target: { metric: 'nextUpdate', minutes: BIRD_DEFAULT_CRITICAL_UPDATE_ELAPSED_MINUTES, unit: 'elapsed' },
    basis: 'default',
    note:
      'Updates "on a reasonable and mutually agreed upon periodic basis"; default every 60 minutes until a ' +
      'cadence is agreed.',
  },
];

/**
 * CaseLedger's product terms give both Bird plans the critical-issue procedure (24/7 Severity-1
 * hotline, callback within 15 minutes, agreed update cadence). The Premium document itself describes
 * only the ticket procedure, so these rows are marked as defaults taken from the Enterprise texts.
 */
const PREMIUM_TARGETS: readonly TargetRule[] = [
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['nonCritical'],
    target: { metric: 'firstResponse', minutes: BIRD_DEFAULT_FIRST_RESPONSE_BUSINESS_MINUTES, unit: 'business' },
    basis: 'default',
    note:
      'The document: an agent responds by email during business hours. No number is given; default one ' +
      'business day.',
  },
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['critical'],
    target: { metric: 'callback', minutes: 15, unit: 'elapsed' },
    basis: 'default',
    note:
      'The critical-issue procedure of the Bird Enterprise texts (Severity 1 Hotline 24/7/365, call returned ' +
      'within 15 minutes); the Premium document describes only the ticket procedure.',
  },
  {
    priorities: ALL_PRIORITIES,
    criticalities: ['critical'],
    target: { metric: 'nextUpdate', minutes: BIRD_DEFAULT_CRITICAL_UPDATE_ELAPSED_MINUTES, unit: 'elapsed' },
    basis: 'default',
    note:
      'Updates "on a reasonable and mutually agreed upon periodic basis" (Enterprise texts); default every ' +
      '60 minutes until a cadence is agreed.',
  },
];

const SHARED_OPEN_QUESTIONS = [
  `Non-critical first response: the documents say only "during business hours"; default ${BIRD_DEFAULT_FIRST_RESPONSE_BUSINESS_MINUTES} business minutes (one business day of the service time zone), overridable per contract.`,
  'Authorised contacts: the documents set no limit; default 10, overridable per contract.',
  'Resolution: "mutually agreed" by both parties, so no resolution clock is kept.',
  'Clocks other than first response and callback pause while the case awaits the customer ("Customer will ' +
    'continue to provide all necessary information"); the documents do not say so in as many words.',
  '"UK Time" bank holidays are taken as England & Wales (GB-ENG); a contract in Scotland can override the ' +
    'service time zone calendar with GB-SCT.',
  'Cases can be filed at any time through the dashboard or the designated email address; the documents do not ' +
    'restrict filing hours.',
];

const TAM_ROLE = {
  role: 'technicalAccountManager',
  included: true,
  basis: 'document',
  reachableBy: ['phone', 'email'],
  hours: 'businessHours',
} as const;

export const BIRD_EMAIL_PREMIUM: SupportPlan = {
  id: 'bird-email-premium',
  vendor: 'Bird',
  name: 'Email Premium Services',
  description:
    'A technical account manager as primary technical contact and escalation point during business hours; ' +
    'migration planning with IP warming; Tier-1 form-based mediation with mailbox providers. Every issue: ticket ' +
    'through the dashboard or a designated email address, email response during business hours, progress ' +
    'updates, resolution by mutual agreement.',
  source: PREMIUM_DOC,
  sourceDocuments: [PREMIUM_DOC, BUSINESS_HOURS_DOC],
  caseRegistrationHours: '24/7',
  registrationChannels: ['portal', 'email'],
  communicationChannels: ['email', 'phone', 'severity1Hotline'],
  authorisedContactLimit: 10,
  severity1Hotline: { available: true, callbackMinutes: 15 },
  serviceTimeZones: BIRD_SERVICE_TIME_ZONES,
  defaultServiceTimeZone: 'us-eastern',
  targetTable: PREMIUM_TARGETS,
  targets: (priority, criticality) => targetsFromTable(PREMIUM_TARGETS, priority, criticality),
  pausesWhileAwaitingCustomer: ['nextUpdate', 'workaround', 'resolution'],
  tam: {
    ...TAM_ROLE,
    duties: [
      'escalation point for a problem with the service, a configuration request or an information request',
      'migration planning for email traffic, considering IP warming',
      'Tier-1 (standard form-based) mediation with mailbox providers',
    ],
  },
  updateAllowancePerYear: 0,
  developerConsultations: false,
  features: [
    {
      id: 'tier1-mediation',
      label: 'Tier-1 form-based mediation with mailbox providers',
      included: true,
      basis: 'document',
    },
    {
      id: 'deliverability-strategy',
      label: 'Deliverability strategy and Tier-2 bespoke mediation',
      included: false,
      basis: 'document',
    },
    { id: 'inbox-placement-guarantee', label: 'Guaranteed inbox placement rates', included: false, basis: 'document' },
  ],
  openQuestions: [
    'The Premium document lists one procedure for all issues and names no Severity-1 hotline; the plan takes the ' +
      'Bird critical-issue procedure of the Enterprise texts (24/7 hotline, 15-minute callback, agreed update ' +
      'cadence), as the product terms for both Bird plans say. A contract without the hotline removes it by ' +
      'override (severity1Hotline: { available: false }).',
    'The Premium document does not define business hours; the Business Hours of the Enterprise text (003) are ' +
      'taken, with its three service time zones.',
    ...SHARED_OPEN_QUESTIONS,
  ],
};

export const BIRD_EMAIL_ENTERPRISE: SupportPlan = {
  id: 'bird-email-enterprise',
  vendor: 'Bird',
  name: 'Email Enterprise Services',
  description:
    'A technical account manager (onboarding, migration planning with IP warming, oversight of support ' +
    'interactions and escalation, capacity and feature planning, industry best practice); general deliverability ' +
    'support (best-practice guidance, blocklist monitoring, ISP block remediation by Tier-1 mediation). ' +
    'Non-critical issues: ticket, email response during business hours, updates, mutual resolution. Critical ' +
    'issues (persistent Unavailability): ticket, then the 24/7/365 Severity-1 hotline with a call back within 15 ' +
    'minutes, work until ended or a workaround, updates at an agreed cadence.',
  source: `${ENTERPRISE_DE_DOC}; ${ENTERPRISE_ID_DOC}; business hours from ${BUSINESS_HOURS_DOC}`,
  sourceDocuments: [ENTERPRISE_DE_DOC, ENTERPRISE_ID_DOC, BUSINESS_HOURS_DOC],
  caseRegistrationHours: '24/7',
  registrationChannels: ['portal', 'email'],
  communicationChannels: ['email', 'phone', 'severity1Hotline'],
  authorisedContactLimit: 10,
  severity1Hotline: { available: true, callbackMinutes: 15 },
  serviceTimeZones: BIRD_SERVICE_TIME_ZONES,
  defaultServiceTimeZone: 'us-eastern',
  targetTable: ENTERPRISE_TARGETS,
  targets: (priority, criticality) => targetsFromTable(ENTERPRISE_TARGETS, priority, criticality),
  pausesWhileAwaitingCustomer: ['nextUpdate', 'workaround', 'resolution'],
  tam: {
    ...TAM_ROLE,
    duties: [
      'escalation point for a problem with the service, a configuration request or an information request',
      'assistance in onboarding',
      'migration planning for email traffic, considering IP warming',
      'oversight of support interactions and escalation path',
      'planning for new business needs, capacity growth and features',
      'information and education on industry trends and best practice',
    ],
  },
  updateAllowancePerYear: 0,
  developerConsultations: false,
  features: [
    {
      id: 'deliverability-guidance',
      label: 'Deliverability best-practice guidance and education',
      included: true,
      basis: 'document',
    },
    {
      id: 'blocklist-monitoring',
      label: 'Blocklist monitoring of message streams and domains',
      included: true,
      basis: 'document',
    },
    {
      id: 'tier1-mediation',
      label: 'ISP block remediation by Tier-1 form-based mediation',
      included: true,
      basis: 'document',
    },
    {
      id: 'deliverability-strategy',
      label: 'Deliverability strategy and Tier-2 bespoke mediation',
      included: false,
      basis: 'document',
    },
    { id: 'inbox-placement-guarantee', label: 'Guaranteed inbox placement rates', included: false, basis: 'document' },
  ],
  openQuestions: [
    `Critical-issue updates come "on a reasonable and mutually agreed upon periodic basis"; default every ${BIRD_DEFAULT_CRITICAL_UPDATE_ELAPSED_MINUTES} elapsed minutes until the contract records the agreed cadence.`,
    'Critical issues are worked "until the Critical Issue has ended or a workaround has been provided"; no ' +
      'workaround deadline is given, so no workaround clock is kept.',
    ...SHARED_OPEN_QUESTIONS,
  ],
};
