import type { CalendarDefinition } from '../calendar/calendar-definition';
import {
  Channel,
  CRITICALITIES,
  PlanFeature,
  PlanId,
  ServiceTimeZone,
  SupportPlan,
  TargetRule,
  targetsFromTable,
} from './support-plan';

const DOC = '004_2d9fdbdc9390b083.txt (Beesender, technical support tiers Basic / Business / Premium, Russian)';

/**
 * "GMT +1/+2/+3/+8/+10 ; GMT -2" as IANA fixed-offset zones. POSIX inverts the sign in the Etc area:
 * Etc/GMT-3 is three hours *ahead* of UTC.
 */
const ZONES: readonly { id: string; label: string; timeZone: string }[] = [
  { id: 'gmt+1', label: 'GMT+1', timeZone: 'Etc/GMT-1' },
  { id: 'gmt+2', label: 'GMT+2', timeZone: 'Etc/GMT-2' },
  { id: 'gmt+3', label: 'GMT+3', timeZone: 'Etc/GMT-3' },
  { id: 'gmt+8', label: 'GMT+8', timeZone: 'Etc/GMT-8' },
  { id: 'gmt+10', label: 'GMT+10', timeZone: 'Etc/GMT-10' },
  { id: 'gmt-2', label: 'GMT−2', timeZone: 'Etc/GMT+2' },
];

type Tier = 'basic' | 'business' | 'premium';

const NINE_TO_SIX = [{ from: '09:00', to: '18:00' }];

function deskCalendar(tier: Tier, timeZone: string): CalendarDefinition {
  if (tier === 'premium') return { timeZone, alwaysOpen: true, version: 1 };
  const weekdays = { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX };
  return {
    timeZone,
    weekly: tier === 'basic' ? weekdays : { ...weekdays, sat: NINE_TO_SIX, sun: NINE_TO_SIX },
    version: 1,
  };
}

const HOURS_LABEL: Record<Tier, string> = {
  basic: '9:00–18:00 Mon–Fri',
  business: '9:00–18:00 Mon–Sun',
  premium: '24/7',
};

function serviceTimeZones(tier: Tier): ServiceTimeZone[] {
  return ZONES.map((z) => ({
    id: z.id,
    label: `${z.label}, ${HOURS_LABEL[tier]}`,
    calendar: deskCalendar(tier, z.timeZone),
  }));
}

/** "Время реакции на инциденты высшего приоритета / 2-4 приоритета, рабочих часов": business hours. */
function firstResponseTable(p1Hours: number, p2to4Hours: number): TargetRule[] {
  return [
    {
      priorities: ['P1'],
      criticalities: CRITICALITIES,
      target: { metric: 'firstResponse', minutes: p1Hours * 60, unit: 'business' },
      basis: 'document',
      note: `Reaction to highest-priority incidents: ${p1Hours} business hour(s).`,
    },
    {
      priorities: ['P2', 'P3', 'P4'],
      criticalities: CRITICALITIES,
      target: { metric: 'firstResponse', minutes: p2to4Hours * 60, unit: 'business' },
      basis: 'document',
      note: `Reaction to priority 2–4 incidents: ${p2to4Hours} business hours.`,
    },
  ];
}

const REGISTRATION: readonly Channel[] = ['portal', 'chatBot', 'email'];

function features(tier: Tier): PlanFeature[] {
  const atLeast = (min: Tier) =>
    ['basic', 'business', 'premium'].indexOf(tier) >= ['basic', 'business', 'premium'].indexOf(min);
  return [
    {
      id: 'sysadmin-questions',
      label: "Answers to system administrators' questions",
      included: true,
      basis: 'default',
    },
    {
      id: 'user-questions',
      label: "Answers to system users' questions",
      included: atLeast('business'),
      basis: 'default',
    },
    {
      id: 'personal-manager',
      label: 'Personal customer-happiness manager',
      included: atLeast('premium'),
      basis: 'default',
    },
    {
      id: 'application-updates',
      label: 'Beesender application updates with package reinstall',
      included: atLeast('business'),
      basis: 'default',
    },
    {
      id: 'developer-consultations',
      label: "Consultations with the system's developers",
      included: atLeast('premium'),
      basis: 'default',
    },
    {
      id: 'server-licence-support',
      label: 'Support of the Beesender Server licence',
      included: atLeast('premium'),
      basis: 'default',
    },
  ];
}

