/**
 * `report_contracts`: what a contract's entitlements report needs from its own stream, one JSON document
 * per contract: the plans in force and when, the contract's plan overrides, authorised contacts with
 * their dates, and the application updates requested in each contract year. The plan limits themselves
 * are read from the plan catalogue when the report is made.
 */
import type { ContractSignedData } from '@caseledger/domain';
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { upsertRows } from '../runner/case-document-projection';

export interface ContractEntitlementsDoc {
  contractId: string;
  accountId: string;
  startsAt: string;
  endsAt: string | null;
  endedAt: string | null;
  plans: { planId: string; effectiveAt: string }[];
  overrides: unknown;
  contacts: { contactId: string; addedAt: string; revokedAt: string | null }[];
  applicationUpdates: { contractYear: number; at: string }[];
}

type Fold = (doc: ContractEntitlementsDoc | undefined, data: never) => ContractEntitlementsDoc | undefined;

const FOLDS: Record<string, Fold> = {
  ContractSigned: (_doc, d: ContractSignedData) => ({
    contractId: d.contractId,
    accountId: d.accountId,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    endedAt: null,
    plans: [{ planId: d.planId, effectiveAt: d.startsAt }],
    overrides: d.overrides,
    contacts: [],
    applicationUpdates: [],
  }),
  AuthorisedContactAdded: (doc, d: { contact: { contactId: string }; at: string }) => {
    doc?.contacts.push({ contactId: d.contact.contactId, addedAt: d.at, revokedAt: null });
    return doc;
  },
  AuthorisedContactRevoked: (doc, d: { contactId: string; at: string }) => {
    const contact = doc?.contacts.find((c) => c.contactId === d.contactId && c.revokedAt === null);
    if (contact) contact.revokedAt = d.at;
    return doc;
  },
  ContractPlanChanged: (doc, d: { toPlanId: string; effectiveAt: string }) => {
    doc?.plans.push({ planId: d.toPlanId, effectiveAt: d.effectiveAt });
    return doc;
  },
  ContractTerminated: (doc, d: { at: string }) => {
    if (doc) doc.endedAt = d.at;
    return doc;
  },
  ContractExpired: (doc, d: { at: string }) => {
    if (doc) doc.endedAt = d.at;
    return doc;
  },
  ApplicationUpdateRequested: (doc, d: { contractYear: number; at: string }) => {
    doc?.applicationUpdates.push({ contractYear: d.contractYear, at: d.at });
    return doc;
  },
};

export const CONTRACTS_TABLE = 'report_contracts';

export async function migrateContractEntitlements(sql: SqlQueryable): Promise<void> {
  await sql.query(`create table if not exists report_contracts (
      contract_id text primary key,
      account_id text not null,
      doc jsonb not null
    )`);
}

/** Folds the batch's contract events into their documents and writes back the ones that changed. */
export async function foldContractEntitlements(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void> {
  const relevant = events.filter(
    (e) => FOLDS[e.type] !== undefined && typeof (e.data as { contractId?: unknown })?.contractId === 'string',
  );
  if (relevant.length === 0) return;
  const ids = [...new Set(relevant.map((e) => (e.data as { contractId: string }).contractId))];
  const rows = await tx.query<{ doc: ContractEntitlementsDoc }>(
    `select doc from report_contracts where contract_id = any (select jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(ids)],
  );
  const docs = new Map(rows.map((r) => [r.doc.contractId, r.doc]));
  const changed = new Set<string>();
  for (const event of relevant) {
    const id = (event.data as { contractId: string }).contractId;
    const next = FOLDS[event.type](docs.get(id), event.data as never);
    if (next === undefined) continue;
    docs.set(id, next);
    changed.add(id);
  }
  await upsertRows(
    tx,
    CONTRACTS_TABLE,
    [
      { name: 'contract_id', type: 'text' },
      { name: 'account_id', type: 'text' },
      { name: 'doc', type: 'jsonb' },
    ],
    ['contract_id'],
    [...changed].map((id) => {
      const doc = docs.get(id)!;
      return { contract_id: id, account_id: doc.accountId, doc };
    }),
  );
}

export interface ContractYearSpan {
  contractId: string;
  contractYear: number;
  from: string;
  to: string;
}

export interface ContractYearUsage {
  contractId: string;
  contractYear: number;
  category: string;
  cases: number;
  hotlineCalls: number;
}

export async function contractsOf(
  sql: SqlQueryable,
  accountId: string | undefined,
  contractId: string | undefined,
): Promise<ContractEntitlementsDoc[]> {
  const rows = await sql.query<{ doc: ContractEntitlementsDoc }>(
    `select doc from report_contracts
     where ($1::text is null or account_id = $1) and ($2::text is null or contract_id = $2)
     order by account_id, contract_id`,
    [accountId ?? null, contractId ?? null],
  );
  return rows.map((r) => r.doc);
}

/** Cases received and hotline calls on them, per contract year and category. */
export async function contractYearUsage(
  sql: SqlQueryable,
  spans: readonly ContractYearSpan[],
): Promise<ContractYearUsage[]> {
  if (spans.length === 0) return [];
  const rows = await sql.query<{
    contract_id: string;
    contract_year: number;
    category: string;
    cases: number;
    hotline_calls: number;
  }>(
    `with y as (select * from jsonb_to_recordset($1::jsonb)
       as y(contract_id text, contract_year int, s timestamptz, e timestamptz))
     select y.contract_id, y.contract_year, c.category, count(*)::int as cases,
       coalesce(sum(c.hotline_calls), 0)::int as hotline_calls
     from y join report_cases c on c.contract_id = y.contract_id and c.received_at >= y.s and c.received_at < y.e
     group by y.contract_id, y.contract_year, c.category`,
    [
      JSON.stringify(
        spans.map((s) => ({ contract_id: s.contractId, contract_year: s.contractYear, s: s.from, e: s.to })),
      ),
    ],
  );
  return rows.map((r) => ({
    contractId: r.contract_id,
    contractYear: r.contract_year,
    category: r.category,
    cases: r.cases,
    hotlineCalls: r.hotline_calls,
  }));
}
