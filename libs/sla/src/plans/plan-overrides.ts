import { validateCalendar } from '../calendar/validate-calendar';
import { SLA_METRICS, SlaMetric, SlaTarget, TargetUnit, targetProblems } from '../targets/sla-target';
import {
  CRITICALITIES,
  Criticality,
  PRIORITIES,
  Priority,
  ServiceTimeZone,
  Severity1Hotline,
  SupportPlan,
  TargetRule,
} from './support-plan';

/**
 * A contract's change to one target. Without `priority` / `criticality` it applies to all of them.
 * It replaces the given fields of the matching target, adds the target when the plan has none for that
 * metric (then `minutes` and `unit` are required), or removes it.
 */
export interface TargetOverride {
  metric: SlaMetric;
  priority?: Priority;
  criticality?: Criticality;
  minutes?: number;
  unit?: TargetUnit;
  warnAtShare?: number;
  remove?: boolean;
}

export interface PlanOverrides {
  targets?: TargetOverride[];
  authorisedContactLimit?: number;
  updateAllowancePerYear?: number;
  severity1Hotline?: Severity1Hotline;
  /** Replaces the service time zones, e.g. to use GB-SCT holidays or wider hours agreed by contract. */
  serviceTimeZones?: ServiceTimeZone[];
}

export interface OverrideProblem {
  field: string;
  message: string;
}

function applies(o: TargetOverride, priority: Priority, criticality: Criticality): boolean {
  return (
    (o.priority === undefined || o.priority === priority) &&
    (o.criticality === undefined || o.criticality === criticality)
  );
}

/** Pure: the targets after a contract's overrides, in order, later overrides winning. */
export function applyTargetOverrides(
  targets: readonly SlaTarget[],
  overrides: readonly TargetOverride[],
  context: { priority: Priority; criticality: Criticality },
): SlaTarget[] {
  let result = targets.map((t) => ({ ...t }));
  for (const o of overrides) {
    if (!applies(o, context.priority, context.criticality)) continue;
    if (o.remove) {
      result = result.filter((t) => t.metric !== o.metric);
      continue;
    }
    const i = result.findIndex((t) => t.metric === o.metric);
    const changes: Partial<SlaTarget> = {};
    if (o.minutes !== undefined) changes.minutes = o.minutes;
    if (o.unit !== undefined) changes.unit = o.unit;
    if (o.warnAtShare !== undefined) changes.warnAtShare = o.warnAtShare;
    if (i >= 0) result[i] = { ...result[i], ...changes };
    else if (o.minutes !== undefined && o.unit !== undefined)
      result.push({ metric: o.metric, minutes: o.minutes, unit: o.unit, ...changes });
  }
  return result;
}

