/**
 * Entitlements per contract and contract year: cases opened by category, hotline calls, authorised
 * contacts against the plan's limit, and the plan's counted allowances used and left. Limits are the
 * plan in force at the year's reference instant (its end, or now for the running year) with the
 * contract's overrides, from the plan catalogue of libs/sla, the same the contract itself applies.
 */
import { CASE_CATEGORIES, type CaseCategory, contractYearBounds, contractYearOf } from '@caseledger/domain';
import type { ContractEntitlementsDoc, ContractYearSpan, ContractYearUsage } from '@caseledger/read-models';
import { getPlan, type PlanOverrides, withOverrides } from '@caseledger/sla';

export interface EntitlementsRow {
  contractId: string;
  accountId: string;
  contractYear: number;
  from: string;
  to: string;
  planId: string;
  casesOpened: Record<CaseCategory | 'total', number>;
  hotlineCalls: number;
  authorisedContacts: { used: number; limit: number };
  applicationUpdates: { limit: number; used: number; left: number };
}

const iso = (value: string) => new Date(Date.parse(value)).toISOString();

/** Years 1 … the one holding `now` (or the contract's last, when it ended). */
export function contractYearSpans(contracts: readonly ContractEntitlementsDoc[], now: Date): ContractYearSpan[] {
  return contracts.flatMap((c) => {
    const endMs = Math.min(
      now.getTime(),
      ...[c.endsAt, c.endedAt].filter((e): e is string => e !== null).map((e) => Date.parse(e) - 1),
    );
    const last = contractYearOf(c.startsAt, new Date(Math.max(endMs, Date.parse(c.startsAt))).toISOString());
    return Array.from({ length: last }, (_, i) => {
      const bounds = contractYearBounds(c.startsAt, i + 1);
      return { contractId: c.contractId, contractYear: i + 1, from: iso(bounds.from), to: iso(bounds.to) };
    });
  });
}

export function entitlementsReport(
  contracts: readonly ContractEntitlementsDoc[],
  spans: readonly ContractYearSpan[],
  usage: readonly ContractYearUsage[],
  now: Date,
): EntitlementsRow[] {
  const byId = new Map(contracts.map((c) => [c.contractId, c]));
  return spans.map((span) => {
    const contract = byId.get(span.contractId)!;
    const atMs = Math.min(now.getTime(), Date.parse(span.to) - 1);
    let planId = contract.plans[0].planId;
    for (const p of contract.plans) if (Date.parse(p.effectiveAt) <= atMs) planId = p.planId;
    const base = getPlan(planId);
    const plan = base === undefined ? undefined : withOverrides(base, contract.overrides as PlanOverrides);
    const casesOpened = Object.fromEntries([...CASE_CATEGORIES, 'total'].map((c) => [c, 0])) as Record<
      CaseCategory | 'total',
      number
    >;
    let hotlineCalls = 0;
    for (const u of usage) {
      if (u.contractId !== span.contractId || u.contractYear !== span.contractYear) continue;
      casesOpened[u.category as CaseCategory] = (casesOpened[u.category as CaseCategory] ?? 0) + u.cases;
      casesOpened.total += u.cases;
      hotlineCalls += u.hotlineCalls;
    }
    const contacts = contract.contacts.filter(
      (c) => Date.parse(c.addedAt) <= atMs && (c.revokedAt === null || Date.parse(c.revokedAt) > atMs),
    ).length;
    const limit = plan?.updateAllowancePerYear ?? 0;
    const used = contract.applicationUpdates.filter((u) => u.contractYear === span.contractYear).length;
    return {
      contractId: span.contractId,
      accountId: contract.accountId,
      contractYear: span.contractYear,
      from: span.from,
      to: span.to,
      planId,
      casesOpened,
      hotlineCalls,
      authorisedContacts: { used: contacts, limit: plan?.authorisedContactLimit ?? 0 },
      applicationUpdates: { limit, used, left: Math.max(0, limit - used) },
    };
  });
}