const OPEN_QUESTIONS = [
  "The table's tick marks for the rows after the contact limit did not survive in the text: answers to system " +
    "administrators' questions are taken for every tier; answers to users' questions and application updates (up " +
    'to 2 / up to 4 a year) for Business and Premium; the personal manager, developer consultations and Server ' +
    'licence support for Premium. Overridable per contract.',
  'The document names only reaction (first response) targets; no update or resolution clocks are kept.',
  'The document names no holidays for the support desk; the calendars have none (a contract can add a holiday ' +
    'region or closed dates).',
  'The document does not say whether clocks pause while the case awaits the customer; update, workaround and ' +
    'resolution clocks pause, first response does not.',
  'Priority is chosen by the customer from the P1–P4 descriptions; the document has no critical/non-critical ' +
    'split, so both get the same targets.',
];

function plan(
  tier: Tier,
  spec: {
    id: PlanId;
    name: string;
    price: number;
    contacts: number;
    channels: Channel[];
    p1: number;
    p2to4: number;
    updates: number;
  },
): SupportPlan {
  const table = firstResponseTable(spec.p1, spec.p2to4);
  const tierFeatures = features(tier);
  return {
    id: spec.id,
    vendor: 'Beesender',
    name: spec.name,
    description: `Beesender ${spec.name} technical support: ${spec.price}% of the licence cost; cases registered 24/7 through the client portal, the website chat bot or email; support desk ${HOURS_LABEL[tier]} in a chosen zone (GMT+1/+2/+3/+8/+10 or GMT−2); reaction within ${spec.p1} business hour(s) for P1 and ${spec.p2to4} for P2–P4; up to ${spec.contacts} authorised contacts.`,
    source: DOC,
    sourceDocuments: [DOC],
    priceShareOfLicencePercent: spec.price,
    caseRegistrationHours: '24/7',
    registrationChannels: REGISTRATION,
    communicationChannels: spec.channels,
    authorisedContactLimit: spec.contacts,
    severity1Hotline: { available: false },
    serviceTimeZones: serviceTimeZones(tier),
    defaultServiceTimeZone: 'gmt+3',
    targetTable: table,
    targets: (priority, criticality) => targetsFromTable(table, priority, criticality),
    pausesWhileAwaitingCustomer: ['nextUpdate', 'workaround', 'resolution'],
    tam: {
      role: 'personalCustomerHappinessManager',
      included: tierFeatures.some((f) => f.id === 'personal-manager' && f.included),
      basis: 'default',
      reachableBy: spec.channels,
      hours: 'businessHours',
      duties: ['personal customer-happiness manager for the account'],
    },
    updateAllowancePerYear: spec.updates,
    developerConsultations: tierFeatures.some((f) => f.id === 'developer-consultations' && f.included),
    features: tierFeatures,
    openQuestions: OPEN_QUESTIONS,
  };
}

export const BEESENDER_BASIC = plan('basic', {
  id: 'beesender-basic',
  name: 'Basic',
  price: 5,
  contacts: 2,
  channels: ['portal', 'email'],
  p1: 4,
  p2to4: 8,
  updates: 0,
});

export const BEESENDER_BUSINESS = plan('business', {
  id: 'beesender-business',
  name: 'Business',
  price: 12,
  contacts: 5,
  channels: ['portal', 'email', 'phone'],
  p1: 1,
  p2to4: 4,
  updates: 2,
});

export const BEESENDER_PREMIUM = plan('premium', {
  id: 'beesender-premium',
  name: 'Premium',
  price: 20,
  contacts: 15,
  channels: ['portal', 'email', 'phone', 'skype'],
  p1: 1,
  p2to4: 2,
  updates: 4,
});