/** Every problem of a set of overrides, with field paths, before anything is stored. */
export function validatePlanOverrides(
  overrides: unknown,
): { ok: true; overrides: PlanOverrides } | { ok: false; problems: OverrideProblem[] } {
  const problems: OverrideProblem[] = [];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return { ok: false, problems: [{ field: '', message: 'overrides must be an object' }] };
  }
  const o = overrides as Record<string, unknown>;
  const known = ['targets', 'authorisedContactLimit', 'updateAllowancePerYear', 'severity1Hotline', 'serviceTimeZones'];
  for (const key of Object.keys(o))
    if (!known.includes(key))
      problems.push({ field: key, message: `unknown field; expected one of ${known.join(', ')}` });
  for (const key of ['authorisedContactLimit', 'updateAllowancePerYear']) {
    if (o[key] !== undefined && !(Number.isInteger(o[key]) && (o[key] as number) >= 0))
      problems.push({ field: key, message: 'must be a non-negative integer' });
  }
  if (o.severity1Hotline !== undefined) {
    const h = o.severity1Hotline as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null || typeof h.available !== 'boolean')
      problems.push({ field: 'severity1Hotline.available', message: 'must be true or false' });
    else if (h.callbackMinutes !== undefined && h.callbackMinutes !== 15)
      problems.push({
        field: 'severity1Hotline.callbackMinutes',
        message: 'the hotline callback is 15 minutes; change the callback target instead',
      });
  }
  if (o.targets !== undefined) {
    if (!Array.isArray(o.targets)) problems.push({ field: 'targets', message: 'must be an array of target overrides' });
    else
      o.targets.forEach((t: unknown, i: number) => {
        const path = `targets[${i}]`;
        if (typeof t !== 'object' || t === null) {
          problems.push({ field: path, message: 'must be an object { metric, … }' });
          return;
        }
        const r = t as Record<string, unknown>;
        if (!SLA_METRICS.includes(r.metric as SlaMetric))
          problems.push({ field: `${path}.metric`, message: `must be one of ${SLA_METRICS.join(', ')}` });
        if (r.priority !== undefined && !PRIORITIES.includes(r.priority as Priority))
          problems.push({ field: `${path}.priority`, message: `must be one of ${PRIORITIES.join(', ')}` });
        if (r.criticality !== undefined && !CRITICALITIES.includes(r.criticality as Criticality))
          problems.push({ field: `${path}.criticality`, message: `must be one of ${CRITICALITIES.join(', ')}` });
        if (r.remove !== undefined && typeof r.remove !== 'boolean')
          problems.push({ field: `${path}.remove`, message: 'must be true or false' });
        if (r.remove === true) return;
        // Reuse the target checks for the fields given; a missing field keeps the plan's value.
        const probe = { metric: SLA_METRICS[0], minutes: 1, unit: 'business', ...r };
        for (const p of targetProblems(probe, path)) if (!p.field.endsWith('.metric')) problems.push(p);
      });
  }
  if (o.serviceTimeZones !== undefined) {
    if (!Array.isArray(o.serviceTimeZones))
      problems.push({ field: 'serviceTimeZones', message: 'must be an array of { id, label, calendar }' });
    else
      o.serviceTimeZones.forEach((z: unknown, i: number) => {
        const path = `serviceTimeZones[${i}]`;
        const r = (typeof z === 'object' && z !== null ? z : {}) as Record<string, unknown>;
        if (typeof r.id !== 'string' || r.id === '') problems.push({ field: `${path}.id`, message: 'required' });
        if (typeof r.label !== 'string') problems.push({ field: `${path}.label`, message: 'required' });
        const v = validateCalendar(r.calendar);
        if (!v.ok)
          for (const p of v.problems)
            problems.push({ field: p.field ? `${path}.calendar.${p.field}` : `${path}.calendar`, message: p.message });
      });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, overrides: o };
}

/** A plan as a contract amends it; the built-in plan is left as it was. */
export function withOverrides(plan: SupportPlan, overrides: PlanOverrides): SupportPlan {
  const targetOverrides = overrides.targets ?? [];
  const base = plan.targets.bind(plan);
  return {
    ...plan,
    authorisedContactLimit: overrides.authorisedContactLimit ?? plan.authorisedContactLimit,
    updateAllowancePerYear: overrides.updateAllowancePerYear ?? plan.updateAllowancePerYear,
    severity1Hotline: overrides.severity1Hotline ?? plan.severity1Hotline,
    serviceTimeZones: overrides.serviceTimeZones ?? plan.serviceTimeZones,
    targetTable: targetOverrides.length === 0 ? plan.targetTable : overriddenTable(plan, targetOverrides),
    targets: (priority, criticality) =>
      applyTargetOverrides(base(priority, criticality), targetOverrides, { priority, criticality }),
  };
}

/**
 * The table as the contract reads, one row per priority × criticality, so `GET` shows the targets that
 * actually govern; rows a contract changed are marked as such.
 */
function overriddenTable(plan: SupportPlan, overrides: readonly TargetOverride[]): TargetRule[] {
  const rows: TargetRule[] = [];
  for (const priority of PRIORITIES) {
    for (const criticality of CRITICALITIES) {
      const original = plan.targetTable.filter(
        (r) => r.priorities.includes(priority) && r.criticalities.includes(criticality),
      );
      for (const target of applyTargetOverrides(plan.targets(priority, criticality), overrides, {
        priority,
        criticality,
      })) {
        const same = original.filter((r) => r.target.metric === target.metric).pop();
        const unchanged = same !== undefined && JSON.stringify(same.target) === JSON.stringify(target);
        rows.push(
          unchanged
            ? { ...same, priorities: [priority], criticalities: [criticality] }
            : {
                priorities: [priority],
                criticalities: [criticality],
                target,
                basis: 'contract',
                note: 'set by the contract',
              },
        );
      }
    }
  }
  return rows;
}
