import { validateCalendar } from '../calendar/validate-calendar';
import { targetProblems } from '../targets/sla-target';
import { BEESENDER_BASIC, BEESENDER_BUSINESS, BEESENDER_PREMIUM } from './beesender';
import { BIRD_EMAIL_ENTERPRISE, BIRD_EMAIL_PREMIUM } from './bird';
import { CRITICALITIES, PRIORITIES, PlanId, SupportPlan } from './support-plan';

export const PLANS: readonly SupportPlan[] = [
  BIRD_EMAIL_PREMIUM,
  BIRD_EMAIL_ENTERPRISE,
  BEESENDER_BASIC,
  BEESENDER_BUSINESS,
  BEESENDER_PREMIUM,
];

export const PLAN_IDS: readonly PlanId[] = PLANS.map((p) => p.id);

export function isPlanId(id: string): id is PlanId {
  return (PLAN_IDS as readonly string[]).includes(id);
}

export function getPlan(id: string): SupportPlan | undefined {
  return PLANS.find((p) => p.id === id);
}

/** The calendar of one of a plan's service time zones, or undefined for an id the plan does not offer. */
export function serviceCalendar(plan: SupportPlan, serviceTimeZoneId: string = plan.defaultServiceTimeZone) {
  return plan.serviceTimeZones.find((z) => z.id === serviceTimeZoneId)?.calendar;
}

/** Every problem of a plan (built-in or amended by a contract): calendars, targets, limits. */
export function validateSupportPlan(plan: SupportPlan): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!Number.isInteger(plan.authorisedContactLimit) || plan.authorisedContactLimit < 0) {
    problems.push({ field: 'authorisedContactLimit', message: 'must be a non-negative integer' });
  }
  const ids = new Set<string>();
  plan.serviceTimeZones.forEach((z, i) => {
    if (ids.has(z.id))
      problems.push({ field: `serviceTimeZones[${i}].id`, message: `duplicate service time zone "${z.id}"` });
    ids.add(z.id);
    const v = validateCalendar(z.calendar);
    if (!v.ok)
      for (const p of v.problems)
        problems.push({ field: `serviceTimeZones[${i}].calendar.${p.field}`, message: p.message });
  });
  if (!ids.has(plan.defaultServiceTimeZone))
    problems.push({
      field: 'defaultServiceTimeZone',
      message: `"${plan.defaultServiceTimeZone}" is not one of the plan's service time zones`,
    });
  plan.targetTable.forEach((rule, i) => problems.push(...targetProblems(rule.target, `targetTable[${i}].target`)));
  for (const priority of PRIORITIES) {
    for (const criticality of CRITICALITIES) {
      plan
        .targets(priority, criticality)
        .forEach((t, i) => problems.push(...targetProblems(t, `targets(${priority}, ${criticality})[${i}]`)));
    }
  }
  return problems;
}
